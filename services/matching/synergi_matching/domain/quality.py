"""How good and how fair an edition's lists are: coverage, exposure,
reciprocity and scores. The measures follow the work on reciprocal
recommenders (people recommended to people): a list is only useful if the
partner wants the meeting too, and a recommender that sends everyone to the
same few organisations leaves the rest unseen. Pure: lists in, figures out.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

# Coverage counts organisations with at least this many partners on their list.
ENOUGH = 3
SCORE_BUCKETS = 10  # the histogram's bars: 0-0.1, 0.1-0.2, ... 0.9-1


@dataclass(frozen=True)
class Named:
    id: str
    name: str | None


@dataclass(frozen=True)
class Coverage:
    organizations: int
    share_with_at_least_3: float
    fewer_than_3: list[Named]  # with 1 or 2
    with_none: list[Named]


@dataclass(frozen=True)
class SizeExposure:
    size: str
    share_of_exposure: float  # of all places on lists, those taken by this size
    share_of_edition: float  # of the organisations, those of this size


@dataclass(frozen=True)
class Exposure:
    gini: float  # 0: everyone in as many lists; 1: one organisation in all
    largest_share: float  # of all places on lists, the most exposed one's
    most_exposed: Named | None
    most_lists: int  # how many lists that one is in
    by_size: list[SizeExposure]


@dataclass(frozen=True)
class Scores:
    count: int
    mean: float
    minimum: float
    p25: float
    median: float
    p75: float
    maximum: float
    histogram: list[int]  # places on lists per tenth of the score range


@dataclass(frozen=True)
class QualityReport:
    edition: str
    model_version: str
    coverage: Coverage
    exposure: Exposure
    reciprocity: float  # of all places on lists, those whose partner lists them back
    scores: Scores


def gini(values: Sequence[float] | np.ndarray) -> float:
    """The Gini coefficient of non-negative values (0 when all are zero)."""
    x = np.sort(np.asarray(values, np.float64))
    if len(x) == 0 or x.sum() == 0:
        return 0.0
    n = len(x)
    return float(2 * np.sum(np.arange(1, n + 1) * x) / (n * x.sum()) - (n + 1) / n)


def report(
    edition: str,
    model_version: str,
    lists: Mapping[str, Sequence[tuple[str, float]]],
    names: Mapping[str, str | None],
    sizes: Mapping[str, str | None],
) -> QualityReport:
    """`lists`: every organisation taking part -> its list (partner, score)."""

    def named(org: str) -> Named:
        return Named(org, names.get(org))

    counts = {org: len(partners) for org, partners in lists.items()}
    exposure = dict.fromkeys(lists, 0)
    for partners in lists.values():
        for partner, _ in partners:
            exposure[partner] = exposure.get(partner, 0) + 1
    places = sum(exposure.values())
    most = max(sorted(exposure), key=exposure.get, default=None)
    listing = {(org, partner) for org, partners in lists.items() for partner, _ in partners}
    scores = np.array([s for partners in lists.values() for _, s in partners], np.float64)
    return QualityReport(
        edition=edition,
        model_version=model_version,
        coverage=Coverage(
            organizations=len(lists),
            share_with_at_least_3=_share(sum(c >= ENOUGH for c in counts.values()), len(lists)),
            fewer_than_3=[named(o) for o in sorted(counts) if 0 < counts[o] < ENOUGH],
            with_none=[named(o) for o in sorted(counts) if counts[o] == 0],
        ),
        exposure=Exposure(
            gini=round(gini(list(exposure.values())), 4),
            largest_share=_share(exposure[most], places) if most else 0.0,
            most_exposed=named(most) if most and exposure[most] else None,
            most_lists=exposure[most] if most else 0,
            by_size=[
                SizeExposure(
                    size=size,
                    share_of_exposure=_share(
                        sum(exposure[o] for o in lists if sizes.get(o) == size), places
                    ),
                    share_of_edition=_share(sum(sizes.get(o) == size for o in lists), len(lists)),
                )
                for size in ("small", "medium", "large")
            ],
        ),
        reciprocity=_share(sum((b, a) in listing for a, b in listing), len(listing)),
        scores=_distribution(scores),
    )


def _share(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _distribution(scores: np.ndarray) -> Scores:
    if not len(scores):
        return Scores(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, [0] * SCORE_BUCKETS)
    p25, median, p75 = (round(float(q), 4) for q in np.quantile(scores, [0.25, 0.5, 0.75]))
    bars = np.minimum((scores * SCORE_BUCKETS).astype(int), SCORE_BUCKETS - 1)
    return Scores(
        count=len(scores),
        mean=round(float(scores.mean()), 4),
        minimum=round(float(scores.min()), 4),
        p25=p25,
        median=median,
        p75=p75,
        maximum=round(float(scores.max()), 4),
        histogram=np.bincount(bars, minlength=SCORE_BUCKETS).tolist(),
    )
