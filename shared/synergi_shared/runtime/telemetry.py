"""OpenTelemetry and logging from the standard OTEL_* variables: spans are
always made (so trace context propagates) and exported as
`OTEL_TRACES_EXPORTER` says (`otlp`, `console`, `none`, or a comma-separated
list); unset, over OTLP when an endpoint is set and nowhere otherwise. Logs
are JSON lines carrying the trace and span ids."""

import logging
import os
import re
import time
from collections.abc import Mapping
from typing import Any

from opentelemetry import trace
from opentelemetry.instrumentation.pymongo import PymongoInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from pythonjsonlogger.json import JsonFormatter

from synergi_shared.contracts.cloudevents import CloudEvent

# Synergi's own span attributes (docs/telemetry.md).
EDITION = "synergi.edition"
ORGANIZATION = "synergi.organization_id"


def setup_telemetry(service_name: str) -> None:
    """Install the global tracer provider (and PyMongo's command spans) once per process."""
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    # The stable HTTP conventions (http.request.method, http.route, ...).
    os.environ.setdefault("OTEL_SEMCONV_STABILITY_OPT_IN", "http,database")
    resource = Resource.create({"service.name": os.environ.get("OTEL_SERVICE_NAME", service_name)})
    provider = TracerProvider(resource=resource)
    for exporter in span_exporters(os.environ):
        provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    PymongoInstrumentor().instrument()


def span_exporters(environ: Mapping[str, str]) -> list[SpanExporter]:
    """Where spans go, from `OTEL_TRACES_EXPORTER`; a name it does not know
    stops the service with a sentence rather than dropping spans unseen."""
    names = [n.strip().lower() for n in environ.get("OTEL_TRACES_EXPORTER", "").split(",")]
    names = [n for n in names if n]
    if not names:
        endpoint = environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or environ.get(
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"
        )
        names = ["otlp"] if endpoint else []
    exporters: list[SpanExporter] = []
    for name in names:
        if name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporters.append(OTLPSpanExporter())
        elif name == "console":
            exporters.append(ConsoleSpanExporter())
        elif name != "none":
            raise ValueError(
                f"OTEL_TRACES_EXPORTER={name!r} is not supported: use otlp, console or none"
            )
    return exporters


def event_attributes(cloud_event: CloudEvent) -> dict[str, Any]:
    """Span attributes for an event: OpenTelemetry's CloudEvents conventions,
    plus the edition and organisation it is about (ids, never personal data)."""
    attributes = {
        "cloudevents.event_id": cloud_event.id,
        "cloudevents.event_type": cloud_event.type,
        "cloudevents.event_source": cloud_event.source,
        "cloudevents.event_spec_version": "1.0",
    }
    if cloud_event.subject:
        attributes["cloudevents.event_subject"] = cloud_event.subject
    for field, attribute in (("edition", EDITION), ("organization_id", ORGANIZATION)):
        if isinstance(value := cloud_event.data.get(field), str):
            attributes[attribute] = value
    return attributes


_PATH_IDS = (
    (re.compile(r"/editions/([^/]+)"), EDITION),
    (re.compile(r"/organizations/([^/]+)"), ORGANIZATION),
)


# A link in a mail carries its own signed token in the query (an
# unsubscribe link, a "we met" link): a span keeps that a token was there.
_LINK_TOKEN = re.compile(r"(^|[?&])token=[^&]*")
_WITH_QUERY = ("url.query", "http.target", "http.url")


def hide_link_tokens(span: trace.Span, scope: dict[str, Any]) -> None:
    """The FastAPI instrumentation's request hook: the attributes that hold
    the query (the stable conventions' and the old ones) without the value
    of a `token` parameter."""
    attributes = getattr(span, "attributes", None) or {}
    for key in _WITH_QUERY:
        value = attributes.get(key)
        if isinstance(value, str) and "token=" in value:
            span.set_attribute(key, _LINK_TOKEN.sub(r"\1token=REDACTED", value))


def path_attributes(path: str) -> dict[str, str]:
    """The edition and organisation an HTTP request is about, from its path."""
    return {
        attribute: found.group(1)
        for pattern, attribute in _PATH_IDS
        if (found := pattern.search(path)) and not found.group(1).endswith(".csv")
    }


class _TraceIds(logging.Filter):
    """Put the current trace and span ids on every record (empty outside a span)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else ""
        record.span_id = format(context.span_id, "016x") if context.is_valid else ""
        return True


class _QuietRepeats(logging.Filter):
    """aiokafka logs every failed reconnect, several lines a second while Kafka
    is away; let each distinct line of it through once per `seconds`."""

    def __init__(self, seconds: float = 60.0) -> None:
        super().__init__()
        self._seconds = seconds
        self._last: dict[tuple[str, object, str], float] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("aiokafka"):
            return True
        key = (record.name, record.msg, repr(record.args))
        now = time.monotonic()
        if now - self._last.get(key, float("-inf")) < self._seconds:
            return False
        self._last[key] = now
        return True


def setup_logging() -> None:
    """JSON lines on stderr: time, level, logger, message, trace and span ids,
    and whatever `extra` a call adds."""
    handler = logging.StreamHandler()
    handler.addFilter(_QuietRepeats())
    handler.addFilter(_TraceIds())
    handler.setFormatter(
        JsonFormatter(
            "{asctime}{levelname}{name}{message}{trace_id}{span_id}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("SYNERGI_LOG_LEVEL", "INFO"))
    # PyMongo's DEBUG lines hold whole commands and documents (names, e-mail
    # addresses): never those, whatever the level asked for.
    logging.getLogger("pymongo").setLevel(max(root.level, logging.INFO))
