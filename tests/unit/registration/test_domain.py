import pytest

from synergi_registration.domain import normalize_tag, normalize_tags, unknown_themes


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


def test_unknown_themes_are_reported() -> None:
    assert unknown_themes(["co-creation", "astrology"]) == ["astrology"]
