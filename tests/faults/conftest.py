"""Fault injection (`make test-faults`): the services as separate processes on
real Kafka and FerretDB, killed, starved of Kafka or of the database, fed
poison and duplicates. Each test states the guarantee it proves; see
docs/reliability.md."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.kafka_admin import group_positions
from tests.e2e.conftest import SERVICES, ServiceProcess, running, service_env
from tests.integration.conftest import KAFKA, infra, start_group_at_the_end

# What each consuming service reads (as its app.py subscribes).
CONSUMES = {
    "workshops": [Topic.REGISTRATION],
    "feedback": [Topic.REGISTRATION, Topic.WORKSHOPS],
    "matching": [Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK],
}


async def group_lag(group: str) -> int:
    """How many events the consumer group `<prefix><service>` has not committed yet."""
    service = next(name for name in CONSUMES if group.endswith(f"-{name}"))
    positions = await group_positions(KAFKA, group, CONSUMES[service])
    return sum(end - committed for end, committed in positions.values())


async def wait_for(condition, seconds: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + seconds
    while not (result := await condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")
        await asyncio.sleep(interval)
    return result


async def fresh_env(run: str) -> dict[str, str]:
    """Environment for one test's services: their own databases and consumer
    groups, the groups starting at the current end of the topics."""
    env = service_env(SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"f{run}-")
    env["SYNERGI_MONGO_DATABASE_PREFIX"] = f"f{run}"
    for service in ("workshops", "feedback", "matching"):
        await start_group_at_the_end(f"f{run}-{service}")
    return env


@pytest.fixture
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
async def stack(run_id: str, tmp_path: Path) -> AsyncIterator[dict[str, ServiceProcess]]:
    """The four services, one process each, ready."""
    env = await fresh_env(run_id)
    with running([(name, name) for name in SERVICES], env, tmp_path) as processes:
        yield processes


@pytest.fixture
def kafka_outage() -> Iterator[None]:
    infra("kafka-stop")
    try:
        yield
    finally:
        infra("kafka-start")  # whatever happens, the next tests have Kafka


@pytest.fixture
def database_outage() -> Iterator[None]:
    infra("db-stop")
    try:
        yield
    finally:
        infra("db-start")


def client(process: ServiceProcess, token: str) -> httpx.Client:
    # A bounded timeout: a request that hangs fails the test, as it would fail a user.
    return httpx.Client(
        base_url=process.url, headers={"Authorization": f"Bearer {token}"}, timeout=15
    )
