from datetime import UTC, datetime

import pytest

from synergi_registration import domain
from synergi_registration.domain import check_themes, normalize_tag, normalize_tags
from synergi_shared.contracts.errors import Conflict, NotFound, Unprocessable


@pytest.mark.parametrize(
    ("raw", "tag"),
    [
        ("Impact Measurement", "impact-measurement"),
        ("impact-measurement", "impact-measurement"),
        ("  Mødre og børn ", "mødre-og-børn"),
        ("co_creation!!", "co-creation"),
    ],
)
def test_tags_are_trimmed_lower_case_kebab_case(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


def test_normalized_tags_drop_blanks_and_duplicates_keeping_order() -> None:
    assert normalize_tags(["B", "a", " b ", "", "--"]) == ["b", "a"]


def test_unknown_themes_are_refused_by_name() -> None:
    check_themes(["co-creation", "measurement-documentation"])
    with pytest.raises(Unprocessable, match="unknown challenge theme\\(s\\): astrology;"):
        check_themes(["co-creation", "astrology"])


def test_registration_closes_at_the_deadline_whatever_the_stored_time_zone() -> None:
    naive = {"_id": "impact-2026", "registration_deadline": datetime(2026, 4, 1, 12)}
    domain.require_open(naive, datetime(2026, 4, 1, 11, 59, tzinfo=UTC))
    domain.require_open({"_id": "no-deadline"}, datetime(2030, 1, 1, tzinfo=UTC))
    with pytest.raises(Conflict, match="closed at 2026-04-01T12:00:00"):
        domain.require_open(naive, datetime(2026, 4, 1, 12, 1, tzinfo=UTC))


def test_a_registration_keeps_one_participant_not_erased() -> None:
    doc = {
        "_id": "r1",
        "status": "active",
        "participants": [{"id": "a"}, {"id": "b", "erased_at": "2030-05-01"}, {"id": "c"}],
    }
    assert [p["id"] for p in domain.without_participant(doc, "a")] == ["b", "c"]
    with pytest.raises(Conflict, match="at least one participant"):
        domain.without_participant({**doc, "participants": doc["participants"][:2]}, "a")
    with pytest.raises(NotFound):
        domain.without_participant(doc, "z")
    with pytest.raises(Conflict, match="cancelled"):
        domain.without_participant({**doc, "status": "cancelled"}, "a")
