"""HTTP routes of the feedback service."""

from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends

from synergi_feedback import domain, usecases
from synergi_feedback.schemas import FeedbackHeld, Insight, ResponsePublic, ResponsePut, Summary
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.errors import NotFound
from synergi_shared.runtime.auth import (
    CurrentPrincipal,
    require_acting_for_participant,
    require_exporter,
    require_role,
)
from synergi_shared.runtime.csv_export import CSV_DOWNLOAD, CsvResponse, csv_response
from synergi_shared.runtime.dependencies import store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_shared.runtime.unheard_of import require_known

TOP_FOLLOW_UPS = 10


Store = Annotated[FeedbackStore, Depends(store_of)]
router = APIRouter(tags=["evaluation"])
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition or response")


async def _edition(store: FeedbackStore, slug: str) -> None:
    known = await store.directory.edition_known(slug)
    await require_known(known, store.directory.first_asked, f"edition '{slug}'")


@router.put(
    "/editions/{slug}/responses/{participant_id}",
    responses=_errors(
        unprocessable="Bad ratings, an unattended workshop, an unknown or own organisation",
    ),
)
async def put_response(
    slug: str,
    participant_id: str,
    body: ResponsePut,
    principal: CurrentPrincipal,
    store: Store,
) -> ResponsePublic:
    """The participant's evaluation; sending it again replaces it (the latest
    counts). The organiser, the participant's organisation, or (*added*
    2026-12) the participant's own session from their evaluation link."""
    await _edition(store, slug)
    participant = await store.directory.require_participant(participant_id, slug)
    require_acting_for_participant(principal, participant["organization_id"], participant_id)
    response = await usecases.submit_response(store, slug, participant, body.command())
    return ResponsePublic.model_validate(response)


@router.get(
    "/editions/{slug}/responses/{participant_id}",
    responses=_errors(),
)
async def get_response(
    slug: str, participant_id: str, principal: CurrentPrincipal, store: Store
) -> ResponsePublic:
    """As the PUT: the organiser, the organisation, or the participant's own session."""
    response = await store.get_response(slug, participant_id)
    if response is None:
        raise NotFound(f"no response from participant '{participant_id}' for '{slug}'")
    require_acting_for_participant(principal, response["organization_id"], participant_id)
    return ResponsePublic.model_validate(response)


@router.get("/editions/{slug}/summary", responses=_errors())
async def get_summary(slug: str, principal: CurrentPrincipal, store: Store) -> Summary:
    """Response rate, ratings per day, workshop and theme, insights by kind and
    theme, and the most wished-for follow-ups. Kept current as responses arrive."""
    require_role(principal, "organizer")
    await _edition(store, slug)
    return _summary(slug, await store.summary_counters(slug))


def _summary(slug: str, counters: dict[str, Any]) -> Summary:
    return Summary(edition=slug, **domain.summary_view(counters, TOP_FOLLOW_UPS))


@router.get("/editions/{slug}/insights", responses=_errors())
async def list_insights(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    kind: Literal["tip", "ambition"] | None = None,
    theme: str | None = None,
) -> list[Insight]:
    """The tips and ambitions people took home, with their theme and organisation."""
    require_role(principal, "organizer")
    await _edition(store, slug)
    return [Insight.model_validate(item) for item in await store.insights(slug, kind, theme)]


@router.get(
    "/editions/{slug}/summary.csv",
    responses={**_errors(), **CSV_DOWNLOAD},
    response_class=CsvResponse,
)
async def summary_csv(slug: str, principal: CurrentPrincipal, store: Store) -> CsvResponse:
    """One row per rated thing: the day, each workshop, each theme."""
    require_role(principal, "organizer")
    await _edition(store, slug)
    summary = _summary(slug, await store.summary_counters(slug))
    rows: list[list[Any]] = [
        ["scope", "id", "count", "average", *(f"rated_{r}" for r in domain.RATINGS)]
    ]
    scopes = [("day", "day", summary.day)]
    scopes += [("workshop", w.id, w) for w in summary.workshops]
    scopes += [("theme", t.id, t) for t in summary.themes]
    for scope, key, rating in scopes:
        rows.append([scope, key, rating.count, rating.average, *rating.distribution.values()])
    return csv_response(rows, f"{slug}-summary.csv")


@router.get(
    "/editions/{slug}/responses.csv",
    responses={**_errors(), **CSV_DOWNLOAD},
    response_class=CsvResponse,
)
async def responses_csv(slug: str, principal: CurrentPrincipal, store: Store) -> CsvResponse:
    """One row per workshop rating (or one per response without any)."""
    require_role(principal, "organizer")
    await _edition(store, slug)
    rows: list[list[Any]] = [
        [
            "participant_id",
            "organization_id",
            "version",
            "day_rating",
            "workshop_id",
            "theme",
            "rating",
            "insight_kind",
            "insight",
            "follow_ups",
            "comment",
        ]
    ]
    for r in await store.all_responses(slug):
        follow_ups = " ".join(f["organization_id"] for f in r.get("follow_ups", []))
        head = [
            r["participant_id"] or "(erased)",
            r["organization_id"],
            r["version"],
            r["day_rating"],
        ]
        tail = [follow_ups, r.get("comment") or ""]
        for w in r.get("workshops") or [None]:
            if w is None:
                rows.append([*head, "", "", "", "", "", *tail])
            else:
                rows.append(
                    [
                        *head,
                        w["workshop_id"],
                        w["theme"],
                        w["rating"],
                        w.get("insight_kind") or "",
                        w.get("insight") or "",
                        *tail,
                    ]
                )
    return csv_response(rows, f"{slug}-responses.csv")


@router.get(
    "/participants/{participant_id}/export",
    tags=["participants"],
    responses=error_responses(forbidden="The organiser, or the participant's organisation"),
)
async def export_participant(
    participant_id: str, principal: CurrentPrincipal, store: Store
) -> FeedbackHeld:
    """*Added* 2026-12: everything this service holds about the person: their
    evaluations (ratings, comment, insights, may_quote, follow-up wishes) and
    the check-ins it knows. Registration's export gathers it."""
    owner = (await store.directory.organizations_of([participant_id])).get(participant_id)
    require_exporter(principal, owner)
    responses = await store.responses_of(participant_id)
    return FeedbackHeld(
        participant_id=participant_id,
        responses=[ResponsePublic.model_validate(doc) for doc in responses],
        checked_in_at=sorted(await store.attended(participant_id)),
    )
