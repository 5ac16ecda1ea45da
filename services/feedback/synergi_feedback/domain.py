"""Feedback's rules, pure: which answers a response may give, and the
evaluation summary as counters (what one response adds, and how the sums read).

Each stored response carries its own contribution as counter entries, written
in the same single-document write as the response itself, and the summary is
their sum, added up when it is read. So no crash or outage can leave the
summary out of step with the responses: there is no second write to lose.
(A read costs one pass over the edition's responses: hundreds on an impact day.)
"""

from collections import Counter
from collections.abc import Mapping
from typing import Any

from synergi_shared.contracts.errors import Unprocessable

RATINGS = ("1", "2", "3", "4", "5")


def response_id(edition: str, participant_id: str) -> str:
    """One response per participant and edition."""
    return f"{edition}/{participant_id}"


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


class Unacceptable(Unprocessable):
    """A response that can never be taken as it is."""


def check_response(
    slug: str,
    organization_id: str,
    rated_workshops: list[str],
    wished_organizations: list[str],
    attended: Mapping[str, str],
    registered: set[str],
) -> None:
    """Workshops are rated only where the participant was checked in; a
    follow-up names another organisation registered for the edition."""
    for workshop_id in rated_workshops:
        if workshop_id not in attended:
            raise Unacceptable(
                f"workshop '{workshop_id}' cannot be rated: the participant was not "
                "checked in there"
            )
    for wished in wished_organizations:
        if wished == organization_id:
            raise Unacceptable("follow_ups may not name the participant's own organisation")
        if wished not in registered:
            raise Unacceptable(f"organisation '{wished}' is not registered for '{slug}'")


def summary_view(counters: Mapping[str, Any], top_follow_ups: int) -> dict[str, Any]:
    """The summary from an edition's summed counters: rate, ratings per day,
    workshop and theme, insights by kind and theme, the most wished-for."""
    responses, checked_in = counters.get("responses", 0), counters.get("checked_in", 0)

    def named(group: str) -> list[dict[str, Any]]:
        return [
            {"id": key, **rating_view(node)}
            for key, node in sorted(counters.get(group, {}).items())
            if node.get("count")
        ]

    wishes = sorted(
        ((org, n) for org, n in counters.get("follow_ups", {}).items() if n),
        key=lambda x: (-x[1], x[0]),
    )
    return {
        "responses": responses,
        "checked_in": checked_in,
        "response_rate": round(responses / checked_in, 3) if checked_in else None,
        "day": rating_view(counters.get("day")),
        "workshops": named("workshops"),
        "themes": named("themes"),
        "insights": [
            {"kind": kind, "theme": theme, "count": count}
            for kind, themes in sorted(counters.get("insights", {}).items())
            for theme, count in sorted(themes.items())
            if count
        ],
        "most_wished_follow_ups": [
            {"organization_id": org, "wished_by": n} for org, n in wishes[:top_follow_ups]
        ],
    }
