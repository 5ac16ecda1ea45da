"""Fair re-ranking: balanced exposure, reciprocity, and never more than the pool."""

import numpy as np

from synergi_matching.domain import fairness
from synergi_matching.domain.quality import gini
from tests.matching_reference import rerank_whole


def _pools(scores: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's best `size` partners by score (ties by row), and their scores."""
    n = len(scores)
    scores = scores.copy()
    np.fill_diagonal(scores, 0)
    order = np.lexsort((np.broadcast_to(np.arange(n), scores.shape), -scores), axis=1)[:, :size]
    best = np.take_along_axis(scores, order, axis=1)
    return np.where(best > 0, order, -1), best


def test_partners_that_fit_everyone_a_little_better_appear_in_fewer_lists() -> None:
    rng = np.random.default_rng(1)
    n, k = 60, 3
    scores = rng.integers(1000, 3000, (n, n)).astype(float)
    scores = np.triu(scores, 1) + np.triu(scores, 1).T
    stars = [0, 1, 2]
    scores[stars, :] += 400  # three large organisations that fit everyone a little better
    scores[:, stars] += 400
    pool, pool_scores = _pools(scores, 2 * k)
    plain = pool[:, :k]
    fair = rerank_whole(pool, pool_scores, k)
    plain_exposure, fair_exposure = fairness.exposure_of(plain), fairness.exposure_of(fair)
    assert fair_exposure[stars].sum() < plain_exposure[stars].sum()
    assert gini(fair_exposure) < gini(plain_exposure)
    assert (fair_exposure > 0).sum() > (plain_exposure > 0).sum()
    # Lists as long as before, drawn from the pool only.
    assert ((fair >= 0).sum(axis=1) == (plain >= 0).sum(axis=1)).all()
    assert all(set(fair[row]) <= set(pool[row]) for row in range(n))


def test_a_mutual_partner_rises_above_a_slightly_better_one_sided_one() -> None:
    # 0's best is 1, but 1 prefers 3; 2 is a little below 1 for 0 and lists 0 first.
    # (Equal exposure: 0, 1 and 2 are each in one list but 3 in two.)
    scores = np.zeros((4, 4))
    for (a, b), value in {(0, 1): 3000, (0, 2): 2900, (1, 3): 5000, (2, 3): 100}.items():
        scores[a, b] = scores[b, a] = value
    pool, pool_scores = _pools(scores, 2)
    assert list(pool[0]) == [1, 2]
    assert list(pool[2]) == [0, 3]  # 2 lists 0, 1 does not: 0-2 is mutual
    fair = rerank_whole(pool, pool_scores, 1)
    assert fair[0, 0] == 2


def test_a_clearly_better_partner_keeps_its_place_whatever_its_exposure() -> None:
    # Everyone's best is 0 by a follow-up wish's worth (0.15): it stays listed.
    n = 12
    scores = np.full((n, n), 1000.0)
    scores[0, :] = scores[:, 0] = 1000 + 1500
    pool, pool_scores = _pools(scores, 6)
    fair = rerank_whole(pool, pool_scores, 3)
    assert all(0 in fair[row] for row in range(1, n))


def test_rows_without_partners_stay_empty_and_equal_weights_keep_the_plain_order() -> None:
    scores = np.zeros((5, 5))
    for a, b in [(0, 1), (0, 2), (1, 2)]:
        scores[a, b] = scores[b, a] = 1000
    pool, pool_scores = _pools(scores, 4)
    fair = rerank_whole(pool, pool_scores, 2)
    assert (fair[3:] == -1).all()
    assert [list(fair[row]) for row in range(3)] == [[1, 2], [0, 2], [0, 1]]
