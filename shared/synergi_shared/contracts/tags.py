"""Labels for the tags organisations use most: target groups, what they
offer and need, regions. A profile keeps tags as ids (`young-mothers`); the
reasons matching writes name them in the reader's language. A tag not listed
here is shown as the organisation typed it (lower case, dashes as spaces)."""

from synergi_shared.contracts.themes import Label, catalogue

Tag = Label

KNOWN_TAGS: dict[str, Tag] = catalogue(
    # Target groups
    Tag("vulnerable-children", "vulnerable children", "udsatte børn"),
    Tag("young-mothers", "young mothers", "unge mødre"),
    Tag("mothers-and-children", "mothers and children", "mødre og børn"),
    Tag("families", "families", "familier"),
    Tag("teenagers", "teenagers", "teenagere"),
    Tag("refugee-families", "refugee families", "flygtningefamilier"),
    # What organisations offer and need
    Tag("volunteers", "volunteers", "frivillige"),
    Tag("volunteer-training", "volunteer training", "uddannelse af frivillige"),
    Tag("impact-measurement", "impact measurement", "effektmåling"),
    Tag("data", "data", "data"),
    Tag("legal-aid", "legal aid", "juridisk rådgivning"),
    Tag("housing", "housing", "boliger"),
    Tag("peer-groups", "peer groups", "netværksgrupper"),
    Tag("mentoring", "mentoring", "mentorordninger"),
    Tag("communication", "communication", "kommunikation"),
    Tag("fundraising", "fundraising", "fundraising"),
    # Regions
    Tag("hovedstaden", "the Capital Region", "Region Hovedstaden"),
    Tag("sjaelland", "Zealand", "Region Sjælland"),
    Tag("syddanmark", "Southern Denmark", "Region Syddanmark"),
    Tag("midtjylland", "Central Jutland", "Region Midtjylland"),
    Tag("nordjylland", "North Jutland", "Region Nordjylland"),
    Tag("fyn", "Funen", "Fyn"),
)


def tag_label(tag: str, language: str) -> str:
    """The tag in `language` (`en` or `da`): its label if listed, otherwise
    the words the organisation typed."""
    known = KNOWN_TAGS.get(tag)
    if known is None:
        return tag.replace("-", " ")
    return known.name_da if language == "da" else known.name_en
