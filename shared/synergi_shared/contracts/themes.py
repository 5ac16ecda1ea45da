"""The default workshop and challenge themes of an impact day, and the
labelled id they (and the common concepts, `concepts.py`) are made of."""

from typing import NamedTuple


class Label(NamedTuple):
    """An id with its names in English and Danish."""

    id: str
    name_en: str
    name_da: str


Theme = Label


def catalogue(*labels: Label) -> dict[str, Label]:
    return {label.id: label for label in labels}


DEFAULT_THEMES: dict[str, Theme] = catalogue(
    Theme("measurement-documentation", "Measurement and documentation", "Måling og dokumentation"),
    Theme("co-creation", "Co-creation", "Samskabelse"),
    Theme(
        "public-affairs-communication",
        "Public affairs and communication",
        "Public affairs og kommunikation",
    ),
)
