"""What the benchmarks share: settings for the local servers, in-process apps."""

import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from synergi_shared.auth import mint_token
from synergi_shared.settings import Settings

SECRET = "bench-secret-at-least-32-bytes-long-for-hs256"
KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
MONGO = os.environ.get("SYNERGI_MONGO_URL", "mongodb://127.0.0.1:27017")


def bench_settings(**overrides: object) -> Settings:
    """Real Kafka and FerretDB, databases and consumer groups of this run's own."""
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    return Settings(
        environment="test",
        jwt_secret=SECRET,
        kafka_bootstrap_servers=KAFKA,
        mongo_url=MONGO,
        mongo_database_prefix=prefix,
        kafka_consumer_group_prefix=f"{prefix}-",
        **overrides,
    )


def organizer() -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(SECRET, 'organizer')}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@asynccontextmanager
async def in_process(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            yield client


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
