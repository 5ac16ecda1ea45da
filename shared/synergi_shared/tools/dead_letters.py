"""Looking at and replaying dead-lettered events (`synergi dlq list|replay`).

A dead letter is the original message (value, key and headers as received)
plus `dlq_*` headers saying why and where it came from. Replaying publishes it
again to its original topic without those headers; consumers apply events
idempotently (by their ids and versions), so replaying one twice does no harm. The consumer group
`<prefix>dlq-replay` remembers how far `replay --all` got on each dead-letter
partition, so a second `--all` replays only what arrived since.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.kafka_admin import commit_group_offsets, topic_partitions

DLQ_HEADER_PREFIX = "dlq_"
REPLAY_GROUP = "dlq-replay"


@dataclass(frozen=True)
class DeadLetter:
    topic: str  # the dead-letter topic
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    replayed: bool  # `replay --all` has passed it

    @property
    def position(self) -> str:
        return f"{self.topic}:{self.partition}:{self.offset}"

    def header(self, name: str) -> str:
        return next((v.decode(errors="replace") for k, v in self.headers if k == name), "")

    @property
    def original_topic(self) -> str:
        return self.header("dlq_original_topic") or self.topic.removesuffix(".dlq")

    def original_headers(self) -> list[tuple[str, bytes]]:
        return [(k, v) for k, v in self.headers if not k.startswith(DLQ_HEADER_PREFIX)]


def dead_letter_topics(topics: Sequence[str] = ()) -> list[str]:
    """The dead-letter topics of `topics` (names with or without `.dlq`), or all of them."""
    chosen = topics or [topic.value for topic in Topic]
    return [name if name.endswith(".dlq") else f"{name}.dlq" for name in chosen]


async def list_dead_letters(
    bootstrap_servers: str, topics: Sequence[str], replay_group: str = REPLAY_GROUP
) -> list[DeadLetter]:
    """Every message now on the given dead-letter topics, oldest first per partition."""
    partitions = await topic_partitions(bootstrap_servers, dead_letter_topics(topics))
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=replay_group,
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        await consumer.seek_to_beginning(*partitions)
        replayed_to = {p: await consumer.committed(p) or 0 for p in partitions}
        letters: list[DeadLetter] = []
        remaining = {p for p in partitions if await consumer.position(p) < ends[p]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for partition, records in batches.items():
                letters += [
                    _letter(r, replayed=r.offset < replayed_to[partition])
                    for r in records
                    if r.offset < ends[partition]
                ]
                if await consumer.position(partition) >= ends[partition]:
                    remaining.discard(partition)
        return sorted(letters, key=lambda d: (d.topic, d.partition, d.offset))
    finally:
        await consumer.stop()


async def replay(
    bootstrap_servers: str, letters: Sequence[DeadLetter], *, mark_group: str | None = None
) -> int:
    """Publish `letters` to their original topics; with `mark_group`, record
    each partition's progress so they count as replayed."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_servers, acks="all")
    await producer.start()
    try:
        for letter in letters:
            await producer.send_and_wait(
                letter.original_topic,
                value=letter.value,
                key=letter.key,
                headers=letter.original_headers(),
            )
    finally:
        await producer.stop()
    if mark_group and letters:
        done: dict[TopicPartition, int] = {}
        for letter in letters:
            partition = TopicPartition(letter.topic, letter.partition)
            done[partition] = max(done.get(partition, 0), letter.offset + 1)
        await commit_group_offsets(bootstrap_servers, mark_group, done)
    return len(letters)


def _letter(record: ConsumerRecord, *, replayed: bool) -> DeadLetter:
    return DeadLetter(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        value=record.value,
        headers=tuple(record.headers),
        replayed=replayed,
    )
