"""`python -m bench [--tiny] [--only NAME ...]`: run the benchmarks against the
local Kafka and FerretDB (`make infra-up`), print a table and write
bench/results/latest.json."""

import argparse
import asyncio
import time
from pathlib import Path

from bench import (
    consume,
    freshness,
    http,
    load_under_faults,
    meeting_plan,
    network,
    pull,
    quality,
    restart,
    scale,
)
from bench.results import table, write

# name -> (module, full size, tiny size)
BENCHMARKS = {
    # 100,000 events, the size the issue asks for: about 9 minutes of the 16 a
    # full `make bench` takes here (bench/README.md).
    "consume": (consume.run, {"events": 100_000, "editions": 4}, {"events": 60, "editions": 1}),
    "freshness": (freshness.run, {"rate": 50, "seconds": 60}, {"rate": 5, "seconds": 2}),
    # Matching killed twice and Kafka stopped once under a steady load.
    "load-under-faults": (
        load_under_faults.run,
        {"rate": 50, "seconds": 300, "kills": [60, 120], "kafka_out": [180, 200]},
        {"rate": 10, "seconds": 40, "kills": [5, 10], "kafka_out": [14, 18]},
    ),
    "http": (http.run, {"registrations": 300}, {"registrations": 60}),
    # A tool pulling an edition of 10,000 organisations page by page.
    "pull": (
        pull.run,
        {"organizations": 10_000, "pairs": 100_000, "changes": 300_000},
        {"organizations": 100, "pairs": 1_000, "changes": 3_000},
    ),
    # What the console's network screen reads, at a day of 500 organisations.
    "network": (network.run, {"organizations": 500}, {"organizations": 30}),
    "restart": (restart.run, {"size": 10_000}, {"size": 100}),
    # The day's meeting plan: 300 organisations, 8 slots of 40 tables (issue 34).
    "meeting-plan": (
        meeting_plan.run,
        {"organizations": 300, "slots": 8, "tables": 40, "seconds": 6.0},
        {"organizations": 40, "slots": 2, "tables": 4, "seconds": 1.0},
    ),
    "quality": (quality.run, {"size": 2_000, "days": 3}, {"size": 200, "days": 1}),
    "scale": (
        scale.run,
        {
            "curve": [1_000, 2_000, 5_000],
            "size": 10_000,
            "naive_sample": 20,
            "incremental": 200,
            # The engine alone at 100,000 (`--only scale` with this at 100_000)
            # ran over 10 minutes here, more than `make bench` may (bench/README.md).
            "beyond": 0,
        },
        {"curve": [100], "size": 300, "naive_sample": 10, "incremental": 20, "beyond": 0},
    ),
}


# Run only when named (`make bench-faults`) or in the tiny run: it takes
# about 8 minutes, and `make bench` stays within 20.
APART = {"load-under-faults"}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="a few seconds each (CI)")
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHMARKS))
    parser.add_argument("--out", default=str(Path(__file__).parent / "results" / "latest.json"))
    args = parser.parse_args()
    rows = []
    for name, (run, full, tiny) in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        if not args.only and not args.tiny and name in APART:
            continue
        print(f"[bench] {name} ...", flush=True)
        started = time.monotonic()
        result = run(**(tiny if args.tiny else full))
        rows += asyncio.run(result) if asyncio.iscoroutine(result) else result
        print(f"[bench] {name} took {time.monotonic() - started:.0f} s", flush=True)
    write(rows, Path(args.out))
    print(table(rows))
    print(f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
