"""MongoDB access through PyMongo's async API (Motor's official successor)."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from pymongo import AsyncMongoClient, DeleteMany, DeleteOne, InsertOne, ReplaceOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

from synergi_shared.runtime.settings import Settings

WriteRequest = InsertOne | UpdateOne | DeleteOne | DeleteMany
DUPLICATE_KEY = 11000
# Writes per command. FerretDB v1 holds a PostgreSQL connection for every
# statement of an update command until the command ends: more statements than
# its pool has connections (50) and it waits forever, for every client.
BULK_CHUNK = 32
LOOKUPS_AT_ONCE = 16
K = TypeVar("K")
T = TypeVar("T")


def create_mongo_client(settings: Settings) -> AsyncMongoClient:
    # Short timeouts: a request should get a 503 quickly, not hang, when the
    # database is gone.
    return AsyncMongoClient(
        settings.mongo_url,
        tz_aware=True,
        serverSelectionTimeoutMS=3000,
        connectTimeoutMS=10000,
        appname="synergi",
    )


async def ping(db: AsyncDatabase) -> bool:
    try:
        await db.command("ping")
    except Exception:
        return False
    return True


async def bulk_write(collection: AsyncCollection, requests: Sequence[WriteRequest]) -> None:
    """`collection.bulk_write(requests, ordered=True)`: many writes, in order,
    a few round trips. The in-memory test double (mongomock) cannot take
    PyMongo 4's write models, so there each is applied on its own."""
    if not requests:
        return
    if not isinstance(collection, AsyncCollection):
        for request in requests:
            await _apply_one(collection, request)
        return
    for start in range(0, len(requests), BULK_CHUNK):
        await collection.bulk_write(list(requests[start : start + BULK_CHUNK]), ordered=True)


async def _apply_one(collection: Any, request: WriteRequest) -> None:
    match request:
        case InsertOne():
            await collection.insert_one(request._doc)
        case UpdateOne():
            await collection.update_one(
                request._filter,
                request._doc,
                upsert=bool(request._upsert),
            )
        case ReplaceOne():
            await collection.replace_one(
                request._filter, request._doc, upsert=bool(request._upsert)
            )
        case DeleteOne():
            await collection.delete_one(request._filter)
        case DeleteMany():
            await collection.delete_many(request._filter)
        case _:
            raise TypeError(f"no in-memory stand-in for {type(request).__name__}")


async def lookups(lookup: Callable[[K], Awaitable[T]], keys: Sequence[K]) -> list[T]:
    """`lookup` of each key (a keyed read, served by index), a few at a time,
    in order: many equalities instead of one `$in`, which FerretDB v1 would
    test on every document."""
    results: list[T] = []
    for start in range(0, len(keys), LOOKUPS_AT_ONCE):
        results += await asyncio.gather(
            *(lookup(key) for key in keys[start : start + LOOKUPS_AT_ONCE])
        )
    return results


async def insert_new(collection: AsyncCollection, documents: Sequence[dict[str, Any]]) -> None:
    """Insert the documents whose `_id` is not stored yet; the others are left
    as they are. For facts written once: an insert is about a hundred times
    cheaper than an upsert on FerretDB (measured in bench/README.md)."""
    if not documents:
        return
    if not isinstance(collection, AsyncCollection):
        for document in documents:
            try:
                await collection.insert_one(dict(document))
            except DuplicateKeyError:
                pass
        return
    try:
        await collection.insert_many(list(documents), ordered=False)
    except BulkWriteError as error:
        if any(e["code"] != DUPLICATE_KEY for e in error.details["writeErrors"]):
            raise
