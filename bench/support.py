"""What the benchmarks share: settings for the local servers, in-process apps."""

import asyncio
import os
import socket
import uuid

from aiokafka import TopicPartition

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.auth import mint_token
from synergi_shared.runtime.kafka_admin import (
    commit_group_offsets,
    committed_offsets,
    end_offsets,
    topic_partitions,
)
from synergi_shared.runtime.settings import Settings

TOPICS = [Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK]
SECRET = "bench-secret-at-least-32-bytes-long-for-hs256"
KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("SYNERGI_MONGO_URL", "mongodb://127.0.0.1:27017")


def bench_settings(**overrides: object) -> Settings:
    """Real Kafka and FerretDB, databases and consumer groups of this run's own."""
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    return Settings(
        environment="test",
        jwt_secret=SECRET,
        kafka_bootstrap_servers=KAFKA,
        mongo_url=MONGO,
        mongo_database_prefix=prefix,
        kafka_consumer_group_prefix=f"{prefix}-",
        **overrides,
    )


def organizer() -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(SECRET, 'organizer')}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def partitions() -> list[TopicPartition]:
    """Every partition of the topics matching consumes."""
    return await topic_partitions(KAFKA, TOPICS)


async def ends(every: list[TopicPartition]) -> dict[TopicPartition, int]:
    return await end_offsets(KAFKA, every)


async def commit(group: str, offsets: dict[TopicPartition, int]) -> None:
    """Where `group` starts: so a benchmark's consumers read only its own events."""
    await commit_group_offsets(KAFKA, group, offsets)


async def caught_up(group: str, end: dict[TopicPartition, int]) -> None:
    """Wait until `group` has committed everything up to `end`."""
    while True:
        done = await committed_offsets(KAFKA, group)
        if all(done.get(partition, 0) >= offset for partition, offset in end.items()):
            return
        await asyncio.sleep(0.25)
