"""Kafka stops while registrations arrive: the API still accepts them, and once
Kafka is back every event arrives exactly once, in order per organisation."""

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator

import httpx
import pytest

from synergi_registration.app import create_app
from synergi_shared.contracts.topics import Topic
from synergi_shared.tools.single_process import in_process
from tests.helpers.infra import infra, read_topic


@pytest.fixture
async def registration(infra_settings) -> AsyncIterator[httpx.AsyncClient]:
    async with in_process(create_app(infra_settings)) as client:
        yield client


async def test_accepted_while_kafka_is_down_and_delivered_exactly_once_after(
    registration, auth, kafka_bootstrap, request
) -> None:
    organizer = auth()
    slug = f"outage-{uuid.uuid4().hex[:8]}"
    body = {"slug": slug, "title": "Indsatsdag", "date": "2030-05-01"}
    assert (
        await registration.post("/registration/editions", json=body, headers=organizer)
    ).status_code == 201
    orgs = []
    for i in range(3):
        response = await registration.post(
            "/registration/organizations",
            json={"name": f"Org {i}", "size": "small"},
            headers=organizer,
        )
        orgs.append(response.json()["id"])

    request.getfixturevalue("kafka_outage")
    for org in orgs:
        response = await registration.post(
            f"/registration/editions/{slug}/registrations",
            json={
                "organization_id": org,
                "participants": [{"name": "A", "email": "a@example.org"}],
            },
            headers=organizer,
        )
        assert response.status_code == 201, response.text
        patched = await registration.patch(
            f"/registration/organizations/{org}", json={"regions": ["fyn"]}, headers=organizer
        )
        assert patched.status_code == 200
    infra("kafka-start")

    # Per organisation: profile v1, registered, profile v2 -- nine events in all.
    records = await read_topic(
        kafka_bootstrap,
        Topic.REGISTRATION,
        lambda r: r.key in orgs,
        count=9,
        wait_seconds=90,
        settle=3,
    )
    ids = [r.headers["ce_id"] for r in records]
    assert len(ids) == len(set(ids)) == 9  # every event, and none twice
    per_org = defaultdict(list)
    for record in records:
        kind = record.headers["ce_type"].split(".")[2]
        per_org[record.key].append(f"{kind}:{record.data.get('version', '')}")
    for org in orgs:
        assert per_org[org] == [
            "organization-profile-updated:1",
            "organization-registered:",
            "organization-profile-updated:2",
        ]


async def test_a_service_started_while_kafka_is_down_serves_and_catches_up(
    infra_settings, auth, kafka_bootstrap, kafka_outage
) -> None:
    app = create_app(infra_settings)
    slug = f"late-{uuid.uuid4().hex[:8]}"
    async with in_process(app) as client:
        ready = await client.get("/registration/readyz")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"kafka": "unreachable", "database": "ok"}
        body = {"slug": slug, "title": "Indsatsdag", "date": "2030-05-01"}
        created = await client.post("/registration/editions", json=body, headers=auth())
        assert created.status_code == 201

        infra("kafka-start")
        records = await read_topic(
            kafka_bootstrap,
            Topic.REGISTRATION,
            lambda r: r.key == slug,
            count=1,
            wait_seconds=60,
        )
        assert records[0].headers["ce_type"] == "synergi.registration.edition-created.v1"
        assert (await client.get("/registration/readyz")).status_code == 200
