"""`consume`: the matching service working through a pre-filled backlog of
profile, registration, attendance and feedback events into FerretDB, against
two baselines over the same records: (a) a raw aiokafka consumer that only
reads and JSON-decodes them, and (b) a hand-written pipeline that decodes them
and bulk-upserts one document per event into the same store with PyMongo."""

import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from pymongo import AsyncMongoClient, UpdateOne

from bench.results import Row
from bench.support import KAFKA, bench_settings, caught_up, commit, ends, partitions
from bench.workload import joined, organizations
from synergi_matching.app import create_app
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    FollowUpWish,
    WorkshopFeedback,
)
from synergi_shared.runtime.kafka_admin import publish_events
from synergi_shared.runtime.mongo import bulk_write


def impact_day(events: int, edition: str) -> list[Event]:
    """About `events` events: per organisation its profile, registration, two
    check-ins and an evaluation, in the order a day produces them."""
    orgs = organizations(max(2, events // 5), seed=len(edition))
    ids = {org.id: f"{edition}-{org.id}" for org in orgs}  # unique per run
    day: list[Event] = [EditionCreated(edition=edition, title="Bench", date=date(2026, 5, 1))]
    for org in orgs:
        org_id = ids[org.id]
        day += joined(org, edition, org_id)
    for org in orgs:
        for workshop in org.workshops:
            day.append(
                AttendanceRecorded(
                    edition=edition,
                    workshop_id=f"{edition}-{workshop}",
                    theme="co-creation",
                    participant_id=f"{ids[org.id]}-p",
                    organization_id=ids[org.id],
                )
            )
    for org in orgs:
        day.append(
            FeedbackSubmitted(
                edition=edition,
                participant_id=f"{ids[org.id]}-p",
                organization_id=ids[org.id],
                version=1,
                day_rating=4,
                workshops=[
                    WorkshopFeedback(workshop_id=f"{edition}-{w}", theme="co-creation", rating=4)
                    for w in org.workshops
                ],
                follow_ups=[FollowUpWish(organization_id=ids[w]) for w in org.wishes if w in ids],
            )
        )
    return day


@asynccontextmanager
async def _reading(start: dict[TopicPartition, int]) -> AsyncIterator[AIOKafkaConsumer]:
    """A plain consumer at `start`, committing nothing."""
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(list(start))
        for partition, offset in start.items():
            consumer.seek(partition, offset)
        yield consumer
    finally:
        await consumer.stop()


async def _timed_read(
    start: dict[TopicPartition, int],
    end: dict[TopicPartition, int],
    handle: Callable[[list[ConsumerRecord]], Awaitable[None]],
    max_records: int | None = None,
) -> float:
    """Seconds to read the range up to `end`, a batch at a time through `handle`."""
    async with _reading(start) as consumer:
        started = time.perf_counter()
        remaining = {p for p in start if end[p] > start[p]}
        while remaining:
            batch = await consumer.getmany(timeout_ms=200, max_records=max_records)
            await handle([record for records in batch.values() for record in records])
            for partition in batch:
                if await consumer.position(partition) >= end[partition]:
                    remaining.discard(partition)
        return time.perf_counter() - started


async def _raw(start: dict[TopicPartition, int], end: dict[TopicPartition, int]) -> float:
    """Seconds for a plain consumer to read and JSON-decode the range."""

    async def decode(records: list[ConsumerRecord]) -> None:
        for record in records:
            json.loads(record.value)

    return await _timed_read(start, end, decode)


async def _upserted(start: dict[TopicPartition, int], end: dict[TopicPartition, int]) -> float:
    """Seconds for a hand-written pipeline to read, decode and bulk-upsert one
    document per event into FerretDB (in the chunks FerretDB needs, see
    synergi_shared.runtime.mongo.bulk_write), committing nothing."""
    settings = bench_settings()
    client: AsyncMongoClient = AsyncMongoClient(settings.mongo_url)
    collection = client[settings.database_name("consume_baseline")]["events"]

    async def upsert(records: list[ConsumerRecord]) -> None:
        requests = [
            # Binary CloudEvents: the id is a header, the value the data.
            UpdateOne(
                {"_id": dict(record.headers)["ce_id"].decode()},
                {"$set": json.loads(record.value)},
                upsert=True,
            )
            for record in records
        ]
        await bulk_write(collection, requests)

    try:
        return await _timed_read(start, end, upsert, max_records=1000)
    finally:
        await client.drop_database(collection.database.name)
        await client.close()


async def run(events: int, editions: int) -> list[Row]:
    settings = bench_settings()
    day = [
        event
        for n in range(editions)
        for event in impact_day(events // editions, f"bench-{settings.mongo_database_prefix}-{n}")
    ]
    every = await partitions()
    start = await ends(every)
    await publish_events(KAFKA, day, "/bench")
    end = await ends(every)
    raw = await _raw(start, end)
    upserted = await _upserted(start, end)

    group = settings.consumer_group("matching")
    await commit(group, start)
    app = create_app(settings)
    started = time.perf_counter()
    async with app.router.lifespan_context(app):
        await caught_up(group, end)
        elapsed = time.perf_counter() - started
    rate, raw_rate, upsert_rate = len(day) / elapsed, len(day) / raw, len(day) / upserted
    note = (
        f"{len(day)} events: {editions} editions of {events // editions // 5} organisations; "
        "matching's time includes joining the consumer group"
    )
    return [
        Row.rate(
            "consume",
            rate,
            upsert_rate,
            "events/s",
            at_least=0.5,
            note=note + "; baseline: decode and bulk-upsert a document per event",
            size=len(day),
        ),
        Row.rate(
            "consume.vs_raw_kafka",
            rate,
            raw_rate,
            "events/s",
            at_least=None,
            note="baseline: a raw aiokafka consumer decoding the same records",
            size=len(day),
        ),
    ]
