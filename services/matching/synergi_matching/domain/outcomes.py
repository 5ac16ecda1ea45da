"""What came of a recommendation, as each side tells it: pure.

Each organisation of a pair records its own status and note, and the organiser
may record one too. The pair's status follows from them:

- `declined` when anyone declined (the pair is no longer recommended);
- `partnership` when both organisations say so, or the organiser does;
- otherwise the furthest step anyone recorded, a partnership claimed by one
  side alone counting as `met`.
"""

from collections.abc import Mapping
from typing import Any, Literal

from synergi_shared.contracts.errors import Unprocessable

Side = Literal["organization_a", "organization_b", "organizer"]
SIDES: tuple[Side, ...] = ("organization_a", "organization_b", "organizer")
STEPS = ("contacted", "met", "partnership")
DECLINED = "declined"

Document = dict[str, Any]


def check_pair(org_a: str, org_b: str) -> None:
    """An outcome joins two organisations, never one with itself."""
    if org_a == org_b:
        raise Unprocessable("an outcome joins two different organisations")


def pair_status(statuses: Mapping[Side, str]) -> str | None:
    """The pair's status from each side's own (None when nobody said anything)."""
    said = set(statuses.values())
    if not said:
        return None
    if DECLINED in said:
        return DECLINED
    both = statuses.get("organization_a") == statuses.get("organization_b") == "partnership"
    if both or statuses.get("organizer") == "partnership":
        return "partnership"
    return max(("met" if status == "partnership" else status for status in said), key=STEPS.index)


def side_of(pair: tuple[str, str], organization_id: str | None) -> Side:
    """Whose view a request records: the organisation's own side of the pair
    (`pair` in id order), or the organiser's when no organisation acts."""
    if organization_id is None:
        return "organizer"
    return "organization_a" if organization_id == pair[0] else "organization_b"


def views(doc: Document) -> dict[Side, Document]:
    """Each side's view (status, note, updated_at) in a stored outcome. A
    record from before views were kept per side counts as the organiser's,
    so the pair keeps the status it had."""
    kept: dict[Side, Document] = dict(doc.get("views", {}))
    if "status" in doc and "organizer" not in kept:
        kept["organizer"] = {
            "status": doc["status"],
            "note": doc.get("note"),
            "updated_at": doc["updated_at"],
        }
    return kept


def status_of(doc: Document) -> str | None:
    """The pair's status in a stored outcome."""
    return pair_status({side: view["status"] for side, view in views(doc).items()})
