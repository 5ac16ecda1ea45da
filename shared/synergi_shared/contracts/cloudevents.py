"""CloudEvents 1.0 in Kafka binary content mode.

Attributes travel in `ce_*` headers, the data as JSON in the value, and the key
is the event's `key` (mostly the organisation id; see `Event.key_is`). See
https://github.com/cloudevents/spec (kafka-protocol-binding).
"""

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from synergi_shared.contracts.events import EVENT_TYPES, Event

SPECVERSION = "1.0"
CONTENT_TYPE = "application/json"
REQUIRED_ATTRIBUTES = ("id", "source", "type", "specversion")


class MalformedEvent(ValueError):
    """A message that can never be processed; it belongs on the dead-letter topic."""


class UnknownEventType(MalformedEvent):
    pass


@dataclass(frozen=True)
class CloudEvent:
    id: str
    type: str
    source: str
    time: datetime
    key: str
    data: dict[str, Any]
    subject: str | None = None
    # Extension attributes (e.g. W3C traceparent) kept as received.
    extensions: dict[str, str] = field(default_factory=dict)

    def kafka_headers(self) -> dict[str, str]:
        headers = {
            "ce_specversion": SPECVERSION,
            "ce_id": self.id,
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
        }
        if self.subject:
            headers["ce_subject"] = self.subject
        headers.update(self.extensions)
        return headers

    def kafka_value(self) -> bytes:
        return json.dumps(self.data, separators=(",", ":"), ensure_ascii=False).encode()

    @classmethod
    def from_kafka(
        cls,
        headers: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
        value: bytes | None,
        key: bytes | str | None,
    ) -> "CloudEvent":
        """Decode a message in binary content mode; raise MalformedEvent if it is not one."""
        pairs = headers.items() if isinstance(headers, Mapping) else headers
        text = {name: raw.decode() if isinstance(raw, bytes) else raw for name, raw in pairs}
        missing = [a for a in REQUIRED_ATTRIBUTES if not text.get(f"ce_{a}")]
        if missing:
            raise MalformedEvent(
                f"missing CloudEvents headers: {', '.join('ce_' + a for a in missing)}"
            )
        if text["ce_specversion"] != SPECVERSION:
            raise MalformedEvent(f"unsupported ce_specversion {text['ce_specversion']!r}")
        if not key:
            raise MalformedEvent("message has no key")
        try:
            data = json.loads(value or b"")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise MalformedEvent(f"value is not JSON: {error}") from error
        if not isinstance(data, dict):
            raise MalformedEvent("value is not a JSON object")
        try:
            time = datetime.fromisoformat(text["ce_time"]) if text.get("ce_time") else _now()
        except ValueError as error:
            raise MalformedEvent(f"ce_time is not an RFC 3339 time: {error}") from error
        return cls(
            id=text["ce_id"],
            type=text["ce_type"],
            source=text["ce_source"],
            time=time,
            key=key.decode() if isinstance(key, bytes) else key,
            data=data,
            subject=text.get("ce_subject"),
            extensions={k: v for k, v in text.items() if k == "traceparent"},
        )

    def as_document(self) -> dict[str, Any]:
        """The form kept in an outbox (MongoDB document)."""
        return {
            "id": self.id,
            "type": self.type,
            "source": self.source,
            "time": self.time,
            "key": self.key,
            "data": self.data,
            "subject": self.subject,
            "extensions": self.extensions,
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> "CloudEvent":
        time = doc["time"]
        return cls(
            id=doc["id"],
            type=doc["type"],
            source=doc["source"],
            time=time if time.tzinfo else time.replace(tzinfo=UTC),
            key=doc["key"],
            data=doc["data"],
            subject=doc.get("subject"),
            extensions=doc.get("extensions") or {},
        )


def _now() -> datetime:
    return datetime.now(UTC)


def wrap(event: Event, source: str | None = None) -> CloudEvent:
    """A new CloudEvent with a fresh id, from the service that sends events of
    its type unless another `source` (a test, a tool) is named."""
    return CloudEvent(
        id=str(uuid.uuid4()),
        type=event.type,
        source=source or event.source,
        time=_now(),
        key=event.key,
        data=event.model_dump(mode="json"),
        subject=event.subject,
    )


def unwrap(cloud_event: CloudEvent) -> Event:
    """The typed event inside; MalformedEvent for an unknown type or data of the wrong shape."""
    model = EVENT_TYPES.get(cloud_event.type)
    if model is None:
        raise UnknownEventType(f"unknown event type {cloud_event.type!r}")
    try:
        return model.model_validate(cloud_event.data)
    except ValidationError as error:
        raise MalformedEvent(f"data does not match {cloud_event.type}: {error}") from error
