"""Integration tests run against real Kafka and FerretDB (`make infra-up`).

A missing server fails these tests with a message saying how to start it; they
never skip."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient

from synergi_shared.runtime.broker import create_broker
from synergi_shared.runtime.kafka_admin import (
    list_topics,
)
from synergi_shared.runtime.settings import Settings
from synergi_shared.runtime.telemetry import setup_telemetry
from tests.helpers.infra import CONSUMERS, KAFKA, MONGO, start_group_at_the_end


@pytest.fixture(scope="session")
async def kafka_bootstrap() -> str:
    setup_telemetry("synergi-tests")  # as every service does, so trace context propagates
    try:
        await asyncio.wait_for(list_topics(KAFKA), timeout=15)
    except Exception as error:
        pytest.fail(f"Kafka is not reachable at {KAFKA} ({error!r}); start it with `make infra-up`")
    return KAFKA


@pytest.fixture(scope="session")
async def mongo_client() -> AsyncIterator[AsyncMongoClient]:
    client: AsyncMongoClient = AsyncMongoClient(
        MONGO, tz_aware=True, serverSelectionTimeoutMS=10000
    )
    try:
        await client.admin.command("ping")
    except Exception as error:
        pytest.fail(f"FerretDB/MongoDB is not reachable at {MONGO} ({error!r}); `make infra-up`")
    yield client
    await client.close()


@pytest.fixture
async def infra_settings(
    settings: Settings, kafka_bootstrap: str, mongo_client: AsyncMongoClient
) -> AsyncIterator[Settings]:
    """Settings for real Kafka and FerretDB, with databases of this test's own."""
    prefix = f"t{uuid.uuid4().hex[:10]}"
    for service in CONSUMERS:
        await start_group_at_the_end(f"{prefix}-{service}")
    yield settings.model_copy(
        update={
            "kafka_bootstrap_servers": kafka_bootstrap,
            "mongo_url": MONGO,
            "mongo_database_prefix": prefix,
            # In-process consumers never share a group with another test's.
            "kafka_consumer_group_prefix": f"{prefix}-",
        }
    )
    for name in await mongo_client.list_database_names():
        if name.startswith(prefix):
            await mongo_client.drop_database(name)


@pytest.fixture
async def publisher(infra_settings: Settings) -> AsyncIterator[KafkaBroker]:
    """A broker of the test's own, to publish events as another service would."""
    broker = create_broker(infra_settings, client_id="test-publisher")
    await broker.start()
    yield broker
    await broker.stop()


@pytest.fixture
async def matching_store(mongo_client, infra_settings):
    """Matching's store on FerretDB, in this test's own database."""
    from synergi_matching.store import MatchingStore

    store = MatchingStore(mongo_client[infra_settings.database_name("matching")])
    await store.create_indexes()
    return store
