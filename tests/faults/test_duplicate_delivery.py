"""Duplicate delivery everywhere: after an impact day has settled, every
consumer group is rewound to where it began and the services restarted, so
every event is delivered a second time to every consumer. Nothing any service
shows may change -- no seat, check-in, response or pair counted twice."""

import uuid

from synergi_shared.runtime.auth import mint_token
from synergi_shared.runtime.kafka_admin import commit_group_offsets, end_offsets, topic_partitions
from tests.helpers import TEST_SECRET
from tests.helpers.infra import CONSUMED, CONSUMERS, KAFKA
from tests.helpers.processes import (
    SERVICES,
    client,
    eventually,
    fresh_env,
    group_lag,
    running,
    schedule_workshop,
    wait_for,
)


def impact_day(http, slug: str) -> None:
    registration, workshops, feedback = (http["registration"], http["workshops"], http["feedback"])
    assert registration.post(
        "/editions", json={"slug": slug, "title": "T", "date": "2030-05-01"}
    ).is_success
    people = {}
    for name, tags in (
        ("A", {"needs": ["legal-aid"]}),
        ("B", {"offers": ["legal-aid"]}),
        ("C", {}),
    ):
        org = registration.post(
            "/organizations", json={"name": name, "size": "small", "regions": ["fyn"], **tags}
        ).json()["id"]
        people[org] = registration.post(
            f"/editions/{slug}/registrations",
            json={
                "organization_id": org,
                "participants": [{"name": name, "email": f"{name}@x.org"}],
            },
        ).json()["participants"][0]["id"]
    workshop = schedule_workshop(workshops.post, f"/editions/{slug}/workshops", capacity=2)
    orgs = list(people)
    for person in people.values():  # two seats, one on the waitlist
        assert eventually(
            lambda p=person: workshops.post(
                f"/editions/{slug}/workshops/{workshop}/signups", json={"participant_id": p}
            ),
            lambda r: r.status_code == 201,
        ).is_success
    for org in orgs[:2]:
        assert workshops.post(
            f"/editions/{slug}/workshops/{workshop}/checkins", json={"participant_id": people[org]}
        ).is_success
    for org in orgs[:2]:
        partner = orgs[1] if org == orgs[0] else orgs[0]
        assert eventually(
            lambda o=org, p=partner: feedback.put(
                f"/editions/{slug}/responses/{people[o]}",
                json={
                    "day_rating": 5,
                    "workshops": [
                        {
                            "workshop_id": workshop,
                            "rating": 4,
                            "insight": "x",
                            "insight_kind": "tip",
                        }
                    ],
                    "follow_ups": [{"organization_id": p}],
                },
            ),
            lambda r: r.status_code == 200,
        ).is_success


def what_everyone_sees(http, slug: str) -> dict:
    return {
        "registrations": http["registration"].get(f"/editions/{slug}/registrations").json(),
        "workshops": http["workshops"].get(f"/editions/{slug}/workshops").json(),
        "summary": http["feedback"].get(f"/editions/{slug}/summary").json(),
        "pairs": http["matching"].get(f"/editions/{slug}/recommendations").json(),
    }


async def test_every_event_delivered_twice_changes_nothing(tmp_path) -> None:
    run = uuid.uuid4().hex[:8]
    env = await fresh_env(run)
    partitions = await topic_partitions(KAFKA, CONSUMED)
    start = await end_offsets(KAFKA, partitions)
    groups = [f"f{run}-{service}" for service in CONSUMERS]
    slug = f"dup-{run}"
    token = mint_token(TEST_SECRET, "organizer")
    instances = [(name, name) for name in SERVICES]

    async def settled() -> bool:
        return all([await group_lag(group) == 0 for group in groups])

    with running(instances, env, tmp_path) as processes:
        http = {name: client(process, token) for name, process in processes.items()}
        impact_day(http, slug)
        await wait_for(settled, 120, "every consumer to catch up")
        first = what_everyone_sees(http, slug)
    assert len(first["pairs"]["items"]) == 3 and first["summary"]["responses"] == 2, first

    for group in groups:  # every consumer reads everything again
        await commit_group_offsets(KAFKA, group, start)
    with running(instances, env, tmp_path) as processes:
        http = {name: client(process, token) for name, process in processes.items()}
        await wait_for(settled, 120, "every consumer to read it all again")
        again = what_everyone_sees(http, slug)
    assert again == first
