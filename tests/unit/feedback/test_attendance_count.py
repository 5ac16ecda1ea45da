"""`checked_in` counts each participant once, however often their check-ins
arrive and wherever a delivery was cut short."""

import pytest
from mongomock_motor import AsyncMongoMockClient

from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.events import AttendanceRecorded


def attended(workshop: str, participant: str) -> AttendanceRecorded:
    return AttendanceRecorded(
        edition="ed",
        workshop_id=workshop,
        theme="co-creation",
        participant_id=participant,
        organization_id="org",
    )


@pytest.fixture
async def store() -> FeedbackStore:
    store = FeedbackStore(AsyncMongoMockClient(tz_aware=True)["feedback"])
    await store.create_indexes()
    return store


async def checked_in(store: FeedbackStore) -> int:
    return (await store.summary_counters("ed")).get("checked_in", 0)


async def test_each_participant_counts_once_across_workshops_and_duplicates(store) -> None:
    for event in [
        attended("w1", "p1"),
        attended("w1", "p1"),
        attended("w2", "p1"),
        attended("w2", "p2"),
        attended("w1", "p1"),
    ]:
        await store.save_attendance(event)
    assert await checked_in(store) == 2


async def test_a_check_in_redelivered_after_a_crash_before_the_count_is_counted(
    store, monkeypatch
) -> None:
    class Crash(Exception):
        pass

    async def die(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(store.summaries, "update_one", die)  # killed after the fact
    with pytest.raises(Crash):
        await store.save_attendance(attended("w1", "p1"))
    monkeypatch.undo()
    await store.save_attendance(attended("w1", "p1"))  # the redelivery
    assert await checked_in(store) == 1
