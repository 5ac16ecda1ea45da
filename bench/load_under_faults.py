"""`load-under-faults`: registrations at a steady rate while matching (its own
`synergi serve` process) is SIGKILLed and started again, twice, and Kafka is
stopped and started once. A tool pulls the pairs all along. Reported: events
lost (a registration whose pair never shows), pairs doubled (two stored
documents for one pair), and how long after the last fault freshness is back
under 100 ms, and back to what it was before the first fault (the baseline:
this run's own p99 then).

Registrations come in couples that complement each other and nobody else,
registered one after the other: the second of each makes exactly one new
pair, and is the one timed (from its 201 to the pair showing in the pull API).
"""

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from pymongo import AsyncMongoClient

from bench.results import Row
from bench.support import (
    KAFKA,
    MONGO,
    SECRET,
    bench_settings,
    caught_up,
    commit,
    ends,
    free_port,
    organizer,
    partitions,
    percentile,
)
from synergi_registration.app import create_app as create_registration
from synergi_shared.tools.single_process import in_process

INFRA = Path(__file__).resolve().parents[1] / "deploy" / "local" / "infra.py"
SYNERGI = Path(sys.executable).with_name("synergi")
GOAL_MS = 100
WINDOW = 5.0  # seconds of registrations per freshness window
LOGS = Path(__file__).parent / "results" / "load-under-faults-matching.log"


class Matching:
    """`synergi serve matching` on one port, killed and started again at will."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, free_port()
        self.url = f"http://127.0.0.1:{self.port}/matching"
        self.process: asyncio.subprocess.Process | None = None
        LOGS.parent.mkdir(parents=True, exist_ok=True)
        self.log = LOGS.open("wb")

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            str(SYNERGI),
            *("serve", "matching", "--port", str(self.port)),
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        async with httpx.AsyncClient(timeout=2) as client:
            for _ in range(300):
                try:
                    if (await client.get(f"{self.url}/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        raise RuntimeError(f"matching did not start; its log: {LOGS}")

    async def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no shutdown, no last commit
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=30)
        self.log.close()


async def _infra(command: str) -> None:
    process = await asyncio.create_subprocess_exec(sys.executable, str(INFRA), command)
    assert await process.wait() == 0, f"infra.py {command} failed"


def _recovery(
    samples: list[tuple[float, float]], since: float, end: float, good: Callable[[float], bool]
) -> float | None:
    """Seconds after `since` from which every window of registrations has a
    p99 that is `good`, or None if the run ended before."""
    windows = []
    start = since
    while start < end:
        latencies = [ms for at, ms in samples if start <= at < start + WINDOW]
        if latencies:
            windows.append((start, percentile(latencies, 0.99)))
        start += WINDOW
    recovered = None
    for start, p99 in windows:
        if not good(p99):
            recovered = None
        elif recovered is None:
            recovered = start
    return None if recovered is None else recovered - since


def _print_windows(samples: list[tuple[float, float]], last_fault: float) -> None:
    """Each window's p99, for the reader of the log (the faults are printed as they happen)."""
    end = max((at for at, _ in samples), default=0.0)
    start, line = 0.0, []
    while start <= end:
        latencies = [ms for at, ms in samples if start <= at < start + WINDOW]
        if latencies:
            line.append(f"{start:g}s:{percentile(latencies, 0.99):.0f}")
        start += WINDOW
    print(
        f"[bench] load-under-faults p99 (ms) by {WINDOW:g}-s window of registrations, "
        f"last fault ended at {last_fault:.1f} s: {' '.join(line)}",
        flush=True,
    )


async def run(rate: float, seconds: float, kills: list[float], kafka_out: list[float]) -> list[Row]:
    """`kills`: when matching is killed (s after the start); `kafka_out`: when
    Kafka stops and when it starts again."""
    settings = bench_settings(outbox_poll_seconds=0.5)
    slug = f"faults-{settings.mongo_database_prefix}"
    env = {
        **os.environ,
        "SYNERGI_ENVIRONMENT": "test",
        "SYNERGI_JWT_SECRET": SECRET,
        "SYNERGI_KAFKA_BOOTSTRAP_SERVERS": KAFKA,
        "SYNERGI_MONGO_URL": MONGO,
        "SYNERGI_MONGO_DATABASE_PREFIX": settings.mongo_database_prefix,
        "SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX": settings.kafka_consumer_group_prefix,
    }
    couples = int(rate * seconds) // 2
    headers = organizer()
    await commit(settings.consumer_group("matching"), await ends(await partitions()))
    matching = Matching(env)
    registered: dict[str, float] = {}
    visible: dict[str, float] = {}
    client: AsyncMongoClient = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    try:
        async with in_process(create_registration(settings)) as registration:
            created = await registration.post(
                "/registration/editions",
                json={"slug": slug, "title": "Faults", "date": "2030-05-01"},
                headers=headers,
            )
            assert created.status_code == 201, created.text
            gate = asyncio.Semaphore(8)

            async def organization(n: int, **tags: list[str]) -> str:
                body = {"name": f"Org {n}", "size": "small", **tags}
                async with gate:
                    answer = await registration.post(
                        "/registration/organizations", json=body, headers=headers
                    )
                return answer.json()["id"]

            async def couple(n: int) -> tuple[str, str]:
                return (
                    await organization(2 * n, offers=[f"pair-{n}"]),
                    await organization(2 * n + 1, needs=[f"pair-{n}"]),
                )

            made = await asyncio.gather(*map(couple, range(couples)))
            await matching.start()
            await caught_up(settings.consumer_group("matching"), await ends(await partitions()))
            timed = {second for _, second in made}

            async def register(org: str) -> None:
                body = {
                    "organization_id": org,
                    "participants": [{"name": "Kim Hansen", "email": "kim@example.org"}],
                }
                path = f"/registration/editions/{slug}/registrations"
                while True:
                    answer = await registration.post(path, json=body, headers=headers)
                    if answer.status_code != 503:
                        break
                    await asyncio.sleep(float(answer.headers.get("Retry-After", "1")))
                assert answer.status_code == 201, answer.text
                if org in timed:
                    registered[org] = time.perf_counter()

            done = asyncio.Event()

            async def pull() -> None:
                cursor = ""
                async with httpx.AsyncClient(base_url=matching.url, timeout=10) as tool:
                    while not (done.is_set() and visible.keys() >= timed):
                        try:
                            answer = await tool.get(
                                f"/editions/{slug}/recommendations",
                                params={"cursor": cursor, "limit": 1000},
                                headers=headers,
                            )
                        except httpx.TransportError:  # matching is down
                            await asyncio.sleep(0.1)
                            continue
                        now = time.perf_counter()
                        page = answer.json()
                        for item in page["items"]:
                            if not item["withdrawn"]:
                                for org in {item["organization_a"], item["organization_b"]} & timed:
                                    visible.setdefault(org, now)
                        cursor = page["next_cursor"]
                        await asyncio.sleep(0.005)

            async def faults(started: float) -> float:
                """Each fault at its time; when the last one ended."""
                plan = [(at, "kill") for at in kills] + [
                    (kafka_out[0], "kafka-stop"),
                    (kafka_out[1], "kafka-start"),
                ]
                last = started
                for at, fault in sorted(plan):
                    await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
                    print(f"[bench] load-under-faults: {fault} at {at:g} s", flush=True)
                    if fault == "kill":
                        await matching.kill()
                        await matching.start()  # as a supervisor would, at once
                    else:
                        await _infra(fault)
                    last = time.perf_counter()
                return last

            pulling = asyncio.create_task(pull())
            started = time.perf_counter()
            faulting = asyncio.create_task(faults(started))
            tasks = []
            order = [org for pair in made for org in pair]
            for n, org in enumerate(order):
                await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
                tasks.append(asyncio.create_task(register(org)))
            await asyncio.gather(*tasks)
            last_fault = await faulting
            ended = time.perf_counter()
            done.set()
            try:
                await asyncio.wait_for(pulling, timeout=180)
            except TimeoutError:
                pass  # what never showed is counted as lost below
        stored = (
            await client[settings.database_name("matching")]["recommendations"]
            .find({"edition": slug}, {"organization_a": 1, "organization_b": 1})
            .to_list(None)
        )
    finally:
        await matching.stop()
        for service in ("registration", "matching"):
            await client.drop_database(settings.database_name(service))
        await client.close()

    lost = len(timed - visible.keys())
    doubled = len(stored) - len({(d["organization_a"], d["organization_b"]) for d in stored})
    samples = [(registered[o] - started, (visible[o] - registered[o]) * 1000) for o in visible]
    first_fault = started + min(kills + kafka_out[:1])
    # Before the first fault: the pairs that showed before it happened.
    before = [ms for at, ms in samples if started + at + ms / 1000 < first_fault]
    steady = percentile(before, 0.99)
    since, end = last_fault - started, ended - started
    _print_windows(samples, since)
    to_goal = _recovery(samples, since, end, lambda p99: p99 <= GOAL_MS)
    to_steady = _recovery(samples, since, end, lambda p99: p99 <= 1.5 * steady)
    size = couples * 2
    faults_note = (
        f"{size} registrations at {rate:g}/s for {seconds:g} s; matching SIGKILLed at "
        f"{', '.join(f'{k:g}' for k in kills)} s, Kafka out {kafka_out[0]:g}-{kafka_out[1]:g} s"
    )
    left = end - since

    def recovery_row(name: str, value: float | None, goal: str, note: str) -> Row:
        seconds_ = left if value is None else value
        return Row(
            name,
            round(seconds_, 1),
            "s",
            round(steady / 1000, 3),
            0,
            goal,
            value is not None and value <= 60,
            ("not recovered before the run ended; " if value is None else "") + note,
            size=size,
        )

    return [
        Row("load_under_faults.lost", lost, "events", 0, 0, "= 0", lost == 0, faults_note, size),
        Row(
            "load_under_faults.doubled",
            doubled,
            "pairs",
            0,
            0,
            "= 0",
            doubled == 0,
            f"{len(stored):,} pair documents stored",
            size,
        ),
        recovery_row(
            "load_under_faults.recovery",
            to_goal,
            "<= 60 s",
            f"after the last fault, until every {WINDOW:g}-s window's p99 <= {GOAL_MS} ms; "
            "baseline: the p99 before the first fault",
        ),
        recovery_row(
            "load_under_faults.to_steady",
            to_steady,
            "<= 60 s",
            f"after the last fault, until every {WINDOW:g}-s window's p99 <= 1.5 x the p99 "
            f"before the first fault ({steady:.0f} ms)",
        ),
    ]
