"""The report's charts, drawn by matplotlib as SVG (sharp in the page and the
PDF). Figures are made without pyplot, so drawing is safe in a worker thread."""

import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib
from matplotlib.figure import Figure

# Labels are names organisations typed: `Fonden $\foo$` is a name, not
# mathematics (with math parsing on, it failed the whole report with a 500).
matplotlib.rcParams["text.parse_math"] = False

# The web app's colours: one accent, greys, and green for partnerships.
ACCENT, PREVIOUS, PARTNER, EDGE = "#1f5f8b", "#a7b7c4", "#2e7d32", "#b8c4ce"
WIDTH = 6.4  # inches: the page's text width at 96 dpi


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    return out.getvalue()


def _figure(rows: int) -> tuple[Figure, Any]:
    figure = Figure(figsize=(WIDTH, max(1.4, 0.32 * rows + 0.6)))
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def bars(values: Mapping[str, float], unit: str = "", limit: float | None = None) -> str:
    """Horizontal bars, one per label, in the given order, each with its value."""
    labels, numbers = list(values), [v or 0 for v in values.values()]
    figure, axes = _figure(len(labels))
    shown = axes.barh(labels[::-1], numbers[::-1], color=ACCENT)
    axes.bar_label(shown, fmt=f"%g{unit}", padding=3, fontsize=8)
    axes.tick_params(labelsize=8)
    if limit is not None:
        axes.set_xlim(0, limit)
    return _svg(figure)


def grouped(
    groups: Sequence[str], series: Mapping[str, Sequence[float]], colours: Sequence[str]
) -> str:
    """Horizontal bars in groups (e.g. seats and check-ins per workshop)."""
    figure, axes = _figure(len(groups) * max(1, len(series)) // 2 + len(groups))
    height = 0.8 / max(1, len(series))
    for n, (name, values) in enumerate(series.items()):
        positions = [
            len(groups) - 1 - g + (len(series) / 2 - n - 0.5) * height for g in range(len(groups))
        ]
        shown = axes.barh(positions, values, height=height, label=name, color=colours[n])
        axes.bar_label(shown, fmt="%g", padding=2, fontsize=7)
    axes.set_yticks(range(len(groups)), list(groups)[::-1], fontsize=8)
    axes.legend(fontsize=8, frameon=False, loc="lower right")
    return _svg(figure)


def network(nodes: Mapping[str, str], edges: Sequence[Mapping[str, Any]]) -> str:
    """The organisations on a circle, each pair a line: thicker for a higher
    score, green for a partnership."""
    figure = Figure(figsize=(WIDTH, WIDTH * 0.8))
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_aspect("equal")
    ids = list(nodes)
    where = {
        org: (math.cos(2 * math.pi * i / len(ids)), math.sin(2 * math.pi * i / len(ids)))
        for i, org in enumerate(ids)
    }
    for edge in sorted(edges, key=lambda e: e["outcome"] == "partnership"):
        if edge["a"] in where and edge["b"] in where:
            (x1, y1), (x2, y2) = where[edge["a"]], where[edge["b"]]
            partners = edge["outcome"] == "partnership"
            axes.plot(
                [x1, x2],
                [y1, y2],
                color=PARTNER if partners else EDGE,
                linewidth=2.2 if partners else 0.3 + 1.5 * edge["score"],
                zorder=2 if partners else 1,
            )
    if ids:
        xs, ys = zip(*where.values(), strict=True)
        axes.scatter(xs, ys, s=28, color=ACCENT, zorder=3)
    if len(ids) <= 40:  # names stay readable up to about this many
        for org, (x, y) in where.items():
            axes.annotate(
                nodes[org],
                (x, y),
                xytext=(x * 1.08, y * 1.08),
                ha="left" if x >= 0 else "right",
                va="center",
                fontsize=6,
            )
    axes.set_xlim(-1.6, 1.6)
    return _svg(figure)
