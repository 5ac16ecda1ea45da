"""The day's meeting plan: for each slot, meetings between pairs that list
each other, at most one per organisation per slot and one per table, the
meetings already agreed kept. Solved with CP-SAT (OR-Tools): as many
small organisations with a meeting as possible, then as many organisations
with one, then the highest total score; never worse on the first two than
placing the best pairs first (`greedy`, also the solver's starting point).
Pure, apart from the solver's time limit."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

# Scores are whole numbers for the solver: thousandths.
SCALE = 1000


@dataclass(frozen=True)
class Candidate:
    a: str
    b: str
    score: float


@dataclass(frozen=True)
class Planned:
    a: str
    b: str
    slot: int
    score: float


@dataclass(frozen=True)
class Day:
    """What a plan is made from. `tables` per slot number; `busy` the
    (organisation, slot) places agreed meetings hold; `kept` how many
    meetings each organisation has already."""

    tables: dict[int, int]
    candidates: list[Candidate]
    organizations: frozenset[str]
    small: frozenset[str] = frozenset()
    busy: frozenset[tuple[str, int]] = frozenset()
    kept: dict[str, int] = field(default_factory=dict)


def _free(day: Day, pair: Candidate, slot: int) -> bool:
    return (pair.a, slot) not in day.busy and (pair.b, slot) not in day.busy


def greedy(day: Day) -> list[Planned]:
    """The best pairs first, each in the first slot where both are free and
    a table is."""
    tables = dict(day.tables)
    taken: set[tuple[str, int]] = set(day.busy)
    plan = []
    for pair in sorted(day.candidates, key=lambda c: (-c.score, c.a, c.b)):
        for slot in sorted(tables):
            if tables[slot] > 0 and (pair.a, slot) not in taken and (pair.b, slot) not in taken:
                plan.append(Planned(pair.a, pair.b, slot, pair.score))
                taken |= {(pair.a, slot), (pair.b, slot)}
                tables[slot] -= 1
                break
    return plan


@dataclass(frozen=True)
class Spread:
    """How the meetings fall: the share of organisations with at least one
    (agreed ones counted), of small ones, and how many have how many."""

    with_meeting: float
    small_with_meeting: float
    per_organization: dict[int, int]
    meetings: int
    total_score: float


def spread(day: Day, plan: list[Planned]) -> Spread:
    count = Counter(day.kept)
    for meeting in plan:
        count[meeting.a] += 1
        count[meeting.b] += 1
    orgs = day.organizations
    small = day.small & orgs

    def share(group: frozenset[str]) -> float:
        return sum(1 for org in group if count[org]) / len(group) if group else 0.0

    return Spread(
        with_meeting=share(orgs),
        small_with_meeting=share(small),
        per_organization=dict(sorted(Counter(count[org] for org in orgs).items())),
        meetings=len(plan),
        total_score=round(sum(m.score for m in plan), 3),
    )


def solve(day: Day, seconds: float = 6.0, workers: int = 2) -> list[Planned]:
    """The plan, within `seconds`; the greedy plan if the solver finds
    nothing better in time."""
    start = greedy(day)
    if not day.candidates:
        return start
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for i, pair in enumerate(day.candidates):
        for slot in day.tables:
            if day.tables[slot] > 0 and _free(day, pair, slot):
                x[i, slot] = model.new_bool_var(f"x{i}_{slot}")
    at: dict[tuple[str, int], list] = defaultdict(list)
    of_pair: dict[int, list] = defaultdict(list)
    in_slot: dict[int, list] = defaultdict(list)
    of_org: dict[str, list] = defaultdict(list)
    for (i, slot), var in x.items():
        pair = day.candidates[i]
        for org in (pair.a, pair.b):
            at[org, slot].append(var)
            of_org[org].append(var)
        of_pair[i].append(var)
        in_slot[slot].append(var)
    for group in (*at.values(), *of_pair.values()):
        model.add_at_most_one(group)
    for slot, group in in_slot.items():
        model.add(sum(group) <= day.tables[slot])

    # Who gets a first meeting from the plan (those with an agreed one have it).
    covered = {
        org: model.new_bool_var(f"c{org}")
        for org in of_org
        if org in day.organizations and not day.kept.get(org)
    }
    for org, var in covered.items():
        model.add(sum(of_org[org]) >= var)
    small = [var for org, var in covered.items() if org in day.small]
    # Never worse than greedy on either share: greedy's plan stays feasible.
    before = spread(day, start)
    already = sum(1 for org in day.organizations if day.kept.get(org))
    already_small = sum(1 for org in day.organizations & day.small if day.kept.get(org))
    model.add(
        sum(covered.values()) >= round(before.with_meeting * len(day.organizations)) - already
    )
    if day.small & day.organizations:
        small_before = round(before.small_with_meeting * len(day.small & day.organizations))
        model.add(sum(small) >= small_before - already_small)

    scores = {key: round(day.candidates[key[0]].score * SCALE) for key in x}
    score_room = SCALE * sum(day.tables.values()) + 1  # more than any plan's total score
    cover_weight = score_room
    small_weight = cover_weight * (len(covered) + 1)
    model.maximize(
        small_weight * sum(small)
        + cover_weight * sum(covered.values())
        + sum(scores[key] * var for key, var in x.items())
    )
    index = {(c.a, c.b): i for i, c in enumerate(day.candidates)}
    hinted = {(index[m.a, m.b], m.slot) for m in start}
    for key, var in x.items():
        model.add_hint(var, key in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return start
    return sorted(
        (
            Planned(day.candidates[i].a, day.candidates[i].b, slot, day.candidates[i].score)
            for (i, slot), var in x.items()
            if solver.value(var)
        ),
        key=lambda m: (m.slot, m.a, m.b),
    )
