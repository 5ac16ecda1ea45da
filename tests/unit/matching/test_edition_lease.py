"""The lease on an edition: kept while its holder works, however long, and
lost soon after the holder stops renewing it (killed), so another instance
takes over within the lease, not after minutes."""

import asyncio
from datetime import timedelta

from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import holders
from synergi_matching.store.holders import HolderStore


async def test_a_working_holder_keeps_its_edition_and_a_dead_one_loses_it(monkeypatch) -> None:
    monkeypatch.setattr(holders, "LEASE", timedelta(seconds=0.4))
    monkeypatch.setattr(holders, "RENEW_EVERY", timedelta(seconds=0.1))
    store = HolderStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    assert await store.hold("day", "first") is not None
    keeping = store.keep("day", "first")
    await asyncio.sleep(1.0)  # work for more than two leases
    assert await store.hold("day", "second") is None
    keeping.cancel()  # as if killed: no renewal, no release
    assert await store.hold("day", "second") is None
    await asyncio.sleep(0.5)
    assert await store.hold("day", "second") is not None
