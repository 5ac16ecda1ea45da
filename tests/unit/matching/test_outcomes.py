"""The pair's outcome from each side's own."""

from datetime import UTC, datetime

import pytest

from synergi_matching.domain.outcomes import pair_status, side_of, status_of, views


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ({}, None),
        ({"organization_a": "contacted"}, "contacted"),
        ({"organization_a": "contacted", "organization_b": "met"}, "met"),
        # One side's partnership alone is a meeting, not a partnership.
        ({"organization_a": "partnership"}, "met"),
        ({"organization_a": "partnership", "organization_b": "contacted"}, "met"),
        ({"organization_a": "partnership", "organization_b": "partnership"}, "partnership"),
        ({"organizer": "partnership"}, "partnership"),
        ({"organizer": "contacted", "organization_b": "met"}, "met"),
        # A decline by anyone wins, even over both sides' partnership.
        ({"organization_a": "partnership", "organization_b": "declined"}, "declined"),
        (
            {
                "organization_a": "partnership",
                "organization_b": "partnership",
                "organizer": "declined",
            },
            "declined",
        ),
    ],
)
def test_the_pair_status_follows_from_every_side(statuses, expected) -> None:
    assert pair_status(statuses) == expected


def test_a_request_records_its_own_side() -> None:
    pair = ("a-id", "b-id")
    assert side_of(pair, "a-id") == "organization_a"
    assert side_of(pair, "b-id") == "organization_b"
    assert side_of(pair, None) == "organizer"


def test_an_outcome_stored_before_views_counts_as_the_organisers() -> None:
    at = datetime(2030, 5, 1, tzinfo=UTC)
    legacy = {"organization_a": "a", "organization_b": "b", "status": "partnership", "note": "n"}
    legacy["updated_at"] = at
    assert views(legacy) == {"organizer": {"status": "partnership", "note": "n", "updated_at": at}}
    assert status_of(legacy) == "partnership"
    # A side's view recorded since joins it; a decline from that side wins.
    later = {**legacy, "views": {"organization_b": {"status": "declined", "note": None}}}
    assert status_of(later) == "declined"
