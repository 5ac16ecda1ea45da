"""The recommendations: one document per pair, numbered by change."""

from typing import Any

from pymongo import ASCENDING, DESCENDING, DeleteOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.store import numbered
from synergi_matching.store.holders import HolderStore
from synergi_matching.store.mirror import PairMirror
from synergi_shared.runtime.mongo import bulk_write
from synergi_shared.runtime.outbox import OUTBOX


class RecommendationStore:
    def __init__(self, db: AsyncDatabase, holders: HolderStore) -> None:
        self.pairs: AsyncCollection = db["recommendations"]
        self._holders = holders
        self._mirror = PairMirror(self.pairs, holders.last_number)
        # What was announced once for every consumer (`usecases/announcement.py`).
        self.announcements: AsyncCollection = db["announcements"]

    async def create_indexes(self) -> None:
        await self.pairs.create_index([(numbered.PAGE, ASCENDING)])
        await numbered.add_pages(self.pairs, "edition", "seq")
        for side in ("organization_a", "organization_b"):
            await self.pairs.create_index(
                [("edition", ASCENDING), (side, ASCENDING), ("score", DESCENDING)]
            )

    async def announced(self, name: str) -> bool:
        return await self.announcements.find_one({"_id": name}) is not None

    async def mark_announced(self, name: str) -> None:
        await self.announcements.update_one({"_id": name}, {"$set": {"done": True}}, upsert=True)

    async def listed_in(self, edition: str) -> list[dict[str, Any]]:
        """The edition's pairs as they stand, withdrawn ones left out (by index)."""
        docs = await self.pairs.find({"edition": edition}, {OUTBOX: 0}).to_list(None)
        return [doc for doc in docs if not doc["withdrawn"]]

    async def stored_pairs(self, edition: str) -> list[dict[str, Any]]:
        """Every pair of the edition, withdrawn ones included (and this
        process's mirror of them filled on the way)."""
        last = await self._holders.last_number(edition)
        docs = await self.pairs.find({"edition": edition}, {OUTBOX: 0}).to_list(None)
        self._mirror.loaded(edition, docs, last)
        return docs

    async def write_pairs(self, edition: str, docs: list[dict[str, Any]]) -> None:
        """Replace one edition's pairs' documents: delete the old ones, then
        insert the new in change-number order. Each delete names one `_id`, an
        equality the store serves by index (an `$in` would be tested on every
        document of the edition by FerretDB v1). A pull between the two steps
        misses nothing: the new documents carry change numbers above every one
        it has seen."""
        replaced = [DeleteOne({"_id": doc["_id"]}) for doc in docs if doc["version"] > 1]
        await bulk_write(self.pairs, replaced)
        paged = [{**doc, numbered.PAGE: numbered.page_of(edition, doc["seq"])} for doc in docs]
        await self.pairs.insert_many(paged, ordered=True)
        self._mirror.written(edition, paged)

    async def changes_since(
        self, edition: str, after: int, limit: int, min_score: float
    ) -> list[dict[str, Any]]:
        """Pairs in the order they last changed, withdrawn ones included, read
        bucket by bucket up to the last change the edition's holder recorded."""
        last = await self._holders.last_number(edition)
        docs = await numbered.after(self.pairs, edition, "seq", after, limit, last, {OUTBOX: 0})
        # Below min_score counts as withdrawn for this reader, so a pair that
        # drops under it is still reported (and the cursor still advances).
        return [{**doc, "withdrawn": doc["withdrawn"] or doc["score"] < min_score} for doc in docs]

    async def current_pairs(self, edition: str, min_score: float) -> list[dict[str, Any]]:
        """The edition's current pairs, best first, from this process's mirror
        of them (store/mirror.py)."""
        docs = await self._mirror.pairs(edition)
        current = [doc for doc in docs if not doc["withdrawn"] and doc["score"] >= min_score]
        current.sort(key=lambda doc: (-doc["score"], doc["_id"]))
        return current

    async def recommendations_for(
        self, edition: str, organization_id: str, limit: int
    ) -> list[dict[str, Any]]:
        """The organisation's list: the pairs it lists, and those with an
        outcome, best first. A kept pair only the partner lists is not on it."""
        found = []
        for side in ("organization_a", "organization_b"):
            query = {"edition": edition, side: organization_id, "withdrawn": False}
            found += await self.pairs.find(query, {OUTBOX: 0}).to_list(None)
        mine = [
            doc
            for doc in found
            if organization_id in doc.get("listed_by", ()) or doc.get("outcome") is not None
        ]
        mine.sort(key=lambda doc: (-doc["score"], doc["_id"]))
        return mine[:limit]
