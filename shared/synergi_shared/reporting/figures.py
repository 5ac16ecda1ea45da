"""The report's figures from what the APIs answered (see `collect`). Pure:
each figure is counted here once, the way the report states it, so a test
can count it again from the same APIs."""

from collections import Counter
from typing import Any

from synergi_shared.contracts.concepts import concept_label
from synergi_shared.contracts.themes import DEFAULT_THEMES

SIZES = ("small", "medium", "large")
STEPS = ("contacted", "met", "partnership")
# At most this many quotes per theme and kind: a report, not an archive.
QUOTES_PER_THEME = 3


def theme_label(theme: str, language: str) -> str:
    known = DEFAULT_THEMES.get(theme)
    if known is None:
        return concept_label(theme, language)
    return known.name_da if language == "da" else known.name_en


def participation(src: dict[str, Any], language: str) -> dict[str, Any]:
    """Organisations with an active registration, their participants (erased
    ones not counted), and the organisations by size and by region."""
    active = [r for r in src["registrations"] if r["status"] == "active"]
    orgs = sorted({r["organization_id"] for r in active})
    profiles = [src["organizations"][org] for org in orgs]
    regions = Counter(
        concept_label(region, language) for p in profiles for region in p.get("regions") or []
    )
    return {
        "organizations": len(orgs),
        "participants": sum(1 for r in active for p in r["participants"] if not p.get("erased_at")),
        "by_size": {size: sum(p["size"] == size for p in profiles) for size in SIZES},
        "by_region": dict(sorted(regions.items(), key=lambda kv: (-kv[1], kv[0]))),
    }


def workshops(src: dict[str, Any], language: str) -> dict[str, Any]:
    """Each workshop with its seats and how many checked in; the totals."""
    rows = []
    for w in sorted(src["workshops"], key=lambda w: (w["round"], w["title"])):
        roster = src["rosters"][w["id"]]
        rows.append(
            {
                "id": w["id"],
                "title": w["title"],
                "theme": theme_label(w["theme"], language),
                "round": w["round"],
                "capacity": w["capacity"],
                "seats_taken": w["seats_taken"],
                "checked_in": sum(entry["checked_in"] for entry in roster["confirmed"]),
            }
        )
    return {
        "rows": rows,
        "count": len(rows),
        "checked_in": sum(row["checked_in"] for row in rows),
        "seats_taken": sum(row["seats_taken"] for row in rows),
    }


def evaluation(src: dict[str, Any], language: str) -> dict[str, Any]:
    """Response rate, the day's and each workshop's and theme's ratings, the
    insights by theme, and quotes only from people who allowed them (no name,
    no organisation)."""
    summary = src["feedback"]
    titles = {w["id"]: w["title"] for w in src["workshops"]}
    insights: dict[str, dict[str, int]] = {}
    for item in summary["insights"]:
        by_kind = insights.setdefault(theme_label(item["theme"], language), {})
        by_kind[item["kind"]] = item["count"]
    quotes: dict[str, list[dict[str, str]]] = {}
    for item in src["insights"]:
        if not item.get("may_quote"):
            continue
        mine = quotes.setdefault(theme_label(item["theme"], language), [])
        quote = {"kind": item["kind"], "text": item["text"]}
        if quote not in mine and len(mine) < QUOTES_PER_THEME:  # two of one team may say it alike
            mine.append(quote)
    return {
        "responses": summary["responses"],
        "checked_in": summary["checked_in"],
        "response_rate": summary["response_rate"],
        "day_average": summary["day"]["average"],
        "workshops": [
            {"title": titles.get(w["id"], w["id"]), "average": w["average"], "count": w["count"]}
            for w in summary["workshops"]
        ],
        "themes": [
            {"title": theme_label(t["id"], language), "average": t["average"], "count": t["count"]}
            for t in summary["themes"]
        ],
        "insights": dict(sorted(insights.items())),
        "quotes": dict(sorted(quotes.items())),
    }


def funnel(src: dict[str, Any]) -> dict[str, int]:
    """Pairs recommended now, and pairs that got at least as far as each
    step (a partnership was also met and contacted); declined apart."""
    statuses = Counter(o["status"] for o in src["outcomes"])
    reached = {step: sum(statuses[s] for s in STEPS[i:]) for i, step in enumerate(STEPS)}
    return {"recommended": len(src["pairs"]), **reached, "declined": statuses["declined"]}


def meetings(src: dict[str, Any]) -> dict[str, int]:
    """Meetings organisations asked for (the plan's apart), agreed (the
    plan's included; called off ones not), and held (either side said so)."""
    held = src.get("meetings", [])
    return {
        "meetings_requested": sum(1 for m in held if not m.get("planned")),
        "meetings_accepted": sum(1 for m in held if m["status"] == "accepted"),
        "meetings_held": sum(1 for m in held if m["status"] == "accepted" and m["held_by"]),
    }


def follow_ups(src: dict[str, Any], language: str) -> dict[str, Any]:
    """Per follow-up month: asked, answered, and each indicator's count."""
    data = src["follow_ups"]
    labels = {
        i["id"]: i["label_da"] if language == "da" else i["label_en"] for i in data["indicators"]
    }
    return {
        "indicators": labels,
        "rounds": [
            {**r, "indicators": {labels[k]: v for k, v in r["indicators"].items() if k in labels}}
            for r in data["rounds"]
        ],
    }


def network(src: dict[str, Any]) -> dict[str, Any]:
    """The organisations taking part and the pairs between them."""
    names = {org: p["name"] for org, p in src["organizations"].items()}
    active = {r["organization_id"] for r in src["registrations"] if r["status"] == "active"}
    edges = [
        {
            "a": pair["organization_a"],
            "b": pair["organization_b"],
            "score": pair["score"],
            "outcome": pair.get("outcome"),
        }
        for pair in src["pairs"]
    ]
    return {"nodes": {org: names.get(org, org) for org in sorted(active)}, "edges": edges}


def key_figures(figures: dict[str, Any]) -> dict[str, float | int | None]:
    """The figures compared with the previous edition."""
    return {
        "organizations": figures["participation"]["organizations"],
        "participants": figures["participation"]["participants"],
        "workshop_count": figures["workshops"]["count"],
        "checked_in": figures["workshops"]["checked_in"],
        "responses": figures["evaluation"]["responses"],
        "response_rate": figures["evaluation"]["response_rate"],
        "day_average": figures["evaluation"]["day_average"],
        "recommended": figures["funnel"]["recommended"],
        "partnership": figures["funnel"]["partnership"],
    }


def edition_figures(src: dict[str, Any], language: str) -> dict[str, Any]:
    figures = {
        "edition": src["edition"],
        "participation": participation(src, language),
        "workshops": workshops(src, language),
        "evaluation": evaluation(src, language),
        "funnel": {**funnel(src), **meetings(src)},
        "follow_ups": follow_ups(src, language),
        "network": network(src),
    }
    figures["key"] = key_figures(figures)
    return figures


def report_figures(sources: dict[str, Any], language: str) -> dict[str, Any]:
    """This edition's figures, and the previous edition's key figures."""
    previous = sources.get("previous")
    return {
        "language": language,
        **edition_figures(sources["current"], language),
        "previous": edition_figures(previous, language) if previous else None,
    }
