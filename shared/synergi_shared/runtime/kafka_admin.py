"""Topic creation, a readiness probe that asks the cluster, not just the port,
placing a consumer group (where a fresh group starts), and publishing events
straight to their topics (for benchmarks and tests that fill a topic)."""

import asyncio
import time
from collections.abc import Mapping, Sequence

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.structs import OffsetAndMetadata

from synergi_shared.contracts.cloudevents import wrap
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import all_topic_names


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


async def topic_partitions(bootstrap_servers: str, topics: Sequence[str]) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        described = await admin.describe_topics([str(topic) for topic in topics])
    finally:
        await admin.close()
    return [TopicPartition(t["topic"], p["partition"]) for t in described for p in t["partitions"]]


async def end_offsets(
    bootstrap_servers: str, partitions: Sequence[TopicPartition]
) -> dict[TopicPartition, int]:
    """Each partition's next offset: one past its last record."""
    return (await _bounds(bootstrap_servers, partitions))[1]


async def start_offsets(
    bootstrap_servers: str, partitions: Sequence[TopicPartition]
) -> dict[TopicPartition, int]:
    """Each partition's first offset still kept (retention drops older ones)."""
    return (await _bounds(bootstrap_servers, partitions))[0]


async def _bounds(
    bootstrap_servers: str, partitions: Sequence[TopicPartition]
) -> tuple[dict[TopicPartition, int], dict[TopicPartition, int]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap_servers)
    await consumer.start()
    try:
        first = await consumer.beginning_offsets(list(partitions))
        return dict(first), dict(await consumer.end_offsets(list(partitions)))
    finally:
        await consumer.stop()


async def commit_group_offsets(
    bootstrap_servers: str, group: str, offsets: Mapping[TopicPartition, int | OffsetAndMetadata]
) -> None:
    """Set where `group` goes on (with metadata, if given): a group that has
    never consumed starts there."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(list(offsets))
        await consumer.commit(dict(offsets))
    finally:
        await consumer.stop()


async def committed_offsets(bootstrap_servers: str, group: str) -> dict[TopicPartition, int]:
    """Where `group` has committed to, per partition it has committed on."""
    committed = await committed_with_metadata(bootstrap_servers, group)
    return {partition: meta.offset for partition, meta in committed.items()}


async def committed_with_metadata(
    bootstrap_servers: str, group: str
) -> dict[TopicPartition, OffsetAndMetadata]:
    """The same, each with the metadata committed beside it."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        return dict(await admin.list_consumer_group_offsets(group))
    finally:
        await admin.close()


class GroupLag:
    """How far one consumer group is behind its topics, read with one admin
    client and one consumer kept open between reads (the `/lag` endpoint is
    asked often; opening three connections each time cost more than the
    answer). After a failure both are closed and opened again at the next read."""

    def __init__(self, bootstrap_servers: str, group: str, topics: Sequence[str]) -> None:
        self._bootstrap, self._group = bootstrap_servers, group
        self._topics = [str(topic) for topic in topics]
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._lock = asyncio.Lock()

    async def positions(self) -> dict[TopicPartition, tuple[int, int]]:
        """For every partition: its end offset and where the group has committed to."""
        async with self._lock:
            try:
                admin, consumer = await self._clients()
                described = await admin.describe_topics(self._topics)
                partitions = [
                    TopicPartition(t["topic"], p["partition"])
                    for t in described
                    for p in t["partitions"]
                ]
                ends = await consumer.end_offsets(partitions)
                committed = await admin.list_consumer_group_offsets(self._group)
            except BaseException:
                await self._close()
                raise
        return {p: (ends[p], committed[p].offset if p in committed else 0) for p in partitions}

    async def _clients(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self._admin is None or self._consumer is None:
            self._admin = AIOKafkaAdminClient(bootstrap_servers=self._bootstrap)
            self._consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap)
            await self._admin.start()
            await self._consumer.start()
        return self._admin, self._consumer

    async def _close(self) -> None:
        admin, consumer, self._admin, self._consumer = self._admin, self._consumer, None, None
        for client in (admin, consumer):
            try:
                if isinstance(client, AIOKafkaAdminClient):
                    await client.close()
                elif client is not None:
                    await client.stop()
            except Exception:
                pass  # closing what already failed

    async def close(self) -> None:
        async with self._lock:
            await self._close()


async def group_positions(
    bootstrap_servers: str, group: str, topics: Sequence[str]
) -> dict[TopicPartition, tuple[int, int]]:
    """For every partition of `topics`: its end offset and where `group` has
    committed to (0 where it never has). Their difference is the group's lag."""
    partitions = await topic_partitions(bootstrap_servers, topics)
    ends = await end_offsets(bootstrap_servers, partitions)
    committed = await committed_offsets(bootstrap_servers, group)
    return {p: (ends[p], committed.get(p, 0)) for p in partitions}


async def publish_events(bootstrap_servers: str, events: Sequence[Event], source: str) -> None:
    """Each event as a CloudEvent on its topic, in order, without an outbox."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all", linger_ms=5)
    await producer.start()
    try:
        for event in events:
            cloud_event = wrap(event, source)
            await producer.send(
                event.topic,
                cloud_event.kafka_value(),
                key=cloud_event.key.encode(),
                headers=[(k, v.encode()) for k, v in cloud_event.kafka_headers().items()],
            )
        await producer.flush()
    finally:
        await producer.stop()
