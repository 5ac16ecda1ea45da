"""`http`: registrations per second through the registration API (validation,
auth, the write with its outbox entry, the relay to Kafka) against a bare
endpoint on the same server that validates the same body and returns 201."""

import asyncio
import os
import sys
import time

import httpx

from bench.results import Row
from bench.support import SECRET, bench_settings, free_port, organizer

CONCURRENCY = 8


async def _load(client: httpx.AsyncClient, requests: list[tuple[str, dict]]) -> float:
    """Send every request with CONCURRENCY in flight; return requests per second."""
    queue = list(reversed(requests))

    async def worker() -> None:
        while queue:
            path, body = queue.pop()
            response = await client.post(path, json=body)
            assert response.status_code == 201, response.text

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return len(requests) / (time.perf_counter() - started)


async def run(registrations: int) -> list[Row]:
    settings = bench_settings()
    port = free_port()
    env = {
        **os.environ,
        "SYNERGI_ENVIRONMENT": "test",
        "SYNERGI_JWT_SECRET": SECRET,
        "SYNERGI_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "SYNERGI_MONGO_URL": settings.mongo_url,
        "SYNERGI_MONGO_DATABASE_PREFIX": settings.mongo_database_prefix,
    }
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        *("-m", "uvicorn", "bench.http_server:create", "--factory", "--port", str(port)),
        *("--log-level", "warning", "--no-access-log"),
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        limits = httpx.Limits(max_connections=CONCURRENCY)
        async with httpx.AsyncClient(
            base_url=base, headers=organizer(), limits=limits, timeout=60
        ) as client:
            for _ in range(100):
                try:
                    if (await client.get("/registration/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
            slug = "bench-http"
            edition = {"slug": slug, "title": "Bench", "date": "2030-05-01"}
            assert (await client.post("/registration/editions", json=edition)).status_code == 201
            creates = [
                ("/registration/organizations", {"name": f"Org {n}", "size": "small"})
                for n in range(registrations)
            ]
            ids: list[str] = []

            async def create(path: str, body: dict) -> None:
                ids.append((await client.post(path, json=body)).json()["id"])

            for start in range(0, len(creates), CONCURRENCY):
                await asyncio.gather(*(create(*c) for c in creates[start : start + CONCURRENCY]))
            bodies = [
                {
                    "organization_id": org,
                    "participants": [{"name": "Kim Hansen", "email": "kim@example.org"}],
                    "challenge_themes": ["co-creation"],
                }
                for org in ids
            ]
            warmup = [(f"/bare/editions/{slug}/registrations", b) for b in bodies[:50]]
            await _load(client, warmup)
            bare = await _load(
                client, [(f"/bare/editions/{slug}/registrations", b) for b in bodies]
            )
            real = await _load(
                client, [(f"/registration/editions/{slug}/registrations", b) for b in bodies]
            )
    finally:
        server.terminate()
        await asyncio.wait_for(server.wait(), timeout=15)
    return [
        Row.rate(
            "http",
            real,
            bare,
            "req/s",
            at_least=0.5,
            note=f"{registrations} registrations, {CONCURRENCY} in flight, one server process",
            size=registrations,
        )
    ]
