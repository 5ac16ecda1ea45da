"""What Synergi relies on from MongoDB holds on the development and CI server too."""

import asyncio

from pymongo import AsyncMongoClient

from tests.integration.conftest import MONGO


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
