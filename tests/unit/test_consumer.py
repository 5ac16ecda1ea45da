"""The consumer adapter on FastStream's in-memory broker: good events reach the
handler, bad ones reach the dead-letter topic with the error, and the consumer goes on."""

import pytest
from fastapi import APIRouter
from faststream.kafka import KafkaBroker, TestKafkaBroker
from faststream.kafka.annotations import KafkaMessage
from prometheus_client import REGISTRY
from pymongo.errors import ServerSelectionTimeoutError

from synergi_shared.contracts.cloudevents import wrap
from synergi_shared.contracts.events import EditionCreated, Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.consumer import Delivery, event_router, raw_body
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings

EVENT = EditionCreated(edition="impact-2026", title="Indsatsdag", date="2030-05-01")
MAX_EVENT_BYTES = 1024


class Recorder:
    def __init__(self, fail_times: int = 0, error: Exception | None = None) -> None:
        self.seen: list[Event] = []
        self.calls = 0
        self.fail_times = fail_times
        self.error = error or RuntimeError("handler bug")

    async def __call__(self, event: Event) -> None:
        self.calls += 1
        if self.calls <= self.fail_times:
            raise self.error
        self.seen.append(event)


def broker_with(handler: Recorder, max_attempts: int = 3) -> tuple[KafkaBroker, list]:
    broker = KafkaBroker()
    broker.include_router(
        event_router(
            [Topic.REGISTRATION],
            "test",
            handler,
            Delivery("test", max_attempts, MAX_EVENT_BYTES, backoff=0),
        )
    )
    dead: list = []

    @broker.subscriber(Topic.REGISTRATION.dlq, group_id="dlq-test", decoder=raw_body)
    async def on_dead_letter(message: KafkaMessage) -> None:
        dead.append((message.body, message.headers))

    return broker, dead


async def publish(broker: KafkaBroker, event=EVENT, **overrides) -> None:
    cloud_event = wrap(event, "/test")
    await broker.publish(
        overrides.get("value", cloud_event.kafka_value()),
        topic=Topic.REGISTRATION,
        key=overrides.get("key", cloud_event.key.encode()),
        headers=overrides.get("headers", cloud_event.kafka_headers()),
    )


async def test_a_good_event_reaches_the_handler_typed() -> None:
    handler = Recorder()
    broker, dead = broker_with(handler)
    async with TestKafkaBroker(broker, connect_only=False):
        await publish(broker)
    assert handler.seen == [EVENT]
    assert dead == []


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"value": b"{not json"}, "not JSON"),
        (
            {
                "headers": {
                    "ce_specversion": "1.0",
                    "ce_id": "x",
                    "ce_source": "s",
                    "ce_type": "synergi.unknown.v1",
                }
            },
            "unknown event type",
        ),
        ({"value": b'{"edition": 1}'}, "does not match"),
        ({"headers": {"content-type": "application/json"}}, "missing CloudEvents headers"),
        ({"key": None}, "no key"),
        (
            {"value": b'{"edition": "impact-2026", "title": "' + b"x" * MAX_EVENT_BYTES + b'"}'},
            "over the 1024-byte limit",
        ),
    ],
    ids=["invalid-json", "unknown-type", "wrong-schema", "not-a-cloudevent", "no-key", "too-big"],
)
async def test_malformed_messages_go_to_the_dead_letter_topic_and_the_consumer_goes_on(
    overrides, error
) -> None:
    handler = Recorder()
    broker, dead = broker_with(handler)
    before = dead_lettered("malformed")
    async with TestKafkaBroker(broker, connect_only=False):
        await publish(broker, **overrides)
        await publish(broker)
    assert handler.seen == [EVENT]  # the next event was processed
    [(_, headers)] = dead
    assert error in headers["dlq_error"]
    assert headers["dlq_original_topic"] == Topic.REGISTRATION
    assert dead_lettered("malformed") == before + 1  # and the metric counts it


def dead_lettered(reason: str) -> float:
    labels = {"service": "test", "topic": Topic.REGISTRATION.value, "reason": reason}
    return REGISTRY.get_sample_value("synergi_events_dead_lettered_total", labels) or 0.0


async def test_a_failing_handler_is_retried_then_dead_lettered() -> None:
    handler = Recorder(fail_times=10)
    broker, dead = broker_with(handler, max_attempts=3)
    before = dead_lettered("failed")
    async with TestKafkaBroker(broker, connect_only=False):
        await publish(broker)
    assert handler.calls == 3
    assert dead_lettered("failed") == before + 1
    assert "handler bug" in dead[0][1]["dlq_error"]


async def test_a_transient_failure_is_retried_without_dead_lettering() -> None:
    handler = Recorder(fail_times=2)
    broker, dead = broker_with(handler, max_attempts=3)
    async with TestKafkaBroker(broker, connect_only=False):
        await publish(broker)
    assert handler.seen == [EVENT]
    assert dead == []


async def test_a_database_outage_is_not_the_events_fault_and_is_not_dead_lettered() -> None:
    handler = Recorder(fail_times=1, error=ServerSelectionTimeoutError("db down"))
    broker, dead = broker_with(handler)
    async with TestKafkaBroker(broker, connect_only=False):
        # In memory the error surfaces to the publisher; on Kafka the offset is
        # not committed and the event is redelivered.
        with pytest.raises(ServerSelectionTimeoutError):
            await publish(broker)
    assert dead == []


def test_a_service_that_consumes_names_exactly_one_handler() -> None:
    async def on_event(store: object, event: Event) -> None: ...

    async def on_batch(store: object, events: list[Event]) -> None: ...

    def build(**handlers):
        spec = ServiceSpec(
            name="feedback",
            description="",
            router=APIRouter(),
            store=None,  # type: ignore[arg-type]
            consumes=[Topic.REGISTRATION],
            **handlers,
        )
        return build_service_app(spec, Settings(environment="development"))

    for wrong in ({}, {"on_event": on_event, "on_batch": on_batch}):
        with pytest.raises(ValueError, match="on_event or on_batch"):
            build(**wrong)
    app = build(on_batch=on_batch)
    [subscriber] = app.state.broker.subscribers
    assert subscriber.topic_names == [Topic.REGISTRATION.value]
