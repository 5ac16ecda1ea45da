"""The organiser's plan of the day's meetings: proposed by the solver
(`domain.meeting_plan`) from the pairs that list each other, reviewed, and
published as agreed meetings, each of which either side may still call off."""

import asyncio
import uuid
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from synergi_shared.contracts.errors import Conflict, NotFound
from synergi_shared.contracts.events import MeetingAccepted
from synergi_workshops.domain import meeting_plan
from synergi_workshops.domain import meetings as rules
from synergi_workshops.domain.meeting_plan import Candidate, Day, Planned
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock
from synergi_workshops.usecases.meetings import event_fields, hold_slot, slots_of

# Every status but `expired` keeps a pair out of the plan: it meets, was
# asked, or one side said no to meeting.
_NOT_PLANNED_AGAIN = {"requested", "accepted", "declined", "cancelled"}


async def _day(store: WorkshopsStore, edition: str) -> tuple[Day, int]:
    """The day as the solver takes it, and of how many organisations the size is known."""
    slots = await slots_of(store, edition)
    if not slots:
        raise Conflict("the day has no meeting slots: set the meeting periods first")
    registered = await store.directory.registered_organizations(edition)
    profiles = await store.directory.profiles_of(sorted(registered))
    tables = {slot.number: slot.tables for slot in slots}
    busy, kept, met = set(), {}, set()
    for doc in await store.meetings.in_edition(edition):
        if doc["status"] in _NOT_PLANNED_AGAIN:
            met.add(doc["pair"])
        if doc["status"] == "accepted" and doc["at_day"]:  # the day's, kept where they are
            for org in (doc["requester"], doc["partner"]):
                kept[org] = kept.get(org, 0) + 1
            if doc.get("slot") in tables:
                busy |= {(doc["requester"], doc["slot"]), (doc["partner"], doc["slot"])}
                tables[doc["slot"]] -= 1
    candidates = [
        Candidate(side["organization"], side["partner"], side["score"])
        for side in await store.listed_pairs.in_edition(edition)
        if side.get("mutual")
        and {side["organization"], side["partner"]} <= registered
        and f"{side['organization']}/{side['partner']}" not in met
    ]
    day = Day(
        tables=tables,
        candidates=candidates,
        organizations=frozenset(registered),
        small=frozenset(org for org, profile in profiles.items() if profile["size"] == "small"),
        busy=frozenset(busy),
        kept=kept,
    )
    return day, len(profiles)


async def propose_plan(store: WorkshopsStore, edition: str, seconds: float) -> dict[str, Any]:
    """A plan for the whole day, beside the greedy one for comparison; kept
    for the organiser to review, not yet published."""
    await store.require_edition(edition)
    day, sizes_known = await _day(store, edition)
    started = clock.now()
    plan = await asyncio.to_thread(meeting_plan.solve, day, seconds)
    greedy = meeting_plan.greedy(day)
    doc = {
        "_id": edition,
        "edition": edition,
        "proposed_at": started,
        "published_at": None,
        "meetings": [asdict(m) for m in plan],
        "spread": _stored(meeting_plan.spread(day, plan)),
        "greedy": _stored(meeting_plan.spread(day, greedy)),
        "candidates": len(day.candidates),
        "sizes_known": sizes_known,
    }
    await store.meetings.set_plan(edition, doc)
    return doc


def _stored(spread: meeting_plan.Spread) -> dict[str, Any]:
    """A document's keys are text: "how many have n meetings" by str(n)."""
    fields = asdict(spread)
    return {**fields, "per_organization": {str(n): c for n, c in spread.per_organization.items()}}


async def plan_of(store: WorkshopsStore, edition: str) -> dict[str, Any]:
    doc = await store.meetings.plan_of(edition)
    if doc is None:
        await store.require_edition(edition)
        raise NotFound(f"no meeting plan has been proposed for '{edition}'")
    return doc


async def publish_plan(store: WorkshopsStore, edition: str) -> dict[str, Any]:
    """Each planned meeting becomes an agreed one at a table (both sides
    mailed, "contacted" recorded); one that no longer fits (a side now meets
    someone else then, or the pair has a meeting) is left out and counted."""
    plan = await plan_of(store, edition)
    if plan["published_at"] is not None:
        raise Conflict(f"the plan of '{edition}' was published at {plan['published_at']}")
    slots = await slots_of(store, edition)
    placed, left_out = 0, 0
    for entry in plan["meetings"]:
        if await _place(store, edition, Planned(**entry), slots):
            placed += 1
        else:
            left_out += 1
    if not await store.meetings.mark_published(edition, plan["proposed_at"], clock.now()):
        raise Conflict("another plan was proposed or published meanwhile")
    return {**await plan_of(store, edition), "placed": placed, "left_out": left_out}


async def _place(store: WorkshopsStore, edition: str, planned: Planned, slots: list) -> bool:
    pair = "/".join(sorted((planned.a, planned.b)))
    try:
        between = await store.meetings.between(edition, pair)
        rules.check_new_request(between, planned.a, planned.b, edition)
    except Conflict:
        return False
    now = clock.now()
    doc = {
        "_id": str(uuid.uuid4()),
        "edition": edition,
        "pair": pair,
        "requester": planned.a,
        "partner": planned.b,
        "awaiting": planned.b,
        "status": "requested",
        "at_day": True,
        "slot": planned.slot,
        "proposed_at": None,
        "online": False,
        "note": None,
        "table": None,
        "held_by": [],
        "planned": True,
        "created_at": now,
        # Never waits: accepted at once below, or forgotten.
        "expires_at": now + timedelta(days=1),
        "revision": 1,
    }
    # Inserted as asked first, so no one takes its claims while it takes them.
    await store.meetings.insert(doc)
    try:
        table, claimed = await hold_slot(store, doc, slots[planned.slot - 1])
    except Conflict:
        await store.meetings.forget(doc["_id"])
        return False
    fields = {"status": "accepted", "answered_at": now, "table": table}
    accepted = {**doc, **fields}
    event = MeetingAccepted(**event_fields(accepted, slots, planned.a), table=table)
    if await store.meetings.change(doc, fields, event) is None:
        await store.meetings.release(claimed, doc["_id"])
        return False
    return True
