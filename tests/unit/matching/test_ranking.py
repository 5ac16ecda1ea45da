"""The vectorised ranking: its numbers equal scoring.score, its lists equal a
brute-force sort, and its incremental updates end where a rebuild would."""

import random
from dataclasses import replace
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from synergi_matching.domain.ranking import Ranking, pair_of
from synergi_matching.domain.scoring import Organization, score
from tests.matching_reference import fair_lists

TAGS = ["a", "b", "c", "d"]
THEMES = ["co-creation", "measurement-documentation", "public-affairs-communication"]
IDS = [f"org-{n:02d}" for n in range(14)]
ROOMS = ["w1", "w2", "w3", "w4"]


def room_sizes(rng: random.Random) -> dict[str, int]:
    """A room has one size class, whoever asks; up to 128 organisations, so
    every size class and rounding case comes up."""
    return {w: rng.choice([2, 4, 8, 16, 32, 64, 128]) for w in ROOMS}


def random_org(rng: random.Random, org_id: str, sizes: dict[str, int]) -> Organization | None:
    if rng.random() < 0.1:
        return None  # not taking part (cancelled, or no profile yet)

    def some(values: list[str], most: int) -> frozenset[str]:
        return frozenset(rng.sample(values, rng.randint(0, most)))

    return Organization(
        id=org_id,
        name=org_id.upper(),
        offers=some(TAGS, 2),
        needs=some(TAGS, 2),
        target_groups=some(TAGS, 1),
        regions=some(["fyn", "nord"], 1),
        challenge_themes=some(THEMES, 1),
        workshops={w: sizes[w] for w in some(ROOMS, 3)},
        wishes=some(IDS, 2) - {org_id},
        tips=frozenset(some(THEMES, 1)),
        ambitions=some(THEMES, 1),
    )


def brute_top(orgs: dict[str, Organization | None], k: int, declined: set) -> dict[str, list[str]]:
    tops = {}
    for a, org_a in orgs.items():
        found = [
            (score(org_a, org_b).score, b)
            for b, org_b in orgs.items()
            if a != b and org_a and org_b and pair_of(a, b) not in declined
        ]
        tops[a] = [b for s, b in sorted(found, key=lambda x: (-x[0], x[1])) if s > 0][:k]
    return tops


def brute_fair(orgs: dict[str, Organization | None], k: int, declined: set) -> dict[str, list[str]]:
    """The fair lists from brute-force pools (each organisation's best 2K)."""
    matches = {
        (a, b): match
        for a, b in combinations(sorted(orgs), 2)
        if orgs[a] and orgs[b] and (a, b) not in declined
        if (match := score(orgs[a], orgs[b])).score > 0
    }
    return fair_lists(matches, sorted(orgs), k)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**6))
def test_the_numbers_equal_scoring_score(seed: int) -> None:
    rng = random.Random(seed)
    sizes = room_sizes(rng)
    orgs = {i: random_org(rng, i, sizes) for i in rng.sample(IDS, len(IDS))}  # any arrival order
    ranking = Ranking(top_k=3)
    ranking.update(orgs)
    matrix = ranking.scores(np.arange(len(ranking.ids)))
    for i, a in enumerate(ranking.ids):
        for j, b in enumerate(ranking.ids):
            expected = score(orgs[a], orgs[b]).score if a != b and orgs[a] and orgs[b] else 0
            assert matrix[i, j] == round(expected * 10_000), (a, b)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**6), st.integers(3, 6))
def test_incremental_updates_end_where_a_brute_force_ranking_does(seed: int, k: int) -> None:
    """Organisations change in random steps (and outcomes are set); at every
    step the lists equal a brute-force sort, and the pairs reported as kept
    add up to exactly the kept set a rebuild finds."""
    rng = random.Random(seed)
    ranking = Ranking(top_k=k)
    orgs: dict[str, Organization | None] = {}
    declined: set = set()
    outcomes: dict = {}
    kept: set = set()
    sizes = room_sizes(rng)
    for _ in range(6):
        step = {i: random_org(rng, i, sizes) for i in rng.sample(IDS, rng.randint(1, len(IDS)))}
        if rng.random() < 0.4:
            a, b = rng.sample(IDS, 2)
            status = rng.choice(["declined", "partnership", None])
            ranking.set_outcome(a, b, status)
            outcomes[pair_of(a, b)] = status
            (declined.add if status == "declined" else declined.discard)(pair_of(a, b))
        orgs |= step
        for pair, now in ranking.update(step).items():
            (kept.add if now else kept.discard)(pair)
        expected = brute_top(orgs, k, declined)
        assert {i: ranking.plain_partners(i) for i in orgs} == expected
        assert {i: ranking.partners(i) for i in orgs} == brute_fair(orgs, k, declined)
        assert kept == ranking.kept_pairs()
    fresh = Ranking(top_k=k)
    for (a, b), status in outcomes.items():
        fresh.set_outcome(a, b, status)
    fresh.update(orgs)
    assert fresh.kept_pairs() == ranking.kept_pairs() == set(ranking.rebuild())


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(3, 5))
def test_lists_kept_by_merging_stay_equal_to_a_fresh_ranking(seed: int, k: int) -> None:
    """Many organisations, changed a few at a time: the lists are merged, not
    ranked again, and partners fall out of them until a list's reserve runs
    out. After every step they equal a ranking made from scratch."""
    rng = random.Random(seed)
    ids = [f"org-{n:03d}" for n in range(60)]
    sizes = room_sizes(rng)
    orgs = {i: random_org(rng, i, sizes) for i in ids}
    ranking = Ranking(top_k=k)
    ranking.update(orgs)
    for _ in range(30):
        step = {i: random_org(rng, i, sizes) for i in rng.sample(ids, rng.choice([1, 1, 2, 4]))}
        orgs |= step
        ranking.update(step)
        fresh = Ranking(top_k=k)
        fresh.update(orgs)
        assert {i: ranking.plain_partners(i) for i in ids} == {
            i: fresh.plain_partners(i) for i in ids
        }
        assert {i: ranking.partners(i) for i in ids} == {i: fresh.partners(i) for i in ids}
    assert ranking.kept_pairs() == fresh.kept_pairs()


def test_a_pair_in_neither_list_is_not_kept_unless_it_has_a_wish() -> None:
    # Eight organisations in one region; K = 3 leaves some pairs out.
    orgs = {
        f"o{n}": Organization(id=f"o{n}", name=f"O{n}", regions=frozenset({"fyn"}))
        for n in range(8)
    }
    ranking = Ranking(top_k=3)
    kept = {pair for pair, now in ranking.update(orgs).items() if now}
    a, b = next(pair for pair in combinations(sorted(orgs), 2) if pair not in kept)
    assert b not in ranking.partners(a) and a not in ranking.partners(b)
    changes = ranking.update({a: replace(orgs[a], wishes=frozenset({b}))})
    assert changes[(a, b)] is True
    assert ranking.plain_partners(a)[0] == b  # the wish made it the best
    assert b in ranking.partners(a)
