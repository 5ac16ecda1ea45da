"""The feedback service's MongoDB store: responses, the counter summary, and a
read model of editions, participants, workshops and attendance built from events."""

from collections import Counter
from collections.abc import Callable
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_feedback import domain
from synergi_shared.contracts.errors import Conflict
from synergi_shared.contracts.events import AttendanceRecorded, Event, WorkshopScheduled
from synergi_shared.directory import ParticipantDirectory
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox

RESPONSE_ATTEMPTS = 20
# The outbox and the stored summary contribution are the store's business.
_HIDDEN = {OUTBOX: 0, "counters": 0}


# A response's new content and the events it causes, from the stored one (or None).
Replace = Callable[[dict[str, Any] | None], tuple[dict[str, Any], list[Event]]]


class FeedbackStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # What the relay is to publish now; a store alone (a test) makes its own.
        self.outbox = outbox or Outbox()
        self.directory = ParticipantDirectory(db)
        self.workshops: AsyncCollection = db["workshops"]
        self.attendance: AsyncCollection = db["attendance"]
        self.responses: AsyncCollection = db["responses"]
        self.summaries: AsyncCollection = db["summaries"]

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.responses]

    async def create_indexes(self) -> None:
        await self.directory.create_indexes()
        await self.responses.create_index([("edition", ASCENDING), ("participant_id", ASCENDING)])
        await self.responses.create_index([("participant_id", ASCENDING)])  # the export
        await self.attendance.create_index([("participant_id", ASCENDING)])

    # --- workshops and attendance, from synergi.workshops.v1 ----------------

    async def save_workshop(self, event: WorkshopScheduled) -> None:
        await self.workshops.update_one(
            {"_id": event.workshop_id},
            {"$set": {"edition": event.edition, "theme": event.theme, "round": event.round}},
            upsert=True,
        )

    async def save_attendance(self, event: AttendanceRecorded) -> None:
        """Once per participant and workshop; `checked_in` counts participants
        checked in anywhere in the edition, each once."""
        try:
            await self.attendance.insert_one(
                {
                    "_id": f"{event.workshop_id}/{event.participant_id}",
                    "edition": event.edition,
                    "workshop_id": event.workshop_id,
                    "theme": event.theme,
                    "participant_id": event.participant_id,
                }
            )
        except DuplicateKeyError:
            pass  # a duplicate, or a delivery cut short before the count: count below
        # The guard and the increment are one single-document write, so a
        # redelivery counts a participant whose count was cut short, and only once.
        try:
            await self.summaries.update_one(
                {"_id": event.edition, "attendees": {"$ne": event.participant_id}},
                {"$inc": {"checked_in": 1}, "$addToSet": {"attendees": event.participant_id}},
                upsert=True,
            )
        except DuplicateKeyError:
            pass  # counted already (the upsert found the edition's summary)

    async def attended(self, participant_id: str) -> dict[str, str]:
        """Workshop id → theme of every workshop the participant was checked in at."""
        docs = await self.attendance.find({"participant_id": participant_id}).to_list(None)
        return {doc["workshop_id"]: doc["theme"] for doc in docs}

    # --- responses and the summary ------------------------------------------

    async def get_response(self, edition: str, participant_id: str) -> dict[str, Any] | None:
        _id = domain.response_id(edition, participant_id)
        return await self.responses.find_one({"_id": _id}, _HIDDEN)

    async def replace_response(self, _id: str, replace: Replace) -> dict[str, Any]:
        """Write `replace(the response as stored, or None)` with the events it
        causes, as a compare-and-set on the stored version (an insert for the
        first); on a concurrent write, read again and retry."""
        for _ in range(RESPONSE_ATTEMPTS):
            old = await self.responses.find_one({"_id": _id}, _HIDDEN)
            new, events = replace(old)
            entries = outbox_entries(*events)
            counters = domain.counter_entries(new)
            try:
                if old is None:
                    await self.responses.insert_one({**new, "counters": counters, OUTBOX: entries})
                else:
                    written = await self.responses.update_one(
                        {"_id": _id, "version": old["version"]},
                        {
                            "$set": {
                                **{k: v for k, v in new.items() if k != "_id"},
                                "counters": counters,
                            },
                            **push_outbox(entries),
                        },
                    )
                    if written.modified_count != 1:
                        continue
            except DuplicateKeyError:
                continue  # someone answered first: replace theirs
            self.outbox.written(self.responses, _id, entries)
            return new
        raise Conflict("this response is being changed by someone else; try again")

    async def summary_counters(self, edition: str) -> dict[str, Any]:
        """The edition's counters, nested: the responses' stored contributions
        added up, and `checked_in`."""
        total: Counter[str] = Counter()
        async for doc in self.responses.find({"edition": edition}, {"counters": 1}):
            total.update({entry["k"]: entry["v"] for entry in doc.get("counters", [])})
        attendance = await self.summaries.find_one({"_id": edition}) or {}
        flat = {key: value for key, value in total.items() if value}
        return {**domain.nest(flat), "checked_in": attendance.get("checked_in", 0)}

    async def all_responses(self, edition: str) -> list[dict[str, Any]]:
        cursor = self.responses.find({"edition": edition}, _HIDDEN).sort("_id", ASCENDING)
        return await cursor.to_list(None)

    async def insights(
        self, edition: str, kind: str | None, theme: str | None
    ) -> list[dict[str, Any]]:
        """Every insight text of the edition, optionally of one kind or theme."""
        return [
            {
                **item,
                "organization_id": response["organization_id"],
                "may_quote": response.get("may_quote", False),
            }
            for response in await self.all_responses(edition)
            for item in response.get("workshops", [])
            if item.get("insight")
            and (kind is None or item["insight_kind"] == kind)
            and (theme is None or item["theme"] == theme)
        ]

    async def responses_of(self, participant_id: str) -> list[dict[str, Any]]:
        return await self.responses.find({"participant_id": participant_id}, _HIDDEN).to_list(None)

    async def replace_with_anonymous(self, doc: dict[str, Any], anonymous: dict[str, Any]) -> None:
        """Insert the anonymous copy, then delete the original: a retry after a
        crash between the two finds the copy there and deletes the original."""
        try:
            await self.responses.insert_one(
                {**anonymous, "counters": domain.counter_entries(anonymous)}
            )
        except DuplicateKeyError:
            pass  # copied before a crash; the original still has to go
        await self.responses.delete_one({"_id": doc["_id"]})
