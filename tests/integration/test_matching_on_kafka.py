"""The matching service in this process, on real Kafka and FerretDB: it consumes
registration events, keeps recommendations, and survives duplicates and poison."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from faststream.kafka import KafkaBroker

from synergi_matching.app import create_app
from synergi_shared.contracts.cloudevents import CloudEvent, wrap
from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
)
from synergi_shared.contracts.topics import Topic
from synergi_shared.tools.single_process import in_process
from tests.helpers.infra import read_topic


@pytest.fixture
async def matching(infra_settings) -> AsyncIterator[httpx.AsyncClient]:
    async with in_process(create_app(infra_settings)) as client:
        yield client


async def send(
    broker: KafkaBroker, cloud_event: CloudEvent, topic: str = Topic.REGISTRATION
) -> None:
    await broker.publish(
        cloud_event.kafka_value(),
        topic=topic,
        key=cloud_event.key.encode(),
        headers=cloud_event.kafka_headers(),
    )


def events_for(slug: str, a: str, b: str) -> list[Event]:
    profile = dict(size="small", target_groups=["young-mothers"], regions=["aarhus"])
    return [
        EditionCreated(edition=slug, title="Indsatsdag", date=date(2026, 5, 1)),
        OrganizationProfileUpdated(organization_id=a, version=1, name="A", **profile),
        OrganizationProfileUpdated(organization_id=b, version=1, name="B", **profile),
        OrganizationRegistered(edition=slug, registration_id=f"r-{a}", organization_id=a),
        OrganizationRegistered(edition=slug, registration_id=f"r-{b}", organization_id=b),
    ]


async def poll_recommendations(client: httpx.AsyncClient, path: str, headers) -> dict:
    # A new consumer group starts at the beginning of the topic, so it may first
    # work through every earlier test's events.
    for _ in range(600):
        response = await client.get(path, headers=headers)
        if response.status_code == 200 and response.json()["recommendations"]:
            return response.json()
        await asyncio.sleep(0.1)
    raise AssertionError(f"no recommendation at {path}: {response.status_code} {response.text}")


async def test_duplicates_and_poison_change_nothing_and_the_consumer_goes_on(
    matching, publisher, kafka_bootstrap, auth
) -> None:
    slug, a, b = (
        f"ed-{uuid.uuid4().hex[:8]}",
        f"a-{uuid.uuid4().hex[:8]}",
        f"b-{uuid.uuid4().hex[:8]}",
    )
    cloud_events = [wrap(event, "/test") for event in events_for(slug, a, b)]
    poison_key = f"poison-{uuid.uuid4().hex[:8]}"
    await publisher.publish(
        b"{not json",
        topic=Topic.REGISTRATION,
        key=poison_key.encode(),
        headers=cloud_events[0].kafka_headers(),
    )
    # Every event twice (same id: a redelivery), the second copies in reverse order.
    for cloud_event in [*cloud_events, *reversed(cloud_events)]:
        await send(publisher, cloud_event)

    path = f"/matching/editions/{slug}/organizations/{a}/recommendations"
    body = await poll_recommendations(matching, path, auth())
    [recommendation] = body["recommendations"]
    assert recommendation["partner_id"] == b
    assert {r["kind"] for r in recommendation["reasons"]} == {"shared-target-group", "same-region"}

    changes = await read_topic(
        kafka_bootstrap, Topic.MATCHING, lambda r: r.data.get("edition") == slug, count=1, settle=2
    )
    assert len(changes) == 1, "\n".join(str((c.headers, c.data)) for c in changes)
    assert changes[0].data["version"] == 1
    assert changes[0].headers["ce_type"] == "synergi.matching.recommendation-changed.v1"

    [dead] = await read_topic(
        kafka_bootstrap, Topic.REGISTRATION.dlq, lambda r: r.key == poison_key, count=1
    )
    assert "not JSON" in dead.headers["dlq_error"]
    assert dead.headers["dlq_original_topic"] == Topic.REGISTRATION


async def test_an_older_profile_arriving_late_does_not_win(matching, publisher, auth) -> None:
    slug, a, b = (
        f"ed-{uuid.uuid4().hex[:8]}",
        f"a-{uuid.uuid4().hex[:8]}",
        f"b-{uuid.uuid4().hex[:8]}",
    )
    events = events_for(slug, a, b)
    newer = OrganizationProfileUpdated(
        organization_id=a, version=2, name="A", size="small", offers=["mentoring"]
    )
    b_needs = OrganizationProfileUpdated(
        organization_id=b, version=2, name="B", size="small", needs=["mentoring"]
    )
    # Version 2 first, then version 1 of A's profile (sent last, it must lose).
    for event in [events[0], newer, b_needs, events[3], events[4], events[1], events[2]]:
        await send(publisher, wrap(event, "/test"))

    path = f"/matching/editions/{slug}/organizations/{a}/recommendations"
    body = await poll_recommendations(matching, path, auth())
    await asyncio.sleep(1)  # let the stale snapshots arrive too
    body = (await matching.get(path, headers=auth())).json()
    kinds = {r["kind"] for r in body["recommendations"][0]["reasons"]}
    assert kinds == {"complementary"}  # from version 2; version 1's shared tags are gone
