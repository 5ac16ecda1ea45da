"""What every service serves besides its API: its documents (Swagger UI, the
AsyncAPI page), liveness and readiness, and its consumer group's lag."""

import asyncio
import logging
from typing import Any

from aiokafka.errors import KafkaError
from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import HTMLResponse, JSONResponse
from faststream.kafka import KafkaBroker
from pydantic import BaseModel, Field

from synergi_shared.contracts.asyncapi import HTML as ASYNCAPI_HTML
from synergi_shared.runtime.dependencies import operations_access
from synergi_shared.runtime.http_errors import UNAVAILABLE_RETRY_SECONDS
from synergi_shared.runtime.kafka_admin import GroupLag
from synergi_shared.runtime.mongo import ping

logger = logging.getLogger(__name__)


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


def docs_router(name: str) -> APIRouter:
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


def asyncapi_router(name: str) -> APIRouter:
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


def health_router() -> APIRouter:
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
            headers=None if ready else {"Retry-After": UNAVAILABLE_RETRY_SECONDS},
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


def lag_router(group: str, reader: GroupLag | None) -> APIRouter:
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
                headers={"Retry-After": UNAVAILABLE_RETRY_SECONDS},
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
