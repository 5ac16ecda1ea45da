"""`quality`: how good and how fair the lists are, on generated impact days
with planted partnerships, fair lists against plain ranking by score in the
same run (`synergi_matching.domain.fairness`, `.quality`).

A day has organisations of three sizes: large ones offer and need many of the
common resources (they fit nearly everyone a little), small ones a few. One in
ten organisations is half of a *planted* partnership: two organisations built
to fit each other (each offers what the other needs, in the same region, with
the same target group and challenge), the pairs a person would make by hand,
and, as on the day, they sat together in a mini-workshop (two planted pairs to
a room). Their profiles alone score 0.70, the most a profile can, which many
ordinary pairs reach too; the workshop lifts them to 0.80.
The hit rate is the share of planted organisations whose partner is among the
first three of their list, as the list is shown (best score first).
"""

import random
from statistics import mean

from bench.results import Row
from bench.workload import GROUPS, REGIONS, RESOURCES, THEMES
from synergi_matching.domain import quality
from synergi_matching.domain.ranking import Ranking
from synergi_matching.domain.scoring import Organization, score
from synergi_matching.usecases.block_threads import on_both_cores

SIZES = {"small": (0.5, 1, 2), "medium": (0.35, 2, 4), "large": (0.15, 5, 9)}  # share, tags
TOP = 3


def _resources(rng: random.Random, low: int, high: int) -> frozenset[str]:
    """Popular resources first (weight 1/n): large organisations cover the head."""
    weights = [1 / (i + 1) for i in range(len(RESOURCES))]
    return frozenset(rng.choices(RESOURCES, weights)[0] for _ in range(rng.randint(low, high)))


def impact_day(count: int, seed: int) -> tuple[dict[str, Organization], dict, list[tuple]]:
    """Organisations, their sizes, and the planted pairs."""
    rng = random.Random(seed)
    orgs, sizes = {}, {}
    for n in range(count):
        org_id = f"org-{n:05}"
        size = rng.choices(list(SIZES), weights=[s[0] for s in SIZES.values()])[0]
        low, high = SIZES[size][1:]
        sizes[org_id] = size
        orgs[org_id] = Organization(
            id=org_id,
            name=f"Organisation {n}",
            regions=frozenset([rng.choice(REGIONS)]),
            target_groups=frozenset(rng.sample(GROUPS, 1 + (size == "large"))),
            offers=_resources(rng, low, high),
            needs=_resources(rng, low, high),
            challenge_themes=frozenset([rng.choice(THEMES)]),
        )
    planted = []
    ids = list(orgs)
    rng.shuffle(ids)
    for i in range(0, count // 10, 2):
        a, b = orgs[ids[i]], orgs[ids[i + 1]]
        mine, yours = f"planted-{i}-a", f"planted-{i}-b"  # what only they have
        region, group, theme = rng.choice(REGIONS), rng.choice(GROUPS), rng.choice(THEMES)
        room = {f"mini-{i // 4}": 4}  # two planted pairs to a room: size class 4
        for org, offers, needs in ((a, mine, yours), (b, yours, mine)):
            orgs[org.id] = Organization(
                id=org.id,
                name=org.name,
                regions=frozenset([region]),
                target_groups=org.target_groups | {group},
                offers=org.offers | {offers},
                needs=org.needs | {needs},
                challenge_themes=frozenset([theme]),
                workshops=room,
            )
        planted.append((a.id, b.id))
    return orgs, sizes, planted


def _figures(orgs: dict, sizes: dict, planted: list, lists: dict[str, list[str]]) -> dict:
    scored = {
        org: sorted(((p, score(orgs[org], orgs[p]).score) for p in partners), key=lambda x: -x[1])
        for org, partners in lists.items()
    }
    report = quality.report("bench", "-", scored, {}, sizes)
    shown = {org: [p for p, _ in partners[:TOP]] for org, partners in scored.items()}
    hits = [b in shown[a] for pair in planted for a, b in (pair, pair[::-1])]
    small = next(s for s in report.exposure.by_size if s.size == "small")
    return {
        "hit_rate": mean(hits),
        "gini": report.exposure.gini,
        "largest_share": report.exposure.largest_share,
        "coverage": report.coverage.share_with_at_least_3,
        "unseen": sum(1 for org in lists if not any(org in ps for ps in lists.values())),
        "small_share": small.share_of_exposure,
        "small_edition": small.share_of_edition,
        "reciprocity": report.reciprocity,
    }


def measure(count: int, seed: int) -> tuple[dict, dict]:
    """(fair, plain) figures of one generated day."""
    orgs, sizes, planted = impact_day(count, seed)
    ranking = Ranking(map_blocks=on_both_cores)  # as the service ranks
    ranking.update(orgs)
    fair = _figures(orgs, sizes, planted, {o: ranking.partners(o) for o in orgs})
    plain = _figures(orgs, sizes, planted, {o: ranking.plain_partners(o) for o in orgs})
    return fair, plain


def run(size: int, days: int) -> list[Row]:
    found = [measure(size, seed) for seed in range(days)]
    fair = {key: mean(f[key] for f, _ in found) for key in found[0][0]}
    plain = {key: mean(p[key] for _, p in found) for key in found[0][1]}
    note = f"mean of {days} generated days of {size} organisations, K = 10; baseline: plain ranking"

    def row(name, key, unit, higher_is_better, goal, meets, extra=""):
        value, baseline = fair[key], plain[key]
        ratio = (value / baseline if higher_is_better else baseline / value) if value else 0.0
        return Row(
            f"quality.{name}",
            round(value, 4),
            unit,
            round(baseline, 4),
            round(ratio, 3),
            goal,
            meets,
            note + extra,
            size=size,
        )

    return [
        row(
            "planted_hit_rate",
            "hit_rate",
            "share",
            True,
            "ratio >= 1",
            fair["hit_rate"] >= plain["hit_rate"],
            f"; planted partners in each other's first {TOP}",
        ),
        row(
            "exposure_gini",
            "gini",
            "gini",
            False,
            "below plain",
            fair["gini"] < plain["gini"],
            "; how unevenly organisations appear in others' lists (0: evenly)",
        ),
        row(
            "largest_share",
            "largest_share",
            "share",
            False,
            "at most plain",
            fair["largest_share"] <= plain["largest_share"],
            "; of all places on lists, the most exposed organisation's",
        ),
        row(
            "unseen",
            "unseen",
            "organisations",
            False,
            "below plain",
            fair["unseen"] < plain["unseen"],
            "; organisations in nobody's list",
        ),
        row(
            "coverage",
            "coverage",
            "share",
            True,
            "at least plain",
            fair["coverage"] >= plain["coverage"],
            "; organisations with at least 3 partners listed",
        ),
        row(
            "small_exposure",
            "small_share",
            "share",
            True,
            "above plain",
            fair["small_share"] > plain["small_share"],
            f"; small organisations' share of places; they are "
            f"{fair['small_edition']:.0%} of the organisations",
        ),
        row(
            "reciprocity",
            "reciprocity",
            "share",
            True,
            "reported",
            True,
            "; places whose partner lists them back",
        ),
    ]
