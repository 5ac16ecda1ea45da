"""Synergy tables: everyone seated within the sizes, planted partners
together, pairs to keep apart apart, the same plan for the same data."""

import numpy as np
import pytest

from synergi_matching.domain import tables
from synergi_matching.domain.scoring import Organization


def _day(n: int, seed: int) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Random pair scores up to 0.30, and one pair in ten planted at 0.90."""
    rng = np.random.default_rng(seed)
    scores = np.triu(rng.integers(0, 3000, (n, n)).astype(float), 1)
    scores += scores.T
    order = rng.permutation(n)
    planted = [(int(order[k]), int(order[k + 1])) for k in range(0, n // 5, 2)]
    for a, b in planted:
        scores[a, b] = scores[b, a] = 9000
    return scores, planted


@pytest.mark.parametrize(("n", "seed"), [(23, 1), (60, 2), (150, 3), (301, 4)])
def test_everyone_is_seated_within_the_sizes_and_planted_partners_together(n, seed) -> None:
    scores, planted = _day(n, seed)
    plan = tables.seat(scores, 4, 6)
    seated = sorted(org for table in plan.tables for org in table)
    assert seated == list(range(n))
    assert all(4 <= len(table) <= 6 for table in plan.tables)
    at = {org: number for number, table in enumerate(plan.tables) for org in table}
    assert [pair for pair in planted if at[pair[0]] != at[pair[1]]] == []
    assert tables.seat(scores, 4, 6) == plan  # asked again: the same plan


def test_the_search_beats_seating_in_order() -> None:
    scores, _ = _day(120, 5)
    plan = tables.seat(scores, 4, 6)
    in_order = [list(range(start, start + 6)) for start in range(0, 120, 6)]
    assert plan.total > sum(scores[np.ix_(t, t)].sum() / 2 for t in in_order)


def test_pairs_kept_apart_sit_at_different_tables() -> None:
    scores, planted = _day(40, 6)
    for a, b in planted:
        scores[a, b] = scores[b, a] = tables.APART
    plan = tables.seat(scores, 4, 6)
    at = {org: number for number, table in enumerate(plan.tables) for org in table}
    assert all(at[a] != at[b] for a, b in planted)


@pytest.mark.parametrize(
    ("count", "low", "high", "sizes"),
    [(10, 4, 6, [5, 5]), (13, 4, 6, [5, 4, 4]), (6, 4, 6, [6]), (4, 4, 4, [4])],
)
def test_table_sizes_are_as_even_as_the_bounds_allow(count, low, high, sizes) -> None:
    assert tables.table_sizes(count, low, high) == sizes


@pytest.mark.parametrize(("count", "low", "high"), [(3, 4, 6), (7, 4, 4), (0, 2, 4), (5, 6, 4)])
def test_counts_no_tables_can_hold_are_refused(count, low, high) -> None:
    with pytest.raises(ValueError):
        tables.table_sizes(count, low, high)


def test_a_table_says_the_theme_it_shares_and_why() -> None:
    def org(name: str, **tags) -> Organization:
        return Organization(
            id=name.lower(), name=name, **{k: frozenset(v) for k, v in tags.items()}
        )

    members = [
        org("A", challenge_themes={"co-creation"}, needs={"volunteers"}),
        org("B", challenge_themes={"co-creation"}, offers={"volunteers"}),
        org("C", challenge_themes={"measurement-documentation"}),
    ]
    described = tables.describe(members)
    assert described.theme == "co-creation"
    assert described.why_en == (
        "2 of 3 named co-creation as a challenge. Strongest fit: B offers volunteers, which A needs"
    )
    assert described.why_da == (
        "2 af 3 pegede på samskabelse som en udfordring. "
        "Stærkeste match: B tilbyder frivillige, som A har brug for"
    )
    strangers = tables.describe([org("D"), org("E")])
    assert strangers.theme is None and strangers.why_en == "No two here have a reason to meet yet"
