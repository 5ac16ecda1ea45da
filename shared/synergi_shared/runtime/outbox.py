"""Transactional outbox without transactions.

FerretDB has no multi-document transactions, so the events a change causes are
written into the changed document itself (an `outbox` array), in the same
single-document write. The relay publishes them and then pulls them out. If the
process dies in between, the relay publishes them again after restart:
delivery is at-least-once, and consumers apply an event idempotently (by its
own ids and versions), so a second copy changes nothing.

Finding the documents whose outbox holds something is a collection scan
(FerretDB uses no index for it), so it is only the fallback, every
`poll_seconds`: a store hands the entries it has just written to its service's
`Outbox`, and the relay it wakes publishes and pulls out just those, without
reading them back.
"""

import asyncio
import inspect
import logging
from collections.abc import Sequence
from typing import Any

from faststream.kafka import KafkaBroker
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from pymongo import UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from synergi_shared.contracts.cloudevents import CloudEvent, wrap
from synergi_shared.contracts.events import EVENT_TYPES, Event
from synergi_shared.runtime.metrics import EVENTS_PUBLISHED
from synergi_shared.runtime.mongo import bulk_write
from synergi_shared.runtime.telemetry import event_attributes

logger = logging.getLogger(__name__)

# Entries published before their acknowledgements are awaited and their
# `$pull`s sent in one bulk write.
RELAY_BATCH = 500
tracer = trace.get_tracer(__name__)

OUTBOX = "outbox"
_PENDING = {f"{OUTBOX}.0": {"$exists": True}}


class Outbox:
    """What a service's stores have just written into outboxes, for its relay.

    A store hands over the entries it wrote (`written`), and the relay watching
    that collection wakes and publishes just those. One per service app: its
    composition root gives it to the stores and to the relay."""

    def __init__(self) -> None:
        # Collection ("db.collection") -> (document id, entry), in written order.
        self._written: dict[str, list[tuple[Any, dict[str, Any]]]] = {}
        self._watched: set[str] = set()
        self.wake = asyncio.Event()

    def written(self, collection: AsyncCollection, doc_id: Any, entries: list[dict]) -> None:
        """Hand over the outbox `entries` just written into `doc_id`, and wake
        the relay, so they go out now rather than at its next scan. With no
        relay watching nothing is kept: the scan of the next relay finds them."""
        if entries and collection.full_name in self._watched:
            self._written.setdefault(collection.full_name, []).extend((doc_id, e) for e in entries)
            self.wake.set()

    def watch(self, collections: Sequence[AsyncCollection]) -> None:
        self._watched |= {collection.full_name for collection in collections}

    def unwatch(self) -> None:
        self._watched.clear()

    def take(self, collection: AsyncCollection) -> list[tuple[Any, dict[str, Any]]]:
        """The entries handed over for `collection` since the last take."""
        return self._written.pop(collection.full_name, [])

    def forget(self, collection: AsyncCollection, entry_ids: set[str]) -> None:
        """Drop handed-over entries a scan has published already."""
        if handed := self._written.get(collection.full_name):
            self._written[collection.full_name] = [h for h in handed if h[1]["id"] not in entry_ids]


def outbox_entries(*events: Event, source: str | None = None) -> list[dict[str, Any]]:
    """Outbox entries for `events`, carrying the current trace context so the
    relay's publish continues the trace of the request that caused them."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return [{**wrap(event, source).as_document(), "trace": carrier} for event in events]


def push_outbox(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The `$push` part of an update that also records `entries` for publishing."""
    return {"$push": {OUTBOX: {"$each": entries}}}


class OutboxRelay:
    """Publishes what the given collections' outboxes hold, oldest first."""

    def __init__(
        self,
        broker: KafkaBroker,
        outbox: Outbox,
        collections: Sequence[AsyncCollection],
        poll_seconds: float,
        service: str = "",
    ) -> None:
        self._broker = broker
        self._service = service
        self._outbox = outbox
        self._collections = collections
        self._poll_seconds = poll_seconds
        self._wake = outbox.wake
        self._stopping = False
        outbox.watch(collections)

    async def backlog(self) -> int:
        """How many documents still hold events not yet on Kafka."""
        return sum([await collection.count_documents(_PENDING) for collection in self._collections])

    async def relay_pending(self) -> int:
        """Publish every pending event once; return how many were published."""
        found = [
            (collection, doc["_id"], entry)
            for collection in self._collections
            async for doc in collection.find(_PENDING, {OUTBOX: 1})
            for entry in doc[OUTBOX]
        ]
        published = await self._relay(found)
        # Entries handed over while the scan ran may be among what it published.
        scanned = {entry["id"] for _, _, entry in found}
        for collection in self._collections:
            self._outbox.forget(collection, scanned)
        return published

    async def relay_written(self) -> int:
        """Publish the entries the stores handed over (`Outbox.written`). What
        is left undone here (a failure, a stop) the next scan finds."""
        return await self._relay(
            [
                (collection, doc_id, entry)
                for collection in self._collections
                for doc_id, entry in self._outbox.take(collection)
            ]
        )

    async def _relay(self, pending: list[tuple[AsyncCollection, Any, dict[str, Any]]]) -> int:
        # Oldest first (a stable sort keeps the written order within one
        # instant), so one organisation's events keep the order they happened in.
        pending.sort(key=lambda item: item[2]["time"])
        for start in range(0, len(pending), RELAY_BATCH):
            if self._stopping:
                break
            batch = pending[start : start + RELAY_BATCH]
            # Sent without waiting for each acknowledgement (the producer keeps
            # their order), then all confirmed before any is pulled out.
            confirmations = [await self._publish(entry) for _, _, entry in batch]
            # (An in-memory test broker delivers at once and confirms nothing.)
            await asyncio.gather(*filter(inspect.isawaitable, confirmations))
            pulls: dict[str, tuple[AsyncCollection, list[UpdateOne]]] = {}
            for collection, doc_id, entry in batch:
                # The whole entry: FerretDB v1's $pull matches only equal values.
                pull = UpdateOne({"_id": doc_id}, {"$pull": {OUTBOX: entry}})
                pulls.setdefault(collection.full_name, (collection, []))[1].append(pull)
            for collection, requests in pulls.values():
                await bulk_write(collection, requests)
        return len(pending)

    async def _publish(self, entry: dict[str, Any]) -> Any:
        """Send the entry; return what confirms it (or None)."""
        cloud_event = CloudEvent.from_document(entry)
        token = otel_context.attach(propagate.extract(entry.get("trace") or {}))
        try:
            topic = EVENT_TYPES[cloud_event.type].topic.value
            with tracer.start_as_current_span(
                "outbox relay",
                kind=trace.SpanKind.INTERNAL,
                attributes=event_attributes(cloud_event),
            ):
                confirmation = await self._broker.publish(
                    cloud_event.kafka_value(),
                    topic=topic,
                    key=cloud_event.key.encode(),
                    headers=cloud_event.kafka_headers(),
                    no_confirm=True,
                )
            EVENTS_PUBLISHED.labels(self._service, topic, cloud_event.type).inc()
            return confirmation
        finally:
            otel_context.detach(token)

    async def run(self) -> None:
        # A full scan at start (what a previous process left behind), after a
        # failure, and at least every poll_seconds (what another instance of
        # the service left when it died); in between, only what was written.
        loop = asyncio.get_running_loop()
        scan, last_scan = True, loop.time()
        while not self._stopping:
            self._wake.clear()
            try:
                if scan:
                    last_scan = loop.time()
                    await self.relay_pending()
                else:
                    await self.relay_written()
                failed = False
            except Exception as error:
                # Kafka being away is expected now and then: say so without a trace.
                logger.warning("outbox relay: %r; retrying in %.1fs", error, self._poll_seconds)
                failed = True
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_seconds)
            except TimeoutError:
                pass
            scan = failed or loop.time() - last_scan >= self._poll_seconds

    def stop(self) -> None:
        """Finish the event being published, then return from `run`. (Cancelling
        is not enough: a publish can swallow the cancellation on its way through
        an in-memory broker's subscribers.)"""
        self._stopping = True
        self._wake.set()
        self._outbox.unwatch()
