"""Door links: kept by the hash of their code, as sign-in links are."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase


class DoorLinkStore:
    """The links the organiser hands the volunteers at the door: each signs
    in any number of tablets for one edition until the day is over or the
    link is revoked. The code is shown once; only its hash is kept."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.links: AsyncCollection = db["door_links"]

    async def create_indexes(self) -> None:
        await self.links.create_index([("link_id", ASCENDING)], unique=True)
        await self.links.create_index([("edition", ASCENDING)])
        await self.links.create_index([("expires_at", ASCENDING)])

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.links.insert_one(doc)

    async def valid(self, code_hash: str, now: datetime) -> dict[str, Any] | None:
        """The link, if it is neither revoked nor past its day."""
        query = {"_id": code_hash, "revoked_at": None, "expires_at": {"$gt": now}}
        return await self.links.find_one(query)

    async def of(self, edition: str) -> list[dict[str, Any]]:
        found = self.links.find({"edition": edition}, {"_id": 0})
        return await found.sort("created_at", ASCENDING).to_list(None)

    async def revoke(self, edition: str, link_id: str, now: datetime) -> dict[str, Any] | None:
        """Revoke it (again: no change); None when the edition has no such link."""
        await self.links.update_one(
            {"link_id": link_id, "edition": edition, "revoked_at": None},
            {"$set": {"revoked_at": now}},
        )
        return await self.links.find_one({"link_id": link_id, "edition": edition}, {"_id": 0})

    async def forget_expired_before(self, moment: datetime) -> int:
        """Delete the records of links whose day ended before `moment` (retention)."""
        gone = await self.links.delete_many({"expires_at": {"$lt": moment}})
        return gone.deleted_count
