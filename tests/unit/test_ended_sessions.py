"""Ended sessions as each service instance holds them (runtime/sessions.py)."""

from datetime import UTC, datetime, timedelta

from mongomock_motor import AsyncMongoMockClient

from synergi_shared.contracts.events import SessionsEnded
from synergi_shared.runtime.outbox import OUTBOX, Outbox
from synergi_shared.runtime.sessions import EndedSessions

NOW = datetime.now(UTC)
LATER = NOW + timedelta(hours=12)


def _instances(count: int) -> list[EndedSessions]:
    db = AsyncMongoMockClient()["workshops"]
    return [EndedSessions(db, Outbox()) for _ in range(count)]


async def test_another_instance_learns_an_ended_session_at_its_next_refresh() -> None:
    consuming, other = _instances(2)
    await consuming.record(SessionsEnded(principal="org-1", session_id="s1", until=LATER))
    assert consuming.is_ended("org-1", "s1", NOW.timestamp())
    assert not other.is_ended("org-1", "s1", NOW.timestamp())
    await other.refresh()
    assert other.is_ended("org-1", "s1", NOW.timestamp())
    assert not other.is_ended("org-1", "s2", NOW.timestamp())


async def test_everywhere_ends_what_began_before_but_the_one_kept_and_not_a_late_earlier() -> None:
    [sessions] = _instances(1)
    cut = NOW - timedelta(minutes=1)
    await sessions.record(
        SessionsEnded(principal="organizer", not_before=cut, except_session="mine", until=LATER)
    )
    before, after = (
        (cut - timedelta(seconds=5)).timestamp(),
        (cut + timedelta(seconds=5)).timestamp(),
    )
    assert sessions.is_ended("organizer", "lost", before)
    assert not sessions.is_ended("organizer", "mine", before)
    assert not sessions.is_ended("organizer", "new", after)
    assert not sessions.is_ended("org-1", "lost", before)
    late = SessionsEnded(principal="organizer", not_before=cut - timedelta(hours=1), until=LATER)
    await sessions.record(late)
    await sessions.refresh()
    assert not sessions.is_ended("organizer", "mine", before)


async def test_entries_are_forgotten_once_their_tokens_have_expired() -> None:
    [sessions] = _instances(1)
    await sessions.record(
        SessionsEnded(principal="o", session_id="old", until=NOW - timedelta(seconds=1))
    )
    await sessions.refresh()
    assert not sessions.is_ended("o", "old", NOW.timestamp())
    assert await sessions.docs.count_documents({}) == 0


async def test_ending_here_announces_it_in_the_same_write() -> None:
    [sessions] = _instances(1)
    await sessions.end(SessionsEnded(principal="o", session_id="s", until=LATER))
    [doc] = await sessions.docs.find({}).to_list(None)
    assert [entry["type"] for entry in doc[OUTBOX]] == ["synergi.registration.sessions-ended.v1"]
