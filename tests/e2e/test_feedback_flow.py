"""Registration, workshops and feedback as separate processes: attend, evaluate,
and read the summary and the feedback event."""

import asyncio
from functools import partial

import httpx

from synergi_shared.contracts.topics import Topic
from tests.helpers.infra import KAFKA, read_topic
from tests.helpers.processes import eventually, new_edition, new_organization, schedule_workshop


def test_attend_evaluate_and_read_the_summary(stack, auth) -> None:
    registration, workshops, feedback = stack["registration"], stack["workshops"], stack["feedback"]
    organizer = auth()
    slug = new_edition(registration, organizer, "eval")
    a = new_organization(registration, organizer, "A", "small")
    b = new_organization(registration, organizer, "B", "large")
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

    [record] = asyncio.run(
        read_topic(
            KAFKA,
            Topic.FEEDBACK,
            lambda r: r.data.get("participant_id") == anna,
            count=1,
            wait_seconds=30,
            settle=1.0,
        )
    )
    event, data = record.value, record.data
    # Whom to follow up with, and which kind of insight on which theme; no
    # words the participant typed (they stay in the feedback service).
    assert data["follow_ups"] == [{"organization_id": b, "topic": None}]
    assert data["workshops"][0]["insight_kind"] == "tip"
    assert data["workshops"][0]["insight"] is None
    for words in (b"Private remark", b"call in May", b"joint application", b"Co-design"):
        assert words not in event
