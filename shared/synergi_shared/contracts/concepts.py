"""One vocabulary in two languages: the concepts organisations describe
themselves with (target groups, what they offer and need, regions), each with
an English and a Danish label and the other words people use for it.

A profile keeps the tags as the organisation typed them (normalised:
`normalize_tag`). Matching compares *concepts*: `concept_of` maps a tag to its
concept by id, label or synonym in either language, so `effektmåling`,
`impact measurement` and `måling og dokumentation` meet. Reasons name the
concept in the reader's language. A tag in no concept is a concept of its own,
shown as typed (dashes as spaces); the organiser can merge such tags within an
edition (matching's tag merges).
"""

import re
from functools import lru_cache
from typing import NamedTuple

_NON_ALPHANUMERIC = re.compile(r"[^0-9a-zæøå]+")


def normalize_tag(tag: str) -> str:
    """'Impact Measurement' and 'impact-measurement' are one tag."""
    return _NON_ALPHANUMERIC.sub("-", tag.strip().lower()).strip("-")


class Concept(NamedTuple):
    id: str
    name_en: str
    name_da: str
    synonyms: tuple[str, ...] = ()  # other words for it, in either language


# The defaults for organisations working with vulnerable children and families.
CONCEPTS: dict[str, Concept] = {
    concept.id: concept
    for concept in (
        # Target groups
        Concept(
            "vulnerable-children",
            "vulnerable children",
            "udsatte børn",
            ("children at risk", "børn i udsatte positioner", "sårbare børn"),
        ),
        Concept("young-mothers", "young mothers", "unge mødre", ("teenage mothers", "unge mor")),
        Concept(
            "mothers-and-children",
            "mothers and children",
            "mødre og børn",
            ("mor og barn", "mor-barn", "mother and child"),
        ),
        Concept("families", "families", "familier", ("udsatte familier", "vulnerable families")),
        Concept("teenagers", "teenagers", "teenagere", ("unge", "young people", "youth")),
        Concept(
            "refugee-families",
            "refugee families",
            "flygtningefamilier",
            ("refugees", "flygtninge", "nyankomne familier"),
        ),
        Concept(
            "children-in-care",
            "children in care",
            "anbragte børn",
            ("anbragte unge", "foster children", "plejebørn"),
        ),
        Concept("single-parents", "single parents", "enlige forældre", ("eneforsørgere",)),
        # What organisations offer and need
        Concept("volunteers", "volunteers", "frivillige", ("frivillighed", "volunteering")),
        Concept(
            "volunteer-training",
            "volunteer training",
            "uddannelse af frivillige",
            ("frivilligtræning", "træning af frivillige", "training volunteers"),
        ),
        Concept(
            "impact-measurement",
            "impact measurement",
            "effektmåling",
            (
                "måling og dokumentation",
                "measurement and documentation",
                "dokumentation",
                "documentation",
                "effektdokumentation",
                "impact evaluation",
                "evaluering",
                "evaluation",
                "effektevaluering",
            ),
        ),
        Concept("data", "data", "data", ("dataanalyse", "data analysis", "statistik")),
        Concept(
            "legal-aid",
            "legal aid",
            "juridisk rådgivning",
            ("retshjælp", "legal advice", "jura"),
        ),
        Concept("housing", "housing", "boliger", ("bolig", "boligsociale indsatser")),
        Concept(
            "peer-groups",
            "peer groups",
            "netværksgrupper",
            ("netværk", "peer support", "ligemandsgrupper", "peer-to-peer"),
        ),
        Concept("mentoring", "mentoring", "mentorordninger", ("mentor", "mentorer", "mentors")),
        Concept(
            "communication",
            "communication",
            "kommunikation",
            ("formidling", "public affairs", "sociale medier", "social media"),
        ),
        Concept(
            "fundraising",
            "fundraising",
            "fundraising",
            ("fondsansøgninger", "funding applications", "indsamling"),
        ),
        Concept(
            "co-creation",
            "co-creation",
            "samskabelse",
            ("partnerskaber", "partnerships", "samarbejde med kommuner"),
        ),
        Concept(
            "psychologist-hours",
            "psychologist hours",
            "psykologtimer",
            (
                "psychological support",
                "psykologisk støtte",
                "psykolog",
                "terapi",
                "therapy",
                "counselling",
                "rådgivning",
            ),
        ),
        Concept(
            "interpreters", "interpreters", "tolke", ("tolkning", "interpreting", "tolkebistand")
        ),
        Concept(
            "press-contacts",
            "press contacts",
            "pressekontakter",
            ("presse", "press", "medier", "media", "journalister"),
        ),
        Concept(
            "meeting-rooms",
            "meeting rooms",
            "mødelokaler",
            ("lokaler", "rooms", "faciliteter", "venues"),
        ),
        Concept(
            "parenting-support",
            "parenting support",
            "forældrestøtte",
            ("forældrekurser", "parenting courses", "familiebehandling"),
        ),
        Concept(
            "homework-help",
            "homework help",
            "lektiehjælp",
            ("lektiecafé", "lektiecafe", "tutoring"),
        ),
        # Regions
        Concept(
            "hovedstaden",
            "the Capital Region",
            "Region Hovedstaden",
            ("capital region", "københavn", "copenhagen"),
        ),
        Concept("sjaelland", "Zealand", "Region Sjælland", ("sjælland", "zealand")),
        Concept("syddanmark", "Southern Denmark", "Region Syddanmark", ("southern denmark",)),
        Concept(
            "midtjylland", "Central Jutland", "Region Midtjylland", ("central jutland", "aarhus")
        ),
        Concept("nordjylland", "North Jutland", "Region Nordjylland", ("north jutland", "aalborg")),
        Concept("fyn", "Funen", "Fyn", ("funen", "odense")),
    )
}


def _words(concept: Concept) -> list[str]:
    return [concept.id, concept.name_en, concept.name_da, *concept.synonyms]


# Every normalised word -> its concept. A word claimed by two concepts is a
# mistake in the catalogue (a unit test checks there is none).
_INDEX: dict[str, str] = {
    normalize_tag(word): concept.id for concept in CONCEPTS.values() for word in _words(concept)
}


@lru_cache(maxsize=65536)
def concept_of(tag: str) -> str:
    """The concept a tag stands for: a catalogue concept's id, or else the
    normalised tag itself."""
    normalized = normalize_tag(tag)
    return _INDEX.get(normalized, normalized)


def concept_label(concept: str, language: str) -> str:
    """The concept in `language` (`en` or `da`): its label if catalogued,
    otherwise the words the organisation typed."""
    known = CONCEPTS.get(concept)
    if known is None:
        return concept.replace("-", " ")
    return known.name_da if language == "da" else known.name_en
