"""One trace per request, across services: the registration's HTTP request, its
database write, the outbox relay, the Kafka publish, the matching consumer in
another service and its database writes — on real Kafka and FerretDB."""

import asyncio
import uuid
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from synergi_matching.app import create_app as create_matching
from synergi_registration.app import create_app as create_registration
from synergi_shared.tools.single_process import in_process


@pytest.fixture(scope="session")
def exporter(kafka_bootstrap) -> InMemorySpanExporter:
    # Installed once: a processor cannot be taken off the provider again, and a
    # shut-down one would complain about every later span.
    exporter = InMemorySpanExporter()
    trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(exporter))  # type: ignore[attr-defined]
    return exporter


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    exporter.clear()
    yield exporter
    exporter.clear()


def trace_of(spans: list[ReadableSpan], root: ReadableSpan) -> list[ReadableSpan]:
    return [s for s in spans if s.context.trace_id == root.context.trace_id]


async def test_a_registration_is_one_trace_from_http_to_matchings_database(
    spans, infra_settings, auth
) -> None:
    organizer = auth()
    slug, a, b = (f"trace-{uuid.uuid4().hex[:8]}" for _ in range(3))
    async with (
        in_process(create_registration(infra_settings)) as registration,
        in_process(create_matching(infra_settings)) as matching,
    ):
        await registration.post(
            "/registration/editions",
            json={"slug": slug, "title": "T", "date": "2030-05-01"},
            headers=organizer,
        )
        ids = []
        for name in (a, b):
            created = await registration.post(
                "/registration/organizations",
                json={"name": name, "size": "small", "regions": ["fyn"]},
                headers=organizer,
            )
            ids.append(created.json()["id"])
        for org in ids:
            response = await registration.post(
                f"/registration/editions/{slug}/registrations",
                json={
                    "organization_id": org,
                    "participants": [{"name": "Kim", "email": "kim@example.org"}],
                },
                headers=organizer,
            )
            assert response.status_code == 201, response.text
        path = f"/matching/editions/{slug}/organizations/{ids[1]}/recommendations"
        for _ in range(600):
            found = await matching.get(path, headers=organizer)
            if found.status_code == 200 and found.json()["recommendations"]:
                break
            await asyncio.sleep(0.1)
        assert found.json()["recommendations"], found.text

    finished = spans.get_finished_spans()
    requests = [
        s
        for s in finished
        if s.kind == SpanKind.SERVER
        and s.attributes.get("http.route") == "/registration/editions/{slug}/registrations"
        and s.attributes.get("http.request.method") == "POST"
        and s.attributes.get("http.response.status_code") == 201
        and s.attributes.get("synergi.edition") == slug
    ]
    assert len(requests) == 2  # one server span per request, with HTTP conventions

    def database(
        service: str, operation: str, collection: str, spans: list[ReadableSpan]
    ) -> list[ReadableSpan]:
        return [
            s
            for s in spans
            if s.kind == SpanKind.CLIENT
            and s.attributes.get("db.system.name") == "mongodb"
            and s.attributes.get("db.namespace", "").endswith(f"_{service}")
            and s.attributes.get("db.query.text") == operation  # the command's name only
            and s.attributes.get("db.collection.name") == collection
        ]

    # Each request's trace: its database write with the outbox entry, the
    # relay's publish in the request's context, and matching receiving it.
    for request in requests:
        one_trace = trace_of(finished, request)
        assert database("registration", "insert", "registrations", one_trace)
        relays = {
            s.attributes["cloudevents.event_source"]: s
            for s in one_trace
            if s.name == "outbox relay"
        }
        relay = relays["/synergi/registration"]
        assert relay.attributes["cloudevents.event_type"].endswith(".organization-registered.v1")
        assert relay.attributes["synergi.edition"] == slug
        producers = {
            s.name: s
            for s in one_trace
            if s.kind == SpanKind.PRODUCER and s.name.startswith("synergi.registration.v1 ")
        }
        created, producer = (
            producers["synergi.registration.v1 create"],
            producers["synergi.registration.v1 publish"],
        )
        assert created.parent.span_id == relay.context.span_id
        assert producer.parent.span_id == created.context.span_id
        assert producer.attributes["messaging.system"] == "kafka"
        assert producer.attributes["messaging.destination.name"] == "synergi.registration.v1"
        # The key as text, as OpenTelemetry's convention has it (FastStream gives bytes).
        key = producer.attributes["messaging.kafka.message.key"]
        assert key == relay.attributes["synergi.organization_id"]
        # ... matching, another service with its own database, received it in the same trace ...
        [received] = [
            s
            for s in one_trace
            if s.kind == SpanKind.CONSUMER and s.name == "synergi.registration.v1 receive"
        ]
        assert received.attributes["synergi.edition"] == slug
        assert (
            received.attributes["cloudevents.event_id"] == relay.attributes["cloudevents.event_id"]
        )
        assert {s.name for s in one_trace}.isdisjoint({"http receive", "http send"})
        # ... and it links to the batch it came in, whose trace holds the work:
        # the pairs written to matching's database and its own event going out.
        [link] = received.links
        batch = [s for s in finished if s.context.trace_id == link.context.trace_id]
        [batch_span] = [s for s in batch if s.context.span_id == link.context.span_id]
        assert batch_span.kind == SpanKind.CONSUMER
        assert batch_span.attributes["messaging.batch.message_count"] >= 1
        assert database("matching", "insert", "registrations", batch)
    # The pair is made in whichever batch took in the second registration.
    pair_written = [
        s
        for s in finished
        if database("matching", "insert", "recommendations", [s])
        and any(
            r.kind == SpanKind.CONSUMER and r.context.trace_id == s.context.trace_id
            for r in finished
            if r.name.startswith("synergi.registration.v1")
        )
    ]
    assert pair_written, "the pair's write should be in a consumer batch's trace"
    # Matching's own `recommendation changed` event goes out from that batch, in its trace.
    published = [
        s
        for s in finished
        if s.kind == SpanKind.PRODUCER
        and s.name == "synergi.matching.v1 publish"
        and s.context.trace_id == pair_written[0].context.trace_id
    ]
    assert published, "the recommendation-changed event should be published in the batch's trace"
