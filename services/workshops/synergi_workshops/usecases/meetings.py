"""Meetings between organisations that list each other: the day's meeting
periods, a request and its answer (accept, decline, propose another time),
expiry, and "did you meet?". The rules are in `domain.meetings`; the events
each change causes are written with it, and registration mails them."""

import asyncio
import uuid
from datetime import datetime, time, timedelta
from typing import Any

from synergi_shared.contracts.errors import Conflict, NotFound, Unprocessable
from synergi_shared.contracts.events import (
    MeetingAccepted,
    MeetingCancelled,
    MeetingExpired,
    MeetingHeld,
    MeetingRequested,
)
from synergi_workshops.commands import ProposeInstead, RequestMeeting
from synergi_workshops.domain import meetings as rules
from synergi_workshops.domain.meetings import MeetingPeriod, RoundTime, Slot
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock


def _period(doc: dict[str, Any]) -> MeetingPeriod:
    return MeetingPeriod(
        name=doc["name"],
        starts=time.fromisoformat(doc["starts"]),
        ends=time.fromisoformat(doc["ends"]),
        slot_minutes=doc["slot_minutes"],
        tables=doc["tables"],
    )


def _round_time(doc: dict[str, Any]) -> RoundTime:
    starts, ends = time.fromisoformat(doc["starts"]), time.fromisoformat(doc["ends"])
    return RoundTime(doc["round"], starts, ends)


async def slots_of(store: WorkshopsStore, edition: str) -> list[Slot]:
    return rules.slots_of([_period(doc) for doc in await store.meetings.periods_of(edition)])


async def round_times_of(store: WorkshopsStore, edition: str) -> list[RoundTime]:
    return [_round_time(doc) for doc in await store.meetings.rounds_of(edition)]


async def set_periods(
    store: WorkshopsStore,
    edition: str,
    periods: list[MeetingPeriod],
    rounds: list[RoundTime] | None = None,
) -> list[Slot]:
    """The day's meeting periods, all at once, and the rounds' times (None:
    as they are). No period may lie across a round. They change only while
    no meeting at the day is asked for or agreed, or when its slots stay the same."""
    await store.require_edition(edition)
    if rounds is None:
        rounds = await round_times_of(store, edition)
    rules.check_timetable(periods, rounds)
    slots = rules.slots_of(periods)
    if slots != await slots_of(store, edition):
        held = [
            doc
            for doc in await store.meetings.in_edition(edition)
            if doc["status"] in rules.OPEN and doc.get("at_day")
        ]
        if held:
            raise Conflict(
                f"{len(held)} meeting(s) at the day are asked for or agreed in the present "
                "slots; the slots change once they are declined or expired"
            )
    docs = [
        {
            "name": p.name,
            "starts": p.starts.isoformat("minutes"),
            "ends": p.ends.isoformat("minutes"),
            "slot_minutes": p.slot_minutes,
            "tables": p.tables,
        }
        for p in periods
    ]
    round_docs = [
        {
            "round": r.round,
            "starts": r.starts.isoformat("minutes"),
            "ends": r.ends.isoformat("minutes"),
        }
        for r in sorted(rounds, key=lambda r: r.round)
    ]
    await store.meetings.set_periods(edition, docs, round_docs)
    return slots


async def _require_pair(store: WorkshopsStore, edition: str, org: str, partner: str) -> None:
    if org == partner:
        raise Unprocessable("an organisation does not meet itself")
    registered = await store.directory.registered_organizations(edition)
    for side in (org, partner):
        if side not in registered:
            raise Conflict(f"organisation '{side}' is not registered for '{edition}'")
    if await store.listed_pairs.listed(edition, org, partner) is None:
        raise NotFound(
            f"organisation '{partner}' is not on the list of '{org}' in edition '{edition}': "
            "a meeting is asked of a recommended partner"
        )


def _times(slot: Slot | None) -> dict[str, Any]:
    if slot is None:
        return {"starts_at": None, "ends_at": None}
    return {"starts_at": f"{slot.starts:%H:%M}", "ends_at": f"{slot.ends:%H:%M}"}


def event_fields(doc: dict[str, Any], slots: list[Slot], asker: str) -> dict[str, Any]:
    slot = slots[doc["slot"] - 1] if doc.get("slot") else None
    return {
        "edition": doc["edition"],
        "meeting_id": doc["_id"],
        "requester": asker,
        "partner": rules.other_side(doc, asker),
        "slot": doc.get("slot"),
        "proposed_at": doc.get("proposed_at"),
        "online": doc.get("online", False),
        **_times(slot),
    }


async def _check_when(
    store: WorkshopsStore,
    edition: str,
    slot: int | None,
    proposed_at: datetime | None,
    at_day: bool,
) -> list[Slot]:
    """A slot of the day, asked for before the day starts; or a time after the day."""
    slots = await slots_of(store, edition)
    day = await store.directory.edition_date(edition)
    now = clock.now()
    if at_day:
        if slot is not None:
            rules.slot_numbered(slots, slot)
        elif not slots:
            rules.slot_numbered(slots, 1)  # says there are none
        if day is not None and now >= rules.at_day(day, time(0, 0)):
            raise Conflict("the day has started: meetings at the day are asked for before it")
    elif proposed_at is None or proposed_at <= now:
        raise Unprocessable("a meeting after the day needs a time to propose, in the future")
    elif day is not None and proposed_at < rules.at_day(day, time(0, 0)) + timedelta(days=1):
        raise Unprocessable(f"a meeting after the day is proposed for after {day}")
    return slots


async def request_meeting(
    store: WorkshopsStore, edition: str, requester: str, ask: RequestMeeting, wait_days: float
) -> dict[str, Any]:
    await store.require_edition(edition)
    await _require_pair(store, edition, requester, ask.partner)
    at_day = ask.proposed_at is None
    slots = await _check_when(store, edition, ask.slot, ask.proposed_at, at_day)
    pair = "/".join(sorted((requester, ask.partner)))
    between = await store.meetings.between(edition, pair)
    rules.check_new_request(between, requester, ask.partner, edition)
    if ask.slot is not None:
        for side in (requester, ask.partner):
            if await _holds(store, edition, ask.slot, side):
                raise Conflict(
                    f"'{side}' already has a meeting in {slots[ask.slot - 1].label}; "
                    "choose another slot or any free slot"
                )
    now = clock.now()
    doc = {
        "_id": str(uuid.uuid4()),
        "edition": edition,
        "pair": pair,
        "requester": requester,
        "partner": ask.partner,
        "awaiting": ask.partner,
        "status": "requested",
        "at_day": at_day,
        "slot": ask.slot,
        "proposed_at": ask.proposed_at,
        "online": ask.online,
        "note": ask.note,
        "table": None,
        "held_by": [],
        "created_at": now,
        "expires_at": await _expiry(store, edition, now, wait_days, at_day),
        "revision": 1,
    }
    event = MeetingRequested(**event_fields(doc, slots, requester), expires_at=doc["expires_at"])
    await store.meetings.insert(doc, event)
    return doc


async def _expiry(
    store: WorkshopsStore, edition: str, now: datetime, wait_days: float, at_day: bool
) -> datetime:
    """`wait_days` from now; a request for the day also ends when the day starts."""
    day = await store.directory.edition_date(edition) if at_day else None
    return rules.expires_at(now, wait_days, day)


async def _holds(store: WorkshopsStore, edition: str, slot: int, org: str) -> bool:
    """Does the organisation have an accepted meeting in the slot?"""
    holder = await store.meetings.holder_of(f"{edition}/{slot}/org/{org}")
    if holder is None:
        return False
    meeting = await store.meetings.by_id(holder)
    return bool(meeting and meeting["status"] == "accepted" and meeting.get("slot") == slot)


async def _claim(store: WorkshopsStore, key: str, meeting_id: str, slot: int) -> bool:
    """Take the claim; one held by a meeting not accepted in this slot (and
    not being answered) is taken over."""
    holder = await store.meetings.claim(key, meeting_id)
    if holder is None:
        return True
    other = await store.meetings.by_id(holder)
    if other is not None and (
        other["status"] == "requested"
        or (other["status"] == "accepted" and other.get("slot") == slot)
    ):
        return False
    return await store.meetings.take_over(key, holder, meeting_id)


async def hold_slot(
    store: WorkshopsStore, doc: dict[str, Any], slot: Slot
) -> tuple[int, list[str]]:
    """Both organisations and a free table in the slot, or a 409 saying who is not free."""
    edition, meeting_id = doc["edition"], doc["_id"]
    taken: list[str] = []
    for org in (doc["requester"], doc["partner"]):
        key = f"{edition}/{slot.number}/org/{org}"
        if not await _claim(store, key, meeting_id, slot.number):
            await store.meetings.release(taken, meeting_id)
            raise Conflict(f"'{org}' already has a meeting in {slot.label}")
        taken.append(key)
    for table in range(1, slot.tables + 1):
        key = f"{edition}/{slot.number}/table/{table}"
        if await _claim(store, key, meeting_id, slot.number):
            return table, [*taken, key]
    await store.meetings.release(taken, meeting_id)
    raise Conflict(f"every table ({slot.tables}) is taken in {slot.label}")


async def _one_of(store: WorkshopsStore, edition: str, meeting_id: str, by: str) -> dict[str, Any]:
    """The meeting, if `by` is one of its two sides; to anyone else it does not exist."""
    doc = await store.meetings.get(edition, meeting_id)
    if by not in (doc["requester"], doc["partner"]):
        raise NotFound(f"meeting '{meeting_id}' is not one of organisation '{by}'")
    return doc


def _claim_keys(doc: dict[str, Any]) -> list[str]:
    if not doc.get("slot"):
        return []
    prefix = f"{doc['edition']}/{doc['slot']}"
    keys = [f"{prefix}/org/{doc['requester']}", f"{prefix}/org/{doc['partner']}"]
    return keys + ([f"{prefix}/table/{doc['table']}"] if doc.get("table") else [])


async def accept(store: WorkshopsStore, edition: str, meeting_id: str, by: str) -> dict[str, Any]:
    """The meeting gets its slot (the one asked for, or the first where both
    are free) and a table; or a time after the day, as proposed."""
    doc = await _one_of(store, edition, meeting_id, by)
    rules.check_answer(doc, by)
    slots = await slots_of(store, edition)
    fields: dict[str, Any] = {"status": "accepted", "answered_at": clock.now()}
    claimed: list[str] = []
    if doc["at_day"]:
        candidates = [rules.slot_numbered(slots, doc["slot"])] if doc["slot"] else slots
        refusal: Conflict | None = None
        for slot in candidates:
            try:
                table, claimed = await hold_slot(store, doc, slot)
            except Conflict as error:
                refusal = error
                continue
            fields |= {"slot": slot.number, "table": table}
            break
        else:
            if doc["slot"] and refusal:
                raise refusal
            raise Conflict(
                f"no slot is left where both '{doc['requester']}' and '{doc['partner']}' "
                "are free and a table is free"
            )
    accepted = {**doc, **fields}
    over = rules.ends_of(accepted, slots, await store.directory.edition_date(edition))
    fields["note_until"] = (
        max(over or fields["answered_at"], fields["answered_at"]) + rules.NOTE_KEPT
    )
    asker = rules.other_side(doc, doc["awaiting"])
    event = MeetingAccepted(**event_fields(accepted, slots, asker), table=accepted["table"])
    changed = await store.meetings.change(doc, fields, event)
    if changed is None:
        await store.meetings.release(claimed, meeting_id)
        raise Conflict(f"meeting '{meeting_id}' was answered meanwhile; read it again")
    return changed


async def decline(store: WorkshopsStore, edition: str, meeting_id: str, by: str) -> dict[str, Any]:
    """A request declined by the side asked; an agreed meeting called off by
    either side (its slot and table are free again). Neither declines the
    partnership: the pair stays on both lists."""
    doc = await _one_of(store, edition, meeting_id, by)
    now = clock.now()
    events: list[MeetingCancelled] = []
    if doc["status"] == "accepted":
        fields = {"status": "cancelled", "cancelled_by": by, "answered_at": now}
        # Both sides were mailed the meeting: both are told it is off.
        slots = await slots_of(store, edition)
        asker = rules.other_side(doc, doc["awaiting"])  # as the acceptance named them
        events.append(MeetingCancelled(**event_fields(doc, slots, asker), cancelled_by=by))
    else:
        rules.check_answer(doc, by)
        fields = {"status": "declined", "answered_at": now}
    fields["note_until"] = now + rules.NOTE_KEPT
    changed = await store.meetings.change(doc, fields, *events)
    if changed is None:
        raise Conflict(f"meeting '{meeting_id}' was answered meanwhile; read it again")
    await store.meetings.release(_claim_keys(doc), meeting_id)
    return changed


async def propose(
    store: WorkshopsStore,
    edition: str,
    meeting_id: str,
    by: str,
    instead: ProposeInstead,
    wait_days: float,
) -> dict[str, Any]:
    """ "Not then, but": another slot, or another time after the day; the
    other side answers now, and has the same days to."""
    doc = await _one_of(store, edition, meeting_id, by)
    rules.check_answer(doc, by)
    at_day = instead.proposed_at is None
    slots = await _check_when(store, edition, instead.slot, instead.proposed_at, at_day)
    now = clock.now()
    fields = {
        "at_day": at_day,
        "slot": instead.slot,
        "proposed_at": instead.proposed_at,
        "awaiting": rules.other_side(doc, by),
        "expires_at": await _expiry(store, edition, now, wait_days, at_day),
    }
    event = MeetingRequested(
        **event_fields({**doc, **fields}, slots, by), expires_at=fields["expires_at"]
    )
    changed = await store.meetings.change(doc, fields, event)
    if changed is None:
        raise Conflict(f"meeting '{meeting_id}' was answered meanwhile; read it again")
    return changed


async def met(store: WorkshopsStore, edition: str, meeting_id: str, by: str) -> dict[str, Any]:
    """ "Did you meet?" answered yes, once the meeting's time is over."""
    doc = await _one_of(store, edition, meeting_id, by)
    if doc["status"] != "accepted":
        raise Conflict(f"meeting '{meeting_id}' is {doc['status']}: only an agreed meeting is held")
    if by in doc["held_by"]:
        return doc
    slots = await slots_of(store, edition)
    over = rules.ends_of(doc, slots, await store.directory.edition_date(edition))
    if over is not None and clock.now() < over:
        raise Conflict(f"the meeting is not over until {over.isoformat()}; say so after it")
    event = MeetingHeld(**event_fields(doc, slots, doc["requester"]), organization_id=by)
    changed = await store.meetings.change(doc, {"held_by": [*doc["held_by"], by]}, event)
    if changed is None:
        raise Conflict(f"meeting '{meeting_id}' changed meanwhile; try again")
    return changed


async def expire_due(store: WorkshopsStore) -> int:
    """Requests whose time is up expire; both sides are told."""
    expired = 0
    for doc in await store.meetings.due_to_expire(clock.now()):
        slots = await slots_of(store, doc["edition"])
        event = MeetingExpired(**event_fields(doc, slots, doc["requester"]))
        fields = {"status": "expired", "note_until": clock.now() + rules.NOTE_KEPT}
        if await store.meetings.change(doc, fields, event) is not None:
            expired += 1
    return expired


async def keep_expiring(store: WorkshopsStore, every_seconds: float) -> None:
    """Expire what is due, and erase the notes kept long enough."""
    while True:
        await expire_due(store)
        await store.meetings.forget_notes(clock.now())
        await asyncio.sleep(every_seconds)


def with_slot(doc: dict[str, Any], slots: list[Slot], day: str | None) -> dict[str, Any]:
    """The meeting as the API shows it: with its slot's times, and when it
    is over (from then on its sides are asked whether they met)."""
    slot = slots[doc["slot"] - 1] if doc.get("slot") and doc["slot"] <= len(slots) else None
    over = rules.ends_of(doc, slots, day)
    return {**doc, "id": doc["_id"], **_times(slot), "over_at": over}


async def meetings_of(
    store: WorkshopsStore, edition: str, organization: str
) -> list[dict[str, Any]]:
    await store.require_edition(edition)
    slots, day = await slots_of(store, edition), await store.directory.edition_date(edition)
    return [with_slot(doc, slots, day) for doc in await store.meetings.of(edition, organization)]
