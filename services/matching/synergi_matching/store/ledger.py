"""The partnership ledger: an append-only history of every pair's outcomes
and follow-up answers across editions, numbered for pulling tools.

Entries are numbered under a lease (the `edition_holders` document `~ledger`),
so numbers are given in the order entries become visible: a tool that pulls
after its last number never misses one written at the same time elsewhere.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.domain.outcomes import Side, pair_status, views
from synergi_matching.store import numbered
from synergi_matching.store.holders import HolderStore

LEASE_KEY = "~ledger"  # not an edition slug: those start with a letter or digit
HOLD_RETRY_SECONDS = 0.05


class LedgerStore:
    def __init__(self, db: AsyncDatabase, holders: HolderStore) -> None:
        self.entries: AsyncCollection = db["ledger"]
        self._holders = holders
        # The lease is per instance: this lock keeps its own appends in turn.
        self._local = asyncio.Lock()

    async def create_indexes(self) -> None:
        for side in ("organization_a", "organization_b"):
            await self.entries.create_index([(side, ASCENDING), ("_id", ASCENDING)])
        await self.entries.create_index([(numbered.PAGE, ASCENDING)])
        await numbered.add_pages(self.entries, None, "_id")

    async def append(self, holder: str, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Number `entries` after the last one and store them; them, numbered."""
        async with self._lease(holder) as lease:
            after = lease.last
            new = [_numbered(entry, after + n) for n, entry in enumerate(entries, 1)]
            if new:
                await self.entries.insert_many(new, ordered=True)
                lease.last = new[-1]["_id"]
        return new

    async def backfill(self, outcomes: AsyncCollection) -> int:
        """Once, into an empty ledger: the views recorded before the ledger
        existed, oldest first, each with the pair's status after it (the
        score and reasons of that time are not known). How many."""
        async with self._lease(f"backfill-{uuid.uuid4().hex}") as lease:
            if await self.entries.find_one({}, {"_id": 1}) is not None:
                return 0
            said = []
            async for doc in outcomes.find({}):
                said += [(view["updated_at"], side, view, doc) for side, view in views(doc).items()]
            said.sort(key=lambda item: (item[0], item[3]["_id"], item[1]))
            sides: dict[str, dict[Side, str]] = {}
            entries = []
            for at, side, view, doc in said:
                known = sides.setdefault(doc["_id"], {})
                known[side] = view["status"]
                entries.append(
                    _numbered(
                        {
                            "edition": doc["edition"],
                            "organization_a": doc["organization_a"],
                            "organization_b": doc["organization_b"],
                            "kind": "outcome",
                            "side": side,
                            "status": view["status"],
                            "note": view.get("note"),
                            "pair_status": pair_status(known),
                            "score": None,
                            "reasons": [],
                            "at": at,
                        },
                        len(entries) + 1,
                    )
                )
            if entries:
                await self.entries.insert_many(entries, ordered=True)
                lease.last = len(entries)
            return len(entries)

    async def page(
        self, after: int, limit: int, organization: str | None, partner: str | None
    ) -> list[dict[str, Any]]:
        """Entries numbered after `after`, oldest first; with `organization`,
        only its pairs (with `partner` too, only that pair). Read by equality
        only: the organisation's entries (a few a year), or bucket by bucket."""
        if organization is None:
            last = await self._holders.last_number(LEASE_KEY)
            return await numbered.after(self.entries, "", "_id", after, limit, last)
        if partner is not None:
            low, high = sorted((organization, partner))
            sides = [{"organization_a": low, "organization_b": high}]
        else:
            sides = [{"organization_a": organization}, {"organization_b": organization}]
        found = [doc for query in sides for doc in await self.entries.find(query).to_list(None)]
        return sorted((d for d in found if d["_id"] > after), key=lambda d: d["_id"])[:limit]

    @asynccontextmanager
    async def _lease(self, holder: str) -> AsyncIterator["_Lease"]:
        """The ledger held by this instance; the last number given is
        recorded with the lease when it is let go."""
        async with self._local:
            while (held := await self._holders.hold(LEASE_KEY, holder)) is None:  # noqa: ASYNC110
                await asyncio.sleep(HOLD_RETRY_SECONDS)
            last = held.get("seq") or 0
            # A holder that died between its insert and its release left a
            # number behind: then the entries themselves say where they end.
            if not last or await self.entries.find_one({"_id": last + 1}, {"_id": 1}):
                last = await self._last_stored()
            lease = _Lease(last)
            try:
                yield lease
            finally:
                await self._holders.release(LEASE_KEY, holder, 0, lease.last, 0)

    async def _last_stored(self) -> int:
        """The last entry's number, read from the entries themselves (a sort
        over them all): for ledgers written before the lease recorded it, or
        after a holder died mid-append."""
        last = await self.entries.find({}, {"_id": 1}).sort("_id", DESCENDING).to_list(1)
        return int(last[0]["_id"]) if last else 0


@dataclass
class _Lease:
    last: int  # the number of the last entry


def _numbered(entry: dict[str, Any], number: int) -> dict[str, Any]:
    return {**entry, "_id": number, numbered.PAGE: numbered.page_of("", number)}
