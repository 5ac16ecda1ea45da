"""The feedback service's MongoDB store: responses, the counter summary, and a
read model of editions, participants, workshops and attendance built from events."""

import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_feedback import domain
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    FeedbackSubmitted,
    FollowUpWish,
    WorkshopFeedback,
    WorkshopScheduled,
)
from synergi_shared.runtime.directory import ParticipantDirectory
from synergi_shared.runtime.errors import Conflict
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox

SOURCE = "/synergi/feedback"
RESPONSE_ATTEMPTS = 20
# The outbox and the stored summary contribution are the store's business.
_HIDDEN = {OUTBOX: 0, "counters": 0}


def response_id(edition: str, participant_id: str) -> str:
    return f"{edition}/{participant_id}"


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
        return await self.responses.find_one({"_id": response_id(edition, participant_id)}, _HIDDEN)

    async def put_response(
        self, edition: str, participant: dict[str, Any], answer: dict[str, Any]
    ) -> dict[str, Any]:
        """Replace the participant's response (the latest counts) and publish it
        with a version one higher, in one write that also holds its summary counters."""
        _id = response_id(edition, participant["_id"])
        for _ in range(RESPONSE_ATTEMPTS):
            old = await self.responses.find_one({"_id": _id}, _HIDDEN)
            version = (old["version"] if old else 0) + 1
            new = {
                "_id": _id,
                "edition": edition,
                "participant_id": participant["_id"],
                "organization_id": participant["organization_id"],
                **answer,
                "version": version,
                "submitted_at": datetime.now(UTC),
            }
            entries = outbox_entries(SOURCE, _event(new))
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
            {**item, "organization_id": response["organization_id"]}
            for response in await self.all_responses(edition)
            for item in response.get("workshops", [])
            if item.get("insight")
            and (kind is None or item["insight_kind"] == kind)
            and (theme is None or item["theme"] == theme)
        ]

    async def erase(self, participant_id: str) -> None:
        """The person's free text goes; their ratings stay as an anonymous response
        (no participant id), so the counts still add up. The anonymous copy's id
        follows from the original's, so a retried erasure cannot copy it twice."""
        for doc in await self.responses.find({"participant_id": participant_id}, _HIDDEN).to_list(
            None
        ):
            anonymous = {
                "_id": f"{doc['edition']}/erased-{uuid.uuid5(uuid.NAMESPACE_URL, doc['_id'])}",
                "edition": doc["edition"],
                "participant_id": None,
                "organization_id": doc["organization_id"],
                "day_rating": doc["day_rating"],
                "workshops": [{**w, "insight": None} for w in doc.get("workshops", [])],
                "follow_ups": [{**f, "note": None} for f in doc.get("follow_ups", [])],
                "comment": None,
                "version": doc["version"],
                "submitted_at": doc["submitted_at"],
                "erased": True,
            }
            anonymous["counters"] = domain.counter_entries(anonymous)
            try:
                await self.responses.insert_one(anonymous)
            except DuplicateKeyError:
                pass  # copied before a crash; the original still has to go
            await self.responses.delete_one({"_id": doc["_id"]})


def _event(response: dict[str, Any]) -> FeedbackSubmitted:
    """No free comment or follow-up note travels; insight texts do (matching quotes them)."""
    return FeedbackSubmitted(
        edition=response["edition"],
        participant_id=response["participant_id"],
        organization_id=response["organization_id"],
        version=response["version"],
        day_rating=response["day_rating"],
        workshops=[WorkshopFeedback(**w) for w in response["workshops"]],
        follow_ups=[
            FollowUpWish(organization_id=f["organization_id"], topic=f.get("topic"))
            for f in response["follow_ups"]
        ],
    )
