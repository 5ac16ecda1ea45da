"""Sign-in links: kept by the hash of their code."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase


class SignInLinkStore:
    """Sign-in links, each kept by the hash of its code (the code itself is
    shown once and never stored)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.links: AsyncCollection = db["sign_in_links"]

    async def create_indexes(self) -> None:
        await self.links.create_index([("organization_id", ASCENDING)])
        await self.links.create_index([("created_at", ASCENDING)])

    async def forget_before(self, moment: datetime) -> int:
        """Delete the records of links made before `moment` (retention)."""
        return (await self.links.delete_many({"created_at": {"$lt": moment}})).deleted_count

    async def insert(self, doc: dict[str, Any]) -> None:
        await self.links.insert_one(doc)

    async def use(self, code_hash: str, now: datetime) -> dict[str, Any] | None:
        """Mark the link used, if it is unused, unrevoked and unexpired: one
        atomic write, so a code signs in once however many try it at once."""
        return await self.links.find_one_and_update(
            {"_id": code_hash, "used_at": None, "revoked_at": None, "expires_at": {"$gt": now}},
            {"$set": {"used_at": now}},
        )

    async def revoke(self, organization_id: str, now: datetime) -> int:
        """Revoke the organisation's links not used yet; how many."""
        result = await self.links.update_many(
            {"organization_id": organization_id, "used_at": None, "revoked_at": None},
            {"$set": {"revoked_at": now}},
        )
        return result.modified_count
