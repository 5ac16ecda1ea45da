"""Every benchmark still runs (a tiny version, on the real servers): CI keeps
them working. Benchmarks, not timed tests: nothing here checks a figure."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_benchmarks_run_and_write_their_rows(tmp_path, kafka_bootstrap, mongo_client) -> None:
    out = tmp_path / "latest.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rows = json.loads(out.read_text())
    names = {row["name"].split(".")[0] for row in rows}
    assert names == {
        "consume",
        "freshness",
        "http",
        "load_under_faults",
        "meeting_plan",
        "network",
        "pull",
        "quality",
        "restart",
        "scale",
    }
    for row in rows:
        assert set(row) >= {
            "name",
            "value",
            "unit",
            "baseline",
            "ratio",
            "goal",
            "meets_goal",
            "size",
        }
        assert row["size"] > 0  # what it ran at
        # Memory has no baseline; a count whose goal is none (events lost) may be 0.
        assert (row["value"] > 0 or row["goal"] == "= 0") and row["baseline"] >= 0
    assert "benchmark" in result.stdout  # the table
