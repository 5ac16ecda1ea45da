"""What the evaluation after the day needs: who checked in, opened, answered."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase


class EvaluationBook:
    """Per edition and participant, what the evaluation mail needs to know
    and the console counts: checked in (from workshops' events), link
    opened, answered (from feedback's events). Ids and times only."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.people: AsyncCollection = db["evaluations"]

    async def create_indexes(self) -> None:
        await self.people.create_index([("edition", ASCENDING)])

    async def _mark(self, edition: str, participant_id: str, fields: dict[str, Any]) -> None:
        await self.people.update_one(
            {"_id": f"{edition}/{participant_id}"},
            {
                "$min": fields,
                "$setOnInsert": {"edition": edition, "participant_id": participant_id},
            },
            upsert=True,
        )

    async def checked_in(self, edition: str, participant_id: str, at: datetime) -> None:
        await self._mark(edition, participant_id, {"checked_in_at": at})

    async def opened(self, edition: str, participant_id: str, at: datetime) -> None:
        await self._mark(edition, participant_id, {"opened_at": at})

    async def answered(self, edition: str, participant_id: str, at: datetime) -> None:
        await self._mark(edition, participant_id, {"answered_at": at})

    async def get(self, edition: str, participant_id: str) -> dict[str, Any] | None:
        return await self.people.find_one({"_id": f"{edition}/{participant_id}"})

    async def of(self, edition: str) -> list[dict[str, Any]]:
        return await self.people.find({"edition": edition}).to_list(None)
