import random
from collections import Counter

from synergi_feedback.summary import contribution, counter_entries, nest, rating_view


def recompute(responses) -> dict[str, int]:
    """The summary from scratch: every response's contribution added up."""
    total: Counter[str] = Counter()
    for one in responses:
        total.update(contribution(one))
    return {key: value for key, value in total.items() if value}


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
