import pytest

from synergi_matching.domain.language import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("", "en"),
        ("da", "da"),
        ("da-DK", "da"),
        ("en-GB,en;q=0.9", "en"),
        ("fr, da;q=0.5", "da"),  # French is not offered; Danish is acceptable
        ("en;q=0.4, da;q=0.8", "da"),
        ("da;q=0.2, en", "en"),
        ("da, en", "da"),  # a tie goes to the first named
        ("da;q=0", "en"),  # q=0 means "not this one"
        ("da;q=nonsense", "en"),
        ("*", "en"),
    ],
)
def test_the_most_preferred_supported_language_wins(header, language) -> None:
    assert negotiate(header) == language
