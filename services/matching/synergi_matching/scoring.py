"""How well two organisations fit: a pure function of what is known about them.

The score is the sum of explainable reasons, capped at 1. Every weight is here,
in one place; MODEL_VERSION changes whenever a weight or a rule does, and is
stored on every recommendation so a tool can tell which model produced it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from synergi_shared.events import Reason

MODEL_VERSION = "2026.1"

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
}


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


def score(a: Organization, b: Organization) -> Match:
    """The match between two different organisations; symmetric in a and b."""
    if a.id == b.id:
        raise ValueError("an organisation is never matched with itself")
    a, b = sorted((a, b), key=lambda org: org.id)  # same sentences whichever way asked
    details: dict[str, str | None] = {
        "complementary": _complementary(a, b),
        "shared-challenge": (
            f"Both named {_listed(themes)} as a challenge: they can learn from each other"
            if (themes := a.challenge_themes & b.challenge_themes)
            else None
        ),
        "shared-target-group": (
            f"Both work with {_listed(groups)}"
            if (groups := a.target_groups & b.target_groups)
            else None
        ),
        "same-region": (
            f"Both are active in {_listed(regions)}, so meeting locally is easy"
            if (regions := a.regions & b.regions)
            else None
        ),
    }
    reasons = tuple(
        Reason(kind=kind, weight=WEIGHTS[kind], detail=detail)
        for kind, detail in details.items()
        if detail is not None
    )
    total = round(min(1.0, sum(reason.weight for reason in reasons)), 4)
    return Match(score=total, reasons=reasons)
