"""Registration rules, free of I/O."""

import re
from collections.abc import Iterable

from synergi_shared.contracts.themes import DEFAULT_THEMES

_NON_ALPHANUMERIC = re.compile(r"[^0-9a-zæøå]+")


def normalize_tag(tag: str) -> str:
    """'Impact Measurement' and 'impact-measurement' are one tag."""
    return _NON_ALPHANUMERIC.sub("-", tag.strip().lower()).strip("-")


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Normalised, without blanks or duplicates, in first-seen order."""
    return list(dict.fromkeys(t for t in map(normalize_tag, tags) if t))


def unknown_themes(themes: Iterable[str]) -> list[str]:
    return [theme for theme in themes if theme not in DEFAULT_THEMES]


def active_registration_key(edition: str, organization_id: str) -> str:
    """Unique among active registrations: one per organisation per edition."""
    return f"{edition}/{organization_id}"


def cancelled_registration_key(registration_id: str) -> str:
    """A cancelled registration keeps a key of its own, so the unique index lets
    the organisation register again."""
    return f"cancelled/{registration_id}"
