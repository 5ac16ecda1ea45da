"""A thin adapter between a Kafka subscriber and a plain async handler function.

It decodes the CloudEvent, calls the handler, retries a failing event a few
times with back-off, and then sends it to the topic's dead-letter topic with the
error in headers, so one bad event never blocks its partition. Database outages
are not the event's fault: those re-raise, the offset is not committed, and the
event is redelivered once the database is back.
"""

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import ConsumerRecord
from faststream.kafka import KafkaBroker, KafkaRouter
from faststream.kafka.annotations import KafkaBroker as CurrentBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from opentelemetry import propagate, trace
from pymongo.errors import ConnectionFailure

from synergi_shared.contracts.cloudevents import CloudEvent, MalformedEvent, unwrap
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.broker import SUBSCRIBER_DEFAULTS
from synergi_shared.runtime.metrics import (
    EVENT_PROCESSING,
    EVENTS_CONSUMED,
    EVENTS_DEAD_LETTERED,
    EVENTS_FAILED,
)
from synergi_shared.runtime.telemetry import event_attributes

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

# A handler gets the typed event; the envelope's attributes are on the span.
EventHandler = Callable[[Event], Awaitable[None]]
BatchHandler = Callable[[list[Event]], Awaitable[None]]


async def dead_letter(
    broker: KafkaBroker, record: ConsumerRecord, topic: Topic, group_id: str, error: Exception
) -> None:
    headers = {name: raw.decode(errors="replace") for name, raw in record.headers}
    headers.update(
        {
            "dlq_error": f"{type(error).__name__}: {error}"[:2000],
            "dlq_original_topic": record.topic,
            "dlq_original_partition": str(record.partition),
            "dlq_original_offset": str(record.offset),
            # Which consumer gave up on it: every group reading the topic decides alone.
            "dlq_consumer_group": group_id,
        }
    )
    await broker.publish(record.value, topic=topic.dlq, key=record.key or None, headers=headers)
    logger.warning(
        "event sent to dead-letter topic",
        extra={"topic": record.topic, "offset": record.offset, "error": str(error)},
    )


def _decode(record: ConsumerRecord, max_event_bytes: int) -> tuple[Event, CloudEvent]:
    """The record's event; MalformedEvent if it is too big or not a valid one."""
    if len(record.value or b"") > max_event_bytes:
        raise MalformedEvent(
            f"event of {len(record.value)} bytes is over the {max_event_bytes}-byte limit"
        )
    cloud_event = CloudEvent.from_kafka(record.headers, record.value, record.key)
    return unwrap(cloud_event), cloud_event


@dataclass(frozen=True)
class Delivery:
    """How a service's consumer treats what it receives."""

    service: str
    max_attempts: int = 3
    max_event_bytes: int = 256 * 1024
    backoff: float = 0.2  # seconds before the first retry, doubled for each next


def event_router(
    topics: Sequence[Topic], group_id: str, handler: EventHandler, delivery: Delivery
) -> KafkaRouter:
    """A router with one subscriber (one consumer in `group_id`) that feeds the
    events of `topics` to `handler`."""

    async def consume(message: KafkaMessage, broker: CurrentBroker) -> None:
        record: ConsumerRecord = message.raw_message  # type: ignore[assignment]
        with EVENT_PROCESSING.labels(delivery.service, record.topic).time():
            try:
                event, cloud_event = _decode(record, delivery.max_event_bytes)
            except MalformedEvent as error:
                await _set_aside(broker, record, group_id, error, delivery.service, "malformed")
                return
            trace.get_current_span().set_attributes(event_attributes(cloud_event))

            async def handle(events: list[Event]) -> None:
                await handler(events[0])

            error = await _attempt(handle, [event], {record.topic}, delivery)
            if error is None:
                EVENTS_CONSUMED.labels(delivery.service, record.topic, cloud_event.type).inc()
            else:
                await _set_aside(broker, record, group_id, error, delivery.service, "failed")

    return _subscribed(topics, group_id, consume)


def batch_event_router(
    topics: Sequence[Topic],
    group_id: str,
    handler: BatchHandler,
    delivery: Delivery,
    max_records: int = 1000,
) -> KafkaRouter:
    """Like `event_router`, but `handler` takes whatever arrived together (up to
    `max_records` events), so it can spend a few database commands per batch
    instead of several per event. The offsets are committed after it returns.
    A batch that keeps failing is taken apart: each event alone, so only the
    one at fault goes to the dead-letter topic."""

    async def consume(message: KafkaMessage, broker: CurrentBroker) -> None:
        records: tuple[ConsumerRecord, ...] = message.raw_message  # type: ignore[assignment]
        decoded: list[tuple[ConsumerRecord, Event, CloudEvent]] = []
        for record in records:
            try:
                event, cloud_event = _decode(record, delivery.max_event_bytes)
                decoded.append((record, event, cloud_event))
            except MalformedEvent as error:
                await _set_aside(broker, record, group_id, error, delivery.service, "malformed")
        if not decoded:
            return
        batch_span = trace.get_current_span()
        batch_span.set_attribute("messaging.batch.message_count", len(decoded))
        for record, _, cloud_event in decoded:
            _received(record, cloud_event, batch_span, len(decoded))
        with EVENT_PROCESSING.labels(delivery.service, "batch").time():
            events = [event for _, event, _ in decoded]
            topics = {record.topic for record, _, _ in decoded}
            if len(decoded) > 1 and await _attempt(handler, events, topics, delivery) is None:
                outcomes: list[Exception | None] = [None] * len(decoded)
            else:  # one at a time, so only the event at fault is set aside
                outcomes = [
                    await _attempt(handler, [e], {r.topic}, delivery) for r, e, _ in decoded
                ]
        for (record, _, cloud_event), error in zip(decoded, outcomes, strict=True):
            if error is None:
                EVENTS_CONSUMED.labels(delivery.service, record.topic, cloud_event.type).inc()
            else:
                await _set_aside(broker, record, group_id, error, delivery.service, "failed")

    # Wait at most 20 ms for more events to join a batch that has some.
    return _subscribed(
        topics, group_id, consume, batch=True, max_records=max_records, batch_timeout_ms=20
    )


def _subscribed(
    topics: Sequence[Topic], group_id: str, consume: Callable[..., Awaitable[None]], **options: Any
) -> KafkaRouter:
    """A router whose one subscriber, in `group_id`, hands `topics` to `consume`."""
    router = KafkaRouter()
    router.subscriber(
        *topics,
        group_id=group_id,
        title=f"{group_id}:{','.join(topics)}",
        decoder=raw_body,
        **SUBSCRIBER_DEFAULTS,
        **options,
    )(consume)
    return router


def _received(
    record: ConsumerRecord, cloud_event: CloudEvent, batch: trace.Span, size: int
) -> None:
    """A span in the trace of the request that caused the event, saying it was
    received and linking to the batch's span, where the work is (OpenTelemetry's
    convention for batch processing): an operator following one request sees it
    arrive and can step over to what was done with it."""
    headers = {name: raw.decode(errors="replace") for name, raw in record.headers}
    span = tracer.start_span(
        f"{record.topic} receive",
        context=propagate.extract(headers),
        kind=trace.SpanKind.CONSUMER,
        links=[trace.Link(batch.get_span_context())],
        attributes={
            **event_attributes(cloud_event),
            "messaging.system": "kafka",
            "messaging.destination.name": record.topic,
            "messaging.batch.message_count": size,
        },
    )
    span.end()


async def _set_aside(
    broker: KafkaBroker,
    record: ConsumerRecord,
    group_id: str,
    error: Exception,
    service: str,
    reason: str,
) -> None:
    """To the dead-letter topic, counted by why (`malformed` or `failed`)."""
    await dead_letter(broker, record, Topic(record.topic), group_id, error)
    EVENTS_DEAD_LETTERED.labels(service, record.topic, reason).inc()


async def _attempt(
    handler: BatchHandler, events: list[Event], topics: set[str], delivery: Delivery
) -> Exception | None:
    """Run the handler up to `attempts` times; the last error if it never
    succeeded (counted as failures of the `topics` the events came from). A
    database outage is not the events' fault: it propagates, so nothing is
    committed and the events come again."""
    for attempt in range(1, delivery.max_attempts + 1):
        try:
            await handler(events)
            return None
        except ConnectionFailure:
            for topic in topics:
                EVENTS_FAILED.labels(delivery.service, topic).inc()
            raise
        except Exception as error:
            for topic in topics:
                EVENTS_FAILED.labels(delivery.service, topic).inc()
            if attempt == delivery.max_attempts:
                logger.exception("%d event(s) failed %d times", len(events), attempt)
                return error
            await asyncio.sleep(delivery.backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


async def raw_body(message: StreamMessage[ConsumerRecord]) -> bytes:
    """Leave decoding to CloudEvent.from_kafka, which turns a bad body into a
    dead letter instead of an exception inside FastStream."""
    return message.body
