"""Registration, workshops and feedback as separate processes: attend, evaluate,
and read the summary and the feedback event."""

import asyncio
import json
import os
import uuid
from functools import partial

import httpx
from aiokafka import AIOKafkaConsumer

from synergi_shared.contracts.topics import Topic
from tests.helpers.processes import eventually, schedule_workshop

KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


async def feedback_events(participant: str) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        Topic.FEEDBACK, bootstrap_servers=KAFKA, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        for _ in range(150):
            batches = await consumer.getmany(timeout_ms=200)
            found = [
                r.value
                for rs in batches.values()
                for r in rs
                if json.loads(r.value).get("participant_id") == participant
            ]
            if found:
                return found
    finally:
        await consumer.stop()
    return []


def test_attend_evaluate_and_read_the_summary(stack, auth) -> None:
    registration, workshops, feedback = stack["registration"], stack["workshops"], stack["feedback"]
    organizer = auth()
    slug = f"eval-{uuid.uuid4().hex[:8]}"
    httpx.post(
        f"{registration}/editions",
        json={"slug": slug, "title": "T", "date": "2026-05-01"},
        headers=organizer,
    )
    a = httpx.post(
        f"{registration}/organizations", json={"name": "A", "size": "small"}, headers=organizer
    ).json()["id"]
    b = httpx.post(
        f"{registration}/organizations", json={"name": "B", "size": "large"}, headers=organizer
    ).json()["id"]
    anna = httpx.post(
        f"{registration}/editions/{slug}/registrations",
        headers=organizer,
        json={
            "organization_id": a,
            "participants": [{"name": "Anna", "email": "anna@example.org"}],
        },
    ).json()["participants"][0]["id"]
    httpx.post(
        f"{registration}/editions/{slug}/registrations",
        headers=organizer,
        json={"organization_id": b, "participants": [{"name": "Bo", "email": "bo@example.org"}]},
    )

    workshop = schedule_workshop(
        partial(httpx.post, headers=organizer),
        f"{workshops}/editions/{slug}/workshops",
        title="Samskabelse",
    )
    checked = eventually(
        lambda: httpx.post(
            f"{workshops}/editions/{slug}/workshops/{workshop}/checkins",
            json={"participant_id": anna},
            headers=organizer,
        ),
        lambda r: "Retry-After" not in r.headers,
    )
    assert checked.status_code == 201, checked.text

    body = {
        "day_rating": 5,
        "workshops": [
            {
                "workshop_id": workshop,
                "rating": 4,
                "insight": "Co-design with the mothers",
                "insight_kind": "tip",
            }
        ],
        "follow_ups": [{"organization_id": b, "topic": "joint application", "note": "call in May"}],
        "comment": "Private remark",
    }
    put = eventually(
        lambda: httpx.put(
            f"{feedback}/editions/{slug}/responses/{anna}",
            json=body,
            headers=auth("organization", a),
        ),
        lambda r: r.status_code == 200,
    )
    assert put.status_code == 200, put.text

    summary = httpx.get(f"{feedback}/editions/{slug}/summary", headers=organizer).json()
    assert (summary["responses"], summary["checked_in"], summary["response_rate"]) == (1, 1, 1.0)
    assert summary["workshops"][0]["average"] == 4.0
    assert summary["most_wished_follow_ups"] == [{"organization_id": b, "wished_by": 1}]

    [event] = asyncio.run(feedback_events(anna))
    data = json.loads(event)
    assert data["follow_ups"] == [{"organization_id": b, "topic": "joint application"}]
    assert data["workshops"][0]["insight"] == "Co-design with the mothers"
    assert b"Private remark" not in event and b"call in May" not in event
