"""Pages of numbered documents (an edition's pair changes, the ledger's
entries), read after a cursor by equality only.

Each document carries `page`: its scope and its number's bucket of
`BUCKET` numbers. A page after number N reads N's bucket, then the next, until
it has enough or has passed the last number given. One equality per bucket is
served by index on FerretDB v1 as on MongoDB; `number > N` sorted by number
would be tested and sorted document by document on FerretDB v1.
"""

import asyncio
from typing import Any

from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from synergi_matching.store import migrations
from synergi_shared.runtime.mongo import bulk_write

BUCKET = 64
BUCKETS_AT_ONCE = 3
PAGE = "page"


def page_of(scope: str, number: int) -> str:
    """The `page` value of the document numbered `number` in `scope`."""
    return f"{scope}/{number // BUCKET}"


async def after(
    collection: AsyncCollection,
    scope: str,
    number: str,
    cursor: int,
    limit: int,
    last: int,
    projection: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Up to `limit` documents of `scope` numbered (field `number`) above
    `cursor`, in number order, reading no bucket beyond `last`'s."""
    found: list[dict[str, Any]] = []
    bucket, end = (cursor + 1) // BUCKET, last // BUCKET
    while len(found) < limit and bucket <= end:
        # A few buckets at once: numbers thin out as pairs change again.
        buckets = range(bucket, min(bucket + BUCKETS_AT_ONCE, end + 1))
        read = await asyncio.gather(
            *(collection.find({PAGE: f"{scope}/{b}"}, projection).to_list(None) for b in buckets)
        )
        found += sorted(
            (doc for docs in read for doc in docs if doc[number] > cursor), key=lambda d: d[number]
        )
        bucket = buckets[-1] + 1
    return found[:limit]


async def add_pages(collection: AsyncCollection, scope_of: str | None, number: str) -> int:
    """Give `page` to documents stored before it existed (scope: the value of
    field `scope_of`, or none), once; how many."""

    async def migrate() -> int:
        fields = {number: 1, **({scope_of: 1} if scope_of else {})}
        updates = [
            UpdateOne(
                {"_id": doc["_id"]},
                {"$set": {PAGE: page_of(doc[scope_of] if scope_of else "", doc[number])}},
            )
            async for doc in collection.find({PAGE: {"$exists": False}}, fields)
        ]
        await bulk_write(collection, updates)
        return len(updates)

    return await migrations.once(collection.database, f"{collection.name}: {PAGE}s added", migrate)
