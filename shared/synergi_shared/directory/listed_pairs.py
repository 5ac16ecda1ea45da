"""Which pairs matching lists, as a service learns them from matching's
recommendation-changed events (ids and the score): registration, to show a
partner's contacts only to a listed pair; workshops, to let only a listed
pair ask for a meeting and to plan the day's meetings by score."""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.events import RecommendationChanged


class ListedPairs:
    """One document per side of a pair (`{edition}/{organization}/{partner}`),
    so an organisation's partners are one indexed equality. Each keeps the
    pair's newest version: an older or repeated event changes nothing."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.sides: AsyncCollection = db["listed_pairs"]

    async def create_indexes(self) -> None:
        await self.sides.create_index([("edition", ASCENDING), ("organization", ASCENDING)])

    async def apply(self, event: RecommendationChanged) -> None:
        edition, a, b = event.edition, event.organization_a, event.organization_b
        listed = bool(event.listed_by) and not event.withdrawn
        version = event.version
        for organization, partner in ((a, b), (b, a)):
            fields = {
                "edition": edition,
                "organization": organization,
                "partner": partner,
                "listed": listed,
                # Both have the other on their list: the day's plan meets these.
                "mutual": listed and len(set(event.listed_by)) == 2,
                "score": event.score,
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

    async def listed(self, edition: str, organization: str, partner: str) -> dict[str, Any] | None:
        """The pair's side (with its score) if the pair is listed."""
        doc = await self.sides.find_one({"_id": f"{edition}/{organization}/{partner}"})
        return doc if doc and doc["listed"] else None

    async def in_edition(self, edition: str) -> list[dict[str, Any]]:
        """Every listed pair of the edition once, lower id first, with its score."""
        found = self.sides.find({"edition": edition, "listed": True}, {"_id": 0})
        return [doc async for doc in found if doc["organization"] < doc["partner"]]
