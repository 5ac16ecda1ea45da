"""What every service app has in common: lifespan, health checks, error mapping.

Each service's `app.py` is its composition root: it declares the service (a
`ServiceSpec`: routes, topics, store, event handler) and `build_service_app`
wires it.
"""

import asyncio
import csv
import io
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from faststream.kafka import KafkaBroker, KafkaRouter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from pydantic import BaseModel, Field
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure

from synergi_shared.contracts.asyncapi import HTML as ASYNCAPI_HTML
from synergi_shared.contracts.asyncapi import asyncapi_document
from synergi_shared.contracts.events import Event, SessionsEnded
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.auth import authenticate, require_role
from synergi_shared.runtime.broker import create_broker
from synergi_shared.runtime.consumer import Delivery, batch_event_router, event_router
from synergi_shared.runtime.errors import Conflict, Gone, NotFound, Unauthorized, Unprocessable
from synergi_shared.runtime.kafka_admin import GroupLag
from synergi_shared.runtime.limits import RequestGuard
from synergi_shared.runtime.metrics import instrument_http, metrics_router
from synergi_shared.runtime.mongo import create_mongo_client, ping
from synergi_shared.runtime.outbox import Outbox, OutboxRelay
from synergi_shared.runtime.sessions import EndedSessions
from synergi_shared.runtime.settings import Settings
from synergi_shared.runtime.telemetry import setup_telemetry

RETRY_AFTER_SECONDS = "5"
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
    given, runs for the app's life beside the relay (given the store and the
    settings): a periodic job, such as matching's follow-up rounds.
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


def store_of(request: Request) -> Any:
    """The service's store, as a route dependency."""
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    """The service's settings, for a route that needs one of them."""
    return request.app.state.settings  # type: ignore[no-any-return]


# Set by the gateway on every request it passes on: `open` for a caller in the
# scraper networks it allows, `token` for anyone else; read by /metrics and
# /lag. Absent when a service is reached directly (a scraper in the cluster).
OPERATIONS_HEADER = "X-Synergi-Operations"


def operations_access(request: Request) -> None:
    """Through the gateway, from outside the scraper network: the organiser's
    or a tool's token (metrics and lag tell how busy the platform is, and
    anonymous loops on them slowed every other answer)."""
    if request.headers.get(OPERATIONS_HEADER, "open") == "open":
        return
    credentials = request.headers.get("authorization", "")
    scheme, _, token = credentials.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "metrics and lag answer the scraper network, or an organiser's or tool's token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = authenticate(
        request, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
    )
    require_role(principal, "organizer", "tool")


def gateway_client(
    request: Request, timeout: float, headers: dict[str, str] | None = None
) -> httpx.AsyncClient:
    """A client for the other services' APIs, through the gateway, with the
    caller's own token, so it reads nothing the caller could not; in the
    single-process mode, through the gateway in this process."""
    transport = getattr(request.app.state, "gateway_transport", None)
    base = request.app.state.settings.gateway_url if transport is None else "http://synergi"
    return httpx.AsyncClient(
        transport=transport,
        base_url=base,
        headers={"Authorization": request.headers["authorization"], **(headers or {})},
        timeout=timeout,
    )


def sessions_of(request: Request) -> EndedSessions:
    """The sessions ended before their tokens expire, as this instance knows them."""
    return request.app.state.sessions  # type: ignore[no-any-return]


def application_of(request: Request) -> Any:
    """The service's application object, as a route dependency."""
    return request.app.state.application


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
    name, settings = spec.name, settings or Settings()
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
        sessions = app.state.sessions = EndedSessions(app.state.db, outbox, f"/synergi/{name}")
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
            job = spec.background(store, settings)
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
    app.state.broker = broker
    publishes = [Topic(f"synergi.{name}.v1")]
    app.state.asyncapi = asyncapi_document(
        name, spec.description, publishes, spec.consumes, settings.kafka_bootstrap_servers
    )
    if settings.public_docs:
        app.include_router(_asyncapi_router(name), prefix=f"/{name}")
        app.include_router(_docs_router(name), prefix=f"/{name}")
    app.include_router(_health_router(), prefix=f"/{name}")
    if spec.consumes:
        broker.include_router(_consumer(spec, settings, app))
        group = settings.consumer_group(name)
        lag = app.state.lag = (
            GroupLag(settings.kafka_bootstrap_servers, group, spec.consumes)
            if manage_broker
            else None
        )
        app.include_router(_lag_router(group, lag), prefix=f"/{name}")
    app.include_router(
        metrics_router(name), prefix=f"/{name}", dependencies=[Depends(operations_access)]
    )
    app.include_router(spec.router, prefix=f"/{name}")
    _add_error_handlers(app)
    _declare_common_answers(app)
    # Inside the HTTP middleware, so a refused body is still counted and logged.
    app.add_middleware(RequestGuard, max_bytes=settings.max_request_bytes)
    instrument_http(app, name)
    FastAPIInstrumentor.instrument_app(
        app,
        excluded_urls="healthz,readyz,metrics",
        exclude_spans=["receive", "send"],  # one span per request, not per ASGI message
    )
    return app


# Swagger UI for a service's OpenAPI, its script and styles from the gateway's
# /vendor/ (built with the web app), not from a CDN, and started by a script
# file there: the gateway's Content-Security-Policy allows no inline script.
SWAGGER_HTML = """<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css">
  <link rel="icon" href="/vendor/swagger-ui/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui" data-url="{url}"></div>
  <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
  <script src="/vendor/synergi/swagger-init.js"></script>
</body>
</html>
"""


def _docs_router(name: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    async def docs() -> HTMLResponse:
        return HTMLResponse(
            SWAGGER_HTML.format(title=f"Synergi {name} service", url=f"/{name}/openapi.json")
        )

    return router


# The gateway's policy, but for 'unsafe-eval': the AsyncAPI viewer checks the
# document with Ajv, which compiles each schema into a function. This page
# alone has it, and it shows no one's data (the gateway adds no policy of its
# own to an answer that has one).
ASYNCAPI_PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def _asyncapi_router(name: str) -> APIRouter:
    router = APIRouter(tags=["events"])

    @router.get(
        "/asyncapi.json", summary="AsyncAPI 3.0: the events this service sends and receives"
    )
    async def asyncapi_json(request: Request) -> dict[str, Any]:
        return request.app.state.asyncapi  # type: ignore[no-any-return]

    @router.get("/asyncapi", summary="The AsyncAPI document, readable", response_class=HTMLResponse)
    async def asyncapi_page() -> HTMLResponse:
        return HTMLResponse(
            ASYNCAPI_HTML.format(title=f"Synergi {name} events", url=f"/{name}/asyncapi.json"),
            headers={"Content-Security-Policy": ASYNCAPI_PAGE_POLICY},
        )

    return router


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


class CsvResponse(Response):
    """A CSV download, as spreadsheet programs read it: UTF-8 with a byte-order
    mark (without one, Excel reads æ, ø and å as two characters each)."""

    media_type = "text/csv; charset=utf-8"


# What a CSV route answers with, for its OpenAPI operation.
CSV_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A CSV file (UTF-8 with a byte-order mark), first row the column names",
        "headers": {
            "Content-Disposition": {
                "description": 'attachment; filename="<edition>-<what>.csv"',
                "schema": {"type": "string"},
            }
        },
    }
}


# A spreadsheet reads a cell starting with one of these as a formula (or, TAB
# and CR, shifts it into one): OWASP's CSV injection guidance.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """Text an organisation typed, as a spreadsheet shows it and never runs
    it: a leading `'` before anything a spreadsheet would read as a formula.
    Numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_response(
    rows: Iterable[Sequence[Any]], filename: str, language: str | None = None
) -> CsvResponse:
    """Rows as a CSV download named `filename` (its text in `language`, if given),
    every text cell safe to open in a spreadsheet (`spreadsheet_safe`)."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if language:
        headers["Content-Language"] = language
    return CsvResponse(out.getvalue(), headers=headers)


def _health_router() -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/readyz",
        summary="Readiness: Kafka and the database are reachable",
        responses={503: {"description": "Kafka or the database is unreachable"}},
    )
    async def readyz(request: Request) -> JSONResponse:
        broker: KafkaBroker = request.app.state.broker
        checks = {
            "kafka": "ok" if await _broker_ok(broker) else "unreachable",
            "database": "ok" if await ping(request.app.state.db) else "unreachable",
        }
        ready = all(value == "ok" for value in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=status.HTTP_200_OK if ready else status.HTTP_503_SERVICE_UNAVAILABLE,
            headers=None if ready else {"Retry-After": RETRY_AFTER_SECONDS},
        )

    return router


class PartitionLag(BaseModel):
    topic: str
    partition: int
    end_offset: int
    committed_offset: int
    lag: int


class ConsumerLag(BaseModel):
    group: str
    lag: int = Field(description="events on the consumed topics the group has not committed")
    partitions: list[PartitionLag]


def _lag_router(group: str, reader: GroupLag | None) -> APIRouter:
    router = APIRouter(tags=["operations"], dependencies=[Depends(operations_access)])

    @router.get(
        "/lag",
        summary="How far this service's consumer group is behind the topics it reads",
        description="Over every partition and every instance of the service: zero means "
        "each event published so far has been processed and its offset committed. "
        "In the single-process mode an event is handled inside its publish, so nothing waits.",
        response_model=ConsumerLag,
        responses={503: {"description": "Kafka is unreachable"}},
    )
    async def lag() -> ConsumerLag | JSONResponse:
        if reader is None:
            return ConsumerLag(group=group, lag=0, partitions=[])
        try:
            positions = await asyncio.wait_for(reader.positions(), timeout=10)
        except (KafkaError, OSError, TimeoutError) as error:
            logger.warning("consumer lag unknown: %r", error)
            return JSONResponse(
                {"detail": "Kafka is unreachable; the lag is unknown, try again shortly"},
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
                headers={"Retry-After": RETRY_AFTER_SECONDS},
            )
        partitions = [
            PartitionLag(
                topic=partition.topic,
                partition=partition.partition,
                end_offset=end,
                committed_offset=committed,
                lag=max(0, end - committed),
            )
            for partition, (end, committed) in sorted(positions.items())
        ]
        return ConsumerLag(group=group, lag=sum(p.lag for p in partitions), partitions=partitions)

    return router


async def _broker_ok(broker: KafkaBroker) -> bool:
    try:
        return await broker.ping(timeout=2.0)
    except Exception:
        return False


# A 422 names the field and says what is wrong; it echoes what was sent only
# up to this long, so a large or personal body is not sent back whole.
ECHOED_CHARACTERS = 100


def _capped(value: Any) -> Any:
    text = value if isinstance(value, str) else json.dumps(jsonable_encoder(value))
    if len(text) <= ECHOED_CHARACTERS:
        return value
    return text[:ECHOED_CHARACTERS] + f"… ({len(text)} characters)"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {**e, "input": _capped(e["input"])} if "input" in e else e for e in error.errors()
        ]
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, error: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status.HTTP_404_NOT_FOUND)

    @app.exception_handler(Unprocessable)
    async def unprocessable(_: Request, error: Unprocessable) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=422)

    @app.exception_handler(Unauthorized)
    async def unauthorized(_: Request, error: Unauthorized) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status.HTTP_401_UNAUTHORIZED)

    @app.exception_handler(Gone)
    async def gone(_: Request, error: Gone) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=status.HTTP_410_GONE)

    @app.exception_handler(Conflict)
    async def conflict(_: Request, error: Conflict) -> JSONResponse:
        headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
        return JSONResponse(
            {"detail": str(error)}, status_code=status.HTTP_409_CONFLICT, headers=headers
        )

    @app.exception_handler(ConnectionFailure)
    async def database_unavailable(_: Request, error: ConnectionFailure) -> JSONResponse:
        logger.warning("database unreachable: %r", error)
        return JSONResponse(
            {"detail": "the database is unreachable; nothing was changed, try again shortly"},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )


_RETRY_AFTER = {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}
# Every route that uses the store can answer so; declared for each route behind
# a token below, and by hand on the one that takes none (registration's sessions).
DATABASE_UNREACHABLE: dict[str, Any] = {
    "description": "The database is unreachable; nothing was changed",
    "headers": {"Retry-After": _RETRY_AFTER},
}
# What the middleware and the error handlers answer, wherever it can happen.
_COMMON_ANSWERS: dict[str, tuple[bool, dict[str, Any]]] = {
    # status: (only for a request with a body, the response)
    "400": (True, {"description": "The body cannot be read (not UTF-8, not JSON)"}),
    "413": (True, {"description": "The request body is over the size cap"}),
    "415": (True, {"description": "The body is not sent as Content-Type: application/json"}),
    "503": (False, DATABASE_UNREACHABLE),
}


_MESSAGE = {
    "title": "Message",
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in a sentence"}},
    "required": ["detail"],
}


def _declare_common_answers(app: FastAPI) -> None:
    """Put into every operation's OpenAPI the answers no route declares itself
    (400, 413 and 415 where a body is sent; 503 where the store is used, which
    is every route behind a token), and the body every error comes with: a
    sentence in `detail`, or for a 422 either that or FastAPI's list of the
    fields at fault."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schema.setdefault("components", {}).setdefault("schemas", {})["Message"] = _MESSAGE
            for path_item in schema["paths"].values():
                for operation in path_item.values():
                    _complete(operation)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(operation: dict[str, Any]) -> None:
    answers = operation.setdefault("responses", {})
    for code, (with_body, answer) in _COMMON_ANSWERS.items():
        if ("requestBody" if with_body else "security") in operation:
            answers.setdefault(code, answer)
    message = {"$ref": "#/components/schemas/Message"}
    fields = {"$ref": "#/components/schemas/HTTPValidationError"}
    for code, answer in answers.items():
        if code == "422":
            answer["content"] = {"application/json": {"schema": {"anyOf": [fields, message]}}}
        elif code.startswith(("4", "5")) and "content" not in answer:
            answer["content"] = {"application/json": {"schema": message}}
