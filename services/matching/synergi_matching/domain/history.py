"""Partnerships across editions: which pairs a new edition inherits. Pure.

A pair that formed a partnership in an earlier edition is shown as one in a
later edition both take part in, not offered as a new recommendation. When a
follow-up answer says the partnership no longer runs, it has *lapsed*: the
later edition suggests it for renewal instead.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from synergi_matching.domain.outcomes import status_of

Pair = tuple[str, str]
Document = dict[str, Any]


@dataclass(frozen=True)
class Earlier:
    """What a pair was in an earlier edition."""

    edition: str
    status: Literal["partnership", "lapsed"]


def carried_into(
    edition_date: date,
    dates: Mapping[str, date],
    outcomes: Iterable[Document],
    answers: Iterable[Document],
) -> dict[Pair, Earlier]:
    """The partnerships of editions dated before `edition_date`, each from
    the latest such edition, given every edition's date, the stored outcomes
    and the follow-up answers (the latest answer about a pair in an edition
    says whether it still runs)."""
    still: dict[tuple[str, Pair], tuple[Any, bool]] = {}
    for answer in answers:
        if answer.get("still_partners") is None:
            continue
        key = (answer["edition"], (answer["organization_a"], answer["organization_b"]))
        seen = still.get(key)
        if seen is None or seen[0] < answer["answered_at"]:
            still[key] = (answer["answered_at"], answer["still_partners"])
    carried: dict[Pair, tuple[date, Earlier]] = {}
    for doc in outcomes:
        edition = doc["edition"]
        held = dates.get(edition)
        if held is None or held >= edition_date or status_of(doc) != "partnership":
            continue
        pair = (doc["organization_a"], doc["organization_b"])
        runs = still.get((edition, pair), (None, True))[1]
        known = carried.get(pair)
        if known is None or known[0] < held:
            carried[pair] = (held, Earlier(edition, "partnership" if runs else "lapsed"))
    return {pair: earlier for pair, (_, earlier) in carried.items()}
