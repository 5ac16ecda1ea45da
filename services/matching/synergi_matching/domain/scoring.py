"""How well two organisations fit: a pure function of what is known about them.

The score is the sum of explainable reasons, capped at 1. Every weight is here,
in one place; MODEL_VERSION changes whenever a weight or a rule does, and is
stored on every recommendation so a tool can tell which model produced it.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from synergi_shared.contracts.concepts import concept_label
from synergi_shared.contracts.events import Reason
from synergi_shared.contracts.themes import DEFAULT_THEMES

# 2026.7: fair lists (fairness.py); 2026.6: tags named in the reader's language,
# no one's words quoted; 2026.5: top K per list
MODEL_VERSION = "2026.7"

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
    # two organisations, halving as the room's size class doubles (see _met).
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
    # Workshop id -> the size class of the room (see size_class).
    workshops: Mapping[str, int] = field(default_factory=dict)
    wishes: frozenset[str] = field(default_factory=frozenset)  # organisation ids
    tips: frozenset[str] = frozenset()  # themes where one of its people shared a tip
    ambitions: frozenset[str] = field(default_factory=frozenset)  # themes


class Explained(NamedTuple):
    """One reason, with its sentence in English (`detail`, as in the events)
    and in Danish. A named tuple: made for every pair kept, it must be cheap."""

    kind: str
    weight: float
    detail: str
    detail_da: str

    def as_reason(self) -> Reason:
        return Reason(kind=self.kind, weight=self.weight, detail=self.detail)


class Match(NamedTuple):
    score: float
    reasons: tuple[Explained, ...]


# A sentence in both languages: (English, Danish).
Said = tuple[str, str]


def _listed(tags: Iterable[str], lang: str) -> str:
    items = sorted(tags)
    last = " and " if lang == "en" else " og "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + last + items[-1]


# The same few tags and themes are listed for thousands of pairs: each list is
# written once.
@lru_cache(maxsize=4096)
def _both(tags: frozenset[str]) -> Said:
    """Concepts by their labels in each language (synergi_shared.contracts.concepts)."""
    return (
        _listed([concept_label(tag, "en") for tag in tags], "en"),
        _listed([concept_label(tag, "da") for tag in tags], "da"),
    )


@lru_cache(maxsize=1024)
def _themes(ids: frozenset[str]) -> Said:
    """Catalogue themes by their names, lower-cased; other ids as they are."""
    known = [DEFAULT_THEMES.get(theme) for theme in sorted(ids)]
    english = [t.name_en.lower() if t else i for t, i in zip(known, sorted(ids), strict=True)]
    danish = [t.name_da.lower() if t else i for t, i in zip(known, sorted(ids), strict=True)]
    return _listed(english, "en"), _listed(danish, "da")


def _joined(parts: list[Said]) -> Said | None:
    if not parts:
        return None
    return "; ".join(en for en, _ in parts), "; ".join(da for _, da in parts)


def _complementary(a: Organization, b: Organization) -> Said | None:
    parts = []
    for giver, taker in ((a, b), (b, a)):
        if shared := giver.offers & taker.needs:
            en, da = _both(shared)
            parts.append(
                (
                    f"{giver.name} offers {en}, which {taker.name} needs",
                    f"{giver.name} tilbyder {da}, som {taker.name} har brug for",
                )
            )
    return _joined(parts)


def _shared_challenge(a: Organization, b: Organization) -> Said | None:
    if not (shared := a.challenge_themes & b.challenge_themes):
        return None
    en, da = _themes(shared)
    return (
        f"Both named {en} as a challenge: they can learn from each other",
        f"Begge har peget på {da} som en udfordring: de kan lære af hinanden",
    )


def _shared_target_group(a: Organization, b: Organization) -> Said | None:
    if not (shared := a.target_groups & b.target_groups):
        return None
    en, da = _both(shared)
    return f"Both work with {en}", f"Begge arbejder med {da}"


def _same_region(a: Organization, b: Organization) -> Said | None:
    if not (shared := a.regions & b.regions):
        return None
    en, da = _both(shared)
    return (
        f"Both are active in {en}, so meeting locally is easy",
        f"Begge er aktive i {da}, så det er let at mødes lokalt",
    )


def size_class(organizations_in_room: int) -> int:
    """A room's size rounded up to a power of two (2, 4, 8, 16, ...). Weighing
    by class, not by the exact count, means a check-in changes the weight of
    every pair in the room only when the room grows into the next class, not
    at every newcomer: rewriting the whole room per check-in was what made
    matching slow (bench/README.md)."""
    size = 2
    while size < organizations_in_room:
        size *= 2
    return size


def _met(a: Organization, b: Organization) -> tuple[float, Said] | None:
    shared = sorted(set(a.workshops) & set(b.workshops))
    if not shared:
        return None
    # Summed as powers of two (exact in floating point), then weighed: the
    # vectorised ranking gets the very same number whatever order it sums in.
    weight = WEIGHTS["met-at-workshop"] * 2 * sum(1 / a.workshops[w] for w in shared)
    sizes = [str(a.workshops[w]) for w in shared]
    if len(shared) == 1:
        said = (
            f"a workshop of up to {sizes[0]} organisations",
            f"en workshop med op til {sizes[0]} organisationer",
        )
    else:
        said = (
            f"{len(shared)} workshops (of up to {_listed(sizes, 'en')} organisations)",
            f"{len(shared)} workshops (med op til {_listed(sizes, 'da')} organisationer)",
        )
    return min(MET_CAP, weight), (
        f"People from both were at {said[0]}",
        f"Folk fra begge var med i {said[1]}",
    )


def _follow_up(a: Organization, b: Organization) -> tuple[float, Said] | None:
    a_wants, b_wants = b.id in a.wishes, a.id in b.wishes
    if a_wants and b_wants:
        return WEIGHTS["follow-up-wish"] * MUTUAL_WISH_FACTOR, (
            f"{a.name} and {b.name} both want to follow up with each other",
            f"{a.name} og {b.name} vil begge gerne følge op med hinanden",
        )
    if a_wants or b_wants:
        wisher, wished = (a, b) if a_wants else (b, a)
        return WEIGHTS["follow-up-wish"], (
            f"{wisher.name} wants to follow up with {wished.name}",
            f"{wisher.name} vil gerne følge op med {wished.name}",
        )
    return None


def _insight(a: Organization, b: Organization) -> Said | None:
    parts = []
    for giver, taker in ((a, b), (b, a)):
        for theme in sorted(set(giver.tips) & (taker.ambitions | taker.challenge_themes)):
            en, da = _themes(frozenset([theme]))
            ambition = theme in taker.ambitions
            # The theme, never the words: they are a person's, and stay with feedback.
            parts.append(
                (
                    f"{giver.name} shared a tip on {en}, where {taker.name} "
                    + ("has an ambition" if ambition else "named a challenge"),
                    f"{giver.name} delte et tip om {da}, hvor {taker.name} "
                    + ("har en ambition" if ambition else "har peget på en udfordring"),
                )
            )
    return _joined(parts)


def _fixed(kind: str, said: Said | None) -> tuple[float, Said] | None:
    return (WEIGHTS[kind], said) if said else None


def score(a: Organization, b: Organization) -> Match:
    """The match between two different organisations; symmetric in a and b."""
    if a.id == b.id:
        raise ValueError("an organisation is never matched with itself")
    if b.id < a.id:  # same sentences whichever way asked
        a, b = b, a
    reasons = []
    for kind, explain in _REASONS.items():
        if (found := explain(a, b)) is not None:
            weight, (english, danish) = found
            reasons.append(Explained(kind, round(weight, 4), english, danish))
    total = round(min(1.0, sum(reason.weight for reason in reasons)), 4)
    return Match(score=total, reasons=tuple(reasons))


Explain = Callable[[Organization, Organization], tuple[float, Said] | None]


def _weighed(kind: str, said: Callable[[Organization, Organization], Said | None]) -> Explain:
    """A reason of fixed weight: its sentence, with the weight."""
    return lambda a, b: _fixed(kind, said(a, b))


_REASONS: dict[str, Explain] = {
    "complementary": _weighed("complementary", _complementary),
    "shared-challenge": _weighed("shared-challenge", _shared_challenge),
    "shared-target-group": _weighed("shared-target-group", _shared_target_group),
    "same-region": _weighed("same-region", _same_region),
    "met-at-workshop": _met,
    "follow-up-wish": _follow_up,
    "insight-match": _weighed("insight-match", _insight),
}
