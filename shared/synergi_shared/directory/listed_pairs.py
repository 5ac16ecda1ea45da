"""Which pairs matching lists, as a service learns them from matching's
recommendation-changed events (ids and the score): registration, to show a
partner's contacts only to a listed pair; workshops, to let only a listed
pair ask for a meeting and to plan the day's meetings by score."""

from typing import Any

from pymongo import ASCENDING, ReplaceOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.contracts.events import RecommendationChanged
from synergi_shared.runtime.mongo import bulk_write, lookups


class ListedPairs:
    """One document per side of a pair (`{edition}/{organization}/{partner}`),
    so an organisation's partners are one indexed equality. Each keeps the
    pair's newest version: an older or repeated event changes nothing. A
    pair's events share a partition (keyed by its lower id), so one consumer
    at a time writes its sides: a read, then the write of what is newer."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.sides: AsyncCollection = db["listed_pairs"]

    async def create_indexes(self) -> None:
        await self.sides.create_index([("edition", ASCENDING), ("organization", ASCENDING)])

    async def apply(self, events: list[RecommendationChanged]) -> None:
        """A batch of events in a few round trips: the newest of each pair
        against what is stored, and only what is newer written."""
        newest: dict[str, dict[str, Any]] = {}
        for event in events:
            for side in _sides(event):
                kept = newest.get(side["_id"])
                if kept is None or kept["version"] < side["version"]:
                    newest[side["_id"]] = side
        stored = await lookups(
            lambda key: self.sides.find_one({"_id": key}, {"version": 1}), list(newest)
        )
        versions = {doc["_id"]: doc["version"] for doc in stored if doc is not None}
        await bulk_write(
            self.sides,
            [
                ReplaceOne({"_id": key}, side, upsert=True)
                for key, side in newest.items()
                if versions.get(key, 0) < side["version"]
            ],
        )

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


def _sides(event: RecommendationChanged) -> list[dict[str, Any]]:
    listed = bool(event.listed_by) and not event.withdrawn
    a, b = event.organization_a, event.organization_b
    return [
        {
            "_id": f"{event.edition}/{organization}/{partner}",
            "edition": event.edition,
            "organization": organization,
            "partner": partner,
            "listed": listed,
            # Both have the other on their list: the day's plan meets these.
            "mutual": listed and len(set(event.listed_by)) == 2,
            "score": event.score,
            "version": event.version,
        }
        for organization, partner in ((a, b), (b, a))
    ]
