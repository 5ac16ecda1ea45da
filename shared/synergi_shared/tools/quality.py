"""`synergi quality`: an edition's quality report, read from the running
matching service and printed for a person."""

from typing import Any


def describe(report: dict[str, Any]) -> str:
    coverage, exposure, scores = report["coverage"], report["exposure"], report["scores"]

    def pct(share: float) -> str:
        return f"{share * 100:.1f} %"

    def names(orgs: list[dict[str, Any]]) -> str:
        return ", ".join(org["name"] or org["id"] for org in orgs) or "none"

    most = exposure["most_exposed"]
    lines = [
        f"Quality of '{report['edition']}' (model {report['model_version']})",
        f"Coverage: {pct(coverage['share_with_at_least_3'])} of "
        f"{coverage['organizations']} organisations have at least 3 partners listed",
        f"  with none: {names(coverage['with_none'])}",
        f"  with 1 or 2: {names(coverage['fewer_than_3'])}",
        f"Exposure: Gini {exposure['gini']:.3f}; the most exposed, "
        + (f"{most['name'] or most['id']}, is in {exposure['most_lists']} lists " if most else "")
        + f"({pct(exposure['largest_share'])} of all places)",
    ]
    lines += [
        f"  {size['size']}: {pct(size['share_of_exposure'])} of places, "
        f"{pct(size['share_of_edition'])} of organisations"
        for size in exposure["by_size"]
    ]
    lines += [
        f"Reciprocity: {pct(report['reciprocity'])} of places are listed back",
        f"Scores: {scores['count']} places, median {scores['median']:.2f} "
        f"(quartiles {scores['p25']:.2f}-{scores['p75']:.2f}, "
        f"{scores['minimum']:.2f}-{scores['maximum']:.2f}), "
        f"by tenths: {' '.join(str(n) for n in scores['histogram'])}",
    ]
    return "\n".join(lines)
