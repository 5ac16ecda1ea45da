"""Prometheus metrics, served at `/<service>/metrics`.

One registry per process; every series has a `service` label, so the
single-process mode (four services in one process) keeps them apart. Values
that are cheap to ask for but costly to track (outbox backlog, consumer lag)
are measured when scraped.
"""

import logging
import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer
from fastapi import APIRouter, FastAPI, Request, Response
from faststream.kafka import KafkaBroker
from opentelemetry import trace
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from synergi_shared.runtime.telemetry import path_attributes

logger = logging.getLogger(__name__)
access = logging.getLogger("synergi.access")

disable_created_metrics()  # no `_created` series beside every counter

HTTP_REQUESTS = Counter(
    "synergi_http_requests_total",
    "HTTP requests answered, by route template and status code",
    ["service", "method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "synergi_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["service", "method", "route"],
)
EVENTS_CONSUMED = Counter(
    "synergi_events_consumed_total",
    "Events a consumer handled successfully",
    ["service", "topic", "type"],
)
EVENTS_FAILED = Counter(
    "synergi_events_failed_total",
    "Attempts at handling an event that raised (it is retried, then dead-lettered)",
    ["service", "topic"],
)
EVENTS_DEAD_LETTERED = Counter(
    "synergi_events_dead_lettered_total",
    "Events sent to a dead-letter topic, by why: malformed or failed",
    ["service", "topic", "reason"],
)
EVENT_PROCESSING = Histogram(
    "synergi_event_processing_seconds",
    "Time from receiving an event to finishing with it",
    ["service", "topic"],
)
EVENTS_PUBLISHED = Counter(
    "synergi_events_published_total",
    "Events the outbox relay published to Kafka",
    ["service", "topic", "type"],
)
OUTBOX_BACKLOG = Gauge(
    "synergi_outbox_backlog",
    "Documents whose outbox still holds events not yet on Kafka",
    ["service"],
)
CONSUMER_LAG = Gauge(
    "synergi_consumer_lag",
    "Messages between the consumer group's committed offset and the partition's end",
    ["service", "topic", "partition"],
)


def instrument_http(app: FastAPI, service: str) -> None:
    """Count, time and log every request by its route template (not its raw
    path, which would make a series per id), and put the edition and
    organisation it is about on its span. The log line is written inside the
    request's span, so it carries the trace id."""

    @app.middleware("http")
    async def measure(request: Request, call_next: Callable[[Request], Awaitable[Response]]):
        trace.get_current_span().set_attributes(path_attributes(request.url.path))
        started = time.perf_counter()
        response = await call_next(request)
        elapsed = time.perf_counter() - started
        route = getattr(request.scope.get("route"), "path", "unmatched")
        HTTP_REQUESTS.labels(service, request.method, route, str(response.status_code)).inc()
        HTTP_DURATION.labels(service, request.method, route).observe(elapsed)
        if not route.endswith(("/healthz", "/readyz", "/metrics")):
            access.info(
                "%s %s %d",
                request.method,
                route,
                response.status_code,
                extra={"duration_ms": round(elapsed * 1000, 1), "service": service},
            )
        return response


def metrics_router(service: str) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get(
        "/metrics",
        summary="Prometheus metrics",
        response_class=Response,
        responses={200: {"content": {CONTENT_TYPE_LATEST: {}}}},
    )
    async def metrics(request: Request) -> Response:
        state = request.app.state
        await _measure_backlog(service, state.relay.backlog)
        await _measure_lag(service, state.broker)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


async def _measure_backlog(service: str, backlog: Callable[[], Awaitable[int]]) -> None:
    try:
        OUTBOX_BACKLOG.labels(service).set(await backlog())
    except Exception as error:  # a scrape must answer even while the database is away
        logger.warning("outbox backlog not measured: %s", error)


async def _measure_lag(service: str, broker: KafkaBroker) -> None:
    for subscriber in broker.subscribers:
        consumer: AIOKafkaConsumer | None = getattr(subscriber, "consumer", None)
        if consumer is None or not isinstance(consumer, AIOKafkaConsumer):
            continue  # not started yet, or the in-memory test broker
        try:
            partitions = sorted(consumer.assignment())
            if not partitions:
                continue
            ends = await consumer.end_offsets(partitions)
            for partition in partitions:
                committed = await consumer.committed(partition) or 0
                CONSUMER_LAG.labels(service, partition.topic, str(partition.partition)).set(
                    max(0, ends[partition] - committed)
                )
        except Exception as error:
            logger.warning("consumer lag not measured: %s", error)
