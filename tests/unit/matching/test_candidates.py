"""The candidate index finds exactly the organisations that can share a reason,
so an event's cost follows the organisation's candidates, not the edition."""

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from mongomock_motor import AsyncMongoMockClient

from synergi_matching import scoring
from synergi_matching.candidates import index_keys, probe_keys
from synergi_matching.handlers import handle_event
from synergi_matching.scoring import Organization, score
from synergi_matching.store import MatchingStore
from synergi_shared.events import EditionCreated, OrganizationProfileUpdated, OrganizationRegistered

# Sparse, mostly empty: a pair should often have one reason only, so a key
# missing from the index shows.
empty: st.SearchStrategy = st.just(frozenset())
few = st.one_of(empty, empty, empty, st.frozensets(st.sampled_from(["x", "y"]), max_size=2))
organizations = st.builds(
    Organization,
    id=st.just("a"),
    name=st.just("N"),
    target_groups=few,
    regions=few,
    offers=few,
    needs=few,
    challenge_themes=few,
    workshops=st.one_of(empty.map(dict), st.dictionaries(st.just("w1"), st.integers(2, 9))),
    wishes=st.one_of(empty, empty, st.frozensets(st.sampled_from(["a", "b", "c"]), max_size=1)),
    tips=st.one_of(empty.map(dict), st.dictionaries(st.sampled_from(["x", "y"]), st.just("tip"))),
    ambitions=few,
)


@settings(max_examples=500)
@given(a=organizations, b=organizations)
def test_keys_meet_exactly_when_a_pair_has_a_reason(a, b) -> None:
    a, b = replace(a, id="a"), replace(b, id="b")
    has_reason = bool(score(a, b).reasons)
    assert bool(set(probe_keys(a)) & set(index_keys(b))) == has_reason
    assert bool(set(probe_keys(b)) & set(index_keys(a))) == has_reason


async def test_an_event_scores_only_the_organisations_candidates(monkeypatch) -> None:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    await handle_event(store, EditionCreated(edition="ed", title="T", date=date(2026, 5, 1)))
    # 60 organisations in 30 regions: each has exactly one other in its region.
    for n in range(60):
        org = f"o{n:02}"
        await handle_event(
            store,
            OrganizationProfileUpdated(
                organization_id=org, version=1, name=org, size="small", regions=[f"r{n % 30}"]
            ),
        )
        await handle_event(
            store,
            OrganizationRegistered(edition="ed", registration_id=f"r-{org}", organization_id=org),
        )
    scored: list[tuple[str, str]] = []
    original = scoring.score
    monkeypatch.setattr(
        scoring, "score", lambda a, b: scored.append((a.id, b.id)) or original(a, b)
    )

    await handle_event(
        store,
        OrganizationProfileUpdated(
            organization_id="o07", version=2, name="o07", size="small", regions=["r8"]
        ),
    )

    # Its old neighbour (o37, to withdraw) and its new ones (o08, o38); no one else.
    assert sorted(scored) == [("o07", "o08"), ("o07", "o37"), ("o07", "o38")]
    pairs = await store.pairs_of("ed", "o07")
    assert {p: d["withdrawn"] for p, d in pairs.items()} == {
        "o37": True,
        "o08": False,
        "o38": False,
    }
