"""Registration and workshops as separate processes: register, sign up until the
waitlist forms, cancel, see the promotion, check in, read attendance from Kafka."""

import asyncio
import json
import os
import time

import httpx
from aiokafka import AIOKafkaConsumer

from synergi_shared.contracts.topics import Topic
from tests.helpers.processes import new_edition, new_organization

KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


def sign_up(workshops: str, slug: str, workshop: str, person: str, headers) -> httpx.Response:
    """Retry while the workshops service has not heard of the participant yet."""
    deadline = time.monotonic() + 30
    while True:
        response = httpx.post(
            f"{workshops}/editions/{slug}/workshops/{workshop}/signups",
            json={"participant_id": person},
            headers=headers,
        )
        if "Retry-After" not in response.headers or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


async def attendance_events(workshop: str, count: int) -> list[dict]:
    consumer = AIOKafkaConsumer(
        Topic.WORKSHOPS, bootstrap_servers=KAFKA, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    found: list[dict] = []
    try:
        for _ in range(150):
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    headers = {k: v.decode() for k, v in record.headers}
                    data = json.loads(record.value)
                    if data.get("workshop_id") == workshop:
                        found.append(
                            {"type": headers["ce_type"], "key": record.key.decode(), **data}
                        )
            if sum(e["type"].endswith("attendance-recorded.v1") for e in found) >= count:
                break
    finally:
        await consumer.stop()
    return found


def test_sign_up_waitlist_promotion_and_attendance(stack, auth) -> None:
    registration, workshops = stack["registration"], stack["workshops"]
    organizer = auth()
    slug = new_edition(registration, organizer, "day")
    org = new_organization(registration, organizer, "Org", "small")
    mine = auth("organization", org)
    people = [
        p["id"]
        for p in httpx.post(
            f"{registration}/editions/{slug}/registrations",
            json={
                "organization_id": org,
                "participants": [
                    {"name": f"Person {i}", "email": f"p{i}@example.org"} for i in range(3)
                ],
            },
            headers=mine,
        ).json()["participants"]
    ]

    deadline = time.monotonic() + 30
    while True:  # the edition reaches the workshops service through Kafka
        created = httpx.post(
            f"{workshops}/editions/{slug}/workshops",
            json={
                "title": "Måling i praksis",
                "theme": "measurement-documentation",
                "round": 1,
                "capacity": 2,
            },
            headers=organizer,
        )
        if created.status_code == 201 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert created.status_code == 201, created.text
    workshop = created.json()["id"]

    answers = [sign_up(workshops, slug, workshop, p, mine).json() for p in people]
    assert [(a["status"], a["position"]) for a in answers] == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
    ]

    cancel = httpx.delete(
        f"{workshops}/editions/{slug}/workshops/{workshop}/signups/{people[0]}", headers=mine
    )
    assert cancel.status_code == 204
    roster = httpx.get(
        f"{workshops}/editions/{slug}/workshops/{workshop}/roster", headers=organizer
    ).json()
    assert [e["participant_id"] for e in roster["confirmed"]] == [people[1], people[2]]

    for person in (people[1], people[2], people[2]):
        checked = httpx.post(
            f"{workshops}/editions/{slug}/workshops/{workshop}/checkins",
            json={"participant_id": person},
            headers=organizer,
        )
        assert checked.status_code in (200, 201)

    events = asyncio.run(attendance_events(workshop, count=2))
    kinds = [e["type"].split(".")[2] for e in events]
    assert kinds.count("attendance-recorded") == 2  # the second check-in changed nothing
    assert "signup-waitlisted" in kinds and "signup-cancelled" in kinds
    promoted = [
        e
        for e in events
        if e["type"].endswith("signup-confirmed.v1") and e["participant_id"] == people[2]
    ]
    assert promoted, "the promotion from the waitlist is announced"
    attended = [e for e in events if e["type"].endswith("attendance-recorded.v1")]
    assert {e["participant_id"] for e in attended} == {people[1], people[2]}
    assert all(
        e["theme"] == "measurement-documentation" and e["organization_id"] == org for e in attended
    )
    assert all(e["key"] == org for e in attended)
