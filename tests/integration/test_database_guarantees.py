"""What Synergi relies on from MongoDB holds on the development and CI server too."""

import asyncio

from pymongo import AsyncMongoClient, UpdateOne
from pymongo.errors import DuplicateKeyError

from synergi_shared.runtime.mongo import bulk_write
from tests.helpers.infra import MONGO


async def test_concurrent_updates_of_one_document_from_many_clients_are_all_applied(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    collection = mongo_client[infra_settings.database_name("guarantees")]["counters"]
    await collection.insert_one({"_id": "c", "items": [], "count": 0})
    clients = [AsyncMongoClient(MONGO) for _ in range(4)]
    try:
        await asyncio.gather(
            *(
                client[collection.database.name]["counters"].update_one(
                    {"_id": "c"}, {"$push": {"items": f"{n}-{i}"}, "$inc": {"count": 1}}
                )
                for n, client in enumerate(clients)
                for i in range(25)
            )
        )
    finally:
        for client in clients:
            await client.close()
    doc = await collection.find_one({"_id": "c"})
    assert doc["count"] == 100
    assert len(set(doc["items"])) == 100


async def test_a_conditional_update_has_exactly_one_winner(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    collection = mongo_client[infra_settings.database_name("guarantees")]["seats"]
    await collection.insert_one({"_id": "last-seat", "taken_by": None})
    results = await asyncio.gather(
        *(
            collection.find_one_and_update(
                {"_id": "last-seat", "taken_by": None}, {"$set": {"taken_by": i}}
            )
            for i in range(20)
        )
    )
    assert sum(result is not None for result in results) == 1


# The local server's proxy lets reads and inserts pass while an update runs
# (deploy/local/ferretdb/main.go); these prove that loses nothing.


async def test_reads_during_concurrent_updates_see_each_update_whole(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    collection = mongo_client[infra_settings.database_name("guarantees")]["whole"]
    await collection.insert_one({"_id": "w", "items": [], "count": 0})

    async def update(i: int) -> None:
        await collection.update_one({"_id": "w"}, {"$push": {"items": i}, "$inc": {"count": 1}})

    async def read() -> tuple[int, int]:
        doc = await collection.find_one({"_id": "w"})
        return doc["count"], len(doc["items"])

    results = await asyncio.gather(*(update(i) for i in range(60)), *(read() for _ in range(60)))
    seen = [result for result in results if result is not None]
    assert seen and all(count == items for count, items in seen)
    assert await read() == (60, 60)


async def test_concurrent_inserts_of_one_id_have_exactly_one_winner(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    collection = mongo_client[infra_settings.database_name("guarantees")]["events"]
    await collection.create_index([("edition", 1), ("key", 1)], unique=True)

    async def insert(doc: dict) -> bool:
        try:
            await collection.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True

    by_id = await asyncio.gather(*(insert({"_id": "e1", "n": n}) for n in range(20)))
    by_index = await asyncio.gather(
        *(insert({"edition": "x", "key": "k", "n": n}) for n in range(20))
    )
    assert sum(by_id) == 1 and sum(by_index) == 1
    assert await collection.count_documents({}) == 2


async def test_a_bulk_write_of_a_thousand_upserts_is_applied_whole(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    """FerretDB v1 on SQLite never completed this; on PostgreSQL no chunking is needed."""
    collection = mongo_client[infra_settings.database_name("guarantees")]["bulk"]
    result = await collection.bulk_write(
        [UpdateOne({"_id": n}, {"$set": {"n": n}}, upsert=True) for n in range(1000)]
    )
    assert result.upserted_count == 1000
    assert await collection.count_documents({"n": {"$gte": 0}}) == 1000


async def test_a_bulk_write_longer_than_ferretdbs_connection_pool_completes(
    mongo_client: AsyncMongoClient, infra_settings
) -> None:
    """FerretDB v1 holds a PostgreSQL connection per statement of an update
    command until it ends; one command of more statements than its pool (50)
    hangs the server for everyone. `bulk_write` sends them in chunks."""
    db = mongo_client[infra_settings.database_name("guarantees")]
    collection = db["bulk"]
    await collection.insert_many([{"_id": n, "outbox": [{"id": n}]} for n in range(200)])
    requests = [UpdateOne({"_id": n}, {"$pull": {"outbox": {"id": n}}}) for n in range(200)]
    await asyncio.wait_for(bulk_write(collection, requests), timeout=60)
    assert await collection.count_documents({"outbox.0": {"$exists": True}}) == 0
    assert (await db.command("ping"))["ok"] == 1.0  # and the server still answers
