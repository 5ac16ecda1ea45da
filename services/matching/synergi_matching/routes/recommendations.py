"""HTTP routes of recommendations: each organisation's list, the pull API, outcomes."""

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from synergi_matching.domain import outcomes
from synergi_matching.domain.outcomes import check_pair, side_of
from synergi_matching.routes.dependencies import (
    EditionsInMemory,
    Language,
    Store,
    known_edition,
    reasons_in,
)
from synergi_matching.schemas import (
    ChangePage,
    OrganizationRecommendations,
    OutcomePut,
    OutcomeViews,
    PairChange,
    PairOutcome,
    Recommendation,
)
from synergi_matching.store import MatchingStore
from synergi_shared.contracts.errors import NotFound
from synergi_shared.runtime.auth import (
    CurrentPrincipal,
    Principal,
    require_acting_for,
    require_role,
)
from synergi_shared.runtime.csv_export import CSV_DOWNLOAD, CsvResponse, csv_response
from synergi_shared.runtime.http_errors import error_responses
from synergi_shared.runtime.paging import PAGE_HEADERS, Page
from synergi_shared.runtime.unheard_of import not_yet

router = APIRouter(tags=["recommendations"])


def _for(organization_id: str, doc: dict[str, Any], language: str) -> Recommendation:
    side = "organization_b" if doc["organization_a"] == organization_id else "organization_a"
    return Recommendation(
        partner_id=doc[side],
        partner_name=doc.get(f"{side}_name"),
        score=doc["score"],
        reasons=reasons_in(doc, language),
        outcome=doc.get("outcome"),
        earlier=doc.get("earlier"),
        updated_at=doc["updated_at"],
    )


def _etag(request: Request, payload: BaseModel, language: str) -> Response:
    """JSON with an ETag; 304 when the client already has this version."""
    body = payload.model_dump_json().encode()
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": tag, "Content-Language": language, "Vary": "Accept-Language"}
    if tag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


async def _registered(store: MatchingStore, slug: str, org_id: str) -> None:
    """An active registration, or else 404; 409 with Retry-After while one
    matching has never heard of may still be on its way (see `not_yet`)."""
    registered = await store.facts.is_registered(slug, org_id)
    if registered:
        return
    pending = f"registration/{slug}/{org_id}"
    if registered is None and await store.first_asked.still_pending(pending):
        raise not_yet(f"organisation '{org_id}' has no registration for '{slug}' known to matching")
    raise NotFound(f"organisation '{org_id}' has no active registration for '{slug}'")


@router.get(
    "/editions/{slug}/recommendations",
    response_model=ChangePage,
    responses=error_responses(
        not_yet=True,
        not_modified="Unchanged since the ETag sent in If-None-Match",
        forbidden="Only the organiser and tools pull every pair",
        not_found="Unknown edition",
    ),
)
async def pull_recommendations(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    request: Request,
    language: Language,
    cursor: Annotated[
        # At most 18 digits: a change number is a 64-bit integer in the database.
        str, Query(pattern=r"^\d{0,18}$", description="From the last page's next_cursor")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> Response:
    """Every pair of the edition in the order it last changed, withdrawn ones
    included, for incremental sync: poll with `next_cursor` and every change
    arrives. A pair that changes again moves to the end, so a page boundary
    never hides it."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    after = int(cursor or 0)
    docs = await store.recommendations.changes_since(slug, after, limit, min_score)
    page = ChangePage(
        items=[
            PairChange.model_validate({**doc, "reasons": reasons_in(doc, language)}) for doc in docs
        ],
        next_cursor=str(docs[-1]["seq"] if docs else after),
    )
    return _etag(request, page, language)


@router.get(
    "/editions/{slug}/current-pairs",
    response_model=list[PairChange],
    responses=error_responses(
        not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
    ),
)
async def current_pairs(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    language: Language,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> list[PairChange]:
    """*Added*: every current recommendation, best first, in one answer (the
    CSV's rows as JSON): for drawing the whole network at once. To mirror the
    pairs and keep up with changes, use the pull API above."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    return [
        PairChange.model_validate({**doc, "reasons": reasons_in(doc, language)})
        for doc in await store.recommendations.current_pairs(slug, min_score)
    ]


@router.get(
    "/editions/{slug}/recommendations.csv",
    response_class=CsvResponse,
    responses={
        **error_responses(
            not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
        ),
        **CSV_DOWNLOAD,
    },
)
async def recommendations_csv(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    language: Language,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> CsvResponse:
    """Every current recommendation, best first, for a spreadsheet."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    header = [
        "organization_a",
        "organization_b",
        "organization_a_name",
        "organization_b_name",
        "score",
        "reasons",
        "explanation",
        "version",
        "model_version",
        "updated_at",
    ]
    rows = [
        [
            doc["organization_a"],
            doc["organization_b"],
            doc.get("organization_a_name") or "",
            doc.get("organization_b_name") or "",
            doc["score"],
            " ".join(r["kind"] for r in doc["reasons"]),
            " | ".join(r.detail for r in reasons_in(doc, language)),
            doc["version"],
            doc["model_version"],
            doc["updated_at"].isoformat(),
        ]
        for doc in await store.recommendations.current_pairs(slug, min_score)
    ]
    return csv_response([header, *rows], f"{slug}-recommendations.csv", language)


@router.get(
    "/editions/{slug}/organizations/{org_id}/recommendations",
    response_model=OrganizationRecommendations,
    responses=error_responses(
        not_yet=True,
        not_modified="Unchanged since the ETag sent in If-None-Match",
        forbidden="Another organisation's recommendations",
        not_found="Unknown edition, or no active registration",
    ),
)
async def organization_recommendations(
    slug: str,
    org_id: str,
    principal: CurrentPrincipal,
    store: Store,
    request: Request,
    language: Language,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Response:
    """The organisation's best partners, best first."""
    require_acting_for(principal, org_id, "tool")
    await known_edition(store, slug)
    await _registered(store, slug, org_id)
    docs = await store.recommendations.recommendations_for(slug, org_id, limit)
    return _etag(
        request,
        OrganizationRecommendations(
            organization_id=org_id,
            recommendations=[_for(org_id, doc, language) for doc in docs],
        ),
        language,
    )


def _outcome(doc: dict[str, Any], principal: Principal) -> PairOutcome:
    """The stored outcome as `principal` may read it: the organiser every
    view, an organisation only its own."""
    views = outcomes.views(doc)
    if principal.role != "organizer":
        pair = (doc["organization_a"], doc["organization_b"])
        views = {side: v for side, v in views.items() if side == side_of(pair, principal.org)}
    return PairOutcome(
        organization_a=doc["organization_a"],
        organization_b=doc["organization_b"],
        status=outcomes.status_of(doc),
        views=OutcomeViews.model_validate(views),
        updated_at=doc["updated_at"],
    )


def _either_side(principal: Principal, org_a: str, org_b: str) -> None:
    if not (principal.may_act_for(org_a) or principal.may_act_for(org_b)):
        require_acting_for(principal, org_a)


@router.put(
    "/editions/{slug}/recommendations/{org_a}/{org_b}/outcome",
    responses=error_responses(
        not_yet=True,
        forbidden="Neither organisation's token, nor the organiser's",
        not_found="Unknown edition, no active registration, or a pair never on either's list",
        unprocessable="A pair of one organisation, or a bad status",
    ),
)
async def set_outcome(
    slug: str,
    org_a: str,
    org_b: str,
    body: OutcomePut,
    principal: CurrentPrincipal,
    store: Store,
    editions: EditionsInMemory,
) -> PairOutcome:
    """What came of a recommendation, as the caller sees it: an organisation's
    token records that organisation's view, the organiser's token the
    organiser's, for a pair that is or was on either one's list (or has an
    outcome or an earlier partnership). Sending it again replaces the caller's
    view; the same view again changes nothing. The pair's
    `status` follows from all views; while it is `declined` the pair is not
    recommended, and a `partnership` stays, marked, so it is not offered as new."""
    _either_side(principal, org_a, org_b)
    check_pair(org_a, org_b)
    await known_edition(store, slug)
    for org in (org_a, org_b):
        await _registered(store, slug, org)
    by = principal.org if principal.role == "organization" else None
    doc = await editions.record_outcome(slug, (org_a, org_b), by, body.status, body.note)
    return _outcome(doc, principal)


@router.get(
    "/editions/{slug}/recommendations/{org_a}/{org_b}/outcome",
    responses=error_responses(
        not_yet=True,
        forbidden="Neither organisation's token, nor the organiser's",
        not_found="Unknown edition, or nothing recorded for the pair",
    ),
)
async def get_outcome(
    slug: str, org_a: str, org_b: str, principal: CurrentPrincipal, store: Store
) -> PairOutcome:
    """*Added*: the pair's status and the views the caller may read."""
    _either_side(principal, org_a, org_b)
    await known_edition(store, slug)
    doc = await store.facts.outcome(slug, org_a, org_b)
    if doc is None:
        raise NotFound(f"no outcome recorded for {org_a} and {org_b} in '{slug}'")
    return _outcome(doc, principal)


@router.get(
    "/editions/{slug}/outcomes",
    responses={
        **error_responses(not_yet=True, forbidden="Organiser only", not_found="Unknown edition"),
        **PAGE_HEADERS,
    },
)
async def list_outcomes(
    slug: str, principal: CurrentPrincipal, store: Store, page: Page
) -> list[PairOutcome]:
    """*Added*: every pair with an outcome, each side's view beside the pair's
    status, the latest changed first."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    docs, total = await store.facts.outcomes_page(slug, page.limit, page.offset)
    page.tell(total, len(docs))
    return [_outcome(doc, principal) for doc in docs]
