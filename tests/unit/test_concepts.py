"""The concept catalogue: words in either language find one concept."""

from collections import Counter

import pytest

from synergi_shared.contracts.concepts import (
    CONCEPTS,
    _words,
    concept_label,
    concept_of,
    normalize_tag,
)


def test_no_word_belongs_to_two_concepts() -> None:
    words = Counter(
        normalize_tag(w) for c in CONCEPTS.values() for w in set(map(normalize_tag, _words(c)))
    )
    assert [word for word, count in words.items() if count > 1] == []


@pytest.mark.parametrize(
    "tag",
    [
        "effektmåling",
        "Impact measurement",
        "impact-measurement",
        "Måling og dokumentation",
        "evaluering",
    ],
)
def test_words_for_impact_measurement_in_either_language_meet(tag: str) -> None:
    assert concept_of(tag) == "impact-measurement"


def test_a_tag_in_no_concept_is_its_own_and_reads_as_typed() -> None:
    assert concept_of("SMS reminders") == "sms-reminders"
    assert concept_label("sms-reminders", "da") == "sms reminders"
    assert concept_label(concept_of("Frivillighed"), "da") == "frivillige"
    assert concept_label(concept_of("Odense"), "en") == "Funen"
