"""Registering through HTTP puts CloudEvents on Kafka that a plain consumer can read."""

import asyncio
import json
import os
import uuid

import httpx
from aiokafka import AIOKafkaConsumer

from synergi_shared.contracts.topics import Topic

KAFKA = os.environ.get("SYNERGI_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")


async def read_events(keys: set[str], count: int) -> list:
    consumer = AIOKafkaConsumer(
        Topic.REGISTRATION, bootstrap_servers=KAFKA, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    found = []
    try:
        for _ in range(150):
            batches = await consumer.getmany(timeout_ms=200)
            found += [r for rs in batches.values() for r in rs if r.key and r.key.decode() in keys]
            if len(found) >= count:
                break
    finally:
        await consumer.stop()
    return found


async def test_registering_over_http_publishes_cloudevents_without_personal_data(
    stack, auth
) -> None:
    registration = stack["registration"]
    organizer = auth()
    slug = f"events-{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient(headers=organizer) as http:
        await http.post(
            f"{registration}/editions", json={"slug": slug, "title": "T", "date": "2030-05-01"}
        )
        org = (
            await http.post(
                f"{registration}/organizations", json={"name": f"Org {slug}", "size": "small"}
            )
        ).json()["id"]
        created = await http.post(
            f"{registration}/editions/{slug}/registrations",
            json={
                "organization_id": org,
                "participants": [
                    {"name": "Signe Lund", "email": "signe@example.org", "role": "leader"}
                ],
                "challenge_themes": ["co-creation"],
            },
        )
        assert created.status_code == 201
        participant = created.json()["participants"][0]["id"]
        assert (await http.delete(f"{registration}/participants/{participant}")).status_code == 204

    records = await asyncio.wait_for(read_events({slug, org}, count=4), timeout=60)
    by_type = {dict(r.headers)["ce_type"].decode(): r for r in records}
    registered = by_type["synergi.registration.organization-registered.v1"]
    headers = {name: value.decode() for name, value in registered.headers}
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_source"] == "/synergi/registration"
    assert headers["ce_subject"].startswith(f"editions/{slug}/registrations/")
    assert headers["ce_id"] and headers["ce_time"] and headers["traceparent"]
    assert registered.key.decode() == org
    data = json.loads(registered.value)
    assert data["participants"] == [{"participant_id": participant, "role": "leader"}]
    assert data["challenge_themes"] == ["co-creation"]
    erased = by_type["synergi.registration.participant-erased.v1"]
    assert json.loads(erased.value) == {"participant_id": participant, "organization_id": org}
    for record in records:
        assert b"Signe" not in record.value and b"signe@example.org" not in record.value
