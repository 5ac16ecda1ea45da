"""Transactional outbox without transactions.

FerretDB has no multi-document transactions, so the events a change causes are
written into the changed document itself (an `outbox` array), in the same
single-document write. The relay publishes them and then pulls them out. If the
process dies in between, the relay publishes them again after restart:
delivery is at-least-once and consumers deduplicate on the event id.
"""

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from faststream.kafka import KafkaBroker
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from pymongo.asynchronous.collection import AsyncCollection

from synergi_shared.cloudevents import CloudEvent, wrap
from synergi_shared.events import EVENT_TYPES, Event
from synergi_shared.metrics import EVENTS_PUBLISHED
from synergi_shared.telemetry import event_attributes

logger = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)

OUTBOX = "outbox"


def outbox_entries(source: str, *events: Event) -> list[dict[str, Any]]:
    """Outbox entries for `events`, carrying the current trace context so the
    relay's publish continues the trace of the request that caused them."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return [{**wrap(event, source).as_document(), "trace": carrier} for event in events]


def push_outbox(source: str, *events: Event) -> dict[str, Any]:
    """The `$push` part of an update that also records `events` for publishing."""
    return {"$push": {OUTBOX: {"$each": outbox_entries(source, *events)}}}


class OutboxRelay:
    """Publishes what the given collections' outboxes hold, oldest first."""

    def __init__(
        self,
        broker: KafkaBroker,
        collections: Sequence[AsyncCollection],
        poll_seconds: float,
        service: str = "",
    ) -> None:
        self._broker = broker
        self._service = service
        self._collections = collections
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._stopping = False

    def notify(self) -> None:
        """Something was just written: relay it now rather than at the next poll."""
        self._wake.set()

    async def backlog(self) -> int:
        """How many documents still hold events not yet on Kafka."""
        query = {f"{OUTBOX}.0": {"$exists": True}}
        return sum([await collection.count_documents(query) for collection in self._collections])

    async def relay_pending(self) -> int:
        """Publish every pending event once; return how many were published."""
        pending: list[tuple[Any, int, AsyncCollection, Any, dict[str, Any]]] = []
        for collection in self._collections:
            async for doc in collection.find({f"{OUTBOX}.0": {"$exists": True}}, {OUTBOX: 1}):
                for position, entry in enumerate(doc[OUTBOX]):
                    pending.append((entry["time"], position, collection, doc["_id"], entry))
        # Oldest first, so one organisation's events keep the order they happened in.
        pending.sort(key=lambda item: (item[0], item[1]))
        for _, _, collection, doc_id, entry in pending:
            if self._stopping:
                break
            await self._publish(entry)
            # The whole entry as read: FerretDB v1's $pull matches only equal values.
            await collection.update_one({"_id": doc_id}, {"$pull": {OUTBOX: entry}})
        return len(pending)

    async def _publish(self, entry: dict[str, Any]) -> None:
        cloud_event = CloudEvent.from_document(entry)
        token = otel_context.attach(propagate.extract(entry.get("trace") or {}))
        try:
            topic = EVENT_TYPES[cloud_event.type].topic.value
            with tracer.start_as_current_span(
                "outbox relay",
                kind=trace.SpanKind.INTERNAL,
                attributes=event_attributes(cloud_event),
            ):
                await self._broker.publish(
                    cloud_event.kafka_value(),
                    topic=topic,
                    key=cloud_event.key.encode(),
                    headers=cloud_event.kafka_headers(),
                )
            EVENTS_PUBLISHED.labels(self._service, topic, cloud_event.type).inc()
        finally:
            otel_context.detach(token)

    async def run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                await self.relay_pending()
            except Exception as error:
                # Kafka being away is expected now and then: say so without a trace.
                logger.warning("outbox relay: %r; retrying in %.1fs", error, self._poll_seconds)
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
            except TimeoutError:
                pass

    def stop(self) -> None:
        """Finish the event being published, then return from `run`. (Cancelling
        is not enough: a publish can swallow the cancellation on its way through
        an in-memory broker's subscribers.)"""
        self._stopping = True
        self._wake.set()
