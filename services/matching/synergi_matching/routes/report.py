"""HTTP route of the board's report: an edition's participation, workshops,
evaluation, partnership funnel, follow-ups and network, beside last year's,
as a PDF or an HTML page. It reads every service's API through the gateway
with the caller's own token, so it shows nothing the caller could not read."""

from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from synergi_matching.routes.dependencies import Store, known_edition
from synergi_shared.reporting import ReportSourceError, make_report
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.dependencies import gateway_client
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter(tags=["report"])

MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
READ_SECONDS = 120
# The page is one file: its styles inline, its charts data: images, and no
# script at all; the gateway adds its own policy only to answers without one.
REPORT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@router.get(
    "/editions/{slug}/report.{format}",
    response_class=Response,
    responses={
        **error_responses(not_yet=True, forbidden="Organiser only", not_found="Unknown edition"),
        200: {
            "description": "The report",
            "content": {"application/pdf": {}, "text/html": {}},
        },
        502: {"description": "Another service did not answer what the report needs"},
    },
)
async def board_report(
    slug: str,
    format: Literal["pdf", "html"],
    request: Request,
    principal: CurrentPrincipal,
    store: Store,
    language: Annotated[Literal["da", "en"], Query(description="Danish by default")] = "da",
) -> Response:
    """*Added*: the report for the foundation's board, made now from every
    service's figures: the same page as HTML or PDF (A4)."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    language_header = {"Accept-Language": language}
    async with gateway_client(request, READ_SECONDS, language_header) as client:
        try:
            page, document = await make_report(client, slug, language)
        except (ReportSourceError, httpx.HTTPError) as error:
            detail = f"the report could not be made: {error}"
            return JSONResponse({"detail": detail}, status_code=502)
    body = document if format == "pdf" else page.encode()
    disposition = f'inline; filename="{slug}-report.{format}"'
    return Response(
        body,
        media_type=MEDIA[format],
        headers={
            "Content-Language": language,
            "Content-Disposition": disposition,
            "Content-Security-Policy": REPORT_POLICY,
        },
    )
