"""How well two organisations fit: a pure function of what is known about them.

The score is the sum of explainable reasons, capped at 1. Every weight is here,
in one place; MODEL_VERSION changes whenever a weight or a rule does, and is
stored on every recommendation so a tool can tell which model produced it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from synergi_shared.events import Reason

MODEL_VERSION = "2026.2"

WEIGHTS: dict[str, float] = {
    # What one offers is what the other needs, either way: the strongest
    # signal a profile alone can give.
    "complementary": 0.30,
    # Both named the same hard theme: peer learning.
    "shared-challenge": 0.15,
    # They work with the same people: experience transfers directly.
    "shared-target-group": 0.15,
    # A local collaboration is feasible.
    "same-region": 0.10,
    # People from both sat in the same workshop: the full weight for a room of
    # two organisations, shrinking as the room grows (see _met).
    "met-at-workshop": 0.20,
    # The evaluation says one wants to follow up with the other; a mutual wish
    # counts double (see _follow_up).
    "follow-up-wish": 0.15,
    # One shared a tip in a theme where the other stated an ambition or named
    # it as a challenge.
    "insight-match": 0.10,
}
MUTUAL_WISH_FACTOR = 2.0
# Met at several workshops: at most this much in all.
MET_CAP = 0.25


@dataclass(frozen=True)
class Organization:
    """What matching knows of one organisation in one edition."""

    id: str
    name: str
    target_groups: frozenset[str] = field(default_factory=frozenset)
    regions: frozenset[str] = field(default_factory=frozenset)
    offers: frozenset[str] = field(default_factory=frozenset)
    needs: frozenset[str] = field(default_factory=frozenset)
    challenge_themes: frozenset[str] = field(default_factory=frozenset)
    # Workshop id -> how many organisations were checked in there.
    workshops: Mapping[str, int] = field(default_factory=dict)
    wishes: frozenset[str] = field(default_factory=frozenset)  # organisation ids
    tips: Mapping[str, str] = field(default_factory=dict)  # theme -> one tip's text
    ambitions: frozenset[str] = field(default_factory=frozenset)  # themes


@dataclass(frozen=True)
class Match:
    score: float
    reasons: tuple[Reason, ...]


def _listed(tags: Iterable[str]) -> str:
    items = sorted(tags)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _complementary(a: Organization, b: Organization) -> str | None:
    parts = [
        f"{giver.name} offers {_listed(shared)}, which {taker.name} needs"
        for giver, taker in ((a, b), (b, a))
        if (shared := giver.offers & taker.needs)
    ]
    return "; ".join(parts) or None


def _met(a: Organization, b: Organization) -> tuple[float, str] | None:
    shared = sorted(set(a.workshops) & set(b.workshops))
    if not shared:
        return None
    weight = sum(WEIGHTS["met-at-workshop"] * 2 / max(2, a.workshops[w]) for w in shared)
    sizes = ", ".join(str(a.workshops[w]) for w in shared)
    times = "a workshop" if len(shared) == 1 else f"{len(shared)} workshops"
    return min(
        MET_CAP, weight
    ), f"People from both were at {times} (organisations in the room: {sizes})"


def _follow_up(a: Organization, b: Organization) -> tuple[float, str] | None:
    a_wants, b_wants = b.id in a.wishes, a.id in b.wishes
    if a_wants and b_wants:
        return (
            WEIGHTS["follow-up-wish"] * MUTUAL_WISH_FACTOR,
            f"{a.name} and {b.name} both want to follow up with each other",
        )
    if a_wants or b_wants:
        wisher, wished = (a, b) if a_wants else (b, a)
        return WEIGHTS["follow-up-wish"], f"{wisher.name} wants to follow up with {wished.name}"
    return None


def _insight(a: Organization, b: Organization) -> tuple[float, str] | None:
    parts = [
        f'{giver.name} shared a tip on {theme} ("{giver.tips[theme]}"), where {taker.name} '
        + ("has an ambition" if theme in taker.ambitions else "named a challenge")
        for giver, taker in ((a, b), (b, a))
        for theme in sorted(set(giver.tips) & (taker.ambitions | taker.challenge_themes))
    ]
    return (WEIGHTS["insight-match"], "; ".join(parts)) if parts else None


def _fixed(kind: str, detail: str | None) -> tuple[float, str] | None:
    return (WEIGHTS[kind], detail) if detail else None


def score(a: Organization, b: Organization) -> Match:
    """The match between two different organisations; symmetric in a and b."""
    if a.id == b.id:
        raise ValueError("an organisation is never matched with itself")
    a, b = sorted((a, b), key=lambda org: org.id)  # same sentences whichever way asked
    found: dict[str, tuple[float, str] | None] = {
        "complementary": _fixed("complementary", _complementary(a, b)),
        "shared-challenge": _fixed(
            "shared-challenge",
            f"Both named {_listed(themes)} as a challenge: they can learn from each other"
            if (themes := a.challenge_themes & b.challenge_themes)
            else None,
        ),
        "shared-target-group": _fixed(
            "shared-target-group",
            f"Both work with {_listed(groups)}"
            if (groups := a.target_groups & b.target_groups)
            else None,
        ),
        "same-region": _fixed(
            "same-region",
            f"Both are active in {_listed(regions)}, so meeting locally is easy"
            if (regions := a.regions & b.regions)
            else None,
        ),
        "met-at-workshop": _met(a, b),
        "follow-up-wish": _follow_up(a, b),
        "insight-match": _insight(a, b),
    }
    reasons = tuple(
        Reason(kind=kind, weight=round(weight, 4), detail=detail)
        for kind, value in found.items()
        if value is not None
        for weight, detail in [value]
    )
    total = round(min(1.0, sum(reason.weight for reason in reasons)), 4)
    return Match(score=total, reasons=reasons)
