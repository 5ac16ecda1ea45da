"""Looking at and replaying dead-lettered events (`synergi dlq list|replay`).

A dead letter is the original message (value, key and headers as received)
plus `dlq_*` headers saying why and where it came from. Replaying publishes it
again to its original topic without those headers; consumers apply events
idempotently (by their ids and versions), so replaying one twice does no harm.

The consumer group `<prefix>dlq-replay` remembers what was replayed, per
dead-letter partition: its committed offset is the first letter not replayed,
and the offset's metadata lists the letters after it that were replayed one
by one (`replay --at`). So `list` marks every replayed letter, and a second
`--all` replays only what has not been.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.kafka_admin import (
    commit_group_offsets,
    committed_with_metadata,
    start_offsets,
    topic_partitions,
)

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
    replayed: bool

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
    marks = await _replay_marks(bootstrap_servers, replay_group)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for partition, first in (await consumer.beginning_offsets(partitions)).items():
            consumer.seek(partition, first)
        letters: list[DeadLetter] = []
        remaining = {p for p in partitions if await consumer.position(p) < ends[p]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for partition, records in batches.items():
                mark = marks.get(partition, _Mark())
                letters += [
                    _letter(r, replayed=mark.covers(r.offset))
                    for r in records
                    if r.offset < ends[partition]
                ]
                if await consumer.position(partition) >= ends[partition]:
                    remaining.discard(partition)
        return sorted(letters, key=lambda d: (d.topic, d.partition, d.offset))
    finally:
        await consumer.stop()


async def replay(
    bootstrap_servers: str, letters: Sequence[DeadLetter], replay_group: str = REPLAY_GROUP
) -> int:
    """Publish `letters` to their original topics, then mark them replayed."""
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
    if letters:
        marks = await _replay_marks(bootstrap_servers, replay_group)
        touched = {TopicPartition(letter.topic, letter.partition) for letter in letters}
        # Letters the topic's retention dropped count as done, so no gap stays open.
        for partition, first in (await start_offsets(bootstrap_servers, list(touched))).items():
            marks[partition] = marks.get(partition, _Mark()).from_(first)
        for letter in letters:
            partition = TopicPartition(letter.topic, letter.partition)
            marks[partition] = marks[partition].plus(letter.offset)
        await commit_group_offsets(
            bootstrap_servers,
            replay_group,
            {p: OffsetAndMetadata(m.below, json.dumps(sorted(m.above))) for p, m in marks.items()},
        )
    return len(letters)


@dataclass(frozen=True)
class _Mark:
    """What was replayed on one dead-letter partition: every offset below
    `below`, and those in `above`."""

    below: int = 0
    above: frozenset[int] = frozenset()

    def covers(self, offset: int) -> bool:
        return offset < self.below or offset in self.above

    def plus(self, offset: int) -> "_Mark":
        return _marked(self.below, self.above | {offset})

    def from_(self, first: int) -> "_Mark":
        """The same, on a partition whose first offset is now `first`."""
        return _marked(max(self.below, first), self.above)


def _marked(below: int, above: frozenset[int]) -> _Mark:
    """Keep the list short: what is contiguous with `below` moves below it."""
    while below in above:
        below += 1
    return _Mark(below, frozenset(offset for offset in above if offset > below))


async def _replay_marks(bootstrap_servers: str, group: str) -> dict[TopicPartition, _Mark]:
    committed = await committed_with_metadata(bootstrap_servers, group)
    return {
        partition: _Mark(max(meta.offset, 0), frozenset(json.loads(meta.metadata or "[]")))
        for partition, meta in committed.items()
    }


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
