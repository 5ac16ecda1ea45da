"""Matching killed with SIGKILL in the middle of a stream of events, or its
group rebalanced as an instance joins and another leaves: the final
recommendations equal the batch result for the same events, as if nothing had
happened. A third of the events are delivered twice on top."""

import asyncio
import os
import random
import signal

import pytest
from pymongo import AsyncMongoClient

from tests.helpers.infra import MONGO
from tests.helpers.processes import (
    ServiceProcess,
    fresh_env,
    group_lag,
    members_with_partitions,
    publish,
    wait_for,
)
from tests.matching_reference import batch, impact_day

# Editions of about 66 events each: 76 give 5,000 events, about 6,800
# deliveries with the duplicates (docs/reliability.md).
EDITIONS = int(os.environ.get("SYNERGI_FAULT_EDITIONS", "76"))


async def all_recommendations(db, run: str) -> dict[str, tuple[float, list[str]]]:
    docs = await db["recommendations"].find({"withdrawn": False}).to_list(None)
    return {
        d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]])
        for d in docs
        if d["edition"].startswith(f"fault-{run}")
    }


@pytest.mark.parametrize("fault", ["kill-9-and-restart", "join-then-leave"])
async def test_matching_ends_with_the_batch_result_despite_the_fault(fault, run_id, tmp_path):
    events, expected = [], {}
    for n in range(EDITIONS):
        edition = f"fault-{run_id}-{n}"
        day = impact_day(f"{run_id}x{n}", edition, seed=n)
        events += day
        expected.update(batch(day, edition))
    env = await fresh_env(run_id)
    group = f"f{run_id}-matching"
    first = ServiceProcess("matching-1", "matching", env, tmp_path).start()
    second = ServiceProcess("matching-2", "matching", env, tmp_path)
    mongo: AsyncMongoClient = AsyncMongoClient(MONGO, tz_aware=True)
    db = mongo[f"f{run_id}_matching"]
    try:
        await wait_for(lambda: members_with_partitions(group), 60, "matching-1 to join")
        await publish(events, random.Random(7))
        total = await group_lag(group)
        print(f"{len(events)} events, {total} deliveries with duplicates, {len(expected)} pairs")

        async def processed_share(share: float):
            return await group_lag(group) <= total * (1 - share)

        if fault == "kill-9-and-restart":
            await wait_for(lambda: processed_share(0.4), 900, "40% processed")
            os.kill(first.process.pid, signal.SIGKILL)  # no shutdown, no last commit
            first.process.wait()
            await asyncio.sleep(1)
            first.start()
        else:
            await wait_for(lambda: processed_share(0.3), 900, "30% processed")
            second.start()  # a rebalance: the partitions are shared
            await wait_for(lambda: processed_share(0.6), 900, "60% processed")
            first.stop()  # and another: matching-2 takes them all

        await wait_for(lambda: _drained(group), 900, "the group to catch up", interval=2)
        assert await all_recommendations(db, run_id) == expected
    finally:
        for process in (first, second):
            process.stop()
        await mongo.drop_database(db.name)
        await mongo.close()


async def _drained(group: str) -> bool:
    return await group_lag(group) == 0
