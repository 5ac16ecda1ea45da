"""Two matching processes in one consumer group on real Kafka (three partitions
per topic) and FerretDB end with the recommendations one batch computation
gives for the same events: order, duplicates, partitions and the number of
instances do not matter."""

import asyncio
import random
import time
import uuid
from datetime import date

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from pymongo import AsyncMongoClient

from synergi_shared.cloudevents import wrap
from synergi_shared.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    FollowUpWish,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
    WorkshopFeedback,
)
from tests.e2e.conftest import service_env, serving, start_group_at_the_end
from tests.integration.conftest import KAFKA, MONGO
from tests.matching_reference import batch

TAGS = ["volunteers", "data", "housing", "legal-aid"]
THEMES = ["co-creation", "measurement-documentation", "public-affairs-communication"]


def impact_day(run: str, edition: str, seed: int) -> list[Event]:
    """A random but complete edition: profiles in several versions,
    registrations, a cancellation, attendance, evaluations in several
    versions, erasures."""
    rng = random.Random(seed)
    orgs = [f"{run}-o{n}" for n in range(9)]
    events: list[Event] = [EditionCreated(edition=edition, title="T", date=date(2026, 5, 1))]
    for org in orgs:
        for version in range(1, rng.randint(1, 3) + 1):
            events.append(
                OrganizationProfileUpdated(
                    organization_id=org,
                    version=version,
                    name=org,
                    size="small",
                    offers=rng.sample(TAGS, rng.randint(0, 2)),
                    needs=rng.sample(TAGS, rng.randint(0, 2)),
                    regions=rng.sample(["fyn", "aarhus", "nord"], 1),
                )
            )
        events.append(
            OrganizationRegistered(
                edition=edition,
                registration_id=f"r-{org}",
                organization_id=org,
                challenge_themes=rng.sample(THEMES, rng.randint(0, 1)),
            )
        )
    cancelled = rng.choice(orgs)
    events.append(
        RegistrationCancelled(
            edition=edition, registration_id=f"r-{cancelled}", organization_id=cancelled
        )
    )
    participants = [(org, f"{org}-p{n}") for org in orgs for n in range(2)]
    for org, person in participants:
        for workshop in rng.sample(["w1", "w2", "w3"], rng.randint(0, 2)):
            events.append(
                AttendanceRecorded(
                    edition=edition,
                    workshop_id=f"{run}-{workshop}",
                    theme="co-creation",
                    participant_id=person,
                    organization_id=org,
                )
            )
        for version in range(1, rng.randint(0, 2) + 1):
            kind = rng.choice([None, "tip", "ambition"])
            events.append(
                FeedbackSubmitted(
                    edition=edition,
                    participant_id=person,
                    organization_id=org,
                    version=version,
                    day_rating=4,
                    workshops=[
                        WorkshopFeedback(
                            workshop_id=f"{run}-w1",
                            theme=rng.choice(THEMES),
                            rating=4,
                            insight=f"{kind} {version}" if kind else None,
                            insight_kind=kind,
                        )
                    ],
                    follow_ups=[
                        FollowUpWish(organization_id=o) for o in rng.sample(orgs, rng.randint(0, 2))
                    ],
                )
            )
    for org, person in rng.sample(participants, 2):
        events.append(ParticipantErased(participant_id=person, organization_id=org))
    return events


async def publish(events: list[Event], rng: random.Random) -> None:
    """Every event once, a third of them twice, in a shuffled order."""
    delivered = events + rng.sample(events, len(events) // 3)
    rng.shuffle(delivered)
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all")
    await producer.start()
    try:
        for event in delivered:
            cloud_event = wrap(event, "/tests/convergence")
            await producer.send(
                event.topic,
                cloud_event.kafka_value(),
                key=cloud_event.key.encode(),
                headers=[(k, v.encode()) for k, v in cloud_event.kafka_headers().items()],
            )
        await producer.flush()
    finally:
        await producer.stop()


async def members_with_partitions(group: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        [description] = await admin.describe_consumer_groups([group])
        return sum(1 for member in description.groups[0][5] if member[4])
    finally:
        await admin.close()


async def recommendations(db, edition: str) -> dict[str, tuple[float, list[str]]]:
    query = {"edition": edition, "withdrawn": False}
    docs = await db["recommendations"].find(query).to_list(None)
    return {d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]]) for d in docs}


@pytest.mark.parametrize("seed", [1, 2])
async def test_two_matching_processes_converge_on_the_batch_result(seed, tmp_path) -> None:
    run = uuid.uuid4().hex[:8]
    edition = f"conv-{run}"
    events = impact_day(run, edition, seed)
    expected = batch(events, edition)
    assert len(expected) >= 5, "the event set should make pairs to get wrong"
    env = service_env(SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"conv{run}-")
    await start_group_at_the_end(f"conv{run}-matching")
    with serving([("matching-1", "matching"), ("matching-2", "matching")], env, tmp_path):
        # Both instances hold partitions before the first event goes out.
        deadline = time.monotonic() + 60
        while await members_with_partitions(f"conv{run}-matching") < 2:
            assert time.monotonic() < deadline, "the two instances never shared the partitions"
            await asyncio.sleep(0.5)
        await publish(events, random.Random(seed))

        client: AsyncMongoClient = AsyncMongoClient(MONGO, tz_aware=True)
        db = client[f"{env['SYNERGI_MONGO_DATABASE_PREFIX']}_matching"]
        try:
            deadline = time.monotonic() + 120
            while (found := await recommendations(db, edition)) != expected:
                if time.monotonic() > deadline:
                    assert found == expected
                await asyncio.sleep(0.5)
            await asyncio.sleep(3)  # and it stays so: nothing late overwrites it
            assert await recommendations(db, edition) == expected
        finally:
            await client.close()
