"""HTTP routes of the day's printed matter: name badges and the synergy
tables' cards, as PDFs on the report's stack. Like the report, they read
every service's API through the gateway with the caller's own token."""

from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from synergi_matching.routes.dependencies import Store, known_edition
from synergi_matching.routes.planning import Tables
from synergi_shared.reporting import ReportSourceError
from synergi_shared.reporting.badges import badges_pdf, table_cards_pdf
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.dependencies import gateway_client
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter(tags=["report"])
READ_SECONDS = 120
Language = Annotated[Literal["da", "en"], Query(description="Danish by default")]
_ANSWERS = {
    **error_responses(not_yet=True, forbidden="Organiser only", not_found="Unknown edition"),
    200: {"description": "A PDF", "content": {"application/pdf": {}}},
    502: {"description": "Another service did not answer what it needs"},
}


def _pdf(document: bytes, filename: str) -> Response:
    return Response(
        document,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@router.get("/editions/{slug}/badges.pdf", response_class=Response, responses=_ANSWERS)
async def badges(
    slug: str,
    request: Request,
    principal: CurrentPrincipal,
    store: Store,
    language: Language = "da",
    organization_id: Annotated[
        str | None, Query(max_length=100, description="One organisation's people only")
    ] = None,
) -> Response:
    """*Added* 2026-12: a name badge for each active participant (or one
    organisation's), 8 to an A4 sheet (90 x 55 mm): name (a long one set
    smaller), organisation, a QR code of the participant's id for the
    check-in, the first workshop and the synergy table where one is planned."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    async with gateway_client(request, READ_SECONDS, {"Accept-Language": language}) as client:
        try:
            document = await badges_pdf(client, slug, language, organization_id)
        except (ReportSourceError, httpx.HTTPError) as error:
            detail = f"the badges could not be made: {error}"
            return JSONResponse({"detail": detail}, status_code=502)
    return _pdf(document, f"{slug}-badges.pdf")


@router.get("/editions/{slug}/table-cards.pdf", response_class=Response, responses=_ANSWERS)
async def table_cards(
    slug: str,
    request: Request,
    principal: CurrentPrincipal,
    store: Store,
    query: Tables,
    language: Language = "da",
) -> Response:
    """*Added* 2026-12: a card for each synergy table (A5, landscape): its
    number, theme, why, and the organisations seated there, for the table
    sizes asked (as `GET …/tables`)."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    async with gateway_client(request, READ_SECONDS, {"Accept-Language": language}) as client:
        try:
            sizes = {
                "min_size": query.min_size,
                "max_size": query.max_size,
                "keep_partners_apart": str(query.keep_partners_apart).lower(),
            }
            document = await table_cards_pdf(client, slug, language, sizes)
        except (ReportSourceError, httpx.HTTPError) as error:
            detail = f"the table cards could not be made: {error}"
            return JSONResponse({"detail": detail}, status_code=502)
    return _pdf(document, f"{slug}-table-cards.pdf")
