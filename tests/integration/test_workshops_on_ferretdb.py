"""The workshops service in this process on real Kafka and FerretDB: the last seat
under concurrent requests, and the read model built from registration events."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from faststream.kafka import KafkaBroker

from synergi_shared.contracts.cloudevents import wrap
from synergi_shared.contracts.events import (
    EditionCreated,
    OrganizationRegistered,
    ParticipantErased,
    RegisteredParticipant,
    RegistrationCancelled,
)
from synergi_shared.contracts.topics import Topic
from synergi_shared.tools.single_process import in_process
from synergi_workshops.app import create_app


@pytest.fixture
async def workshops(infra_settings) -> AsyncIterator[httpx.AsyncClient]:
    async with in_process(create_app(infra_settings)) as client:
        yield client


async def publish(broker: KafkaBroker, *events) -> None:
    for event in events:
        cloud_event = wrap(event, "/test")
        await broker.publish(
            cloud_event.kafka_value(),
            topic=Topic.REGISTRATION,
            key=cloud_event.key.encode(),
            headers=cloud_event.kafka_headers(),
        )


def registered(slug: str, org: str, people: list[str], registration: str | None = None):
    return OrganizationRegistered(
        edition=slug,
        registration_id=registration or f"r-{org}",
        organization_id=org,
        participants=[RegisteredParticipant(participant_id=p) for p in people],
    )


async def wait_until_known(client, path: str, participant: str, headers) -> None:
    """Sign up and off in a workshop of its own until the service knows the
    participant, as a front-end honouring Retry-After would."""
    body = {"title": "Probe", "theme": "co-creation", "round": 20, "capacity": 1}
    probe = (await client.post(path, json=body, headers=headers)).json()["id"]

    async def known() -> bool:
        answer = await client.post(
            f"{path}/{probe}/signups", json={"participant_id": participant}, headers=headers
        )
        return answer.status_code == 201

    await wait_for(known)
    await client.delete(f"{path}/{probe}/signups/{participant}", headers=headers)


async def wait_for(check, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.1)):
        if await check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("condition not met in time")


async def workshop_once_known(client, path: str, headers, capacity: int) -> str:
    """A round-1 workshop at `path`, once the service has heard of the edition."""

    async def edition_known() -> bool:
        return (await client.get(path, headers=headers)).status_code == 200

    await wait_for(edition_known)
    body = {"title": "W", "theme": "co-creation", "round": 1, "capacity": capacity}
    return (await client.post(path, json=body, headers=headers)).json()["id"]


async def test_of_many_simultaneous_sign_ups_for_the_last_seat_exactly_one_wins(
    workshops, publisher, auth
) -> None:
    slug = f"seat-{uuid.uuid4().hex[:8]}"
    people = [f"p{i}-{slug}" for i in range(12)]
    await publish(
        publisher,
        EditionCreated(edition=slug, title="T", date=date(2026, 5, 1)),
        registered(slug, "org", people),
    )
    organizer = auth()
    path = f"/workshops/editions/{slug}/workshops"
    w = await workshop_once_known(workshops, path, organizer, capacity=1)

    await wait_until_known(workshops, path, people[-2], organizer)  # the last one registered

    answers = await asyncio.gather(
        *(
            workshops.post(f"{path}/{w}/signups", json={"participant_id": p}, headers=organizer)
            for p in people[:-1]
        )
    )
    retry = [a for a in answers if a.status_code == 409]
    assert not retry, "participants unknown: " + retry[0].text if retry else ""
    statuses = sorted(a.json()["status"] for a in answers)
    assert statuses.count("confirmed") == 1
    assert statuses.count("waitlisted") == len(people) - 2
    positions = sorted(a.json()["position"] for a in answers if a.json()["status"] == "waitlisted")
    assert positions == list(range(1, len(people) - 1))  # each place given once
    roster = (await workshops.get(f"{path}/{w}/roster", headers=organizer)).json()
    assert len(roster["confirmed"]) == 1
    assert roster["workshop"]["waitlist_length"] == len(people) - 2


async def test_the_read_model_takes_duplicates_and_any_order(workshops, publisher, auth) -> None:
    slug = f"order-{uuid.uuid4().hex[:8]}"
    organizer = auth()
    events = [
        RegistrationCancelled(edition=slug, registration_id="r-gone", organization_id="gone"),
        ParticipantErased(participant_id=f"erased-{slug}", organization_id="org"),
        registered(slug, "gone", [f"cancelled-{slug}"], registration="r-gone"),
        registered(slug, "org", [f"kept-{slug}", f"erased-{slug}"]),
        EditionCreated(edition=slug, title="T", date=date(2026, 5, 1)),
    ]
    await publish(publisher, *events, *events)  # cancellations first, then all again
    path = f"/workshops/editions/{slug}/workshops"
    w = await workshop_once_known(workshops, path, organizer, capacity=5)

    await wait_until_known(workshops, path, f"kept-{slug}", organizer)
    await asyncio.sleep(1)  # let the duplicates arrive too
    # Cancelled: no longer registered (409); erased: gone for good (410).
    for gone, status in ((f"cancelled-{slug}", 409), (f"erased-{slug}", 410)):
        answer = await workshops.post(
            f"{path}/{w}/signups", json={"participant_id": gone}, headers=organizer
        )
        assert answer.status_code == status, (gone, answer.text)
        assert "Retry-After" not in answer.headers
