"""The mail log: one record per mail and recipient, claimed before sending."""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

# A failed send's claim is set back to this, so the next attempt may take it.
_UNCLAIMED = datetime(1970, 1, 1, tzinfo=UTC)


class MailLog:
    """Every e-mail Synergi sends, one document per intent and recipient
    (`{kind}/{...}/{recipient_id}`): claimed before sending, so a redelivered
    event or a second instance sends none twice; then sent, or failed and
    why. The one mechanism for every kind of mail. No body and no address is
    kept: the recipient is an id, whose name and address the log reads from
    where they live (and erasure removes)."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.mails: AsyncCollection = db["mails"]
        self._before = db["follow_up_mails"]  # the follow-ups' own log, until 2026-12

    async def create_indexes(self) -> None:
        await self.mails.create_index([("recipient_id", ASCENDING)])
        await self.mails.create_index([("claimed_at", DESCENDING)])
        await self.mails.create_index([("edition", ASCENDING), ("claimed_at", DESCENDING)])
        await self._take_over_follow_up_records()

    async def _take_over_follow_up_records(self) -> None:
        """The follow-up mails recorded before this log: kept here, so none
        is sent again. Idempotent: any instance may do it, any number of times."""
        async for old in self._before.find({}):
            # `{edition}/{months}/{organization_id}/{participant_id}`; before
            # 2026-12 one per round, without the participant.
            edition, _months, organization_id, *recipient = old["_id"].split("/")
            doc = {
                "_id": f"follow-up/{old['_id']}",
                "kind": "follow-up",
                "edition": edition,
                "organization_id": organization_id,
                "recipient_id": old.get("participant_id") or next(iter(recipient), None),
                "claimed_at": old.get("claimed_at") or _UNCLAIMED,
                "sent_at": old.get("sent_at"),
            }
            try:
                await self.mails.insert_one(doc)
            except DuplicateKeyError:
                pass
        await self._before.drop()

    async def claim(self, key: str, about: dict[str, Any], now: datetime, stale: datetime) -> bool:
        """Take one mail for sending: True unless it is sent, or being sent
        by someone since after `stale`. `about`: its kind, edition,
        organization_id and recipient_id, for the log."""
        try:
            await self.mails.find_one_and_update(
                {"_id": key, "sent_at": None, "claimed_at": {"$lt": stale}},
                {"$set": {**about, "claimed_at": now, "sent_at": None}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # sent, or being sent
        return True

    async def sent(self, key: str, now: datetime) -> None:
        await self.mails.update_one({"_id": key}, {"$set": {"sent_at": now}})

    async def failed(self, key: str, reason: str, now: datetime, attempts: int) -> None:
        """Not sent: why is kept, and the next attempt may claim it. After
        `attempts` failures its event waits in the dead-letter topic."""
        doc = await self.mails.find_one_and_update(
            {"_id": key, "sent_at": None},
            {
                "$set": {"failed_at": now, "failure": reason[:500], "claimed_at": _UNCLAIMED},
                "$inc": {"failures": 1},
            },
            return_document=ReturnDocument.AFTER,
        )
        if doc is not None and doc["failures"] >= attempts:
            await self.mails.update_one({"_id": key}, {"$set": {"dead_lettered": True}})

    async def by_keys(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The records of the mails named, by key (a mail not yet claimed: none)."""
        return {doc["_id"]: doc async for doc in self.mails.find({"_id": {"$in": keys}})}

    async def sent_in(self, edition: str, kind: str) -> set[str]:
        """Who was sent a mail of `kind` for the edition."""
        query = {"edition": edition, "kind": kind, "sent_at": {"$ne": None}}
        return {doc["recipient_id"] async for doc in self.mails.find(query, {"recipient_id": 1})}

    async def sent_to(self, recipient_id: str, kind: str | None = None) -> list[dict[str, Any]]:
        """The mails sent to one person (of one `kind`), oldest first."""
        query: dict[str, Any] = {"recipient_id": recipient_id, "sent_at": {"$ne": None}}
        if kind:
            query["kind"] = kind
        return await self.mails.find(query).sort("sent_at").to_list(None)

    async def listed(
        self, edition: str | None, kind: str | None, offset: int, limit: int
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of the log, newest first, and how many match."""
        query = {k: v for k, v in (("edition", edition), ("kind", kind)) if v}
        total = await self.mails.count_documents(query)
        docs = (
            await self.mails.find(query)
            .sort([("claimed_at", DESCENDING), ("_id", ASCENDING)])
            .skip(offset)
            .limit(limit)
            .to_list(None)
        )
        return docs, total

    async def forget_before(self, moment: datetime) -> int:
        """Delete the records of mails sent or given up before `moment` (retention)."""
        old = {"$or": [{"sent_at": {"$lt": moment}}, {"failed_at": {"$lt": moment}}]}
        return (await self.mails.delete_many(old)).deleted_count
