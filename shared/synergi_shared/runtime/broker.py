"""The one Kafka broker of a service, configured for at-least-once delivery."""

import asyncio
import inspect
import logging
from collections.abc import Sequence
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry.provider import (
    KafkaTelemetrySettingsProvider,
    telemetry_attributes_provider_factory,
)
from faststream.opentelemetry import TelemetrySettingsProvider
from faststream.opentelemetry.middleware import TelemetryMiddleware
from opentelemetry import trace
from opentelemetry.semconv.trace import SpanAttributes

from synergi_shared.contracts.cloudevents import wrap
from synergi_shared.contracts.events import Event
from synergi_shared.runtime.metrics import EVENTS_PUBLISHED
from synergi_shared.runtime.settings import Settings

# FastStream's defaults are wrong for us: ACK_FIRST is at-most-once and "latest"
# skips history. Commit only after processing (an exception seeks back, so the
# event is redelivered) and start a new consumer group from the beginning.
SUBSCRIBER_DEFAULTS: dict[str, Any] = {
    "ack_policy": AckPolicy.NACK_ON_ERROR,
    "auto_offset_reset": "earliest",
}


class _TextKeys(KafkaTelemetrySettingsProvider):
    """FastStream puts a record's key on its spans as bytes, which trace
    viewers show as `b'...'` or base64; OpenTelemetry's convention is text."""

    def get_publish_attrs_from_cmd(self, cmd: Any) -> dict[str, Any]:
        return _key_as_text(super().get_publish_attrs_from_cmd(cmd))

    def get_consume_attrs_from_message(self, msg: Any) -> dict[str, Any]:
        return _key_as_text(super().get_consume_attrs_from_message(msg))


def _key_as_text(attributes: dict[str, Any]) -> dict[str, Any]:
    key = attributes.get(SpanAttributes.MESSAGING_KAFKA_MESSAGE_KEY)
    if isinstance(key, bytes):
        attributes[SpanAttributes.MESSAGING_KAFKA_MESSAGE_KEY] = key.decode(errors="replace")
    return attributes


def _span_attributes(message: Any) -> TelemetrySettingsProvider[Any, Any]:
    provider = telemetry_attributes_provider_factory(message)
    return _TextKeys() if isinstance(provider, KafkaTelemetrySettingsProvider) else provider


def create_broker(settings: Settings, *, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        # Producer: wait for every in-sync replica, and no duplicates on retry.
        acks="all",
        enable_idempotence=True,
        # Topics are created on purpose (make infra-up, the compose init step).
        allow_auto_create_topics=False,
        middlewares=[
            TelemetryMiddleware(
                settings_provider_factory=_span_attributes,
                tracer_provider=trace.get_tracer_provider(),
            )
        ],
        # Through the JSON logs; a line per message only at DEBUG.
        logger=logging.getLogger("synergi.kafka"),
        log_level=logging.DEBUG,
    )


async def publish_all(broker: KafkaBroker, events: Sequence[Event]) -> None:
    """Send the events as CloudEvents, each to its topic and key, without
    waiting for each acknowledgement (the producer keeps their order), then
    wait for all of them. Under the current span, so they join its trace."""
    confirmations = []
    for event in events:
        cloud_event = wrap(event)
        confirmations.append(
            await broker.publish(
                cloud_event.kafka_value(),
                topic=event.topic.value,
                key=cloud_event.key.encode(),
                headers=cloud_event.kafka_headers(),
                no_confirm=True,
            )
        )
        EVENTS_PUBLISHED.labels(
            event.source.rsplit("/", 1)[-1], event.topic.value, event.type
        ).inc()
    # (An in-memory test broker delivers at once and confirms nothing.)
    await asyncio.gather(*filter(inspect.isawaitable, confirmations))
