"""After the day, pure: which partnerships a later edition inherits (and
which have lapsed), when follow-ups fall due and whom they ask about what."""

from datetime import UTC, date, datetime, timedelta

from synergi_matching.domain.follow_ups import (
    check_plan,
    due_on,
    needs_reminder,
    partners_to_ask,
    rounds_due,
)
from synergi_matching.domain.history import Earlier, carried_into

DATES = {"day-2025": date(2025, 6, 1), "day-2026": date(2026, 6, 1), "day-2027": date(2027, 6, 1)}


def _outcome(edition: str, a: str, b: str, **views: str) -> dict:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "edition": edition,
        "organization_a": a,
        "organization_b": b,
        "views": {side: {"status": s, "note": None, "updated_at": at} for side, s in views.items()},
    }


def _answer(edition: str, a: str, b: str, still: bool | None, day: int) -> dict:
    return {
        "edition": edition,
        "organization_a": a,
        "organization_b": b,
        "still_partners": still,
        "answered_at": datetime(2026, 9, day, tzinfo=UTC),
    }


def test_a_later_edition_inherits_the_partnerships_of_earlier_ones_only() -> None:
    outcomes = [
        _outcome("day-2025", "a", "b", organizer="partnership"),
        _outcome("day-2026", "c", "d", organization_a="partnership", organization_b="partnership"),
        # One side's word is not a partnership; a later edition's is not inherited earlier.
        _outcome("day-2026", "e", "f", organization_a="partnership"),
        _outcome("day-2027", "g", "h", organizer="partnership"),
    ]
    carried = carried_into(DATES["day-2027"], DATES, outcomes, [])
    assert carried == {
        ("a", "b"): Earlier("day-2025", "partnership"),
        ("c", "d"): Earlier("day-2026", "partnership"),
    }
    assert carried_into(DATES["day-2025"], DATES, outcomes, []) == {}
    # Same day: neither came before the other.
    assert carried_into(date(2026, 6, 1), DATES, outcomes, []) == {
        ("a", "b"): Earlier("day-2025", "partnership")
    }


def test_the_latest_edition_of_a_partnership_is_the_one_named() -> None:
    outcomes = [
        _outcome("day-2026", "a", "b", organizer="partnership"),
        _outcome("day-2025", "a", "b", organizer="partnership"),
    ]
    assert carried_into(DATES["day-2027"], DATES, outcomes, []) == {
        ("a", "b"): Earlier("day-2026", "partnership")
    }


def test_a_partnership_lapses_when_its_latest_answer_says_it_no_longer_runs() -> None:
    outcomes = [_outcome("day-2026", "a", "b", organizer="partnership")]
    ended = [_answer("day-2026", "a", "b", True, 1), _answer("day-2026", "a", "b", False, 2)]
    assert carried_into(DATES["day-2027"], DATES, outcomes, ended) == {
        ("a", "b"): Earlier("day-2026", "lapsed")
    }
    again = [*ended, _answer("day-2026", "a", "b", True, 3), _answer("day-2026", "a", "b", None, 4)]
    assert carried_into(DATES["day-2027"], DATES, outcomes, again) == {
        ("a", "b"): Earlier("day-2026", "partnership")
    }


def test_a_follow_up_falls_due_months_after_the_day_on_the_same_day_or_the_months_last() -> None:
    assert due_on(date(2026, 6, 1), 3) == date(2026, 9, 1)
    assert due_on(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert due_on(date(2026, 8, 31), 12) == date(2027, 8, 31)
    assert rounds_due(date(2026, 6, 1), [12, 3, 6], date(2026, 12, 1)) == [3, 6]
    assert rounds_due(date(2026, 6, 1), [3], date(2026, 8, 31)) == []


def test_only_a_side_that_recorded_the_contact_is_asked_or_both_when_the_organiser_did() -> None:
    """One side's word alone does not make the foundation write to the other
    (security review, finding 2): `a` said it contacted `b`, so only `a` is
    asked about `b`; the organiser's record asks both; a declined pair no one."""
    outcomes = [
        _outcome("d", "a", "b", organization_a="contacted"),
        _outcome("d", "a", "c", organizer="partnership"),
        _outcome("d", "b", "c", organization_a="met", organization_b="declined"),
        _outcome("d", "c", "e", organization_a="met", organization_b="contacted"),
    ]
    assert partners_to_ask(outcomes) == {"a": ["b", "c"], "c": ["a", "e"], "e": ["c"]}


def test_a_plan_names_each_month_and_indicator_once() -> None:
    assert check_plan([3, 6, 12], ["joint-application"]) is None
    assert "month" in check_plan([3, 3], ["x"])
    assert "indicator" in check_plan([3], ["x", "x"])


def test_a_round_unanswered_for_14_days_is_reminded_and_not_once_it_is_old() -> None:
    asked = datetime(2031, 2, 1, 9, 0, tzinfo=UTC)
    round_ = {"months": 3, "scheduled_at": asked}
    other_round = [{"months": 6}]
    assert not needs_reminder(round_, [], asked + timedelta(days=13, hours=23))
    assert needs_reminder(round_, [], asked + timedelta(days=14))
    assert needs_reminder(round_, other_round, asked + timedelta(days=20))
    assert not needs_reminder(round_, [{"months": 3}], asked + timedelta(days=20))  # answered
    assert not needs_reminder(round_, [], asked + timedelta(days=60))  # too old to dig up
