"""Which instance holds each edition: a lease, renewed while it works."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

# A holder that stops renewing (killed, say) loses its edition after this
# long: the wait of the instance that takes over.
LEASE = timedelta(seconds=10)
RENEW_EVERY = LEASE / 4

logger = logging.getLogger(__name__)


class HolderStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.holders: AsyncCollection = db["edition_holders"]

    async def hold(self, edition: str, holder: str) -> dict[str, Any] | None:
        """Take or renew the edition's lease; its document (with `generation`,
        which rises at every release), or None while another holds it."""
        now = datetime.now(UTC)
        try:
            return await self.holders.find_one_and_update(
                {
                    "_id": edition,
                    "$or": [{"holder": {"$in": [holder, None]}}, {"expires": {"$lt": now}}],
                },
                {"$set": {"holder": holder, "expires": now + LEASE}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None  # held by another

    def keep(self, key: str, holder: str) -> asyncio.Task[None]:
        """Renew the lease on `key` until the task is cancelled: work longer
        than the lease (loading a large edition) keeps it."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(RENEW_EVERY.total_seconds())
                if await self.hold(key, holder) is None:
                    logger.warning("lost the lease on %s while working on it", key)

        return asyncio.create_task(renew())

    async def release(
        self, edition: str, holder: str, generation: int, seq: int, published: int
    ) -> None:
        """Let go of the edition, recording its last change number and how far
        Kafka has them (`published`), for whoever holds it next."""
        fields = {"holder": None, "generation": generation, "seq": seq, "published": published}
        await self.holders.update_one({"_id": edition, "holder": holder}, {"$set": fields})

    async def last_number(self, key: str) -> int:
        """The last number given under the lease `key` (an edition's last
        change, the ledger's last entry), as its last holder recorded it."""
        doc = await self.holders.find_one({"_id": key}, {"seq": 1})
        return int(doc.get("seq") or 0) if doc else 0
