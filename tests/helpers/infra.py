"""Real Kafka and FerretDB for the tests: where they are, starting and stopping
them, consumer groups, reading a topic, and a service app run in-process."""

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from aiokafka import AIOKafkaConsumer

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.kafka_admin import (
    commit_group_offsets,
    end_offsets,
    topic_partitions,
)

INFRA = Path(__file__).resolve().parents[2] / "deploy" / "local" / "infra.py"
KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("SYNERGI_MONGO_URL", "mongodb://127.0.0.1:27017")


def infra(command: str) -> None:
    """Run `deploy/local/infra.py <command>`: kafka-stop|kafka-start|db-stop|db-start."""
    subprocess.run([sys.executable, str(INFRA), command], check=True)


def postgresql(query: str) -> list[list[str]]:
    """The rows of `query` on the PostgreSQL database under FerretDB."""
    out = subprocess.run(
        [sys.executable, str(INFRA), "psql", "-XtA", "-F", "\t", "-c", query],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [line.split("\t") for line in out.splitlines() if line]


@contextmanager
def outage(server: Literal["kafka", "db"]) -> Iterator[None]:
    """`server` stopped for the block; started again whatever happens, so the
    next tests have it."""
    infra(f"{server}-stop")
    try:
        yield
    finally:
        infra(f"{server}-start")


# The topics Synergi's consumers read; every test's consumer groups start at
# their end, so a test never works through what earlier tests (or runs) left.
CONSUMED = [Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK, Topic.MATCHING]
CONSUMERS = ("registration", "workshops", "feedback", "matching")


async def start_group_at_the_end(group: str) -> None:
    """Commit the topics' current ends for `group`, so its consumers read only
    what this test publishes, not every earlier test's events."""
    partitions = await topic_partitions(KAFKA, CONSUMED)
    assert len(partitions) == 3 * len(CONSUMED), "three partitions per topic"
    await commit_group_offsets(KAFKA, group, await end_offsets(KAFKA, partitions))


class KafkaRecord:
    def __init__(self, record) -> None:
        self.key = record.key.decode() if record.key else None
        self.headers = {name: value.decode() for name, value in record.headers}
        self.value = record.value
        self.partition = record.partition

    @property
    def data(self) -> dict:
        return json.loads(self.value)


async def read_topic(
    bootstrap: str,
    topic: str,
    wanted: Callable[[KafkaRecord], bool],
    *,
    count: int,
    wait_seconds: float = 20,
    settle: float = 0.0,
) -> list[KafkaRecord]:
    """Read `topic` from the start with a plain aiokafka consumer until `count`
    records match (then `settle` seconds more, to catch unwanted extras)."""
    consumer = AIOKafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[KafkaRecord] = []
    deadline = time.monotonic() + wait_seconds
    settle_until: float | None = None
    try:
        while time.monotonic() < (settle_until or deadline):
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                found += [r for r in map(KafkaRecord, records) if wanted(r)]
            if len(found) >= count and settle_until is None:
                settle_until = time.monotonic() + settle
    finally:
        await consumer.stop()
    return found
