"""What operators and integrators read from every service: AsyncAPI documents
(kept in docs/asyncapi/ without drift), Prometheus metrics, JSON logs."""

import io
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from opentelemetry import trace

from synergi_shared.contracts.events import EVENT_TYPES
from synergi_shared.runtime.telemetry import setup_logging
from synergi_shared.tools.services import service_factories
from synergi_shared.tools.single_process import create_single_process_app

DOCS = Path(__file__).parents[2] / "docs" / "asyncapi"
OPENAPI = Path(__file__).parents[2] / "docs" / "openapi"
SERVICES = sorted(service_factories())


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        return [v for k, v in node.items() if k == "$ref"] + [
            ref for v in node.values() for ref in _refs(v)
        ]
    if isinstance(node, list):
        return [ref for v in node for ref in _refs(v)]
    return []


def _resolve(document: dict, ref: str):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_asyncapi_document_is_what_the_code_generates(service, settings) -> None:
    # As `make asyncapi` writes them: with the compose stack's broker.
    compose = settings.model_copy(update={"kafka_bootstrap_servers": "kafka:9092"})
    generated = service_factories()[service](compose).state.asyncapi
    committed = json.loads((DOCS / f"{service}.json").read_text())
    assert committed == generated, "event models changed: run `make asyncapi` and commit"


@pytest.mark.parametrize("service", SERVICES)
def test_the_committed_openapi_document_is_what_the_code_generates(service, settings) -> None:
    """The web app's API types are generated from these files (web/tools/openapi)."""
    generated = json.loads(json.dumps(service_factories()[service](settings).openapi()))
    committed = json.loads((OPENAPI / f"{service}.json").read_text())
    assert committed == generated, "routes or models changed: run `make openapi` and commit"


@pytest.mark.parametrize("service", SERVICES)
def test_every_reference_in_the_asyncapi_document_resolves(service, settings) -> None:
    document = service_factories()[service](settings).state.asyncapi
    assert document["asyncapi"] == "3.0.0"
    for ref in _refs(document):
        assert _resolve(document, ref) is not None, ref


def test_together_the_documents_cover_every_event_type(settings) -> None:
    sent = set()
    for service in SERVICES:
        document = service_factories()[service](settings).state.asyncapi
        for operation in document["operations"].values():
            if operation["action"] == "send" and not operation["channel"]["$ref"].endswith("-dlq"):
                for ref in operation["messages"]:
                    message = _resolve(document, _resolve(document, ref["$ref"])["$ref"])
                    sent.add(message["name"])
    assert sent == set(EVENT_TYPES)


async def test_each_service_serves_asyncapi_and_metrics(api, organizer) -> None:
    await api.post(
        "/registration/editions",
        json={"slug": "ops-2026", "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    for service in SERVICES:
        document = await api.get(f"/{service}/asyncapi.json")
        assert document.status_code == 200 and document.json()["info"]["title"].endswith(
            f"{service} service"
        )
        page = await api.get(f"/{service}/asyncapi")
        assert f"/{service}/asyncapi.json" in page.text
        metrics = await api.get(f"/{service}/metrics")
        assert metrics.headers["content-type"].startswith("text/plain")
        assert "synergi_outbox_backlog" in metrics.text
    metrics = (await api.get("/registration/metrics")).text
    assert (
        'synergi_http_requests_total{method="POST",route="/editions",service="registration",'
        'status="201"}' in metrics
    )


@contextmanager
def synergi_logging() -> Iterator[io.StringIO]:
    """Logging set up as a service sets it up, into a buffer; the test
    runner's own handlers come back afterwards."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        setup_logging()
        out = io.StringIO()
        root.handlers[0].setStream(out)
        yield out
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)


def test_logs_are_json_lines_with_the_trace_and_span_ids() -> None:
    with synergi_logging() as out:
        with trace.get_tracer("test").start_as_current_span("work") as span:
            logging.getLogger("synergi.test").info("hello %s", "there", extra={"edition": "x"})
        [line] = [json.loads(text) for text in out.getvalue().splitlines() if "hello there" in text]
    assert line["message"] == "hello there" and line["level"] == "INFO"
    assert line["logger"] == "synergi.test" and line["edition"] == "x"
    context = span.get_span_context()
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")


def test_a_kafka_outage_does_not_flood_the_logs() -> None:
    """aiokafka logs each reconnect attempt, ten a second; each distinct line
    gets through once a minute, and Synergi's own lines all get through."""
    with synergi_logging() as out:
        for _ in range(50):
            logging.getLogger("aiokafka").error("Unable connect to node with id %s", 1)
            logging.getLogger("aiokafka").error("Unable to update metadata from [1]")
            logging.getLogger("synergi.test").warning("still retrying")
        lines = [json.loads(text)["message"] for text in out.getvalue().splitlines()]
    assert lines.count("Unable connect to node with id 1") == 1
    assert lines.count("Unable to update metadata from [1]") == 1
    assert lines.count("still retrying") == 50


@pytest.mark.parametrize("service", sorted(service_factories()))
def test_every_operation_declares_the_answers_the_middleware_and_handlers_give(
    service, settings
) -> None:
    """A body not sent as JSON is a 415 and one over the cap a 413 wherever a
    body is taken; every route behind a token can answer 401, 403 and 503."""
    schema = service_factories()[service](settings).openapi()
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert any("requestBody" in op for op in operations)
    assert any("security" in op for op in operations)
    for operation in operations:
        answers = set(operation["responses"])
        if "requestBody" in operation:
            assert {"413", "415"} <= answers, operation["operationId"]
        if "security" in operation:
            assert {"401", "403", "503"} <= answers, operation["operationId"]
            assert "Retry-After" in operation["responses"]["503"]["headers"]


def test_the_served_asyncapi_document_names_the_configured_brokers(settings) -> None:
    configured = settings.model_copy(update={"kafka_bootstrap_servers": "k1:9092, k2:9093"})
    document = service_factories()["feedback"](configured).state.asyncapi
    assert [s["host"] for s in document["servers"].values()] == ["k1:9092", "k2:9093"]


async def test_outside_the_scraper_network_metrics_and_lag_need_an_organiser_or_tool_token(
    api, auth
) -> None:
    """Security review, finding 9: the gateway marks a caller from outside the
    scraper network (`token`); such a caller needs the organiser's or a
    tool's token. Reached directly, or from the scraper network, they stay open."""
    outside = {"X-Synergi-Operations": "token"}
    for service in SERVICES:
        for path in (f"/{service}/metrics", f"/{service}/lag"):
            assert (await api.get(path)).status_code == 200, path
            assert (await api.get(path, headers={"X-Synergi-Operations": "open"})).is_success
            refused = await api.get(path, headers=outside)
            assert refused.status_code == 401 and "scraper network" in refused.text, path
            org = {**outside, **auth("organization", "o")}
            assert (await api.get(path, headers=org)).status_code == 403, path
            for role in ("organizer", "tool"):
                allowed = await api.get(path, headers={**outside, **auth(role)})
                assert allowed.status_code == 200, (path, role)


async def test_the_api_documents_may_be_turned_off(settings, organizer) -> None:
    closed = settings.model_copy(update={"public_docs": False})
    app = create_single_process_app(closed)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as api:
            for path in ("docs", "openapi.json", "asyncapi", "asyncapi.json"):
                assert (await api.get(f"/registration/{path}")).status_code == 404, path
            assert (await api.get("/registration/editions", headers=organizer)).status_code == 200
