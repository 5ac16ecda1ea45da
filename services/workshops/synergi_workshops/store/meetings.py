"""Meetings in MongoDB: each edition's meeting periods, the meetings with
the events each change causes (in the same write), and the claims that keep
an organisation in one meeting per slot and a table to one meeting."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.errors import NotFound
from synergi_shared.contracts.events import Event
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox

_HIDDEN = {OUTBOX: 0}


class MeetingBook:
    def __init__(self, db: AsyncDatabase, outbox: Outbox) -> None:
        self.outbox = outbox
        # One per edition: its meeting periods, and its rounds' times.
        self.periods: AsyncCollection = db["meeting_periods"]
        self.meetings: AsyncCollection = db["meetings"]
        # `{edition}/{slot}/org/{id}` and `{edition}/{slot}/table/{n}`: who
        # and which table a slot's accepted meeting holds (unique by _id).
        self.claims: AsyncCollection = db["meeting_claims"]
        # The organiser's proposed plan of the day's meetings, one per edition.
        self.plans: AsyncCollection = db["meeting_plans"]

    async def create_indexes(self) -> None:
        await self.meetings.create_index([("edition", ASCENDING), ("pair", ASCENDING)])
        await self.meetings.create_index([("edition", ASCENDING), ("requester", ASCENDING)])
        await self.meetings.create_index([("edition", ASCENDING), ("partner", ASCENDING)])
        await self.meetings.create_index([("status", ASCENDING), ("expires_at", ASCENDING)])
        await self.meetings.create_index([("note_until", ASCENDING)])

    # --- periods ------------------------------------------------------------

    async def periods_of(self, edition: str) -> list[dict[str, Any]]:
        doc = await self.periods.find_one({"_id": edition})
        return doc["periods"] if doc else []

    async def rounds_of(self, edition: str) -> list[dict[str, Any]]:
        """The workshop rounds' times, where the organiser gave them."""
        doc = await self.periods.find_one({"_id": edition})
        return doc.get("rounds", []) if doc else []

    async def set_periods(
        self, edition: str, periods: list[dict[str, Any]], rounds: list[dict[str, Any]]
    ) -> None:
        document = {"periods": periods, "rounds": rounds}
        await self.periods.replace_one({"_id": edition}, document, upsert=True)

    async def plan_of(self, edition: str) -> dict[str, Any] | None:
        return await self.plans.find_one({"_id": edition})

    async def set_plan(self, edition: str, plan: dict[str, Any]) -> None:
        await self.plans.replace_one({"_id": edition}, plan, upsert=True)

    async def mark_published(self, edition: str, proposed_at: datetime, at: datetime) -> bool:
        """Mark the plan proposed at `proposed_at` published; False if it was
        already, or another plan replaced it."""
        marked = await self.plans.update_one(
            {"_id": edition, "proposed_at": proposed_at, "published_at": None},
            {"$set": {"published_at": at}},
        )
        return marked.modified_count == 1

    # --- meetings -----------------------------------------------------------

    async def insert(self, doc: dict[str, Any], *events: Event) -> None:
        entries = outbox_entries(*events)
        await self.meetings.insert_one({**doc, OUTBOX: entries})
        self.outbox.written(self.meetings, doc["_id"], entries)

    async def get(self, edition: str, meeting_id: str) -> dict[str, Any]:
        doc = await self.meetings.find_one({"_id": meeting_id, "edition": edition}, _HIDDEN)
        if doc is None:
            raise NotFound(f"meeting '{meeting_id}' not found in edition '{edition}'")
        return doc

    async def forget(self, meeting_id: str) -> None:
        """A planned meeting that could not be placed after all (never published)."""
        await self.meetings.delete_one({"_id": meeting_id, "status": "requested"})

    async def by_id(self, meeting_id: str) -> dict[str, Any] | None:
        return await self.meetings.find_one({"_id": meeting_id}, _HIDDEN)

    async def between(self, edition: str, pair: str) -> list[dict[str, Any]]:
        return await self.meetings.find({"edition": edition, "pair": pair}, _HIDDEN).to_list(None)

    async def of(self, edition: str, organization: str) -> list[dict[str, Any]]:
        """Every meeting the organisation asked for or was asked for, oldest first."""
        found = []
        for side in ("requester", "partner"):
            query = {"edition": edition, side: organization}
            found += await self.meetings.find(query, _HIDDEN).to_list(None)
        return sorted(found, key=lambda doc: (doc["created_at"], doc["_id"]))

    async def in_edition(self, edition: str) -> list[dict[str, Any]]:
        found = self.meetings.find({"edition": edition}, _HIDDEN)
        return await found.sort("created_at", ASCENDING).to_list(None)

    async def change(
        self, doc: dict[str, Any], fields: dict[str, Any], *events: Event
    ) -> dict[str, Any] | None:
        """Set `fields` if the meeting is as `doc` read it (its revision),
        with the events in the same write; None when someone changed it first."""
        entries = outbox_entries(*events)
        update: dict[str, Any] = {"$set": {**fields, "revision": doc["revision"] + 1}}
        if entries:
            update.update(push_outbox(entries))
        written = await self.meetings.update_one(
            {"_id": doc["_id"], "revision": doc["revision"]}, update
        )
        if written.modified_count != 1:
            return None
        self.outbox.written(self.meetings, doc["_id"], entries)
        return {**doc, **fields, "revision": doc["revision"] + 1}

    async def due_to_expire(self, now: datetime) -> list[dict[str, Any]]:
        query = {"status": "requested", "expires_at": {"$lte": now}}
        return await self.meetings.find(query, _HIDDEN).to_list(None)

    async def forget_notes(self, now: datetime) -> int:
        """Erase the notes kept until `now` (`domain.meetings.NOTE_KEPT`)."""
        erased = await self.meetings.update_many(
            {"note_until": {"$lte": now}, "note": {"$ne": None}}, {"$set": {"note": None}}
        )
        return erased.modified_count

    # --- claims -------------------------------------------------------------

    async def claim(self, key: str, meeting_id: str) -> str | None:
        """Take `key` for the meeting; the meeting holding it already, if another."""
        while True:
            try:
                await self.claims.insert_one({"_id": key, "meeting_id": meeting_id})
                return None
            except DuplicateKeyError:
                holder = await self.holder_of(key)
            if holder is not None:  # else released meanwhile: try again
                return None if holder == meeting_id else holder

    async def holder_of(self, key: str) -> str | None:
        """The meeting that holds the claim, if any."""
        held = await self.claims.find_one({"_id": key})
        return held["meeting_id"] if held else None

    async def take_over(self, key: str, from_meeting: str, meeting_id: str) -> bool:
        """A claim left by a meeting no longer accepted (a crash between the
        claim and the answer, or a cancelled meeting) goes to another."""
        taken = await self.claims.update_one(
            {"_id": key, "meeting_id": from_meeting}, {"$set": {"meeting_id": meeting_id}}
        )
        return taken.modified_count == 1

    async def release(self, keys: list[str], meeting_id: str) -> None:
        for key in keys:
            await self.claims.delete_one({"_id": key, "meeting_id": meeting_id})
