"""The single-process mode: every service in one process, on an in-memory broker
and an in-memory store. For trying the API and fast tests; nothing is kept.
Also: one service app run in-process with an HTTP client to it (`in_process`),
as the benchmarks and integration tests drive it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI
from faststream.kafka import KafkaBroker, TestKafkaBroker
from mongomock_motor import AsyncMongoMockClient

from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.gateway import PathPrefixGateway
from synergi_shared.tools.services import service_factories


def create_single_process_app(settings: Settings) -> PathPrefixGateway:
    broker = KafkaBroker(settings.kafka_bootstrap_servers)
    mongo_client = AsyncMongoMockClient(tz_aware=True)
    apps = {
        name: factory(settings, broker=broker, mongo_client=mongo_client)
        for name, factory in service_factories().items()
    }

    @asynccontextmanager
    async def in_memory_broker() -> AsyncIterator[None]:
        # Every service subscribed when its app was built; TestKafkaBroker
        # routes each publish straight to those subscribers, in this process.
        async with TestKafkaBroker(broker, connect_only=False):
            yield

    # In a checkout with the web app built (make web), it is served too.
    web = Path(__file__).resolve().parents[3] / "web" / "dist"
    gateway = PathPrefixGateway(apps, lifespan=in_memory_broker, web=web)
    for app in apps.values():
        # A service reaches the others (matching's report) in this process.
        app.state.gateway_transport = httpx.ASGITransport(app=gateway)
    return gateway


@asynccontextmanager
async def in_process(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """`app` with its lifespan running, and an HTTP client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            yield client
