"""HTTP routes of meetings: the day's meeting periods, and each
organisation's meeting requests and meetings."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for, require_role
from synergi_shared.runtime.csv_export import CSV_DOWNLOAD, CsvResponse, csv_response
from synergi_shared.runtime.dependencies import settings_of, store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_workshops.calendar_files import schedule_calendar
from synergi_workshops.schemas.meetings import (
    MeetingBoard,
    MeetingCreate,
    MeetingPeriodsPublic,
    MeetingPeriodsUpdate,
    MeetingPlanPublic,
    MeetingProposal,
    MeetingPublic,
    MeetingsOf,
    Schedule,
    SlotPublic,
)
from synergi_workshops.settings import WorkshopsSettings
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock, meeting_board, meeting_plan, meetings, schedule

Store = Annotated[WorkshopsStore, Depends(store_of)]
Settings = Annotated[WorkshopsSettings, Depends(settings_of)]

router = APIRouter()
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition or meeting")
_ANSWERED = "Not waiting for this organisation's answer, or no slot where both are free"


async def _periods(store: WorkshopsStore, slug: str) -> MeetingPeriodsPublic:
    return MeetingPeriodsPublic(
        edition=slug,
        periods=await store.meetings.periods_of(slug),
        slots=[SlotPublic.of(slot) for slot in await meetings.slots_of(store, slug)],
    )


@router.get("/editions/{slug}/meeting-periods", tags=["meetings"], responses=_errors())
async def meeting_periods(
    slug: str, principal: CurrentPrincipal, store: Store
) -> MeetingPeriodsPublic:
    """*Added* 2026-12: the day's meeting periods and their slots, numbered
    in time order (slot 1 is the day's first)."""
    await store.require_edition(slug)
    return await _periods(store, slug)


@router.put(
    "/editions/{slug}/meeting-periods",
    tags=["meetings"],
    responses=_errors(conflict="Meetings are asked for or agreed in the present slots"),
)
async def set_meeting_periods(
    slug: str, body: MeetingPeriodsUpdate, principal: CurrentPrincipal, store: Store
) -> MeetingPeriodsPublic:
    """*Added* 2026-12: the organiser sets the day's meeting periods, all at
    once (e.g. "Frokost", 12:00-13:00, slots of 15 minutes, 10 tables),
    outside or between the workshop rounds. 422 for periods that overlap or
    hold no slot; 409 when the slots would change under meetings asked for
    or agreed."""
    require_role(principal, "organizer")
    await meetings.set_periods(store, slug, [period.period() for period in body.periods])
    return await _periods(store, slug)


@router.post(
    "/editions/{slug}/organizations/{org_id}/meetings",
    status_code=status.HTTP_201_CREATED,
    tags=["meetings"],
    responses=_errors(
        conflict="A request or meeting between the two already, a declined request asked "
        "again, a slot either side has taken, the day started, or either side not registered"
    ),
)
async def request_meeting(
    slug: str,
    org_id: str,
    body: MeetingCreate,
    principal: CurrentPrincipal,
    store: Store,
    settings: Settings,
) -> MeetingPublic:
    """*Added* 2026-12: the organisation asks a partner on its list for a
    meeting: in a slot of the day (`slot`; neither `slot` nor `proposed_at`:
    any free slot), or after the day (`proposed_at`, in person or `online`),
    with a short note. The partner's contact person and the organisation's
    are mailed. A request waits `SYNERGI_MEETING_REQUEST_DAYS` (5) for an
    answer, and one for the day ends when the day starts. 404 for a partner
    not on the list."""
    require_acting_for(principal, org_id)
    doc = await meetings.request_meeting(
        store, slug, org_id, body.command(), settings.meeting_request_days
    )
    return await _shown(store, slug, doc)


@router.get(
    "/editions/{slug}/organizations/{org_id}/meetings", tags=["meetings"], responses=_errors()
)
async def meetings_of(
    slug: str, org_id: str, principal: CurrentPrincipal, store: Store
) -> MeetingsOf:
    """*Added* 2026-12: the meetings the organisation asked for and was
    asked for, each with its status, slot, times and table."""
    require_acting_for(principal, org_id)
    found = await meetings.meetings_of(store, slug, org_id)
    return MeetingsOf(edition=slug, organization_id=org_id, meetings=found)


async def _shown(store: WorkshopsStore, slug: str, doc: dict) -> MeetingPublic:
    slots, day = await meetings.slots_of(store, slug), await store.directory.edition_date(slug)
    return MeetingPublic.model_validate(meetings.with_slot(doc, slots, day))


_ON_A_MEETING = "/editions/{slug}/organizations/{org_id}/meetings/{meeting_id}"


@router.post(f"{_ON_A_MEETING}/accept", tags=["meetings"], responses=_errors(conflict=_ANSWERED))
async def accept_meeting(
    slug: str, org_id: str, meeting_id: str, principal: CurrentPrincipal, store: Store
) -> MeetingPublic:
    """*Added* 2026-12: the side asked agrees. A meeting at the day gets its
    slot (the one asked for, or the first where both are free) and a table;
    409 with a sentence when either organisation already meets someone in
    that slot, or every table is taken. Both contact persons are mailed, with
    a calendar file, and matching records "contacted" as each side's view."""
    require_acting_for(principal, org_id)
    return await _shown(store, slug, await meetings.accept(store, slug, meeting_id, org_id))


@router.post(f"{_ON_A_MEETING}/decline", tags=["meetings"], responses=_errors(conflict=_ANSWERED))
async def decline_meeting(
    slug: str, org_id: str, meeting_id: str, principal: CurrentPrincipal, store: Store
) -> MeetingPublic:
    """*Added* 2026-12: the side asked declines a request, or either side
    calls off an agreed meeting (its slot and table are free again). It is
    not a declined partnership: the pair stays on both lists, and the same
    request is only not asked again this edition."""
    require_acting_for(principal, org_id)
    return await _shown(store, slug, await meetings.decline(store, slug, meeting_id, org_id))


@router.post(f"{_ON_A_MEETING}/proposal", tags=["meetings"], responses=_errors(conflict=_ANSWERED))
async def propose_instead(
    slug: str,
    org_id: str,
    meeting_id: str,
    body: MeetingProposal,
    principal: CurrentPrincipal,
    store: Store,
    settings: Settings,
) -> MeetingPublic:
    """*Added* 2026-12: the side asked proposes another slot (or any free
    one) or another time after the day; the request then waits for the
    other side's answer."""
    require_acting_for(principal, org_id)
    doc = await meetings.propose(
        store, slug, meeting_id, org_id, body.command(), settings.meeting_request_days
    )
    return await _shown(store, slug, doc)


@router.post(
    f"{_ON_A_MEETING}/held",
    tags=["meetings"],
    responses=_errors(conflict="Not an agreed meeting, or its time is not over"),
)
async def meeting_held(
    slug: str, org_id: str, meeting_id: str, principal: CurrentPrincipal, store: Store
) -> MeetingPublic:
    """*Added* 2026-12: "did you meet?" answered yes, after the meeting's
    time: matching records "met" as this side's view. Saying it again
    changes nothing."""
    require_acting_for(principal, org_id)
    return await _shown(store, slug, await meetings.met(store, slug, meeting_id, org_id))


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


async def _schedule(store: WorkshopsStore, slug: str, org_id: str) -> dict:
    held = await schedule.schedule_of(store, slug, org_id)
    sides = {org for m in held["meetings"] for org in (m["requester"], m["partner"])}
    profiles = await store.directory.profiles_of(sorted(sides))
    for meeting in held["meetings"]:
        meeting["names"] = {
            org: profiles.get(org, {}).get("name")
            for org in (meeting["requester"], meeting["partner"])
        }
    return held


@router.get(
    "/editions/{slug}/organizations/{org_id}/schedule", tags=["meetings"], responses=_errors()
)
async def schedule_of(
    slug: str, org_id: str, principal: CurrentPrincipal, store: Store
) -> Schedule:
    """*Added* 2026-12: the organisation's day: each of its people's workshop
    places by round (room, checked in), and its agreed meetings with time,
    table and the partner's name; for its page, a printed sheet and the
    check-in desk (the organiser's token)."""
    require_acting_for(principal, org_id)
    return Schedule.model_validate(await _schedule(store, slug, org_id))


_CALENDAR = {200: {"content": {"text/calendar": {}}, "description": "An iCalendar file"}}


@router.get(
    "/editions/{slug}/organizations/{org_id}/schedule.ics",
    tags=["meetings"],
    responses={**_errors(), **_CALENDAR},
    response_class=Response,
)
async def schedule_file(
    slug: str, org_id: str, principal: CurrentPrincipal, store: Store
) -> Response:
    """*Added* 2026-12: the schedule as one calendar file: each agreed
    meeting at its time and table, and each workshop place on the day."""
    require_acting_for(principal, org_id)
    held = await _schedule(store, slug, org_id)
    names = {org: name for m in held["meetings"] for org, name in m["names"].items() if name}
    return Response(
        schedule_calendar(held, names, clock.now()),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}-schedule.ics"'},
    )
