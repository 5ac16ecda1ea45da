"""The one Kafka broker of a service, configured for at-least-once delivery."""

import logging
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from opentelemetry import trace

from synergi_shared.settings import Settings

# FastStream's defaults are wrong for us: ACK_FIRST is at-most-once and "latest"
# skips history. Commit only after processing (an exception seeks back, so the
# event is redelivered) and start a new consumer group from the beginning.
SUBSCRIBER_DEFAULTS: dict[str, Any] = {
    "ack_policy": AckPolicy.NACK_ON_ERROR,
    "auto_offset_reset": "earliest",
}


def create_broker(settings: Settings, *, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=client_id,
        # Producer: wait for every in-sync replica, and no duplicates on retry.
        acks="all",
        enable_idempotence=True,
        # Topics are created on purpose (make infra-up, the compose init step).
        allow_auto_create_topics=False,
        middlewares=[KafkaTelemetryMiddleware(tracer_provider=trace.get_tracer_provider())],
        # Through the JSON logs; a line per message only at DEBUG.
        logger=logging.getLogger("synergi.kafka"),
        log_level=logging.DEBUG,
    )
