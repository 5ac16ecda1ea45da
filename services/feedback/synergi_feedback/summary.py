"""The evaluation summary as counters: what one response adds, pure.

The stored summary is the sum of every response's contribution, kept with
`$inc` (FerretDB has no `$avg`), so a resubmission applies the difference
between its new and old contribution and reading the summary costs the same
for 10 responses or 100,000. `contribution` of each stored response, added up,
is the recomputation the tests compare it with.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
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


def difference(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> dict[str, int]:
    """What to `$inc` when `old` is replaced by `new` (zeros left out)."""
    delta = contribution(new)
    delta.subtract(contribution(old))
    return {key: value for key, value in delta.items() if value}


def recompute(responses: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for response in responses:
        total.update(contribution(response))
    return {key: value for key, value in total.items() if value}


def flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, int]:
    """The stored summary document back to flat counter keys (zeros left out)."""
    flat: dict[str, int] = {}
    for key, value in doc.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{path}."))
        elif isinstance(value, int) and value:
            flat[path] = value
    return flat


def rating_view(node: Mapping[str, Any] | None) -> dict[str, Any]:
    node = node or {}
    count = node.get("count", 0)
    distribution = node.get("distribution", {})
    return {
        "count": count,
        "average": round(node.get("sum", 0) / count, 2) if count else None,
        "distribution": {r: distribution.get(r, 0) for r in RATINGS},
    }
