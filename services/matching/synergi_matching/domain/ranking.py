"""Every organisation's K best partners in one edition, many pairs at a time.

The organisations are rows of matrices (organisations x offered and needed tags,
target groups, regions, themes named as challenges, tips and ambitions,
workshops attended, sparse); a block of rows of the score matrix is one matrix
product per reason, and each row's top K is found with `np.partition`. The numbers equal
`scoring.score` exactly (a unit test checks it), which stays the single source of
weights and wording: sentences are made only for the pairs kept.

Ties are broken by the partner's id, so the lists depend only on the facts, not
on the order in which organisations arrived.

Each organisation's list is its *fair* top K (`fairness.rerank`): its best 2K
partners by score, re-ranked for balanced exposure; the plain top K by score is
kept too, for the re-ranking's inputs and for measuring it.

A pair is *kept* (stored and published) while it is in either side's list, or
has an outcome or a follow-up wish, and neither side declined it. Pure: no
broker, no database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from scipy import sparse

from synergi_matching.domain import fairness
from synergi_matching.domain.outcomes import DECLINED
from synergi_matching.domain.scoring import MET_CAP, MUTUAL_WISH_FACTOR, WEIGHTS, Organization

DEFAULT_TOP_K = 10
# A block of the score matrix holds about this many pairs: enough for the
# products to be efficient, few enough for its arrays to stay in the caches
# (measured fastest here, with two threads)...
BLOCK_PAIRS = 1 << 20
# ...but at least this many rows: each block reads every organisation's tags
# once, which at 100,000 organisations costs more than the block itself.
BLOCK_ROWS = 128
# Sort key of a partner: its score in 1/10,000 steps, then its place in id
# order. 14 bits of score and 18 of place fit the 32 bits a block is ranked in.
_ID_SPACE = 1 << 18  # organisations per edition, at most
# Fair lists re-ranked at a time: rows x 2K x K comparisons each.
_FAIR_BLOCK = 4096

# Runs `work` on each block of rows and returns the results in order. Alone,
# one block after another; the service passes one that uses every core
# (`synergi_matching.usecases.block_threads`).
BlockMap = Callable[[Callable[[np.ndarray], object], list[np.ndarray]], list]


def one_after_another(work: Callable[[np.ndarray], object], blocks: list[np.ndarray]) -> list:
    return [work(block) for block in blocks]


# Which kinds of tag are compared with which: a group shares its columns.
_GROUPS = {
    "offers": "tags",
    "needs": "tags",
    "target_groups": "groups",
    "regions": "regions",
    "challenge_themes": "themes",
    "tips": "themes",
    "ambitions": "themes",
}

Pair = tuple[str, str]  # (a, b) with a < b


def pair_of(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


# Each weight in 1/10,000 steps (all but met-at-workshop are whole steps). All
# of them together stay below 2^15, so a score fits 16 bits: half the memory
# traffic of 32.
_STEPS = {kind: np.int16(round(weight * 10_000)) for kind, weight in WEIGHTS.items()}
_STEPS["mutual-wish"] = np.int16(round(WEIGHTS["follow-up-wish"] * MUTUAL_WISH_FACTOR * 10_000))
_NONE = np.int16(0)


def _met_steps(shared: np.ndarray) -> np.ndarray:
    """The met-at-workshop weight in steps, from the sum of 1 / size class over
    the rooms shared, rounded exactly as `round(weight, 4)` in scoring.score
    (numpy rounds halves to even, and `weight * 10,000` may itself round)."""
    weight = np.minimum(MET_CAP, WEIGHTS["met-at-workshop"] * 2 * shared)
    steps = np.rint(weight * 10_000).astype(np.int16)
    # Near a half step the two roundings may disagree: ask Python there, once per value.
    doubtful = np.abs(weight * 10_000 % 1 - 0.5) < 1e-6
    if doubtful.any():
        for value in np.unique(weight[doubtful]):
            steps[weight == value] = round(round(float(value), 4) * 10_000)
    return steps


@dataclass
class _Features:
    """Organisations x tags, one 0/1 matrix per kind, and the tags' columns per group."""

    rows: int = 16
    columns: dict[str, dict[str, int]] = field(
        default_factory=lambda: {group: {} for group in set(_GROUPS.values())}
    )
    matrices: dict[str, np.ndarray] = field(default_factory=dict)
    _compared: tuple[tuple[int, ...], dict] | None = None  # by the groups' widths
    _stale: set[int] = field(default_factory=set)  # rows changed since

    def __post_init__(self) -> None:
        self.matrices = {kind: np.zeros((self.rows, 8), np.float32) for kind in _GROUPS}

    def grow_rows(self, rows: int) -> None:
        for kind, matrix in self.matrices.items():
            self.matrices[kind] = _resized(matrix, rows, matrix.shape[1])
        self.rows = rows
        self._compared = None

    def set(self, changed: dict[int, Organization | None]) -> None:
        """Rows' tags afresh (None: no tags), one assignment per kind."""
        self._stale |= changed.keys()
        rows = np.fromiter(changed, np.int64, len(changed))
        for matrix in self.matrices.values():
            matrix[rows] = 0
        for kind, group in _GROUPS.items():
            known = self.columns[group]
            at = [
                (row, known.setdefault(tag, len(known)))
                for row, org in changed.items()
                if org is not None
                for tag in getattr(org, kind)
            ]
            width = self.matrices[kind].shape[1]
            if len(known) > width:  # the whole group grows, so its columns stay aligned
                for other, same in _GROUPS.items():
                    if same == group:
                        self.matrices[other] = _resized(
                            self.matrices[other], self.rows, 2 * len(known)
                        )
            if at:
                self.matrices[kind][tuple(np.array(at).T)] = 1

    def compared(self, n: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per reason, (left, right) such that a row of left times a row of
        right is above 0 where the pair shares something. Both ways round sit
        side by side (offers|needs against needs|offers), so each reason is one
        product. Only the columns in use (the matrices grow by doubling); kept
        for every row, and only rows that changed are copied again."""
        widths = tuple(len(self.columns[group]) for group in sorted(self.columns))
        if self._compared is None or self._compared[0] != widths:
            self._compared = (widths, self._sides(slice(None)))
            self._stale = set()
        compared = self._compared[1]
        if self._stale:
            rows = np.fromiter(self._stale, np.int64, len(self._stale))
            for kind, (left, right) in self._sides(rows).items():
                compared[kind][0][rows], compared[kind][1][rows] = left, right
            self._stale = set()
        return {kind: (left[:n], right[:n]) for kind, (left, right) in compared.items()}

    def _sides(self, rows: slice | np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        f = {
            kind: matrix[rows, : len(self.columns[_GROUPS[kind]])]
            for kind, matrix in self.matrices.items()
        }
        aims = np.maximum(f["ambitions"], f["challenge_themes"])
        sides = {
            kind: (np.hstack([give, take]), np.hstack([take, give]))
            for kind, (give, take) in {
                "complementary": (f["offers"], f["needs"]),
                "insight-match": (f["tips"], aims),
            }.items()
        }
        for kind, tags in [
            ("shared-challenge", "challenge_themes"),
            ("shared-target-group", "target_groups"),
            ("same-region", "regions"),
        ]:
            same = f[tags].copy()  # compared with itself: one copy serves both sides
            sides[kind] = (same, same)
        return sides


class Ranking:
    """The top-K lists of one edition, kept current as organisations change."""

    def __init__(
        self, top_k: int = DEFAULT_TOP_K, map_blocks: BlockMap = one_after_another
    ) -> None:
        self.top_k = top_k
        self._map_blocks = map_blocks
        self.ids: list[str] = []
        self.index: dict[str, int] = {}
        self.orgs: list[Organization | None] = []
        self._features = _Features()
        self._active = np.zeros(16, bool)
        self._inverse_size: dict[str, float] = {}  # workshop -> 1 / its size class
        self._wishes: set[tuple[int, int]] = set()  # (wisher, wished)
        self._wished: dict[int, set[int]] = {}  # by wisher
        self._wished_by: dict[int, set[int]] = {}  # by the wished
        self._wish_matrices: tuple[sparse.csr_matrix, sparse.csr_matrix] | None = None
        # Rooms as a sparse matrix (organisations x workshops): a dense one
        # would take 3 GiB at 100,000 organisations in 4,000 rooms.
        self._room_columns: dict[str, int] = {}  # workshop -> its column
        self._rooms_of: dict[int, list[int]] = {}  # row -> the columns of its rooms
        self._rooms: tuple[sparse.csr_matrix, np.ndarray] | None = None
        self._declined: dict[int, set[int]] = {}
        self._outcomes: dict[int, set[int]] = {}  # any outcome but declined
        # Rows whose outcomes changed since the last update, with the partners
        # they were kept with whatever their rank before.
        self._dirty: dict[int, set[int]] = {}
        self._rank = np.zeros(0, np.int64)  # each row's place in id order
        # Each row keeps its best 3K partners by score (rows, best first; -1:
        # none) and their keys, of which the first `_depth` are certain; the
        # rest may be stale. The first 2K are the fair re-ranking's pool, so
        # they must be certain: a partner that falls is replaced from the
        # reserve, and a list is ranked again in full only after K fell.
        self._pool = 2 * top_k
        self._deep = np.full((16, 3 * top_k), -1, np.int64)
        self._deep_keys = np.full((16, 3 * top_k), -1, np.int64)
        self._depth = np.zeros(16, np.int64)
        self._fair = np.full((16, top_k), -1, np.int64)
        self._balance = np.zeros(0)  # each organisation's exposure term, as last used

    # --- organisations and outcomes -----------------------------------------

    def _row(self, organization_id: str) -> int:
        if (row := self.index.get(organization_id)) is not None:
            return row
        if len(self.ids) == _ID_SPACE:
            raise ValueError(f"an edition ranks at most {_ID_SPACE} organisations")
        row = self.index[organization_id] = len(self.ids)
        self.ids.append(organization_id)
        self.orgs.append(None)
        self._reserve(row + 1)
        return row

    def _reserve(self, rows: int) -> None:
        """Room for `rows` organisations, grown by doubling."""
        if rows <= len(self._deep):
            return
        grown = max(rows, 2 * len(self._deep))
        self._features.grow_rows(grown)
        self._active = _padded(self._active, grown)
        self._deep = _resized(self._deep, grown, self._deep.shape[1])
        self._deep_keys = _resized(self._deep_keys, grown, self._deep.shape[1])
        self._depth = _padded(self._depth, grown)
        self._fair = _resized(self._fair, grown, self.top_k)

    @property
    def top(self) -> np.ndarray:
        """Each row's list: its fair top K (rows; -1: none)."""
        return self._fair

    @property
    def plain_top(self) -> np.ndarray:
        """Each row's top K by score alone (rows, best first; -1: none)."""
        return self._deep[:, : self.top_k]

    def _pools(self) -> tuple[np.ndarray, np.ndarray]:
        """Each row's pool (its best 2K by plain key) and their keys."""
        n = len(self.ids)
        return self._deep[:n, : self._pool], self._deep_keys[:n, : self._pool]

    def _refair(self, before: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Re-rank the fair lists that may have changed since the pools were
        `before` (copies of `_pools()`; None: every list); return the rows
        whose fair list changed. A list changes only if its pool or their
        keys did, a partner's exposure term did, or a partner started or
        stopped listing it."""
        n = len(self.ids)
        plain = self.plain_top[:n]
        balance = fairness.balance_of(plain)
        if before is None or len(self._balance) != n:
            rows = np.arange(n)
        else:
            pool, keys = self._pools()
            dirty = (pool != before[0]).any(axis=1) | (keys != before[1]).any(axis=1)
            moved = np.zeros(n + 1, bool)  # the extra place: "no partner" (-1)
            moved[np.flatnonzero(balance != self._balance)] = True
            dirty |= moved[pool].any(axis=1)
            plain_before = before[0][:, : self.top_k]
            for row in np.flatnonzero((plain != plain_before).any(axis=1)).tolist():
                for partner in set(plain[row].tolist()) ^ set(plain_before[row].tolist()):
                    if partner >= 0:
                        dirty[partner] = True  # listed by `row` now, or no longer
            rows = np.flatnonzero(dirty)
        self._balance = balance
        was = self._fair[rows].copy()
        pool, keys = self._pools()
        scores = np.where(pool >= 0, keys // _ID_SPACE, 0)
        for start in range(0, len(rows), _FAIR_BLOCK):  # bounded memory at any size
            block = rows[start : start + _FAIR_BLOCK]
            self._fair[block] = fairness.rerank(block, pool[block], scores[block], plain, balance)
        return rows[(self._fair[rows] != was).any(axis=1)]

    def _set(self, row: int, org: Organization | None) -> None:
        before, self.orgs[row] = self.orgs[row], org
        self._active[row] = org is not None
        if (org.workshops if org else {}) != (before.workshops if before else {}):
            rooms = org.workshops if org else {}
            for workshop, size in rooms.items():
                self._inverse_size[workshop] = 1 / size
            columns = [self._room_columns.setdefault(w, len(self._room_columns)) for w in rooms]
            if columns:
                self._rooms_of[row] = columns
            else:
                self._rooms_of.pop(row, None)
            self._rooms = None
        wished_before = self._wished.get(row, set())
        after = {self._row(wished) for wished in org.wishes} if org else set()
        if wished_before != after:
            for wished in wished_before - after:
                self._wishes.discard((row, wished))
                self._wished_by[wished].discard(row)
            for wished in after - wished_before:
                self._wishes.add((row, wished))
                self._wished_by.setdefault(wished, set()).add(row)
            self._wished[row] = after
            self._wish_matrices = None

    def set_outcome(self, a: str, b: str, status: str | None) -> None:
        i, j = self._row(a), self._row(b)
        for row in (i, j):
            self._dirty.setdefault(row, self._special(row))
        for table in (self._declined, self._outcomes):
            table.get(i, set()).discard(j)
            table.get(j, set()).discard(i)
        if status is not None:
            table = self._declined if status == DECLINED else self._outcomes
            table.setdefault(i, set()).add(j)
            table.setdefault(j, set()).add(i)

    # --- scoring -------------------------------------------------------------

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """Rows x every organisation: the score in 1/10,000 steps (0: no
        pair), equal to round(scoring.score(a, b).score * 10,000), as int16."""
        n = len(self.ids)
        score = np.zeros((len(rows), n), np.int16)
        # Every weight is a whole number of steps but met-at-workshop's, which
        # is rounded as scoring.score rounds it. Organisations not taking part
        # have no tags, so they share none. A product with the mask, not
        # np.add(where=): ten times faster.
        for kind, (left, right) in self._features.compared(n).items():
            score += (left[rows] @ right.T > 0) * _STEPS[kind]
        # Rooms and wishes are sparse: a few dozen partners a row.
        if self._rooms_of:
            rooms, inverse = self._rooms_now()
            shared = (rooms[rows] @ sparse.diags(inverse) @ rooms.T).tocoo()  # powers of two: exact
            score[shared.row, shared.col] += _met_steps(shared.data)
        if self._wishes:
            wishes, wished_by = self._wish_matrices_now()
            both = (wishes[rows] + wished_by[rows]).tocoo()
            mutual = np.where(both.data == 2, _STEPS["mutual-wish"], _STEPS["follow-up-wish"])
            score[both.row, both.col] += np.where(self._active[both.col], mutual, _NONE)
        np.minimum(score, 10_000, out=score)
        # Never with itself, nor when not taking part, nor a declined pair.
        score[np.arange(len(rows)), rows] = 0
        score[~self._active[rows]] = 0
        for i, row in enumerate(rows.tolist()):
            if declined := self._declined.get(row):
                score[i, list(declined)] = 0
        return score

    def _rooms_now(self) -> tuple[sparse.csr_matrix, np.ndarray]:
        """Organisations x workshops, and per workshop 1 / its room's size class."""
        n = len(self.ids)
        if self._rooms is None or self._rooms[0].shape[0] != n:
            columns = [self._rooms_of.get(row, ()) for row in range(n)]
            indptr = np.zeros(n + 1, np.int64)
            np.cumsum([len(c) for c in columns], out=indptr[1:])
            indices = np.fromiter(chain.from_iterable(columns), np.int64, int(indptr[-1]))
            rooms = sparse.csr_matrix(
                (np.ones(len(indices)), indices, indptr), shape=(n, len(self._room_columns))
            )
            inverse = np.array([self._inverse_size[w] for w in self._room_columns], np.float64)
            self._rooms = (rooms, inverse)
        return self._rooms

    def _wish_matrices_now(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        n = len(self.ids)
        if self._wish_matrices is None or self._wish_matrices[0].shape[0] != n:
            wishers, wished = zip(*self._wishes, strict=True)
            matrix = sparse.csr_matrix(
                (np.ones(len(wishers), np.int8), (wishers, wished)), shape=(n, n)
            )
            self._wish_matrices = (matrix, matrix.T.tocsr())
        return self._wish_matrices

    def _rank_rows(self, rows: np.ndarray) -> np.ndarray:
        """Compute the top K of `rows`; return their scores (rows x all)."""
        scores = self.scores(rows)
        keys = _keys(scores, self._rank, np.uint32)
        n, k = keys.shape[1], min(self._deep.shape[1], keys.shape[1])
        # Each row's K-th key, then where the K keys at or above it are: five
        # times faster than argpartition. Keys in a row are all different.
        at = np.flatnonzero(keys >= np.partition(keys, -k, axis=1)[:, [-k]])
        best = (at % n).reshape(len(rows), k)
        best_keys = keys.ravel()[at].reshape(len(rows), k).astype(np.int64)
        order = np.argsort(-best_keys, axis=1)
        best, best_keys = (np.take_along_axis(a, order, axis=1) for a in (best, best_keys))
        self._deep[rows] = -1
        self._deep_keys[rows] = -1
        self._deep[rows, :k] = np.where(best_keys >= _ID_SPACE, best, -1)
        self._deep_keys[rows, :k] = np.where(best_keys >= _ID_SPACE, best_keys, -1)
        self._depth[rows] = self._deep.shape[1]
        return scores

    def _rank_only(self, rows: np.ndarray) -> None:
        self._rank_rows(rows)

    def _in_blocks(self, rows: np.ndarray, work) -> list:
        size = max(BLOCK_ROWS, BLOCK_PAIRS // max(1, len(self.ids)))
        blocks = [rows[start : start + size] for start in range(0, len(rows), size)]
        if len(blocks) > 1:  # built once, not per thread
            self._features.compared(len(self.ids))
            self._wish_matrices_now() if self._wishes else None
            return self._map_blocks(work, blocks)
        return [work(block) for block in blocks]

    def _rerank_ids(self) -> None:
        n = len(self.ids)
        rank = np.empty(n, np.int64)
        rank[np.argsort(np.array(self.ids))] = np.arange(n)
        self._rank = rank
        top = self._deep[:n]
        valid = top >= 0
        scores = self._deep_keys[:n] // _ID_SPACE
        self._deep_keys[:n] = np.where(
            valid, scores * _ID_SPACE + (_ID_SPACE - 1 - rank[np.where(valid, top, 0)]), -1
        )

    # --- keeping the lists current -------------------------------------------

    def update(self, organizations: dict[str, Organization | None]) -> dict[Pair, bool]:
        """Take in organisations whose facts may have changed (None: no longer
        taking part) and the outcomes set since; rank again whoever's list they
        can change. Returns every pair whose keeping or reasons may have changed,
        with whether it is kept now."""
        known = len(self.ids)
        special_before, self._dirty = self._dirty, {}
        changed_orgs = {}
        self._reserve(known + sum(org_id not in self.index for org_id in organizations))
        for org_id, org in organizations.items():
            row = self._row(org_id)
            if row >= known or self.orgs[row] != org:
                special_before.setdefault(row, self._special(row))
                self._set(row, org)
                changed_orgs[row] = org
        if changed_orgs:
            self._features.set(changed_orgs)
        changed = set(special_before)
        if len(self._rank) != len(self.ids):
            self._rerank_ids()
        if not changed:
            return {}
        if known == 0:  # the first facts of the edition: nothing was kept before
            return self.rebuild()
        n = len(self.ids)
        rows = np.array(sorted(changed))
        before = self.top[:n].copy()
        pools_before = tuple(array.copy() for array in self._pools())
        if len(rows) * 8 > n:  # most of the edition: rank everyone
            self._in_blocks(np.arange(n), self._rank_only)
            touched = np.arange(n)
        else:
            again = self._rank_changed_and_merge(rows)
            touched = np.concatenate([rows, again])
        # A changed list anywhere moves exposures, so other fair lists may move.
        moved = self._refair(pools_before)
        return self._changes(np.union1d(touched, moved), changed, before, special_before)

    def _rank_changed_and_merge(self, rows: np.ndarray) -> np.ndarray:
        """Rank the changed `rows` again, and bring the others' lists up to
        date with their new scores; return the others whose lists changed.

        Only the changed organisations' scores moved, so another's new list is
        its certain partners that did not change, merged with the changed ones
        at their new keys. Every partner not on it scores below the lowest
        certain key it had, so the merged entries at or above that key are
        certain. A list left with fewer than K certain is ranked again in full."""
        n, deep = len(self.ids), self._deep.shape[1]
        before, before_keys, depth = self._deep[:n], self._deep_keys[:n], self._depth[:n]
        everyone = np.arange(n)
        certain = np.arange(deep)[None, :] < depth[:, None]
        lowest = before_keys[everyone, (depth - 1).clip(min=0)]
        # Every partner not certain is below `floor`: the lowest certain key,
        # or, where the certain ones end in -1, no partner is missing at all.
        full = lowest >= _ID_SPACE
        floor = np.where(full, lowest, _ID_SPACE)
        scores = np.vstack(self._in_blocks(rows, self._rank_rows))  # changed x everyone
        # Each changed organisation as a partner of everyone else, by its key.
        keys = _keys(scores.T, self._rank[rows]).T
        listed = np.isin(before, rows) & certain
        merge = listed.any(axis=1) | (keys >= floor[None, :]).any(axis=0)
        merge[rows] = False
        merging = np.flatnonzero(merge)
        if not merging.size:
            return merging
        partners = np.hstack([before[merging], np.broadcast_to(rows, (len(merging), len(rows)))])
        kept_keys = np.where(listed[merging] | ~certain[merging], -1, before_keys[merging])
        offered = np.hstack([kept_keys, keys[:, merging].T])
        best = np.argsort(-offered, axis=1, kind="stable")[:, :deep]
        best_keys = np.take_along_axis(offered, best, axis=1)
        valid = best_keys >= _ID_SPACE
        self._deep[merging] = np.where(valid, np.take_along_axis(partners, best, axis=1), -1)
        self._deep_keys[merging] = np.where(valid, best_keys, -1)
        self._depth[merging] = np.where(
            full[merging], (best_keys >= floor[merging, None]).sum(axis=1), deep
        )
        again = merging[self._depth[merging] < self._pool]
        if len(again):
            self._in_blocks(again, self._rank_only)
        return merging

    def rebuild(self) -> dict[Pair, bool]:
        """Rank everyone from scratch; every kept pair, with True."""
        self._rerank_ids()
        self._dirty = {}
        self._in_blocks(np.arange(len(self.ids)), self._rank_only)
        self._refair()
        return {pair: True for pair in self.kept_pairs()}

    def _special(self, row: int) -> set[int]:
        """Partners kept whatever their rank: an outcome, or a wish either way."""
        return (
            self._outcomes.get(row, set())
            | self._wished.get(row, set())
            | self._wished_by.get(row, set())
        )

    def kept(self, i: int, j: int) -> bool:
        if i == j or self.orgs[i] is None or self.orgs[j] is None:
            return False
        if j in self._declined.get(i, ()):
            return False
        return bool((self.top[i] == j).any() or (self.top[j] == i).any()) or j in self._special(i)

    def kept_pairs(self) -> set[Pair]:
        n = len(self.ids)
        listed = self.top[:n]
        wishers = np.repeat(np.arange(n), self.top_k)[listed.ravel() >= 0]
        partners = listed.ravel()[listed.ravel() >= 0]
        found = {
            pair_of(self.ids[i], self.ids[j])
            for i, j in zip(wishers.tolist(), partners.tolist(), strict=True)
        }
        for row in {*self._outcomes, *self._wished, *self._wished_by}:
            found |= {
                pair_of(self.ids[row], self.ids[partner])
                for partner in self._special(row)
                if self.kept(row, partner)
            }
        return found

    def _changes(
        self,
        touched: np.ndarray,
        changed: set[int],
        before: np.ndarray,
        special_before: dict[int, set[int]],
    ) -> dict[Pair, bool]:
        candidates: set[tuple[int, int]] = set()
        for row in touched.tolist():
            was, now = set(before[row].tolist()), set(self.top[row].tolist())
            for partner in was | now:
                if partner >= 0 and (
                    row in changed or partner in changed or partner not in was & now
                ):
                    candidates.add((row, partner))
        for row in changed:
            for partner in special_before.get(row, set()) | self._special(row):
                candidates.add((row, partner))
        return {pair_of(self.ids[i], self.ids[j]): self.kept(i, j) for i, j in candidates if i != j}

    def partners(self, organization_id: str) -> list[str]:
        """The organisation's list, in the fair order."""
        return self._listed(self.top, organization_id)

    def plain_partners(self, organization_id: str) -> list[str]:
        """The organisation's top K by score alone, best first."""
        return self._listed(self.plain_top, organization_id)

    def _listed(self, lists: np.ndarray, organization_id: str) -> list[str]:
        row = self.index.get(organization_id)
        return [] if row is None else [self.ids[p] for p in lists[row] if p >= 0]

    def listed_by(self, a: str, b: str) -> list[str]:
        """Which of the two have the other in their list."""
        i, j = self.index.get(a), self.index.get(b)
        if i is None or j is None:
            return []
        return [org for org, row, other in ((a, i, j), (b, j, i)) if (self.top[row] == other).any()]


def _keys(scores: np.ndarray, rank: np.ndarray, dtype=np.int64) -> np.ndarray:
    """Sort keys of partners: the score, then the earlier id. A key below
    _ID_SPACE means no pair (score 0). The same numbers as int64 or uint32."""
    keys = scores.astype(dtype)
    keys *= dtype(_ID_SPACE)
    keys += (_ID_SPACE - 1 - rank).astype(dtype)
    return keys


def _resized(matrix: np.ndarray, rows: int, columns: int) -> np.ndarray:
    grown = np.full((rows, columns), -1 if matrix.dtype == np.int64 else 0, matrix.dtype)
    grown[: matrix.shape[0], : matrix.shape[1]] = matrix
    return grown


def _padded(vector: np.ndarray, length: int) -> np.ndarray:
    grown = np.zeros(length, vector.dtype)
    grown[: len(vector)] = vector
    return grown
