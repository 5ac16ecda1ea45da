"""The relay publishes the entries a store handed its service's outbox,
without reading them back; the scan of whole collections is only the fallback
for what nobody handed over."""

import asyncio
from datetime import date
from unittest.mock import patch

from mongomock_motor import AsyncMongoMockClient

from synergi_shared.contracts.events import EditionCreated
from synergi_shared.runtime.outbox import OUTBOX, Outbox, OutboxRelay, outbox_entries


class Recording:
    def __init__(self) -> None:
        self.published: list[bytes] = []

    async def publish(self, value: bytes, **_: object) -> None:
        self.published.append(value)


async def test_the_relay_publishes_what_it_was_handed_and_the_scan_finds_the_rest() -> None:
    collection = AsyncMongoMockClient(tz_aware=True)["relay"]["docs"]
    broker = Recording()
    outbox = Outbox()
    relay = OutboxRelay(broker, outbox, [collection], poll_seconds=60)  # type: ignore[arg-type]
    for slug in ("told", "forgotten"):
        event = EditionCreated(edition=slug, title=slug, date=date(2026, 5, 1))
        entries = outbox_entries(event, source="/test")
        await collection.insert_one({"_id": slug, OUTBOX: entries})
        if slug == "told":
            outbox.written(collection, slug, entries)

    with patch.object(collection, "find", side_effect=AssertionError("read back")):
        assert await relay.relay_written() == 1
    assert [b'"told"' in value for value in broker.published] == [True]
    assert await relay.relay_written() == 0  # told once, relayed once
    assert await relay.backlog() == 1

    assert await relay.relay_pending() == 1  # the fallback scan
    assert b'"forgotten"' in broker.published[-1]
    assert await relay.backlog() == 0


async def test_telling_the_relay_wakes_it_long_before_its_next_scan() -> None:
    collection = AsyncMongoMockClient(tz_aware=True)["relay"]["woken"]
    broker = Recording()
    outbox = Outbox()
    relay = OutboxRelay(broker, outbox, [collection], poll_seconds=60)  # type: ignore[arg-type]
    running = asyncio.create_task(relay.run())
    await asyncio.sleep(0.05)  # the start-up scan finds nothing

    event = EditionCreated(edition="now", title="now", date=date(2026, 5, 1))
    entries = outbox_entries(event, source="/test")
    await collection.insert_one({"_id": "now", OUTBOX: entries})
    outbox.written(collection, "now", entries)
    for _ in range(100):
        if broker.published:
            break
        await asyncio.sleep(0.01)
    relay.stop()
    await asyncio.wait_for(running, timeout=5)
    assert len(broker.published) == 1 and b'"now"' in broker.published[0]


async def test_an_entry_handed_over_and_found_by_a_scan_goes_out_once() -> None:
    collection = AsyncMongoMockClient(tz_aware=True)["relay"]["both"]
    broker = Recording()
    outbox = Outbox()
    relay = OutboxRelay(broker, outbox, [collection], poll_seconds=60)  # type: ignore[arg-type]
    event = EditionCreated(edition="both", title="both", date=date(2026, 5, 1))
    entries = outbox_entries(event, source="/test")
    await collection.insert_one({"_id": "both", OUTBOX: entries})
    outbox.written(collection, "both", entries)  # written while a scan was running

    assert await relay.relay_pending() == 1
    assert await relay.relay_written() == 0
    assert len(broker.published) == 1
    relay.stop()


async def test_what_is_handed_over_with_no_relay_watching_is_not_kept() -> None:
    """A store alone, or after its relay stopped: the next relay's scan finds it."""
    collection = AsyncMongoMockClient(tz_aware=True)["relay"]["alone"]
    outbox = Outbox()
    event = EditionCreated(edition="alone", title="alone", date=date(2026, 5, 1))
    outbox.written(collection, "alone", outbox_entries(event, source="/test"))
    assert outbox.take(collection) == []
    relay = OutboxRelay(Recording(), outbox, [collection], poll_seconds=60)  # type: ignore[arg-type]
    relay.stop()
    outbox.written(collection, "alone", outbox_entries(event, source="/test"))
    assert outbox.take(collection) == []
