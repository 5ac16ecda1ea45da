"""The evaluation summary as counters: what one response adds, pure.

Each stored response carries its own contribution as counter entries, written
in the same single-document write as the response itself, and the summary is
their sum, added up when it is read. So no crash or outage can leave the
summary out of step with the responses: there is no second write to lose.
(A read costs one pass over the edition's responses: hundreds on an impact day.)
"""

from collections import Counter
from collections.abc import Mapping
from typing import Any

RATINGS = ("1", "2", "3", "4", "5")


def contribution(response: Mapping[str, Any] | None) -> Counter[str]:
    """Flat counter keys (dotted paths for `$inc`) one response adds."""
    counts: Counter[str] = Counter()
    if response is None:
        return counts
    counts["responses"] += 1
    _rating(counts, "day", response["day_rating"])
    for item in response.get("workshops", []):
        _rating(counts, f"workshops.{item['workshop_id']}", item["rating"])
        _rating(counts, f"themes.{item['theme']}", item["rating"])
        if item.get("insight_kind"):  # counted by kind; the text may be erased later
            counts[f"insights.{item['insight_kind']}.{item['theme']}"] += 1
    for wish in response.get("follow_ups", []):
        counts[f"follow_ups.{wish['organization_id']}"] += 1
    return counts


def _rating(counts: Counter[str], prefix: str, rating: int) -> None:
    counts[f"{prefix}.count"] += 1
    counts[f"{prefix}.sum"] += rating
    counts[f"{prefix}.distribution.{rating}"] += 1


def counter_entries(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The response's contribution as stored with it: a list, because counter
    keys hold ids and dots that may not be field names."""
    return [{"k": key, "v": value} for key, value in sorted(contribution(response).items())]


def nest(flat: Mapping[str, int]) -> dict[str, Any]:
    """Flat dotted counter keys back into the nested shape the summary reads."""
    nested: dict[str, Any] = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = nested
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = value
    return nested


def rating_view(node: Mapping[str, Any] | None) -> dict[str, Any]:
    node = node or {}
    count = node.get("count", 0)
    distribution = node.get("distribution", {})
    return {
        "count": count,
        "average": round(node.get("sum", 0) / count, 2) if count else None,
        "distribution": {r: distribution.get(r, 0) for r in RATINGS},
    }
