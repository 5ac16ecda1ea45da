"""Where spans go: the standard OTEL_TRACES_EXPORTER values."""

import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import ConsoleSpanExporter

from synergi_shared.runtime.telemetry import span_exporters

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
