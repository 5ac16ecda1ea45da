"""`scale`: one edition of many organisations through the ranking engine alone.

- full: every organisation's top K from scratch, against a naive loop of
  `scoring.score` over every pair (timed on a sample of rows and scaled), as a
  curve over several sizes;
- incremental: one organisation's profile changes; the p99 of updating every
  list it affects and explaining the pairs that changed;
- peak memory of a process doing the full computation;
- the engine alone at 100,000 organisations, the plan past one machine.

Each size runs in a process of its own, so its peak memory is its own.
"""

import random
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context

from bench.results import Row
from bench.support import percentile
from bench.workload import REGIONS, organizations
from synergi_matching.domain.ranking import Ranking
from synergi_matching.domain.scoring import score
from synergi_matching.usecases.block_threads import on_both_cores

GIB = 1024**3


def _naive_seconds(orgs: list, sample: int) -> float:
    """All pairs through scoring.score, one at a time: timed on `sample`
    random rows and scaled by their exact share of all pairs."""
    rng = random.Random(1)
    rows = rng.sample(range(len(orgs)), min(sample, len(orgs)))
    started = time.perf_counter()
    for position in rows:
        for other in range(position + 1, len(orgs)):
            score(orgs[position], orgs[other])
    sampled = time.perf_counter() - started
    share = sum(len(orgs) - 1 - r for r in rows) / (len(orgs) * (len(orgs) - 1) / 2)
    return sampled / share


def measure(size: int, naive_sample: int, incremental: int) -> dict[str, float]:
    """In a fresh process: full ranking, incremental p99, peak memory."""
    orgs = organizations(size)
    ranking = Ranking(map_blocks=on_both_cores)  # as the service ranks
    started = time.perf_counter()
    kept = ranking.update({org.id: org for org in orgs})
    ranked = time.perf_counter()
    by_id = {org.id: org for org in orgs}
    for a, b in kept:  # the sentences, for the pairs kept
        score(by_id[a], by_id[b])
    full = time.perf_counter() - started
    result = {"full": full, "ranking": ranked - started, "kept": len(kept)}
    if incremental:
        rng = random.Random(2)
        costs, engine, pairs = [], [], []
        for org in rng.sample(orgs, incremental):
            moved = replace(org, regions=frozenset({rng.choice(REGIONS)}))
            started = time.perf_counter()
            changed = ranking.update({org.id: moved})
            engine.append((time.perf_counter() - started) * 1000)
            for a, b in (pair for pair, now in changed.items() if now):
                score(by_id[a] if a != org.id else moved, by_id[b] if b != org.id else moved)
            costs.append((time.perf_counter() - started) * 1000)
            pairs.append(len(changed))
            by_id[org.id] = moved
        result["incremental_p99"] = percentile(costs, 0.99)
        result["incremental_engine_p99"] = percentile(engine, 0.99)
        result["incremental_median"] = percentile(costs, 0.5)
        result["pairs_p99"] = percentile(pairs, 0.99)
    if naive_sample:
        result["naive"] = _naive_seconds(orgs, naive_sample)
    result["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB
    return result


def _in_own_process(size: int, naive_sample: int = 0, incremental: int = 0) -> dict[str, float]:
    # Spawned, not forked: a fork copies the ranking's thread pool without its threads.
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(measure, size, naive_sample, incremental).result()


def run(curve: list[int], size: int, naive_sample: int, incremental: int, beyond: int) -> list[Row]:
    rows = []
    for n in curve:
        found = _in_own_process(n, naive_sample=naive_sample)
        rows.append(
            Row(
                f"scale.full@{n}",
                round(found["full"], 2),
                "s",
                round(found["naive"], 2),
                round(found["naive"] / found["full"], 1),
                "(curve)",
                True,
                f"{found['kept']} pairs kept of {n * (n - 1) // 2}; naive: every pair "
                f"through scoring.score, timed on {naive_sample} rows and scaled",
                size=n,
            )
        )
    found = _in_own_process(size, naive_sample=naive_sample, incremental=incremental)
    note = (
        f"{found['kept']} pairs kept (K = 10); ranking {found['ranking']:.2f} s, "
        f"the sentences of the pairs kept {found['full'] - found['ranking']:.2f} s"
    )
    rows += [
        Row(
            "scale.full",
            round(found["full"], 2),
            "s",
            round(found["naive"], 2),
            round(found["naive"] / found["full"], 1),
            "<= 2 s",
            found["full"] <= 2,
            note + "; naive: every pair through scoring.score, sampled and scaled",
            size=size,
        ),
        Row(
            "scale.incremental_p99",
            round(found["incremental_p99"], 2),
            "ms",
            round(found["naive"] / size * 2000, 2),
            round(found["naive"] / size * 2000 / found["incremental_p99"], 1),
            "<= 5 ms",
            found["incremental_p99"] <= 5,
            f"{incremental} organisations moved to another region, one at a time: every "
            "list it changes, and the sentences of the pairs changed; baseline: its naive "
            f"row. Median {found['incremental_median']:.2f} ms; p99 of the ranking alone "
            f"{found['incremental_engine_p99']:.2f} ms; p99 of pairs changed "
            f"{found['pairs_p99']:.0f}",
            size=size,
        ),
        Row.at_most(
            "scale.peak_memory",
            found["peak"],
            "GiB",
            1,
            note="peak resident memory of the process that ranked them",
            size=size,
        ),
    ]
    if beyond:
        found = _in_own_process(beyond)
        rows += [
            Row.at_most(
                "scale.engine_alone",
                found["full"],
                "s",
                60,
                note=f"the ranking engine alone, {found['kept']} pairs kept",
                size=beyond,
            ),
            Row.at_most(
                "scale.engine_alone_memory",
                found["peak"],
                "GiB",
                4,
                note="peak resident memory of that process",
                size=beyond,
            ),
        ]
    return rows
