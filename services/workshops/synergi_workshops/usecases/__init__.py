"""What the workshops service does: the programme (themes, workshops), and
sign-ups, cancellations and check-ins, the roster rules applied to the store
with the events each change causes written in the same update."""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from synergi_shared.contracts.errors import Conflict, NotFound, Unprocessable
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    Event,
    SignupCancelled,
    SignupConfirmed,
    SignupWaitlisted,
    WorkshopScheduled,
)
from synergi_shared.contracts.themes import DEFAULT_THEMES
from synergi_workshops.commands import AddTheme, ScheduleWorkshop
from synergi_workshops.domain import Cancellation, NotSignedUp, Roster, RosterConflict, SignUp
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock


class UnknownTheme(Unprocessable):
    """A workshop's theme that is not in the edition's catalogue."""


async def add_theme(store: WorkshopsStore, edition: str, theme: AddTheme) -> dict[str, Any]:
    await store.require_edition(edition)
    if theme.id in DEFAULT_THEMES:
        raise Conflict(f"theme '{theme.id}' is one of the default themes")
    doc = {
        "_id": f"{edition}/{theme.id}",
        "edition": edition,
        "id": theme.id,
        "name_en": theme.name_en,
        "name_da": theme.name_da,
    }
    if not await store.insert_theme(doc):
        raise Conflict(f"edition '{edition}' already has a theme '{theme.id}'")
    return {**doc, "default": False}


async def create_workshop(
    store: WorkshopsStore, edition: str, workshop: ScheduleWorkshop
) -> dict[str, Any]:
    await store.require_edition(edition)
    theme_ids = {theme["id"] for theme in await store.themes_of(edition)}
    if workshop.theme not in theme_ids:
        known = ", ".join(sorted(theme_ids))
        raise UnknownTheme(f"unknown theme '{workshop.theme}'; known: {known}")
    doc = {
        "_id": str(uuid.uuid4()),
        "edition": edition,
        "title": workshop.title,
        "theme": workshop.theme,
        "round": workshop.round,
        "capacity": workshop.capacity,
        "room": workshop.room,
        "facilitator": workshop.facilitator,
        "confirmed": [],
        "waitlist": [],
        "checked_in": [],
        "revision": 1,
    }
    event = WorkshopScheduled(
        edition=edition,
        workshop_id=doc["_id"],
        theme=workshop.theme,
        round=workshop.round,
        capacity=workshop.capacity,
    )
    await store.insert_workshop(doc, event)
    return doc


def _what_is_told(doc: dict[str, Any]) -> dict[str, Any]:
    """What a notice to the participant names: the workshop, not the person."""
    return {"title": doc["title"], "round": doc["round"], "room": doc.get("room")}


def _signup_fields(
    doc: dict[str, Any], participant_id: str, organizations: dict[str, str]
) -> dict[str, str]:
    return {
        "edition": doc["edition"],
        "workshop_id": doc["_id"],
        "participant_id": participant_id,
        "organization_id": organizations.get(participant_id) or "",
    }


async def sign_up(
    store: WorkshopsStore, doc: dict[str, Any], participant: dict[str, Any]
) -> SignUp:
    participant_id = participant["_id"]
    organizations = {participant_id: participant["organization_id"]}
    await store.claim_round(doc, participant_id)

    def change(roster: Roster) -> tuple[Roster, SignUp, list[Event]]:
        roster, outcome = roster.sign_up(participant_id)
        fields = _signup_fields(doc, participant_id, organizations)
        events: list[Event] = []
        if outcome.changed and outcome.status == "confirmed":
            events = [SignupConfirmed(**fields)]
        elif outcome.changed:
            events = [SignupWaitlisted(**fields, position=outcome.position)]
        return roster, outcome, events

    return await store.change_roster(doc, change)


async def cancel_signup(
    store: WorkshopsStore, doc: dict[str, Any], participant_id: str, taken_off: bool = False
) -> None:
    """Cancel the sign-up; `taken_off`: by the organiser, not the
    participant's own organisation (the participant is told)."""

    def cancel(roster: Roster) -> tuple[Roster, Cancellation]:
        try:
            return roster.cancel(participant_id)
        except NotSignedUp as error:
            raise NotFound(
                f"participant '{participant_id}' is not signed up for workshop '{doc['_id']}'"
            ) from error

    await _take_off(store, doc, participant_id, cancel, taken_off)


# A tablet's clock may run a little ahead of ours.
CLOCK_SKEW = timedelta(minutes=5)


def check_in_time(said: datetime | None) -> datetime:
    """When a check-in happened: as a tablet that was offline says, or now."""
    now = clock.now()
    if said is None:
        return now
    if said > now + CLOCK_SKEW:
        raise Unprocessable(f"checked_in_at {said.isoformat()} is in the future")
    return said


async def check_in(
    store: WorkshopsStore, doc: dict[str, Any], participant: dict[str, Any], at: datetime
) -> tuple[bool, bool]:
    """Returns (first check-in, walk-in). The time kept is the earliest any
    check-in of the person said (two tablets, one of them offline)."""
    participant_id = participant["_id"]
    organizations = {participant_id: participant["organization_id"]}
    if participant_id not in doc["confirmed"] and participant_id not in doc["checked_in"]:
        await store.claim_round(doc, participant_id)  # a walk-in takes this round's place

    def change(roster: Roster) -> tuple[Roster, tuple[bool, bool], list[Event]]:
        try:
            roster, result = roster.check_in(participant_id)
        except RosterConflict as error:
            raise Conflict(str(error)) from error
        fields = _signup_fields(doc, participant_id, organizations)
        events: list[Event] = []
        if result.walk_in:
            events.append(SignupConfirmed(**fields))
        if result.first:
            events.append(AttendanceRecorded(**fields, theme=doc["theme"]))
        return roster, (result.first, result.walk_in), events

    try:
        result = await store.change_roster(doc, change)
    except Conflict:
        if participant_id not in doc["confirmed"]:
            await store.release_round(doc, participant_id)
        raise
    await store.keep_check_in_time(doc["_id"], participant_id, at)
    return result


async def release_participant(store: WorkshopsStore, participant_id: str) -> None:
    """Take a participant off every roster (registration cancelled, participant
    removed or erased); their seats go to the waitlists' first."""
    for doc in await store.workshops_with(participant_id):
        await _take_off(store, doc, participant_id, lambda roster: roster.without(participant_id))


async def _take_off(
    store: WorkshopsStore,
    doc: dict[str, Any],
    participant_id: str,
    take_off: Callable[[Roster], tuple[Roster, Cancellation | None]],
    taken_off: bool = False,
) -> None:
    """Take the participant off the workshop's roster with `take_off` (the
    first on the waitlist gets a freed seat), and free their place in the round."""
    organizations = await store.directory.organizations_of([*doc["confirmed"], *doc["waitlist"]])

    def change(roster: Roster) -> tuple[Roster, None, list[Event]]:
        roster, cancellation = take_off(roster)
        events: list[Event] = []
        if cancellation:
            cancelled = _signup_fields(doc, participant_id, organizations)
            told = _what_is_told(doc) if taken_off else {}
            events.append(SignupCancelled(**cancelled, taken_off=taken_off, **told))
            if cancellation.promoted:
                promoted = _signup_fields(doc, cancellation.promoted, organizations)
                events.append(SignupConfirmed(**promoted, from_waitlist=True, **_what_is_told(doc)))
        return roster, None, events

    await store.change_roster(doc, change)
    await store.release_round(doc, participant_id)
