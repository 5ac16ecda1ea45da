"""The day's meeting plan, checked without trusting the solver: on a
generated day of 300 organisations, 8 slots and 40 tables (the lists made by
matching's own ranking), no organisation is in two meetings of a slot, no
slot holds more meetings than tables, no pair meets twice, every planned
pair lists each other, and at least as many organisations (and small ones)
get a meeting as when the best pairs are placed first. Agreed meetings are
kept: their organisations' slots and the tables they hold are not planned."""

from collections import Counter

from bench.meeting_plan import generated_day
from bench.quality import impact_day
from synergi_matching.domain.ranking import Ranking
from synergi_workshops.domain.meeting_plan import Candidate, Day, greedy, solve, spread


def _double_bookings(plan, day: Day) -> list[str]:
    wrong = []
    at = Counter((org, m.slot) for m in plan for org in (m.a, m.b))
    wrong += [f"{org} twice in slot {slot}" for (org, slot), n in at.items() if n > 1]
    wrong += [
        f"{org} planned in slot {slot}, where it meets already"
        for (org, slot) in at
        if (org, slot) in day.busy
    ]
    per_slot = Counter(m.slot for m in plan)
    wrong += [
        f"slot {s}: {n} meetings at {day.tables[s]} tables"
        for s, n in per_slot.items()
        if n > day.tables[s]
    ]
    pairs = Counter(frozenset((m.a, m.b)) for m in plan)
    wrong += [f"{sorted(p)} meet {n} times" for p, n in pairs.items() if n > 1]
    return wrong


def test_a_generated_day_is_planned_fairly_and_without_double_booking() -> None:
    day = generated_day(300, 8, 40)
    plan = solve(day, seconds=6)
    assert _double_bookings(plan, day) == []
    # Every planned pair lists each other: the lists made again, apart from the plan.
    orgs, _, _ = impact_day(300, 7)
    ranking = Ranking()
    ranking.update(orgs)
    lists = {org: set(ranking.partners(org)) for org in orgs}
    assert all(m.b in lists[m.a] and m.a in lists[m.b] for m in plan)
    ours, theirs = spread(day, plan), spread(day, greedy(day))
    assert ours.with_meeting >= theirs.with_meeting
    assert ours.small_with_meeting >= theirs.small_with_meeting
    assert ours.with_meeting > 0.9, ours


def test_agreed_meetings_are_kept_out_of_the_plan() -> None:
    orgs = [f"o{i}" for i in range(6)]
    candidates = [
        Candidate(a, b, 0.5 + i / 100)
        for i, (a, b) in enumerate((a, b) for a in orgs for b in orgs if a < b)
    ]
    # o0 and o1 already meet in slot 1, at the slot's only table.
    day = Day(
        tables={1: 0, 2: 2},
        candidates=[c for c in candidates if {c.a, c.b} != {"o0", "o1"}],
        organizations=frozenset(orgs),
        small=frozenset({"o4", "o5"}),
        busy=frozenset({("o0", 1), ("o1", 1)}),
        kept={"o0": 1, "o1": 1},
    )
    plan = solve(day, seconds=2)
    assert _double_bookings(plan, day) == []
    assert all(m.slot == 2 for m in plan) and len(plan) == 2
    # The two tables of slot 2 go to the four who have no meeting yet.
    assert {org for m in plan for org in (m.a, m.b)} == {"o2", "o3", "o4", "o5"}
