"""`freshness`: from a registration's 201 to its new pair being visible in the
matching pull API, at a steady rate; against the raw Kafka round trip (produce
to consume) at the same rate on the same broker."""

import asyncio
import time
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from bench.results import Row
from bench.support import (
    KAFKA,
    bench_settings,
    caught_up,
    commit,
    ends,
    organizer,
    partitions,
    percentile,
)
from synergi_matching.app import create_app as create_matching
from synergi_registration.app import create_app as create_registration
from synergi_shared.tools.single_process import in_process

LATENCY_TOPIC = "synergi-bench-latency"


async def _kafka_round_trips(rate: float, count: int) -> list[float]:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(LATENCY_TOPIC, 1, 1)])
    except TopicAlreadyExistsError:
        pass
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(LATENCY_TOPIC, bootstrap_servers=KAFKA, auto_offset_reset="latest")
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all")
    await consumer.start()
    await producer.start()
    marker = uuid.uuid4().hex.encode()
    latencies: list[float] = []
    try:
        await consumer.seek_to_end()
        await asyncio.sleep(0.5)

        async def receive() -> None:
            async for record in consumer:
                if record.value.startswith(marker):
                    sent = float(record.value[len(marker) :])
                    latencies.append((time.perf_counter() - sent) * 1000)
                    if len(latencies) == count:
                        return

        receiving = asyncio.create_task(receive())
        started = time.perf_counter()
        for n in range(count):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            await producer.send(LATENCY_TOPIC, marker + str(time.perf_counter()).encode())
        await asyncio.wait_for(receiving, timeout=30)
    finally:
        await producer.stop()
        await consumer.stop()
    return latencies


async def _synergi_latencies(rate: float, count: int) -> list[float]:
    settings = bench_settings()
    slug = f"fresh-{settings.mongo_database_prefix}"
    await commit(settings.consumer_group("matching"), await ends(await partitions()))
    headers = organizer()
    async with (
        in_process(create_registration(settings)) as registration,
        in_process(create_matching(settings)) as matching,
    ):
        await registration.post(
            "/registration/editions",
            json={"slug": slug, "title": "Bench", "date": "2030-05-01"},
            headers=headers,
        )

        async def organization(n: int, **tags: list[str]) -> str:
            body = {"name": f"Org {n}", "size": "small", **tags}
            answer = await registration.post(
                "/registration/organizations", json=body, headers=headers
            )
            return answer.json()["id"]

        async def register(org: str) -> None:
            body = {
                "organization_id": org,
                "participants": [{"name": "Kim Hansen", "email": "kim@example.org"}],
            }
            answer = await registration.post(
                f"/registration/editions/{slug}/registrations", json=body, headers=headers
            )
            assert answer.status_code == 201, answer.text

        # Pairs that complement each other and nobody else: each timed
        # registration makes exactly one new pair. Set up 8 at a time.
        async def untimed_half(n: int) -> tuple[str, str]:
            first = await organization(2 * n, offers=[f"pair-{n}"])
            second = await organization(2 * n + 1, needs=[f"pair-{n}"])
            await register(first)
            return first, second

        made: list[tuple[str, str]] = []
        for start in range(0, count, 8):
            made += await asyncio.gather(*map(untimed_half, range(start, min(count, start + 8))))
        seconds = [second for _, second in made]
        # Timing starts once matching has taken in the untimed half.
        await caught_up(settings.consumer_group("matching"), await ends(await partitions()))

        # One tool pulling the changes, as tools do: the time a pair first
        # shows in the pull API, per organisation of the timed half.
        registered: dict[str, float] = {}
        visible: dict[str, float] = {}

        async def pull() -> None:
            cursor, timed = "", set(seconds)
            while visible.keys() < timed:
                answer = await matching.get(
                    f"/matching/editions/{slug}/recommendations",
                    params={"cursor": cursor},
                    headers=headers,
                )
                now = time.perf_counter()
                page = answer.json()
                for item in page["items"]:
                    for org in {item["organization_a"], item["organization_b"]} & timed:
                        if not item["withdrawn"]:
                            visible.setdefault(org, now)
                cursor = page["next_cursor"]
                await asyncio.sleep(0.005)

        async def register_timed(org: str) -> None:
            await register(org)
            registered[org] = time.perf_counter()

        pulling = asyncio.create_task(pull())
        started = time.perf_counter()
        tasks = []
        for n, org in enumerate(seconds):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(register_timed(org)))
        await asyncio.wait_for(asyncio.gather(*tasks, pulling), timeout=600)
    return [(visible[org] - registered[org]) * 1000 for org in seconds]


async def run(rate: float, seconds: float) -> list[Row]:
    count = int(rate * seconds)
    baseline = await _kafka_round_trips(rate, count)
    synergi = await _synergi_latencies(rate, count)
    p50, p99 = percentile(synergi, 0.5), percentile(synergi, 0.99)
    base50, base99 = percentile(baseline, 0.5), percentile(baseline, 0.99)
    note = f"{count} registrations at {rate:g}/s; baseline: Kafka produce-to-consume"
    return [
        Row(
            "freshness.p50",
            round(p50, 1),
            "ms",
            round(base50, 1),
            round(base50 / p50, 3),
            "(reported)",
            True,
            note,
            size=count,
        ),
        Row(
            "freshness.p99",
            round(p99, 1),
            "ms",
            round(base99, 1),
            round(base99 / p99, 3),
            "p99 <= 100 ms",
            p99 <= 100,
            note,
            size=count,
        ),
    ]
