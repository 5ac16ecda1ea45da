"""Contact persons, and the kinds of mail each recipient turned off."""

from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.runtime.mongo import lookups


class ContactBook:
    """Each organisation's contact person (personal data: name, e-mail,
    language), kept apart from its versioned profile, so erasure deletes it
    and no event carries it; and which kinds of mail each recipient turned
    off (`{recipient_id}/{kind}`)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.contacts: AsyncCollection = db["contacts"]
        self.unsubscribed: AsyncCollection = db["unsubscribed"]

    async def create_indexes(self) -> None:
        await self.contacts.create_index([("email", ASCENDING)])  # "send me a new link"
        await self.unsubscribed.create_index([("organization_id", ASCENDING)])

    async def get(self, organization_id: str) -> dict[str, Any] | None:
        return await self.contacts.find_one({"_id": organization_id})

    async def of(self, organization_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Each organisation's contact person, one keyed read each."""
        found = await lookups(self.get, organization_ids)
        return {doc["_id"]: doc for doc in found if doc is not None}

    async def put(self, organization_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        await self.contacts.replace_one({"_id": organization_id}, fields, upsert=True)
        return {"_id": organization_id, **fields}

    async def erase(self, organization_id: str) -> bool:
        return (await self.contacts.delete_one({"_id": organization_id})).deleted_count == 1

    async def with_email(self, email: str) -> list[dict[str, Any]]:
        return await self.contacts.find({"email": email}).to_list(None)

    async def unsubscribe(
        self, recipient_id: str, organization_id: str | None, kind: str, now: datetime
    ) -> None:
        await self.unsubscribed.update_one(
            {"_id": f"{recipient_id}/{kind}"},
            {
                "$setOnInsert": {
                    "recipient_id": recipient_id,
                    "organization_id": organization_id,
                    "kind": kind,
                    "at": now,
                }
            },
            upsert=True,
        )

    async def has_unsubscribed(self, recipient_id: str, kind: str) -> bool:
        return await self.unsubscribed.find_one({"_id": f"{recipient_id}/{kind}"}) is not None

    async def unsubscriptions_of(self, organization_ids: list[str]) -> list[dict[str, Any]]:
        found = self.unsubscribed.find({"organization_id": {"$in": organization_ids}})
        return await found.to_list(None)
