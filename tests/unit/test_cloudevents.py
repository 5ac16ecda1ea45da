import json
from datetime import UTC, datetime

import pytest

from synergi_shared.contracts.cloudevents import (
    CloudEvent,
    MalformedEvent,
    UnknownEventType,
    unwrap,
    wrap,
)
from synergi_shared.contracts.events import (
    OrganizationRegistered,
    RegisteredParticipant,
    SessionsEnded,
)


def registered() -> OrganizationRegistered:
    return OrganizationRegistered(
        edition="impact-2026",
        registration_id="r1",
        organization_id="org-1",
        participants=[RegisteredParticipant(participant_id="p1", role="leader")],
        challenge_themes=["co-creation"],
    )


def as_record(event: CloudEvent) -> tuple[list[tuple[str, bytes]], bytes, bytes]:
    headers = [(k, v.encode()) for k, v in event.kafka_headers().items()]
    return headers, event.kafka_value(), event.key.encode()


def test_binary_mode_puts_attributes_in_headers_and_data_in_value() -> None:
    event = wrap(registered(), "/synergi/registration")
    headers = event.kafka_headers()
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_type"] == "synergi.registration.organization-registered.v1"
    assert headers["ce_source"] == "/synergi/registration"
    assert headers["ce_subject"] == "editions/impact-2026/registrations/r1"
    assert headers["ce_id"] == event.id
    assert event.key == "org-1"
    assert json.loads(event.kafka_value())["participants"] == [
        {"participant_id": "p1", "role": "leader"}
    ]


def test_round_trip_through_kafka_record_gives_the_same_event() -> None:
    event = wrap(registered(), "/synergi/registration")
    decoded = CloudEvent.from_kafka(*as_record(event))
    assert decoded.id == event.id
    assert decoded.time == event.time
    assert unwrap(decoded) == registered()


def test_each_event_gets_a_fresh_id() -> None:
    assert wrap(registered(), "s").id != wrap(registered(), "s").id


def test_unknown_fields_are_ignored() -> None:
    event = wrap(registered(), "s")
    data = {**event.data, "added_in_a_later_v1": True}
    assert unwrap(CloudEvent(**{**event.__dict__, "data": data})) == registered()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda h, v, k: ([x for x in h if x[0] != "ce_type"], v, k), "ce_type"),
        (lambda h, v, k: (h, b"{not json", k), "not JSON"),
        (lambda h, v, k: (h, b"[1, 2]", k), "not a JSON object"),
        (lambda h, v, k: (h, v, None), "no key"),
        (
            lambda h, v, k: ([(n, b"0.3" if n == "ce_specversion" else x) for n, x in h], v, k),
            "specversion",
        ),
    ],
)
def test_malformed_messages_are_rejected_with_a_reason(mutate, message) -> None:
    with pytest.raises(MalformedEvent, match=message):
        CloudEvent.from_kafka(*mutate(*as_record(wrap(registered(), "s"))))


def test_unknown_type_and_wrong_schema_are_malformed() -> None:
    event = wrap(registered(), "s")
    with pytest.raises(UnknownEventType):
        unwrap(CloudEvent(**{**event.__dict__, "type": "synergi.nope.v1"}))
    with pytest.raises(MalformedEvent, match="does not match"):
        unwrap(CloudEvent(**{**event.__dict__, "data": {"edition": "x"}}))


def test_outbox_document_round_trip() -> None:
    event = wrap(registered(), "s")
    assert CloudEvent.from_document(event.as_document()) == event


def test_the_source_is_the_service_that_sends_the_events_type() -> None:
    assert wrap(registered()).source == "/synergi/registration"
    ended = SessionsEnded(principal="organizer", session_id="s", until=datetime.now(UTC))
    assert wrap(ended).source == "/synergi/registration"
    assert wrap(registered(), "/tests").source == "/tests"
