"""Which pairs matching lists, as registration learns them from matching's
recommendation-changed events (ids only): who may read a partner's contacts."""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError


class ListedPairs:
    """One document per side of a pair (`{edition}/{organization}/{partner}`),
    so an organisation's partners are one indexed equality. Each keeps the
    pair's newest version: an older or repeated event changes nothing."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.sides: AsyncCollection = db["listed_pairs"]

    async def create_indexes(self) -> None:
        await self.sides.create_index([("edition", ASCENDING), ("organization", ASCENDING)])

    async def record(self, edition: str, a: str, b: str, *, listed: bool, version: int) -> None:
        for organization, partner in ((a, b), (b, a)):
            fields = {
                "edition": edition,
                "organization": organization,
                "partner": partner,
                "listed": listed,
                "version": version,
            }
            key = f"{edition}/{organization}/{partner}"
            try:
                await self.sides.update_one(
                    {"_id": key, "version": {"$lt": version}}, {"$set": fields}, upsert=True
                )
            except DuplicateKeyError:
                pass  # this version or a newer one is kept already

    async def partners_of(self, edition: str, organization: str) -> list[str]:
        found = self.sides.find({"edition": edition, "organization": organization}, {"_id": 0})
        return sorted([doc["partner"] async for doc in found if doc["listed"]])

    async def is_listed(self, edition: str, organization: str, partner: str) -> bool:
        doc: dict[str, Any] | None = await self.sides.find_one(
            {"_id": f"{edition}/{organization}/{partner}"}
        )
        return bool(doc and doc["listed"])
