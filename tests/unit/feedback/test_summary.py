import random

from synergi_feedback.summary import difference, flatten, rating_view, recompute


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


def test_a_resubmission_moves_the_counters_by_the_difference() -> None:
    old = response(2, ("w1", "co-creation", 1, None))
    new = response(5, ("w1", "co-creation", 4, "ambition"))
    delta = difference(old, new)
    assert "responses" not in delta  # still one response
    assert delta["day.sum"] == 3
    assert delta["day.distribution.2"] == -1 and delta["day.distribution.5"] == 1
    assert delta["insights.ambition.co-creation"] == 1


def test_incremental_counters_equal_a_recomputation_after_random_resubmissions() -> None:
    rng = random.Random(7)
    latest: dict[str, dict] = {}
    counters: dict[str, int] = {}
    for _ in range(500):
        who = f"p{rng.randrange(40)}"
        new = response(
            rng.randint(1, 5),
            *[
                (f"w{w}", f"t{w % 3}", rng.randint(1, 5), rng.choice([None, "tip", "ambition"]))
                for w in rng.sample(range(6), rng.randint(0, 3))
            ],
            wishes=rng.sample(["a", "b", "c", "d"], rng.randint(0, 2)),
        )
        for key, value in difference(latest.get(who), new).items():
            counters[key] = counters.get(key, 0) + value
        latest[who] = new
    assert {k: v for k, v in counters.items() if v} == recompute(latest.values())


def test_stored_nested_counters_flatten_back_and_give_averages() -> None:
    doc = {
        "_id": "ed",
        "day": {"count": 2, "sum": 7, "distribution": {"3": 1, "4": 1}},
        "responses": 2,
    }
    assert flatten({k: v for k, v in doc.items() if k != "_id"}) == {
        "day.count": 2,
        "day.sum": 7,
        "day.distribution.3": 1,
        "day.distribution.4": 1,
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
