"""`meeting_plan`: the day's automatic meeting plan (workshops'
`domain/meeting_plan.py`, OR-Tools CP-SAT) on a generated impact day of
300 organisations, 8 slots of 40 tables, beside placing the best pairs first
(greedy) in the same run: its time, and how many organisations (and small
ones) get at least one meeting.

The day's lists are matching's own ranking of `bench/quality.py`'s
generated day (K = 10); the pairs that list each other are the candidates,
with their scores."""

import time

from bench.quality import impact_day
from bench.results import Row
from synergi_matching.domain.ranking import Ranking
from synergi_matching.domain.scoring import score
from synergi_matching.usecases.block_threads import on_both_cores
from synergi_workshops.domain.meeting_plan import Candidate, Day, greedy, solve, spread


def generated_day(count: int, slots: int, tables: int, seed: int = 7) -> Day:
    """A generated day's mutual pairs as the plan's candidates."""
    orgs, sizes, _ = impact_day(count, seed)
    ranking = Ranking(map_blocks=on_both_cores)
    ranking.update(orgs)
    lists = {org: set(ranking.partners(org)) for org in orgs}
    candidates = [
        Candidate(a, b, score(orgs[a], orgs[b]).score)
        for a in sorted(orgs)
        for b in sorted(lists[a])
        if a < b and a in lists[b]
    ]
    return Day(
        tables={slot: tables for slot in range(1, slots + 1)},
        candidates=candidates,
        organizations=frozenset(orgs),
        small=frozenset(org for org, size in sizes.items() if size == "small"),
    )


def run(organizations: int, slots: int, tables: int, seconds: float) -> list[Row]:
    day = generated_day(organizations, slots, tables)
    started = time.perf_counter()
    baseline = greedy(day)
    greedy_time = time.perf_counter() - started
    started = time.perf_counter()
    plan = solve(day, seconds)
    plan_time = time.perf_counter() - started
    ours, theirs = spread(day, plan), spread(day, baseline)
    size = organizations
    note = (
        f"{organizations} organisations, {slots} slots of {tables} tables, "
        f"{len(day.candidates)} pairs that list each other; baseline: best pairs first"
    )
    return [
        Row(
            name="meeting_plan.time",
            value=round(plan_time, 2),
            unit="s",
            baseline=round(greedy_time, 4),
            ratio=round(greedy_time / plan_time, 4),
            goal="≤ 10 s",
            meets_goal=plan_time <= 10,
            note=note + f"; greedy took {greedy_time * 1000:.1f} ms",
            size=size,
        ),
        Row(
            name="meeting_plan.with_meeting",
            value=round(ours.with_meeting, 3),
            unit="share",
            baseline=round(theirs.with_meeting, 3),
            ratio=round(ours.with_meeting / theirs.with_meeting, 3),
            goal="≥ greedy",
            meets_goal=ours.with_meeting >= theirs.with_meeting,
            note=note + f"; meetings per organisation {ours.per_organization} "
            f"(greedy {theirs.per_organization})",
            size=size,
        ),
        Row(
            name="meeting_plan.small_with_meeting",
            value=round(ours.small_with_meeting, 3),
            unit="share",
            baseline=round(theirs.small_with_meeting, 3),
            ratio=round(ours.small_with_meeting / theirs.small_with_meeting, 3),
            goal="≥ greedy",
            meets_goal=ours.small_with_meeting >= theirs.small_with_meeting,
            note=note + f"; total score {ours.total_score} (greedy {theirs.total_score})",
            size=size,
        ),
    ]
