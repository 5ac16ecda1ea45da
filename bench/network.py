"""`network`: what the console's network screen asks the services for, at a
day of `organizations` registered organisations: every current pair
(`current-pairs`, the answer the drawing needs), and beside it the screen's
other reads (the active registrations and the directory, page by page, all at
once as the browser sends them). Baseline: the edition's pair documents read
raw from the store, the least any answer must cost. The drawing itself is
timed in the browser by the web app's test (web/test-results/speed.json)."""

import asyncio
import random
import time

import httpx
from pymongo import AsyncMongoClient

from bench.results import Row
from bench.support import (
    bench_settings,
    caught_up,
    commit,
    ends,
    organizer,
    partitions,
    percentile,
)
from synergi_matching.app import create_app as create_matching
from synergi_matching.store import MatchingStore
from synergi_registration.app import create_app as create_registration
from synergi_shared.tools.single_process import in_process

TIMED = 10
PAGE = 200  # the web app's page size (web/src/api.ts getAll)
TAGS = [f"tag-{n}" for n in range(12)]
REGIONS = ["Fyn", "Sjælland", "Hovedstaden", "Midtjylland", "Nordjylland"]


async def _register_a_day(registration: httpx.AsyncClient, slug: str, count: int) -> None:
    """`count` organisations with overlapping profiles, as the browser test's large day."""
    headers, rng, gate = organizer(), random.Random(500), asyncio.Semaphore(8)
    created = await registration.post(
        "/registration/editions",
        json={"slug": slug, "title": "Network", "date": "2030-06-01"},
        headers=headers,
    )
    assert created.status_code == 201, created.text

    async def one(n: int) -> None:
        profile = {
            "name": f"Organisation {n:03d}",
            "size": rng.choice(["small", "medium", "large"]),
            "regions": [rng.choice(REGIONS)],
            "target_groups": rng.sample(["young mothers", "families", "teenagers"], 2),
            "offers": rng.sample(TAGS, 2),
            "needs": rng.sample(TAGS, 2),
        }
        async with gate:
            answer = await registration.post(
                "/registration/organizations", json=profile, headers=headers
            )
            body = {
                "organization_id": answer.json()["id"],
                "participants": [{"name": f"Kontakt {n}", "email": f"kontakt{n}@example.org"}],
            }
            registered = await registration.post(
                f"/registration/editions/{slug}/registrations", json=body, headers=headers
            )
            assert registered.status_code == 201, registered.text

    await asyncio.gather(*(one(n) for n in range(count)))


async def _every_page(client: httpx.AsyncClient, path: str) -> list[dict]:
    """As the web app's getAll: the first page, then the rest at once."""
    join = "&" if "?" in path else "?"

    async def page(offset: int) -> httpx.Response:
        answer = await client.get(f"{path}{join}limit={PAGE}&offset={offset}", headers=organizer())
        assert answer.status_code == 200, answer.text
        return answer

    first = await page(0)
    total = int(first.headers["X-Total-Count"])
    rest = await asyncio.gather(*map(page, range(PAGE, total, PAGE)))
    return [item for answer in (first, *rest) for item in answer.json()]


async def run(organizations: int) -> list[Row]:
    settings = bench_settings()
    slug = f"network-{settings.mongo_database_prefix}"
    await commit(settings.consumer_group("matching"), await ends(await partitions()))
    client: AsyncMongoClient = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    raw = client[settings.database_name("matching")]["recommendations"]
    pairs_times, baseline_times, screen_times = [], [], []
    try:
        async with (
            in_process(create_registration(settings)) as registration,
            in_process(create_matching(settings)) as matching,
        ):
            await _register_a_day(registration, slug, organizations)
            await caught_up(settings.consumer_group("matching"), await ends(await partitions()))
            for _ in range(TIMED):
                started = time.perf_counter()
                answer = await matching.get(
                    f"/matching/editions/{slug}/current-pairs", headers=organizer()
                )
                pairs_times.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.text
                pairs = len(answer.json())

                started = time.perf_counter()
                stored = await raw.find({"edition": slug}).to_list(None)
                baseline_times.append(time.perf_counter() - started)

                started = time.perf_counter()
                active = f"/registration/editions/{slug}/registrations?status=active"
                registered, directory = await asyncio.gather(
                    _every_page(registration, active),
                    _every_page(registration, "/registration/organizations"),
                )
                screen_times.append(time.perf_counter() - started)
                assert len(registered) == organizations <= len(directory)
            # A process that has not held the edition reads it whole, once.
            started = time.perf_counter()
            await MatchingStore(raw.database).recommendations.current_pairs(slug, 0.0)
            cold = time.perf_counter() - started
    finally:
        for service in ("registration", "matching"):
            await client.drop_database(settings.database_name(service))
        await client.close()
    current, baseline, screen = (
        percentile(times, 0.5) for times in (pairs_times, baseline_times, screen_times)
    )
    size = f"{organizations} organisations, {pairs:,} current pairs of {len(stored):,} stored"
    return [
        Row(
            "network.current_pairs",
            round(current, 3),
            "s",
            round(baseline, 3),
            round(baseline / current, 3),
            "<= 0.5 s",
            current <= 0.5,
            f"median of {TIMED}, answered in Danish with reasons by the instance holding "
            f"the edition; {size}; "
            "baseline: the edition's pair documents read raw from the store",
            size=organizations,
        ),
        Row(
            "network.current_pairs_cold",
            round(cold, 3),
            "s",
            round(baseline, 3),
            round(baseline / cold, 3),
            "(reported)",
            True,
            "the first read in a process that has not held the edition: read whole, "
            "before any answer is made",
            size=organizations,
        ),
        Row(
            "network.other_reads",
            round(screen, 3),
            "s",
            0,
            0,
            "(reported)",
            True,
            f"the active registrations and the directory, pages of {PAGE}, read beside "
            f"current-pairs; median of {TIMED}",
            size=organizations,
        ),
    ]
