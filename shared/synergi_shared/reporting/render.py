"""The report as an HTML page (Jinja2, charts inline) and as a PDF of the
same page (WeasyPrint)."""

import base64
from datetime import UTC, datetime
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from synergi_shared.reporting import charts
from synergi_shared.reporting.figures import STEPS
from synergi_shared.reporting.texts import TEXTS, number

FUNNEL = ("recommended", *STEPS)
_templates = Environment(
    loader=PackageLoader("synergi_shared.reporting", "templates"),
    autoescape=select_autoescape(["html"]),
)


def _inline(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _charts(figures: dict[str, Any], t: dict[str, str]) -> dict[str, str]:
    workshops = figures["workshops"]["rows"]
    evaluation = figures["evaluation"]
    drawn = {
        "regions": charts.bars(figures["participation"]["by_region"]),
        "workshops": charts.grouped(
            [w["title"] for w in workshops],
            {
                t["capacity"]: [w["capacity"] for w in workshops],
                t["seats_taken"]: [w["seats_taken"] for w in workshops],
                t["checked_in"]: [w["checked_in"] for w in workshops],
            },
            [charts.EDGE, charts.PREVIOUS, charts.ACCENT],
        ),
        "themes": charts.bars({w["title"]: w["average"] for w in evaluation["themes"]}, limit=5),
        "funnel": charts.bars({t[step]: figures["funnel"][step] for step in FUNNEL}),
        "network": charts.network(figures["network"]["nodes"], figures["network"]["edges"]),
    }
    sent = [r for r in figures["follow_ups"]["rounds"] if r["organizations_asked"]]
    if sent:
        drawn["follow_ups"] = charts.grouped(
            list(figures["follow_ups"]["indicators"].values()),
            {
                f"{r['months']} {t['months_after']}": [
                    r["indicators"].get(label, 0)
                    for label in figures["follow_ups"]["indicators"].values()
                ]
                for r in sent
            },
            [charts.PREVIOUS, charts.ACCENT, charts.PARTNER, charts.EDGE][: len(sent)],
        )
    if figures["previous"]:
        counts = ("organizations", "participants", "checked_in", "responses", "partnership")
        drawn["compared"] = charts.grouped(
            [t[name] for name in counts],
            {
                t["this_year"]: [figures["key"][name] or 0 for name in counts],
                t["last_year"]: [figures["previous"]["key"][name] or 0 for name in counts],
            },
            [charts.ACCENT, charts.PREVIOUS],
        )
    return {name: _inline(svg) for name, svg in drawn.items()}


def html(figures: dict[str, Any]) -> str:
    """The whole report as one self-contained HTML page."""
    language = figures["language"]
    t = TEXTS[language]
    return _templates.get_template("report.html").render(
        **figures,
        t=t,
        num=partial(number, language=language),
        charts=_charts(figures, t),
        made=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def pdf(page: str) -> bytes:
    """The page as an A4 PDF."""
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    return HTML(string=page).write_pdf()
