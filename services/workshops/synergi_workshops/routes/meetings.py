"""HTTP routes of meetings: the day's meeting periods, and each
organisation's meeting requests and meetings."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, status

from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for, require_role
from synergi_shared.runtime.dependencies import settings_of, store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_workshops.schemas.meetings import (
    MeetingCreate,
    MeetingPeriodsPublic,
    MeetingPeriodsUpdate,
    MeetingProposal,
    MeetingPublic,
    MeetingsOf,
    SlotPublic,
)
from synergi_workshops.settings import WorkshopsSettings
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import meetings

Store = Annotated[WorkshopsStore, Depends(store_of)]
Settings = Annotated[WorkshopsSettings, Depends(settings_of)]

router = APIRouter()
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition or meeting")
_ANSWERED = "Not waiting for this organisation's answer, or no slot where both are free"


async def _periods(store: WorkshopsStore, slug: str) -> MeetingPeriodsPublic:
    return MeetingPeriodsPublic(
        edition=slug,
        periods=await store.meetings.periods_of(slug),
        rounds=await store.meetings.rounds_of(slug),
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
    outside or between the workshop rounds, and (`rounds`) when each round
    runs. 422 for periods that overlap each other or a round, or hold no
    slot; 409 when the slots would change under meetings asked for or agreed."""
    require_role(principal, "organizer")
    rounds = None if body.rounds is None else [r.round_time() for r in body.rounds]
    await meetings.set_periods(store, slug, [period.period() for period in body.periods], rounds)
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
