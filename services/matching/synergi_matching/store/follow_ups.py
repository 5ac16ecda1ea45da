"""Follow-up plans and rounds. A round (one organisation, one follow-up
month) is inserted once, with its `follow-up due` event in its outbox, so
the event is published exactly when the round is first stored, and a
restart or a second instance never makes a second round."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.events import FollowUpDue, FollowUpReminderDue
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox


class FollowUpStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox) -> None:
        self.plans: AsyncCollection = db["follow_up_plans"]
        self.rounds: AsyncCollection = db["follow_ups"]
        self.outbox = outbox

    async def create_indexes(self) -> None:
        await self.rounds.create_index([("edition", ASCENDING), ("organization_id", ASCENDING)])
        await self.rounds.create_index([("reminded_at", ASCENDING), ("scheduled_at", ASCENDING)])

    async def plan(self, edition: str) -> dict[str, Any] | None:
        return await self.plans.find_one({"_id": edition})

    async def save_plan(self, edition: str, plan: dict[str, Any]) -> dict[str, Any]:
        doc = {**plan, "_id": edition, "updated_at": datetime.now(UTC)}
        await self.plans.replace_one({"_id": edition}, doc, upsert=True)
        return doc

    async def scheduled(self, edition: str) -> set[str]:
        return set(await self.rounds.distinct("_id", {"edition": edition}))

    async def schedule(self, event: FollowUpDue, due_on: str) -> bool:
        """Store the round with its event to publish; False if it was already."""
        entries = outbox_entries(event)
        doc = {
            "_id": event.follow_up_id,
            "edition": event.edition,
            "organization_id": event.organization_id,
            "months": event.months,
            "partners": event.partners,
            "due_on": due_on,
            "scheduled_at": datetime.now(UTC),
            OUTBOX: entries,
        }
        try:
            await self.rounds.insert_one(doc)
        except DuplicateKeyError:
            return False
        self.outbox.written(self.rounds, doc["_id"], entries)
        return True

    async def not_reminded_before(self, moment: datetime) -> list[dict[str, Any]]:
        """The rounds asked before `moment` that no reminder was decided on yet."""
        query = {"reminded_at": None, "scheduled_at": {"$lt": moment}}
        return await self.rounds.find(query, {OUTBOX: 0}).to_list(None)

    async def remind(self, round_id: str, event: FollowUpReminderDue | None) -> bool:
        """Decide the round's reminder once: with its event to publish, or
        (None) none needed. False if it was decided already."""
        now = datetime.now(UTC)
        entries = outbox_entries(event) if event else []
        decided = {"$set": {"reminded_at": now, "reminder_sent": event is not None}}
        doc = await self.rounds.find_one_and_update(
            {"_id": round_id, "reminded_at": None},
            {**decided, **push_outbox(entries)} if entries else decided,
        )
        if doc is None:
            return False
        self.outbox.written(self.rounds, doc["_id"], entries)
        return True

    async def rounds_of(self, edition: str, organization_id: str) -> list[dict[str, Any]]:
        query = {"edition": edition, "organization_id": organization_id}
        return await self.rounds.find(query, {OUTBOX: 0}).sort("months", ASCENDING).to_list(None)

    async def rounds_in(self, edition: str) -> list[dict[str, Any]]:
        """Every round of the edition (by the index on edition and organisation)."""
        return await self.rounds.find({"edition": edition}, {OUTBOX: 0}).to_list(None)
