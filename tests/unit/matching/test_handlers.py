"""Matching's event handlers on the in-memory store: facts in, recommendations out."""

import asyncio
import random

import pytest
from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore
from tests.helpers.matching_events import (
    attended,
    cancelled,
    edition,
    erased,
    evaluation,
    profile,
    registered,
)
from tests.matching_reference import handle_event


@pytest.fixture
async def store() -> MatchingStore:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    return store


EVENTS = [
    edition(),
    profile("a", regions=["fyn"], needs=["volunteers"]),
    profile("b", regions=["fyn"], offers=["volunteers"]),
    profile("c", regions=["aarhus"]),
    registered("a"),
    registered("b"),
    registered("c"),
]


async def pairs(store: MatchingStore) -> dict[str, tuple[float, list[str]]]:
    docs = await store.recommendations.pairs.find({"withdrawn": False}).to_list(None)
    return {d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]]) for d in docs}


async def same_in_any_order(events: list, expected: dict) -> None:
    """Every event twice, shuffled five ways, into fresh stores: the same pairs."""
    for seed in range(5):
        other = MatchingStore(AsyncMongoMockClient(tz_aware=True)[f"shuffled{seed}"])
        shuffled = events * 2
        random.Random(seed).shuffle(shuffled)
        for event in shuffled:
            await handle_event(other, event)
        assert await pairs(other) == expected


async def test_only_pairs_with_a_reason_are_recommended(store) -> None:
    for event in EVENTS:
        await handle_event(store, event)
    assert await pairs(store) == {"ed/a/b": (0.4, ["complementary", "same-region"])}


async def test_the_result_does_not_depend_on_order_or_duplicates(store) -> None:
    for event in EVENTS:
        await handle_event(store, event)
    await same_in_any_order(EVENTS, await pairs(store))


async def test_a_newer_profile_with_nothing_in_common_removes_the_pair(store) -> None:
    for event in EVENTS:
        await handle_event(store, event)
    await handle_event(store, profile("b", version=2, regions=["bornholm"]))
    assert await pairs(store) == {}
    await handle_event(store, profile("b", version=1, regions=["fyn"]))  # stale
    assert await pairs(store) == {}


async def test_a_withdrawn_pair_stays_as_a_tombstone_and_its_version_goes_on(store) -> None:
    for event in EVENTS:
        await handle_event(store, event)
    await handle_event(store, profile("b", version=2, regions=["bornholm"]))
    await handle_event(store, profile("b", version=3, regions=["fyn"]))
    versions = [
        (d["version"], d["withdrawn"], d["seq"])
        for d in await store.recommendations.pairs.find({"_id": "ed/a/b"}).to_list(None)
    ]
    assert versions[0][:2] == (3, False)  # made, withdrawn, made again
    changes = await store.recommendations.changes_since("ed", 0, 10, 0.0)
    assert [c["_id"] for c in changes] == ["ed/a/b"]


async def test_a_cancelled_registration_is_never_recommended(store) -> None:
    for event in [cancelled("b"), *EVENTS]:  # the cancellation may even arrive first
        await handle_event(store, event)
    assert await pairs(store) == {}


DAY = [
    *EVENTS,
    attended("a", "pa", "w1"),
    attended("c", "pc", "w1"),
    attended("b", "pb", "w2"),
    evaluation("c", "pc", 1, wishes=["a"]),
    evaluation("c", "pc", 2, wishes=["b"]),  # replaces version 1
    evaluation("a", "pa", 1, wishes=["c"]),
]


async def test_attendance_and_the_latest_evaluation_make_reasons_in_any_order(store) -> None:
    for event in DAY:
        await handle_event(store, event)
    expected = await pairs(store)
    assert expected["ed/a/c"] == (0.35, ["met-at-workshop", "follow-up-wish"])  # a's wish only
    assert expected["ed/b/c"][1] == ["follow-up-wish"]
    await same_in_any_order(DAY, expected)


async def test_erasure_drops_what_the_person_contributed_for_good(store) -> None:
    for event in DAY:
        await handle_event(store, event)
    await handle_event(store, erased("pc", "c"))
    await handle_event(store, evaluation("c", "pc", 3, wishes=["a"]))  # a late copy
    assert "ed/a/c" in await pairs(store)  # a still wishes to follow up with c
    assert (await pairs(store))["ed/a/c"][1] == ["follow-up-wish"]
    assert "ed/b/c" not in await pairs(store)


async def test_a_second_instance_waits_for_the_edition_and_takes_in_what_the_first_wrote(
    store,
) -> None:
    """Two instances: while one writes A's pairs, the other gets B's new
    profile. It waits until the first lets go of the edition, then loads what
    the first wrote, so neither leaves a score computed from stale facts."""
    for event in [
        edition(),
        profile("a", regions=["fyn"]),
        profile("b", regions=["fyn"], target_groups=["mothers"]),
        registered("a"),
        registered("b"),
    ]:
        await handle_event(store, event)
    other = MatchingStore(store.recommendations.pairs.database)  # another instance, same database
    write_pairs = store.recommendations.write_pairs
    second: list[asyncio.Task] = []

    async def other_instance_meanwhile(edition, requests):
        b = profile("b", 2, regions=["fyn"], target_groups=["mothers"], offers=["data"])
        second.append(asyncio.create_task(handle_event(other, b)))
        await asyncio.sleep(0.3)
        assert not second[0].done(), "the second instance must wait for the edition"
        await write_pairs(edition, requests)

    store.recommendations.write_pairs = other_instance_meanwhile
    a = profile("a", 2, regions=["fyn"], target_groups=["mothers"], needs=["data"])
    await handle_event(store, a)
    await second[0]

    assert await pairs(store) == {
        "ed/a/b": (0.55, ["complementary", "shared-target-group", "same-region"])
    }
    seqs = sorted(d["seq"] for d in await store.recommendations.pairs.find().to_list(None))
    assert len(set(seqs)) == len(seqs), "one change number per change"


async def test_a_check_in_rewrites_the_rooms_pairs_only_when_its_size_class_changes(store) -> None:
    """a, b and c share a region; d too. Rooms of 2, 3 and 4 organisations
    weigh as classes 2, 4 and 4: the fourth check-in leaves a-b alone."""
    for event in [*EVENTS, profile("d", regions=["fyn"]), registered("d")]:
        await handle_event(store, event)

    async def version(pair: str) -> int:
        return (await store.recommendations.pairs.find_one({"_id": pair}))["version"]

    await handle_event(store, attended("a", "pa", "w9"))
    await handle_event(store, attended("b", "pb", "w9"))  # class 2: a-b met, full weight
    met_in_two = await version("ed/a/b")
    await handle_event(store, attended("d", "pd", "w9"))  # class 4: a-b's weight halves
    met_in_four = await version("ed/a/b")
    await handle_event(store, attended("c", "pc", "w9"))  # still class 4
    assert met_in_four == met_in_two + 1
    assert await version("ed/a/b") == met_in_four
    assert (await pairs(store))["ed/a/b"] == (
        0.5,
        ["complementary", "same-region", "met-at-workshop"],
    )


class CrashAfterTheFact(Exception):
    pass


@pytest.mark.parametrize(
    "event",
    [
        profile("c", version=2, regions=["fyn"]),
        attended("c", "c-p1", "w1"),
        evaluation("c", "c-p1", 1, wishes=["a"]),
    ],
    ids=["profile", "attendance", "feedback"],
)
async def test_an_event_redelivered_after_a_crash_between_fact_and_pairs_still_takes_effect(
    store, monkeypatch, event
) -> None:
    """At-least-once: the process dies (kill -9) after storing the fact but
    before recomputing the pairs, so the offset is not committed and the event
    comes again, to a fresh instance. Its fact is stored already; the pairs
    must still follow."""
    attendance_of_a = attended("a", "a-p1", "w1")
    for earlier in [*EVENTS, attendance_of_a]:
        await handle_event(store, earlier)
    reference = MatchingStore(AsyncMongoMockClient(tz_aware=True)["reference"])
    await reference.create_indexes()
    for earlier in [*EVENTS, attendance_of_a, event]:
        await handle_event(reference, earlier)

    saved = store.facts.save

    async def save_then_die(events):
        await saved(events)
        raise CrashAfterTheFact

    monkeypatch.setattr(store.facts, "save", save_then_die)
    with pytest.raises(CrashAfterTheFact):
        await handle_event(store, event)
    monkeypatch.undo()
    restarted = MatchingStore(store.recommendations.pairs.database)
    await handle_event(restarted, event)  # the redelivery

    assert await pairs(store) == await pairs(reference)
    assert "ed/a/c" in await pairs(reference), "the event should change a pair"
