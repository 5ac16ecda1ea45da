"""Fair exposure: each organisation's list re-ranked from its best 2K partners.

Plain ranking by score sends everyone to the same few organisations that fit
many (large ones, with long offer lists; and among equal scores, to the ids
that sort first), and leaves those with few natural matches in nobody's list.
The re-ranking takes each organisation's 2K best partners by score (the
*pool*), orders them by

    score + 0.04 x (target - exposure) / (target + exposure) + 0.05 if mutual

and keeps the first K, where

- *exposure* is how many plain top-K lists the partner is in, and *target* the
  average over organisations with any partner, rounded: an over-exposed partner
  loses up to 0.04, an unseen one gains up to 0.04 (the fraction in quarters);
- *mutual*: the partner's own plain top K holds this organisation too; both
  sides of a reciprocal pair want the meeting (RECON, Pizzato et al. 2010).

So it decides among near-equals: the most it can move one partner against
another is 0.13, so a partner that fits better by one reason of 0.15 or more (a
shared target group or challenge, a follow-up wish, a complementary offer)
keeps its place above. It only reorders the pool, so every list is as long as
plain ranking's (at least three whenever three partners have any reason), and
the score and reasons shown are the pair's own, unchanged. Everything it
reads is a function of the facts (exact plain lists), so it too depends only on
the events received; each step is a correctly rounded IEEE operation, so the
same inputs give the same lists however they are computed. Pure: arrays in,
arrays out.
"""

import numpy as np

# In 1/10,000 score steps, as the scores are.
EXPOSURE_STEPS = 400.0
MUTUAL_STEPS = 500.0


def exposure_of(plain: np.ndarray) -> np.ndarray:
    """How many of the lists `plain` (rows x K, -1: none) hold each row."""
    return np.bincount(plain[plain >= 0], minlength=len(plain))


def balance_of(plain: np.ndarray) -> np.ndarray:
    """Each organisation's exposure term, in score steps, from every plain list."""
    exposure = exposure_of(plain)
    listing = np.count_nonzero((plain >= 0).any(axis=1))
    target = np.rint(exposure.sum() / max(listing, 1))
    # In quarters, so that a partner entering or leaving one list elsewhere
    # seldom moves it in this one: fewer lists change with each event.
    fraction = np.rint(4 * (target - exposure) / np.maximum(target + exposure, 1)) / 4
    return EXPOSURE_STEPS * fraction


def rerank(
    rows: np.ndarray, pool: np.ndarray, scores: np.ndarray, plain: np.ndarray, balance: np.ndarray
) -> np.ndarray:
    """The fair lists (len(rows) x K, -1: none) of `rows`, from their pools
    (their best partners by plain key, best first, -1: none) and the pools'
    scores in 1/10,000 steps; `plain` is every organisation's plain top K and
    `balance` its `balance_of`."""
    valid = pool >= 0
    partner = np.where(valid, pool, 0)
    mutual = (plain[partner] == rows[:, None, None]).any(axis=2)
    weight = scores + balance[partner] + np.where(mutual, MUTUAL_STEPS, 0.0)
    weight = np.where(valid, weight, -np.inf)
    # Stable: equal weights keep the plain order (score, then id).
    order = np.argsort(-weight, axis=1, kind="stable")[:, : plain.shape[1]]
    return np.take_along_axis(pool, order, axis=1)
