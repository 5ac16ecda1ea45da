"""HTTP routes of the day's meeting plan (proposed, reviewed, published)
and the organiser's meeting board."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends

from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.csv_export import CSV_DOWNLOAD, CsvResponse, csv_response
from synergi_shared.runtime.dependencies import store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_workshops.schemas.meetings import MeetingBoard, MeetingPlanPublic
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import meeting_board, meeting_plan

Store = Annotated[WorkshopsStore, Depends(store_of)]

router = APIRouter()
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition, or no plan yet")

# The solver's time for a plan: within the 10 s the organiser waits.
PLAN_SECONDS = 6.0


@router.post(
    "/editions/{slug}/meeting-plan",
    tags=["meeting plan"],
    responses=_errors(conflict="The day has no meeting slots"),
)
async def propose_plan(slug: str, principal: CurrentPrincipal, store: Store) -> MeetingPlanPublic:
    """*Added* 2026-12: Synergi proposes the day's meetings: in each slot,
    meetings between pairs that list each other and have no meeting yet, no
    organisation twice in a slot, no more than the slot's free tables, the
    meetings already agreed kept. First as many small organisations with a
    meeting as can be, then as many organisations, then the highest total
    score; never worse on the first two than best-pairs-first (`greedy`,
    shown beside it). Solved by OR-Tools' CP-SAT in at most 6 s. Kept for
    review, replacing an earlier proposal; nothing is agreed or mailed until
    it is published."""
    require_role(principal, "organizer")
    plan = await meeting_plan.propose_plan(store, slug, PLAN_SECONDS)
    return MeetingPlanPublic.model_validate(plan)


@router.get("/editions/{slug}/meeting-plan", tags=["meeting plan"], responses=_errors())
async def proposed_plan(slug: str, principal: CurrentPrincipal, store: Store) -> MeetingPlanPublic:
    """*Added* 2026-12: the plan last proposed, and whether it is published."""
    require_role(principal, "organizer")
    return MeetingPlanPublic.model_validate(await meeting_plan.plan_of(store, slug))


@router.post(
    "/editions/{slug}/meeting-plan/publish",
    tags=["meeting plan"],
    responses=_errors(conflict="Published already, or another plan proposed meanwhile"),
)
async def publish_plan(slug: str, principal: CurrentPrincipal, store: Store) -> MeetingPlanPublic:
    """*Added* 2026-12: each planned meeting becomes an agreed one at a
    table: both organisations see it on their page (and may call it off),
    their contact persons are mailed with a calendar file, and matching
    records "contacted". A planned meeting that no longer fits (a side has
    agreed another meeting in that slot since) is left out: `left_out`."""
    require_role(principal, "organizer")
    return MeetingPlanPublic.model_validate(await meeting_plan.publish_plan(store, slug))


@router.get("/editions/{slug}/meeting-board", tags=["meeting plan"], responses=_errors())
async def board(slug: str, principal: CurrentPrincipal, store: Store) -> MeetingBoard:
    """*Added* 2026-12: per slot, the meetings requested, agreed, declined,
    called off and expired; who has no agreed meeting at all; every meeting."""
    require_role(principal, "organizer")
    return MeetingBoard.model_validate(await meeting_board.meeting_board(store, slug))


@router.get(
    "/editions/{slug}/meeting-board.csv",
    tags=["meeting plan"],
    responses={**_errors(), **CSV_DOWNLOAD},
    response_class=CsvResponse,
)
async def board_csv(slug: str, principal: CurrentPrincipal, store: Store) -> CsvResponse:
    """*Added* 2026-12: one row per meeting: slot, times, table, the two
    organisations (ids and names), status, planned or asked, held by."""
    require_role(principal, "organizer")
    held = await meeting_board.meeting_board(store, slug)
    rows: list[list] = [
        [
            "slot",
            "starts_at",
            "ends_at",
            "table",
            "organization_a",
            "organization_a_name",
            "organization_b",
            "organization_b_name",
            "status",
            "planned",
            "after_day",
            "held_by",
        ]
    ]
    for m in held["meetings"]:
        a, b = m["requester"], m["partner"]
        rows.append(
            [
                m.get("slot"),
                m.get("starts_at"),
                m.get("ends_at"),
                m.get("table"),
                a,
                m["names"].get(a),
                b,
                m["names"].get(b),
                m["status"],
                bool(m.get("planned")),
                not m["at_day"],
                " ".join(m["held_by"]),
            ]
        )
    return csv_response(rows, f"{slug}-meetings.csv")
