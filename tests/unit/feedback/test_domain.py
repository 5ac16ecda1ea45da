import random

import pytest

from synergi_feedback import domain
from synergi_feedback.domain import counter_entries, nest, rating_view
from tests.feedback_reference import recompute


def response(day: int, *ratings: tuple[str, str, int, str | None], wishes=()) -> dict:
    return {
        "day_rating": day,
        "workshops": [
            {
                "workshop_id": w,
                "theme": t,
                "rating": r,
                "insight_kind": k,
                "insight": "x" if k else None,
            }
            for w, t, r, k in ratings
        ],
        "follow_ups": [{"organization_id": o} for o in wishes],
    }


def test_one_response_counts_day_workshops_themes_insights_and_wishes() -> None:
    counts = recompute([response(4, ("w1", "co-creation", 5, "tip"), wishes=["org-b"])])
    assert counts == {
        "responses": 1,
        "day.count": 1,
        "day.sum": 4,
        "day.distribution.4": 1,
        "workshops.w1.count": 1,
        "workshops.w1.sum": 5,
        "workshops.w1.distribution.5": 1,
        "themes.co-creation.count": 1,
        "themes.co-creation.sum": 5,
        "themes.co-creation.distribution.5": 1,
        "insights.tip.co-creation": 1,
        "follow_ups.org-b": 1,
    }


def test_stored_counter_entries_add_up_to_the_recomputation() -> None:
    rng = random.Random(7)
    responses = [
        response(
            rng.randint(1, 5),
            *[
                (f"w{w}", f"t{w % 3}", rng.randint(1, 5), rng.choice([None, "tip", "ambition"]))
                for w in rng.sample(range(6), rng.randint(0, 3))
            ],
            wishes=rng.sample(["a", "b", "c", "d"], rng.randint(0, 2)),
        )
        for _ in range(200)
    ]
    total: dict[str, int] = {}
    for entry in (e for r in responses for e in counter_entries(r)):  # what $group adds up
        total[entry["k"]] = total.get(entry["k"], 0) + entry["v"]
    assert total == recompute(responses)


def test_added_up_counters_nest_back_and_give_averages() -> None:
    flat = {
        "day.count": 2,
        "day.sum": 7,
        "day.distribution.3": 1,
        "day.distribution.4": 1,
        "responses": 2,
    }
    doc = nest(flat)
    assert doc == {
        "day": {"count": 2, "sum": 7, "distribution": {"3": 1, "4": 1}},
        "responses": 2,
    }
    view = rating_view(doc["day"])
    assert view["average"] == 3.5
    assert view["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 0}
    assert rating_view(None) == {
        "count": 0,
        "average": None,
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0},
    }


def test_a_response_rates_only_attended_workshops_and_wishes_for_other_registered_ones() -> None:
    attended, registered = {"w1": "co-creation"}, {"own", "other"}

    def check(rated: list[str], wished: list[str]) -> None:
        domain.check_response("impact-2026", "own", rated, wished, attended, registered)

    check(["w1"], ["other"])
    for rated, wished, reason in [
        (["w2"], [], "not checked in there"),
        ([], ["own"], "own organisation"),
        ([], ["unknown"], "'unknown' is not registered for 'impact-2026'"),
    ]:
        with pytest.raises(domain.Unacceptable, match=reason):
            check(rated, wished)


def test_the_summary_view_sums_and_orders_what_the_counters_hold() -> None:
    counters = {
        "responses": 2,
        "checked_in": 3,
        "workshops": {"w2": {"count": 1, "sum": 4, "4": 1}, "w1": {"count": 0}},
        "follow_ups": {"b": 1, "a": 1, "c": 2, "d": 0},
        "insights": {"tip": {"co-creation": 2, "x": 0}},
    }
    view = domain.summary_view(counters, top_follow_ups=2)
    assert view["response_rate"] == 0.667
    assert [w["id"] for w in view["workshops"]] == ["w2"]
    assert view["most_wished_follow_ups"] == [
        {"organization_id": "c", "wished_by": 2},
        {"organization_id": "a", "wished_by": 1},
    ]
    assert view["insights"] == [{"kind": "tip", "theme": "co-creation", "count": 2}]
