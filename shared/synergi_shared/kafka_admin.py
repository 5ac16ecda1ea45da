"""Topic creation and a readiness probe that asks the cluster, not just the port."""

import asyncio
import time

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError

from synergi_shared.topics import all_topic_names


async def list_topics(bootstrap_servers: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=5000)
    await admin.start()
    try:
        return list(await admin.list_topics())
    finally:
        await admin.close()


async def wait_until_ready(bootstrap_servers: str, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            await list_topics(bootstrap_servers)
            return
        except (KafkaError, OSError):
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


async def ensure_topics(
    bootstrap_servers: str, partitions: int = 3, replication_factor: int = 1
) -> list[str]:
    """Create every catalogue topic that does not exist yet; return those created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10000)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [name for name in all_topic_names() if name not in existing]
        if missing:
            try:
                await admin.create_topics(
                    [NewTopic(name, partitions, replication_factor) for name in missing]
                )
            except TopicAlreadyExistsError:
                pass  # created meanwhile by another process
        return missing
    finally:
        await admin.close()
