"""The default workshop and challenge themes of an impact day."""

from typing import NamedTuple


class Theme(NamedTuple):
    id: str
    name_en: str
    name_da: str


DEFAULT_THEMES: dict[str, Theme] = {
    theme.id: theme
    for theme in (
        Theme(
            "measurement-documentation", "Measurement and documentation", "Måling og dokumentation"
        ),
        Theme("co-creation", "Co-creation", "Samskabelse"),
        Theme(
            "public-affairs-communication",
            "Public affairs and communication",
            "Public affairs og kommunikation",
        ),
    )
}
