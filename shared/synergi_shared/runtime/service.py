"""What every service app has in common: its lifespan (store, outbox relay,
broker, consumer, ended sessions) and the surface every service serves.

Each service's `app.py` is its composition root: it declares the service (a
`ServiceSpec`: routes, topics, store, event handler) and `build_service_app`
wires it.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI
from faststream.kafka import KafkaBroker, KafkaRouter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.contracts.asyncapi import asyncapi_document
from synergi_shared.contracts.events import Event, SessionsEnded
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.broker import create_broker
from synergi_shared.runtime.consumer import Delivery, batch_event_router, event_router
from synergi_shared.runtime.dependencies import operations_access
from synergi_shared.runtime.http_errors import add_error_handlers, declare_common_answers
from synergi_shared.runtime.kafka_admin import GroupLag
from synergi_shared.runtime.limits import RequestGuard
from synergi_shared.runtime.metrics import instrument_http, metrics_router
from synergi_shared.runtime.mongo import create_mongo_client
from synergi_shared.runtime.operations import (
    asyncapi_router,
    docs_router,
    health_router,
    lag_router,
)
from synergi_shared.runtime.outbox import Outbox, OutboxRelay
from synergi_shared.runtime.sessions import EndedSessions
from synergi_shared.runtime.settings import Settings
from synergi_shared.runtime.telemetry import hide_link_tokens, setup_telemetry

# How long shutdown waits for the relay to finish the publish under way.
RELAY_STOP_SECONDS = 10.0

logger = logging.getLogger(__name__)


class ServiceStore(Protocol):
    """A service's store: made on its database with the service's outbox."""

    @property
    def outbox_collections(self) -> Sequence[AsyncCollection]:
        """The collections whose documents' outboxes the relay publishes."""
        ...

    async def create_indexes(self) -> None: ...


@dataclass(frozen=True)
class ServiceSpec:
    """What a service is made of; `build_service_app` wires it.

    A service publishes on its own topic, `synergi.<name>.v1`, and serves
    `router` under `/<name>`. `store` is made on the service's database at
    start-up and kept as `app.state.store`. `application`, if given, is made
    from the store, the broker and the settings and kept as `app.state.application`
    (matching's in-memory editions); the event handler is given it, or else
    the store. A service that `consumes` topics names one handler: `on_event`
    for one event at a time, or `on_batch` for batches. `background`, if
    given, runs for the app's life beside the relay (given what the handler
    is given, the application or else the store, and the settings): a
    periodic job, such as matching's follow-up rounds. `settings` is the
    class of the service's settings, if it has some of its own.
    """

    name: str
    description: str
    router: APIRouter
    store: Callable[[AsyncDatabase, Outbox], ServiceStore]
    consumes: Sequence[Topic] = ()
    on_event: Callable[[Any, Event], Awaitable[None]] | None = None
    on_batch: Callable[[Any, list[Event]], Awaitable[None]] | None = None
    application: Callable[[Any, KafkaBroker, Settings], Any] | None = None
    background: Callable[[Any, Settings], Awaitable[None]] | None = None
    settings: type[Settings] = Settings
    # Paths (under `/<name>`) that take a form body, where a standard says so.
    form_paths: Sequence[str] = ()
    # Paths whose JSON body may be larger than SYNERGI_MAX_REQUEST_BYTES, and how large.
    large_bodies: Mapping[str, int] = field(default_factory=dict)


def _consumer(spec: ServiceSpec, settings: Settings, app: FastAPI) -> KafkaRouter:
    """The service's subscriber: one handler, in its own consumer group."""
    delivery = Delivery(spec.name, settings.consumer_max_attempts, settings.max_event_bytes)
    group, topics = settings.consumer_group(spec.name), spec.consumes
    if (spec.on_event is None) == (spec.on_batch is None):
        raise ValueError(f"{spec.name} consumes {list(topics)}: give on_event or on_batch")
    if (on_batch := spec.on_batch) is not None:

        async def handle_batch(events: list[Event]) -> None:
            # Every service keeps the ended sessions itself (runtime/sessions.py).
            rest = []
            for event in events:
                if isinstance(event, SessionsEnded):
                    await app.state.sessions.record(event)
                else:
                    rest.append(event)
            if rest:
                await on_batch(app.state.application, rest)

        return batch_event_router(topics, group, handle_batch, delivery)
    on_event = spec.on_event

    async def handle(event: Event) -> None:
        # Every service keeps the ended sessions itself (runtime/sessions.py).
        if isinstance(event, SessionsEnded):
            await app.state.sessions.record(event)
            return
        await on_event(app.state.application, event)  # type: ignore[misc]

    return event_router(topics, group, handle, delivery)


def own_settings(kind: type[Settings], given: Settings | None) -> Settings:
    """The service's settings of its own `kind`: those given (the single-process
    mode's, a test's) where they say anything, `SYNERGI_*` for the rest."""
    if given is None:
        return kind()
    if isinstance(given, kind):
        return given
    return kind(**given.model_dump())


def build_service_app(
    spec: ServiceSpec,
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    """The service's FastAPI app, serving everything under `/<name>` as the
    gateway routes it; settings from `SYNERGI_*` variables unless given.

    In the single-process mode the broker and the Mongo client are shared and
    their owner starts and closes them; otherwise the app makes its own.
    """
    name, settings = spec.name, own_settings(spec.settings, settings)
    if problem := settings.secret_problem():
        raise ValueError(problem)  # fail closed: no service on a guessable secret
    setup_telemetry(f"synergi-{name}")
    manage_broker = broker is None
    if broker is None:
        broker = create_broker(settings, client_id=f"synergi-{name}")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = create_mongo_client(settings) if mongo_client is None else mongo_client
        app.state.db = client[settings.database_name(name)]
        outbox = Outbox()
        store = app.state.store = spec.store(app.state.db, outbox)
        await store.create_indexes()
        sessions = app.state.sessions = EndedSessions(app.state.db, outbox)
        await sessions.create_indexes()
        await sessions.refresh()
        app.state.application = (
            spec.application(store, broker, settings) if spec.application else store
        )
        relay = OutboxRelay(
            broker,
            outbox,
            [*store.outbox_collections, sessions.docs],
            settings.outbox_poll_seconds,
            name,
        )
        app.state.relay = relay
        broker_task = (
            asyncio.create_task(_start_broker(broker, name), name=f"{name}-broker-start")
            if manage_broker
            else None
        )
        relay_task = asyncio.create_task(relay.run(), name=f"{name}-outbox-relay")
        background = [asyncio.create_task(sessions.keep_current(), name=f"{name}-sessions")]
        if spec.background:
            job = spec.background(app.state.application, settings)
            background.append(asyncio.create_task(job, name=f"{name}-background"))
        try:
            yield
        finally:
            for task in background:
                task.cancel()
            await asyncio.gather(*background, return_exceptions=True)
            relay.stop()
            try:
                await asyncio.wait_for(relay_task, timeout=RELAY_STOP_SECONDS)
            except TimeoutError:
                logger.warning("the outbox relay did not stop in time; what it held stays queued")
            if broker_task is not None:
                broker_task.cancel()
                await asyncio.gather(broker_task, return_exceptions=True)
                await broker.stop()
            if getattr(app.state, "lag", None) is not None:
                await app.state.lag.close()
            if mongo_client is None:
                await client.close()

    app = FastAPI(
        title=f"Synergi {name} service",
        description=spec.description,
        version="1",
        docs_url=None,  # served below, with Swagger UI's assets from the gateway
        redoc_url=None,
        # The API's own documents are public unless SYNERGI_PUBLIC_DOCS=false.
        openapi_url=f"/{name}/openapi.json" if settings.public_docs else None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service_name = name  # which paths a door session may reach (auth.DOOR_MAY)
    app.state.broker = broker
    publishes = [Topic(f"synergi.{name}.v1")]
    app.state.asyncapi = asyncapi_document(
        name, spec.description, publishes, spec.consumes, settings.kafka_bootstrap_servers
    )
    if settings.public_docs:
        app.include_router(asyncapi_router(name), prefix=f"/{name}")
        app.include_router(docs_router(name), prefix=f"/{name}")
    app.include_router(health_router(), prefix=f"/{name}")
    if spec.consumes:
        broker.include_router(_consumer(spec, settings, app))
        group = settings.consumer_group(name)
        lag = app.state.lag = (
            GroupLag(settings.kafka_bootstrap_servers, group, spec.consumes)
            if manage_broker
            else None
        )
        app.include_router(lag_router(group, lag), prefix=f"/{name}")
    app.include_router(
        metrics_router(name), prefix=f"/{name}", dependencies=[Depends(operations_access)]
    )
    app.include_router(spec.router, prefix=f"/{name}")
    add_error_handlers(app)
    declare_common_answers(app)
    # Inside the HTTP middleware, so a refused body is still counted and logged.
    app.add_middleware(
        RequestGuard,
        max_bytes=settings.max_request_bytes,
        form_paths=frozenset(f"/{name}{path}" for path in spec.form_paths),
        larger={f"/{name}{path}": size for path, size in spec.large_bodies.items()},
    )
    instrument_http(app, name)
    FastAPIInstrumentor.instrument_app(
        app,
        excluded_urls="healthz,readyz,metrics",
        exclude_spans=["receive", "send"],  # one span per request, not per ASGI message
        server_request_hook=hide_link_tokens,
    )
    return app


async def _start_broker(broker: KafkaBroker, name: str) -> None:
    """Start the broker, retrying while Kafka is unreachable. The service serves
    meanwhile: changes wait in the outbox, and /readyz says Kafka is not ready."""
    delay = 0.5
    while True:
        try:
            await broker.start()
            return
        except (KafkaError, OSError) as error:
            logger.warning("%s: Kafka unreachable (%s); retrying in %.1fs", name, error, delay)
            try:
                await broker.stop()  # release what the failed start opened
            except Exception:
                pass
            await asyncio.sleep(delay)
            delay = min(delay * 2, 15.0)
