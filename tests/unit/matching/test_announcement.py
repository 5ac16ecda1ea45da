"""The pairs listed before registration and workshops kept them are
announced once, as they stand: a store kept from before (a platform
upgraded mid-edition) lets a listed pair see contacts and meet at once,
not only after the pair changes again."""

from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts.events import RecommendationChanged
from tests.helpers import matching_events as make


async def test_every_listed_pair_is_announced_once_as_it_stands() -> None:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    ranked = Editions(store, make.publish_nowhere)
    await ranked.handle(
        [
            make.edition(),
            make.profile("a", needs=["data"], regions=["fyn"]),
            make.profile("b", offers=["data"], regions=["fyn"]),
            make.profile("c", regions=["bornholm"]),
            *(make.registered(org) for org in "abc"),
        ]
    )
    published: list[RecommendationChanged] = []

    async def publish(events: list[RecommendationChanged]) -> None:
        published.extend(events)

    restarted = Editions(store, publish)
    assert await restarted.announce_listed_pairs() == 1
    (pair,) = published
    stored = await store.recommendations.pairs.find_one({"_id": f"{make.EDITION}/a/b"})
    assert (pair.organization_a, pair.organization_b, pair.version) == ("a", "b", stored["version"])
    assert sorted(pair.listed_by) == ["a", "b"]
    assert await restarted.announce_listed_pairs() == 0 and len(published) == 1
