"""HTTP routes of an organisation's schedule of the day: its people's
workshops and its agreed meetings, as data and as one calendar file."""

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for
from synergi_shared.runtime.dependencies import store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_workshops.calendar_files import schedule_calendar
from synergi_workshops.schemas.meetings import Schedule
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock, schedule

Store = Annotated[WorkshopsStore, Depends(store_of)]

router = APIRouter()
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition")


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
    check-in desk (the organiser's token, or a door session of this edition)."""
    require_acting_for(principal, org_id, "door")
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
