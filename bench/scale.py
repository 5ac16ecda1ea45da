"""`scale`: one edition of many organisations. A full recomputation of every
pair through the candidate index (the algorithm matching runs per event,
without the database) against a naive all-pairs loop over the same scoring,
its peak memory, and the p99 cost of one organisation's incremental update."""

import random
import resource
import time

from bench.results import Row
from bench.support import percentile
from bench.workload import organizations
from synergi_matching.candidates import index_keys, probe_keys
from synergi_matching.scoring import Organization, score

GIB = 1024**3


def build_index(orgs: list[Organization]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for position, org in enumerate(orgs):
        for key in index_keys(org):
            index.setdefault(key, []).append(position)
    return index


def candidates(org: Organization, index: dict[str, list[int]]) -> set[int]:
    return {p for key in probe_keys(org) for p in index.get(key, ())}


def full_with_index(orgs: list[Organization]) -> int:
    index = build_index(orgs)
    pairs = 0
    for position, org in enumerate(orgs):
        for other in candidates(org, index):
            if other > position and score(org, orgs[other]).reasons:
                pairs += 1
    return pairs


def naive_rows(orgs: list[Organization], rows: list[int]) -> int:
    pairs = 0
    for position in rows:
        for other in range(position + 1, len(orgs)):
            if score(orgs[position], orgs[other]).reasons:
                pairs += 1
    return pairs


def run(organizations_count: int, naive_sample: int) -> list[Row]:
    orgs = organizations(organizations_count)
    started = time.perf_counter()
    pairs = full_with_index(orgs)
    full = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

    # The naive loop over every pair takes minutes at this size: time a random
    # sample of its rows and scale by the rows' exact share of all pairs.
    rng = random.Random(1)
    rows = rng.sample(range(len(orgs)), min(naive_sample, len(orgs)))
    started = time.perf_counter()
    naive_rows(orgs, rows)
    sampled = time.perf_counter() - started
    share = sum(len(orgs) - 1 - r for r in rows) / (len(orgs) * (len(orgs) - 1) / 2)
    naive = sampled / share

    index = build_index(orgs)
    costs = []
    for position in rng.sample(range(len(orgs)), min(200, len(orgs))):
        started = time.perf_counter()
        for other in candidates(orgs[position], index):
            if other != position:
                score(orgs[position], orgs[other])
        costs.append((time.perf_counter() - started) * 1000)
    p99 = percentile(costs, 0.99)
    note = (
        f"{len(orgs)} organisations, {pairs} pairs with a reason "
        f"({pairs / (len(orgs) * (len(orgs) - 1) / 2):.0%} of all); naive timed on "
        f"{len(rows)} rows ({share:.1%} of the pairs) and scaled"
    )
    return [
        Row(
            "scale.full",
            round(full, 2),
            "s",
            round(naive, 2),
            round(naive / full, 3),
            "<= 10 s",
            full <= 10,
            note,
        ),
        Row(
            "scale.incremental_p99",
            round(p99, 2),
            "ms",
            round(naive / len(orgs) * 2000, 2),
            round(naive / len(orgs) * 2000 / p99, 3),
            "<= 5 ms",
            p99 <= 5,
            "one organisation's pairs through the index; baseline: its naive row",
        ),
        Row(
            "scale.peak_memory",
            round(peak / GIB, 3),
            "GiB",
            0,
            0,
            "<= 1 GiB",
            peak <= GIB,
            "peak resident memory of the benchmark process",
        ),
    ]
