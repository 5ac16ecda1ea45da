"""One row per measurement, written to bench/results/latest.json and printed."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Row:
    name: str
    value: float
    unit: str
    baseline: float
    # Synergi relative to the baseline, 1.0 = as good: value/baseline for
    # rates, baseline/value for times.
    ratio: float
    goal: str
    meets_goal: bool
    note: str = ""
    # What it ran at (events, registrations, organisations), so a reader sees
    # whether it was the full size.
    size: int = 0

    @classmethod
    def rate(
        cls,
        name: str,
        value: float,
        baseline: float,
        unit: str,
        *,
        at_least: float | None,
        note: str,
        size: int,
    ) -> "Row":
        """A rate beside its baseline's; the goal, if any, is a minimum ratio."""
        ratio = value / baseline
        return cls(
            name=name,
            value=round(value, 1),
            unit=unit,
            baseline=round(baseline, 1),
            ratio=round(ratio, 4),
            goal="(reported)" if at_least is None else f"ratio >= {at_least}",
            meets_goal=at_least is None or ratio >= at_least,
            note=note,
            size=size,
        )

    @classmethod
    def at_most(
        cls, name: str, value: float, unit: str, limit: float, *, note: str, size: int
    ) -> "Row":
        """A figure with no baseline, held against a limit."""
        return cls(
            name, round(value, 3), unit, 0, 0, f"<= {limit:g} {unit}", value <= limit, note, size
        )


def write(rows: list[Row], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n")


def table(rows: list[Row]) -> str:
    header = (
        f"{'benchmark':<26}{'size':>8}{'value':>12} {'unit':<10}{'baseline':>12}{'ratio':>8}  goal"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        verdict = "met" if row.meets_goal else "NOT met"
        lines.append(
            f"{row.name:<26}{row.size:>8}{row.value:>12.4g} {row.unit:<10}{row.baseline:>12.4g}"
            f"{row.ratio:>8.3f}  {row.goal} ({verdict})"
        )
        if row.note:
            lines.append(f"{'':<34}{row.note}")
    return "\n".join(lines)
