"""Synergy tables: every organisation seated at a table of a given size, the
tables chosen so that the organisations at one fit each other well.

The method is balanced graph partitioning by local search (Kernighan and Lin,
1970): organisations are the nodes, pair scores the edge weights, and the aim
is the largest sum of scores within tables.

1. Sizes: as few tables as `max_size` allows, their sizes as even as possible.
2. Seeding: organisations in pairs, the strongest pairs first (a greedy
   maximum-weight matching), so a pair that fits far better than the rest
   starts together. The strongest pairs that fit each other least open the
   tables; then every other pair, strongest first, sits at the table with room
   where its scores add up most.
3. Improving: the best single move (between tables while sizes stay within
   bounds) or swap of two organisations, again and again, while one raises the
   sum; at most `MAX_STEPS` steps.

Pairs to keep apart count as a large negative score, so no step ever seats
them together unless nothing else fits. Every step picks the first best by
index, so the same data always gives the same plan. `describe` gives a table
the theme it shares and one sentence why. Pure: no broker, no database.
"""

from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from synergi_matching.domain.scoring import Organization, score
from synergi_shared.contracts.themes import DEFAULT_THEMES

MAX_STEPS = 5_000
APART = -1_000_000.0  # far below any sum of real scores


@dataclass(frozen=True)
class Plan:
    tables: list[list[int]]  # organisation indexes, each table in index order
    total: float  # the sum of scores within tables


def table_sizes(count: int, min_size: int, max_size: int) -> list[int]:
    """As few tables as `max_size` allows, as even as possible; ValueError if
    `count` organisations cannot fill tables of `min_size`..`max_size`."""
    if not 1 <= min_size <= max_size:
        raise ValueError("min_size must be at least 1 and at most max_size")
    tables = -(-count // max_size)
    if count == 0 or tables * min_size > count:
        raise ValueError(f"{count} organisations cannot fill tables of {min_size} to {max_size}")
    base, extra = divmod(count, tables)
    return [base + 1] * extra + [base] * (tables - extra)


def seat(scores: np.ndarray, min_size: int, max_size: int) -> Plan:
    """Seat the organisations of `scores` (a symmetric matrix, zero diagonal;
    APART for pairs to keep apart) at tables."""
    n = len(scores)
    sizes = table_sizes(n, min_size, max_size)
    s = scores.astype(np.float64)
    np.fill_diagonal(s, 0)
    table = _seeded(s, sizes)
    table = _improved(s, table, len(sizes), min_size, max_size)
    tables = [np.flatnonzero(table == t).tolist() for t in range(len(sizes))]
    tables.sort(key=lambda members: members[0])
    total = sum(float(s[np.ix_(m, m)].sum()) / 2 for m in tables)
    return Plan(tables, total)


def _seeded(s: np.ndarray, sizes: list[int]) -> np.ndarray:
    n, count = len(s), len(sizes)
    units = _paired(s)
    strength = np.array([s[unit].clip(min=0).sum() for unit in units])
    table = np.full(n, -1)
    free = np.array(sizes)
    with_ = np.zeros((n, count))  # i's sum of scores with those at table t

    def sit(members: list[int], t: int) -> None:
        table[members] = t
        free[t] -= len(members)
        with_[:, t] += s[:, members].sum(axis=1)

    placed = np.zeros(len(units), bool)
    for t in range(count):
        # The strongest of the units that fit the tables opened so far least.
        fit = np.array([with_[unit].sum() for unit in units])
        fit[placed] = np.inf
        least = np.flatnonzero(fit == fit.min())
        first = int(least[np.argmax(strength[least])])
        sit(units[first], t)
        placed[first] = True
    for u in np.argsort(-strength, kind="stable"):
        if placed[u]:
            continue
        unit = units[u]
        together = with_[unit].sum(axis=0)
        together[free < len(unit)] = -np.inf
        if np.isinf(together).all():  # no table has room for both: one by one
            for org in unit:
                alone = with_[org].copy()
                alone[free < 1] = -np.inf
                sit([org], int(np.argmax(alone)))
            continue
        sit(unit, int(np.argmax(together)))
    return table


def _paired(s: np.ndarray) -> list[list[int]]:
    """Organisations in units of two or one: the strongest pairs first, each
    organisation in one (a greedy maximum-weight matching), so a pair that fits
    far better than the rest starts at one table."""
    n = len(s)
    upper = np.triu_indices(n, 1)
    weights = s[upper]
    order = np.argsort(-weights, kind="stable")
    taken = np.zeros(n, bool)
    units = []
    for k in order[weights[order] > 0]:
        i, j = int(upper[0][k]), int(upper[1][k])
        if not taken[i] and not taken[j]:
            taken[i] = taken[j] = True
            units.append([i, j])
    units += [[i] for i in range(n) if not taken[i]]
    return units


def _improved(
    s: np.ndarray, table: np.ndarray, count: int, min_size: int, max_size: int
) -> np.ndarray:
    n = len(s)
    everyone = np.arange(n)
    # with[i, t]: the sum of i's scores with those at table t.
    with_ = np.zeros((n, count))
    for t in range(count):
        with_[:, t] = s[:, table == t].sum(axis=1)
    size = np.bincount(table, minlength=count)
    for _ in range(MAX_STEPS):
        own = with_[everyone, table]
        # Moving i to table t: what i gains there less what it had.
        move = with_ - own[:, None]
        move[:, size >= max_size] = -np.inf
        move[size[table] <= min_size] = -np.inf
        move[everyone, table] = -np.inf
        # Swapping i and j: each gains the other's table, less each other.
        cross = with_[:, table]  # i's sum at j's table
        swap = cross - own[:, None]
        swap = swap + swap.T - 2 * s
        swap[table[:, None] == table[None, :]] = -np.inf
        best_move, best_swap = np.argmax(move), np.argmax(swap)
        gain_move, gain_swap = move.flat[best_move], swap.flat[best_swap]
        if max(gain_move, gain_swap) <= 1e-9:
            break
        if gain_move >= gain_swap:
            i, t = divmod(int(best_move), count)
            _move(s, with_, table, size, i, t)
        else:
            i, j = divmod(int(best_swap), n)
            ti, tj = table[i], table[j]
            _move(s, with_, table, size, i, tj)
            _move(s, with_, table, size, j, ti)
    return table


def _move(
    s: np.ndarray, with_: np.ndarray, table: np.ndarray, size: np.ndarray, i: int, t: int
) -> None:
    before = table[i]
    with_[:, before] -= s[:, i]
    with_[:, t] += s[:, i]
    size[before] -= 1
    size[t] += 1
    table[i] = t


@dataclass(frozen=True)
class Described:
    theme: str | None  # the challenge theme most at the table share (two or more)
    theme_en: str | None
    theme_da: str | None
    why_en: str
    why_da: str


def describe(members: list[Organization]) -> Described:
    """The theme a table shares and one sentence why it sits together, from
    its strongest pair's strongest reason."""
    themes = Counter(theme for org in members for theme in org.challenge_themes)
    shared = min(
        (theme for theme, count in themes.items() if count >= 2),
        key=lambda theme: (-themes[theme], theme),
        default=None,
    )
    label = DEFAULT_THEMES.get(shared) if shared else None
    names = (label.name_en, label.name_da) if label else (shared, shared)
    best = max(
        ((score(a, b), a, b) for a, b in combinations(members, 2)),
        key=lambda found: (found[0].score, found[1].id, found[2].id),
        default=None,
    )
    if best is None or not best[0].reasons:
        why = ("No two here have a reason to meet yet", "Ingen her har endnu en grund til at mødes")
    else:
        reason = max(best[0].reasons, key=lambda r: r.weight)
        why = (f"Strongest fit: {reason.detail}", f"Stærkeste match: {reason.detail_da}")
    if shared:
        count, size = themes[shared], len(members)
        why = (
            f"{count} of {size} named {names[0].lower()} as a challenge. {why[0]}",
            f"{count} af {size} pegede på {names[1].lower()} som en udfordring. {why[1]}",
        )
    return Described(shared, names[0], names[1], *why)
