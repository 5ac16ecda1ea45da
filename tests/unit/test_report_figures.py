"""The board's report from what the APIs answer, pure: who counts as taking
part, the funnel's steps, quotes only by consent, and a page for an edition
with nothing in it yet."""

from synergi_shared.reporting.figures import edition_figures, report_figures
from synergi_shared.reporting.render import html


def _sources(**over) -> dict:
    people = [{"id": "p1", "email": "a@x"}, {"id": "p2", "erased_at": "2026-06-01T00:00:00Z"}]
    src = {
        "edition": {"slug": "d", "title": "Dagen", "date": "2026-06-01"},
        "registrations": [
            {"organization_id": "a", "status": "active", "participants": people},
            {"organization_id": "b", "status": "active", "participants": [{"id": "p3"}]},
            {"organization_id": "c", "status": "cancelled", "participants": [{"id": "p4"}]},
        ],
        "organizations": {
            "a": {"name": "A", "size": "small", "regions": ["fyn"]},
            "b": {"name": "B", "size": "large", "regions": ["fyn", "odense"]},
            "c": {"name": "C", "size": "small", "regions": []},
        },
        "workshops": [],
        "rosters": {},
        "feedback": {
            "responses": 0,
            "checked_in": 0,
            "response_rate": None,
            "day": {"average": None},
            "workshops": [],
            "themes": [],
            "insights": [],
        },
        "insights": [
            {"kind": "tip", "theme": "co-creation", "text": "Sig det", "may_quote": True},
            {"kind": "tip", "theme": "co-creation", "text": "Sig det", "may_quote": True},
            {"kind": "tip", "theme": "co-creation", "text": "Hemmeligt", "may_quote": False},
        ],
        "pairs": [{"organization_a": "a", "organization_b": "b", "score": 0.5, "outcome": "met"}],
        "outcomes": [{"status": s} for s in ("contacted", "met", "partnership", "declined")],
        "follow_ups": {"indicators": [], "rounds": []},
        "meetings": [
            {"status": "accepted", "held_by": ["a"], "planned": False},
            {"status": "accepted", "held_by": [], "planned": True},
            {"status": "declined", "held_by": [], "planned": False},
            {"status": "cancelled", "held_by": [], "planned": False},
        ],
    }
    return {**src, **over}


def test_only_active_registrations_and_people_not_erased_take_part() -> None:
    figures = edition_figures(_sources(), "da")["participation"]
    assert figures["organizations"] == 2 and figures["participants"] == 2
    assert figures["by_size"] == {"small": 1, "medium": 0, "large": 1}
    assert figures["by_region"] == {"Fyn": 2, "odense": 1}


def test_each_step_of_the_funnel_counts_the_pairs_that_got_at_least_that_far() -> None:
    # Meetings: asked for by organisations (not the plan's), agreed now, held.
    assert edition_figures(_sources(), "en")["funnel"] == {
        "recommended": 1, "contacted": 3, "met": 2, "partnership": 1, "declined": 1,
        "meetings_requested": 3, "meetings_accepted": 2, "meetings_held": 1,
    }  # fmt: skip


def test_quotes_only_from_those_who_allowed_it_each_once() -> None:
    quotes = edition_figures(_sources(), "en")["evaluation"]["quotes"]
    assert quotes == {"Co-creation": [{"kind": "tip", "text": "Sig det"}]}


def test_an_edition_with_nothing_yet_still_makes_a_whole_page() -> None:
    empty = _sources(registrations=[], pairs=[], outcomes=[], insights=[])
    page = html(report_figures({"current": empty, "previous": None}, "en"))
    assert "Report to the board" in page and "nothing to compare with" in page
    assert "Nobody has agreed to be quoted." in page and "No follow-up has been sent yet." in page
