"""Each service's AsyncAPI 3.0 document, generated from the event models.

FastStream documents a subscriber by its handler's signature; Synergi's
handlers take raw CloudEvents (several types per topic, attributes in headers),
so the document is built from what actually defines the contract: the pydantic
event models, their topics and the CloudEvents binary-mode headers.
"""

from collections.abc import Sequence
from typing import Any

from synergi_shared.contracts.events import EVENT_TYPES, Event
from synergi_shared.contracts.topics import Topic

# The page's script and styles come from the gateway (/vendor/, built with the
# web app from the npm package @asyncapi/react-component), not from a CDN.
HTML = """<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="/vendor/asyncapi/default.min.css">
</head>
<body>
  <div id="asyncapi" data-url="{url}"></div>
  <script src="/vendor/asyncapi/index.js"></script>
  <script src="/vendor/synergi/asyncapi-init.js"></script>
</body>
</html>
"""


def _channel_id(topic: str) -> str:
    return topic.removeprefix("synergi.").replace(".", "-")


def _events_of(topic: Topic) -> list[type[Event]]:
    return sorted(
        (model for model in EVENT_TYPES.values() if model.topic == topic),
        key=lambda model: model.type,
    )


def _headers(event_type: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "type": "object",
        "description": "CloudEvents 1.0 attributes, Kafka binary content mode",
        "required": ["ce_specversion", "ce_id", "ce_type", "ce_source", "ce_time"],
        "properties": {
            "ce_specversion": {"const": "1.0"},
            "ce_id": {
                **text,
                "description": "Unique per event. Consumers apply an event "
                "idempotently by its own ids and versions, so a redelivered or replayed "
                "event changes nothing",
            },
            "ce_type": {"const": event_type},
            "ce_source": {**text, "description": "The publishing service, e.g. /synergi/matching"},
            "ce_time": {**text, "format": "date-time"},
            "ce_subject": {**text, "description": "What the event is about, within its source"},
            "content-type": {"const": "application/json"},
            "traceparent": {**text, "description": "W3C trace context of the causing request"},
        },
    }


def asyncapi_document(
    service: str,
    description: str,
    publishes: Sequence[Topic],
    consumes: Sequence[Topic],
    bootstrap_servers: str = "kafka:9092",
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of one service: what it sends and receives,
    and on which brokers (`bootstrap_servers`, as the service is configured)."""
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}

    def channel(topic: str, models: list[type[Event]], about: str) -> str:
        channel_id = _channel_id(topic)
        channels[channel_id] = {
            "address": topic,
            "description": about,
            "messages": {
                model.__name__: {"$ref": f"#/components/messages/{model.__name__}"}
                for model in models
            },
        }
        return channel_id

    def operation(name: str, action: str, channel_id: str, summary: str) -> None:
        operations[name] = {
            "action": action,
            "summary": summary,
            "channel": {"$ref": f"#/channels/{channel_id}"},
            "messages": [
                {"$ref": f"#/channels/{channel_id}/messages/{message}"}
                for message in channels[channel_id]["messages"]
            ],
        }

    for topic in [*publishes, *consumes]:
        for model in _events_of(topic):
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            schemas.update(schema.pop("$defs", {}))
            schemas[model.__name__] = schema
            messages[model.__name__] = {
                "name": model.type,
                "title": model.__name__,
                "summary": (model.__doc__ or "").strip().split("\n")[0] or None,
                "contentType": "application/json",
                "headers": _headers(model.type),
                "payload": {"$ref": f"#/components/schemas/{model.__name__}"},
                "bindings": {"kafka": {"key": {"type": "string", "description": model.key_is}}},
            }
    for topic in publishes:
        channel_id = channel(topic, _events_of(topic), f"Events of the {service} service")
        operation(f"send-{channel_id}", "send", channel_id, "Published through the outbox")
    for topic in consumes:
        channel_id = channel(topic, _events_of(topic), f"Consumed by {service}")
        operation(f"receive-{channel_id}", "receive", channel_id, f"Consumer group `{service}`")
        dead = channel(
            Topic(topic).dlq,
            _events_of(topic),
            "What could never be processed, as received, with dlq_* headers saying why",
        )
        operation(f"send-{dead}", "send", dead, "Malformed or failing events")
    for message in messages.values():
        if message["summary"] is None:
            del message["summary"]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": f"Synergi {service} service",
            "version": "1",
            "description": description,
        },
        "defaultContentType": "application/json",
        "servers": {
            f"kafka-{n}": {
                "host": host.strip(),
                "protocol": "kafka",
                "description": "A bootstrap server (SYNERGI_KAFKA_BOOTSTRAP_SERVERS)",
            }
            for n, host in enumerate(bootstrap_servers.split(","), start=1)
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": dict(sorted(schemas.items()))},
    }
