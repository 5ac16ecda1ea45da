"""Matching's event handlers on the in-memory store: facts in, recommendations out."""

import random
from datetime import date

import pytest
from mongomock_motor import AsyncMongoMockClient

from synergi_matching.handlers import handle_registration_event
from synergi_matching.store import MatchingStore
from synergi_shared.events import (
    EditionCreated,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    RegistrationCancelled,
)


@pytest.fixture
async def store() -> MatchingStore:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    return store


def profile(org: str, version: int = 1, **tags) -> OrganizationProfileUpdated:
    return OrganizationProfileUpdated(
        organization_id=org, version=version, name=org.upper(), size="small", **tags
    )


def registered(org: str) -> OrganizationRegistered:
    return OrganizationRegistered(edition="ed", registration_id=f"r-{org}", organization_id=org)


EVENTS = [
    EditionCreated(edition="ed", title="T", date=date(2026, 5, 1)),
    profile("a", regions=["fyn"], needs=["volunteers"]),
    profile("b", regions=["fyn"], offers=["volunteers"]),
    profile("c", regions=["aarhus"]),
    registered("a"),
    registered("b"),
    registered("c"),
]


async def pairs(store: MatchingStore) -> dict[str, tuple[float, list[str]]]:
    docs = await store.recommendations.find({}).to_list(None)
    return {d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]]) for d in docs}


async def test_only_pairs_with_a_reason_are_recommended(store) -> None:
    for event in EVENTS:
        await handle_registration_event(store, event)
    assert await pairs(store) == {"ed/a/b": (0.4, ["complementary", "same-region"])}


async def test_the_result_does_not_depend_on_order_or_duplicates(store) -> None:
    for event in EVENTS:
        await handle_registration_event(store, event)
    expected = await pairs(store)
    for seed in range(5):
        other = MatchingStore(AsyncMongoMockClient(tz_aware=True)[f"m{seed}"])
        shuffled = EVENTS * 2
        random.Random(seed).shuffle(shuffled)
        for event in shuffled:
            await handle_registration_event(other, event)
        assert await pairs(other) == expected


async def test_a_newer_profile_with_nothing_in_common_removes_the_pair(store) -> None:
    for event in EVENTS:
        await handle_registration_event(store, event)
    await handle_registration_event(store, profile("b", version=2, regions=["odense"]))
    assert await pairs(store) == {}
    await handle_registration_event(store, profile("b", version=1, regions=["fyn"]))  # stale
    assert await pairs(store) == {}


async def test_a_cancelled_registration_is_never_recommended(store) -> None:
    cancel = RegistrationCancelled(edition="ed", registration_id="r-b", organization_id="b")
    for event in [cancel, *EVENTS]:  # the cancellation may even arrive first
        await handle_registration_event(store, event)
    assert await pairs(store) == {}
