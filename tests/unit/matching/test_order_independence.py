"""Property: the recommendations depend only on the set of events — not on their
order, duplicates, or how they are split over two consumers — and equal one
batch computation over the same set."""

import asyncio
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts.events import FeedbackSubmitted, OrganizationProfileUpdated
from tests.helpers import matching_events as make
from tests.matching_reference import batch, nowhere

ORGS = ["o1", "o2", "o3", "o4", "o5"]
# Each list holds K = 3 of the 4 partners: the top-K rule leaves pairs out.
EDITION = make.edition(top_k=3)
TAGS = ["a", "b", "c"]
THEMES = ["co-creation", "measurement-documentation"]
tags = st.lists(st.sampled_from(TAGS), max_size=2, unique=True)


def _pick(seed: str, values: list[str], most: int) -> list[str]:
    chooser = random.Random(seed)
    return chooser.sample(values, chooser.randint(0, most))


def _profile(org: str, version: int) -> OrganizationProfileUpdated:
    """One snapshot per organisation and version, as the registration service makes them."""
    seed = f"{org}/{version}"
    return make.profile(
        org,
        version,
        offers=_pick(seed + "o", TAGS, 2),
        needs=_pick(seed + "n", TAGS, 2),
        regions=_pick(seed + "r", TAGS, 1),
    )


profiles = st.builds(_profile, st.sampled_from(ORGS), st.integers(1, 3))
registrations = st.builds(
    make.registered,
    st.sampled_from(ORGS),
    st.lists(st.sampled_from(THEMES), max_size=1),
)
cancellations = st.builds(make.cancelled, st.sampled_from(ORGS))
attendances = st.builds(
    lambda org, n, w: make.attended(org, f"{org}-p{n}", w),
    st.sampled_from(ORGS),
    st.integers(0, 1),
    st.sampled_from(["w1", "w2"]),
)


def _evaluation(org: str, n: int, version: int) -> FeedbackSubmitted:
    """One evaluation per participant and version, as the feedback service makes them."""
    seed = f"{org}-p{n}/{version}"
    kind = random.Random(seed).choice([None, "tip", "ambition"])
    insight = f"{kind} text" if kind else None
    return make.evaluation(org, f"{org}-p{n}", version, _pick(seed, ORGS, 2), insight, kind)


evaluations = st.builds(_evaluation, st.sampled_from(ORGS), st.integers(0, 1), st.integers(1, 3))
erasures = st.builds(
    lambda org, n: make.erased(f"{org}-p{n}", org),
    st.sampled_from(ORGS),
    st.integers(0, 1),
)
# Every organisation registers with a profile, so there are pairs to get
# wrong; on top come newer and older profiles, cancellations, attendance,
# evaluations and erasures.
event_sets = st.builds(
    lambda base, extra: base + extra,
    st.tuples(
        *(
            st.tuples(
                st.integers(1, 3).map(lambda v, o=o: _profile(o, v)),
                st.lists(st.sampled_from(THEMES), max_size=1).map(
                    lambda themes, o=o: make.registered(o, themes)
                ),
            )
            for o in ORGS
        )
    ).map(lambda pairs: [e for pair in pairs for e in pair]),
    st.lists(
        st.one_of(
            profiles,
            profiles,
            cancellations,
            attendances,
            attendances,
            evaluations,
            evaluations,
            erasures,
        ),
        max_size=20,
    ),
)


async def consume(events: list, consumers: int) -> dict[str, tuple[float, list[str]]]:
    """Through `consumers` instances (each its own in-memory model) on one
    database, in batches of up to three events."""
    db = AsyncMongoMockClient(tz_aware=True)["matching"]
    store = MatchingStore(db)
    await store.create_indexes()
    # Like Kafka: one organisation's events stay in order on one consumer (the
    # edition's creation, keyed by the edition, goes to the first).
    shares = [
        [e for e in events if ORGS.index(getattr(e, "organization_id", ORGS[0])) % consumers == i]
        for i in range(consumers)
    ]

    async def run(share: list) -> None:
        instance = Editions(MatchingStore(db), publish=nowhere)
        for start in range(0, len(share), 3):
            await instance.handle(share[start : start + 3])
            await asyncio.sleep(0)  # let the other consumer in

    await asyncio.gather(*(run(share) for share in shares))
    docs = await store.recommendations.pairs.find({"withdrawn": False}).to_list(None)
    return {d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]]) for d in docs}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=event_sets, order=st.randoms(use_true_random=False))
def test_recommendations_depend_only_on_the_set_of_events(events, order) -> None:
    # The edition's creation (K = 3) may come after its first events, too.
    events = [EDITION, *events]
    expected = batch(events, "ed")
    shuffled = events + order.sample(events, k=len(events) // 2)  # some delivered twice
    order.shuffle(shuffled)
    assert asyncio.run(consume(shuffled, consumers=1)) == expected
    order.shuffle(shuffled)
    assert asyncio.run(consume(shuffled, consumers=2)) == expected
