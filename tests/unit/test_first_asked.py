"""The "not yet or never" window, on the in-memory store: an id is pending for
PENDING_SECONDS after it was first asked about, and old first asks are swept."""

from datetime import UTC, datetime, timedelta

from mongomock_motor import AsyncMongoMockClient

from synergi_shared.runtime import unheard_of
from synergi_shared.runtime.unheard_of import FirstAsked


async def test_an_id_is_pending_within_the_window_and_final_after_it(monkeypatch) -> None:
    asked = FirstAsked(AsyncMongoMockClient(tz_aware=True)["w"])
    assert await asked.still_pending("participant/p1")
    assert await asked.still_pending("participant/p1")  # asked again, still in the window
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)
    assert not await asked.still_pending("participant/p1")


async def test_first_asks_older_than_a_day_are_forgotten() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["w"]
    long_ago = datetime.now(UTC) - timedelta(days=2)
    await db["pending_lookups"].insert_one({"_id": "participant/old", "first_asked": long_ago})
    await FirstAsked(db).still_pending("participant/new")
    assert [doc["_id"] async for doc in db["pending_lookups"].find()] == ["participant/new"]
