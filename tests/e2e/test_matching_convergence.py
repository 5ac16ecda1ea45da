"""Two matching processes in one consumer group on real Kafka (three partitions
per topic) and FerretDB end with the recommendations one batch computation
gives for the same events: order, duplicates, partitions and the number of
instances do not matter."""

import asyncio
import random
import time
import uuid

import pytest
from pymongo import AsyncMongoClient

from tests.helpers.infra import MONGO, start_group_at_the_end
from tests.helpers.processes import (
    members_with_partitions,
    publish,
    recommendations,
    service_env,
    serving,
)
from tests.matching_reference import batch, impact_day


@pytest.mark.parametrize("seed", [1, 2])
async def test_two_matching_processes_converge_on_the_batch_result(seed, tmp_path) -> None:
    run = uuid.uuid4().hex[:8]
    edition = f"conv-{run}"
    events = impact_day(run, edition, seed)
    expected = batch(events, edition)
    assert len(expected) >= 5, "the event set should make pairs to get wrong"
    env = service_env(SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"conv{run}-")
    await start_group_at_the_end(f"conv{run}-matching")
    with serving([("matching-1", "matching"), ("matching-2", "matching")], env, tmp_path):
        # Both instances hold partitions before the first event goes out.
        deadline = time.monotonic() + 60
        while await members_with_partitions(f"conv{run}-matching") < 2:
            assert time.monotonic() < deadline, "the two instances never shared the partitions"
            await asyncio.sleep(0.5)
        await publish(events, random.Random(seed))

        client: AsyncMongoClient = AsyncMongoClient(MONGO, tz_aware=True)
        db = client[f"{env['SYNERGI_MONGO_DATABASE_PREFIX']}_matching"]
        try:
            deadline = time.monotonic() + 120
            while (found := await recommendations(db, edition)) != expected:
                if time.monotonic() > deadline:
                    assert found == expected
                await asyncio.sleep(0.5)
            await asyncio.sleep(3)  # and it stays so: nothing late overwrites it
            assert await recommendations(db, edition) == expected
        finally:
            await client.close()
