"""MongoDB access through PyMongo's async API (Motor's official successor)."""

from collections.abc import Sequence
from typing import Any

from pymongo import AsyncMongoClient, DeleteMany, InsertOne, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError, DuplicateKeyError

DUPLICATE_KEY = 11000

WriteRequest = InsertOne | UpdateOne | DeleteMany

from synergi_shared.settings import Settings


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


async def bulk_write(
    collection: AsyncCollection, requests: Sequence[WriteRequest], *, ordered: bool = True
) -> None:
    """`collection.bulk_write(requests)`: one round trip for many writes.
    Unordered, a duplicate-key error (a conditional upsert that lost to an
    equal or newer document) is not a failure. The in-memory test double
    (mongomock) cannot take PyMongo 4's write models, so there each is applied
    on its own, in order."""
    if not requests:
        return
    if not isinstance(collection, AsyncCollection):
        for request in requests:
            try:
                await _apply_one(collection, request)
            except DuplicateKeyError:
                if ordered:
                    raise
        return
    try:
        await collection.bulk_write(list(requests), ordered=ordered)
    except BulkWriteError as error:
        # A conditional upsert ("only if newer") that finds the same or a
        # newer document collides with its _id: that write was not needed.
        if ordered or any(e["code"] != DUPLICATE_KEY for e in error.details["writeErrors"]):
            raise


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
        case DeleteMany():
            await collection.delete_many(request._filter)
        case _:
            raise TypeError(f"no in-memory stand-in for {type(request).__name__}")
