"""Where spans go: the standard OTEL_TRACES_EXPORTER values; and what a
request's span keeps of a link's token."""

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from synergi_shared.runtime.telemetry import hide_link_tokens, span_exporters

ENDPOINT = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}


@pytest.mark.parametrize(
    ("environ", "kinds"),
    [
        ({}, []),  # nowhere to send them: spans are made, not exported
        (ENDPOINT, [OTLPSpanExporter]),
        ({"OTEL_TRACES_EXPORTER": "console"}, [ConsoleSpanExporter]),
        ({**ENDPOINT, "OTEL_TRACES_EXPORTER": "none"}, []),
        (
            {**ENDPOINT, "OTEL_TRACES_EXPORTER": "otlp, Console"},
            [OTLPSpanExporter, ConsoleSpanExporter],
        ),
    ],
)
def test_spans_go_where_otel_traces_exporter_says(environ, kinds) -> None:
    assert [type(exporter) for exporter in span_exporters(environ)] == kinds


def test_an_exporter_it_does_not_know_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match="use otlp, console or none"):
        span_exporters({"OTEL_TRACES_EXPORTER": "zipkin"})


async def test_a_link_token_in_the_query_does_not_reach_a_span() -> None:
    """An unsubscribe or "we met" link carries its signed token in the query;
    the request's span says a token was there, not what it was."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = FastAPI()

    @app.get("/meetings/met")
    async def met() -> dict:
        return {}

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, server_request_hook=hide_link_tokens
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
        await client.get("/meetings/met", params={"lang": "da", "token": "eyJ.secret.sig"})
    (span,) = [s for s in exporter.get_finished_spans() if s.kind == SpanKind.SERVER]
    recorded = " ".join(f"{key}={value}" for key, value in span.attributes.items())
    assert "secret" not in recorded
    assert "lang=da&token=REDACTED" in recorded
