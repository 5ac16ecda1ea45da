"""The feedback summary on FerretDB: under resubmissions (some at the same
time) and duplicate events, it equals a recomputation from the stored
responses."""

import asyncio
import random
from datetime import date

import pytest
from pymongo import AsyncMongoClient

from synergi_feedback import domain, usecases
from synergi_feedback.handlers import handle_event
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    OrganizationRegistered,
    RegisteredParticipant,
    WorkshopScheduled,
)
from tests.feedback_reference import recompute

EDITION = "impact-2026"
ORGS = ["org-a", "org-b", "org-c"]
WORKSHOPS = {"w1": "co-creation", "w2": "measurement-documentation", "w3": "co-creation"}


@pytest.fixture
async def store(infra_settings, mongo_client: AsyncMongoClient) -> FeedbackStore:
    store = FeedbackStore(mongo_client[infra_settings.database_name("feedback")])
    await store.create_indexes()
    return store


async def feed_the_day(store: FeedbackStore) -> list[dict]:
    events = [EditionCreated(edition=EDITION, title="T", date=date(2026, 5, 1))]
    people = []
    for org in ORGS:
        ids = [f"{org}-p{i}" for i in range(4)]
        events.append(
            OrganizationRegistered(
                edition=EDITION,
                registration_id=f"r-{org}",
                organization_id=org,
                participants=[RegisteredParticipant(participant_id=p) for p in ids],
            )
        )
        people += [{"_id": p, "organization_id": org} for p in ids]
    for workshop, theme in WORKSHOPS.items():
        events.append(
            WorkshopScheduled(
                edition=EDITION, workshop_id=workshop, theme=theme, round=1, capacity=20
            )
        )
    for person in people:
        for workshop, theme in WORKSHOPS.items():
            events.append(
                AttendanceRecorded(
                    edition=EDITION,
                    workshop_id=workshop,
                    theme=theme,
                    participant_id=person["_id"],
                    organization_id=person["organization_id"],
                )
            )
    for event in events + events:  # every event delivered twice
        await handle_event(store, event)
    return people


def random_answer(rng: random.Random, person: dict) -> dict:
    return {
        "day_rating": rng.randint(1, 5),
        "workshops": [
            {
                "workshop_id": w,
                "theme": WORKSHOPS[w],
                "rating": rng.randint(1, 5),
                "insight_kind": kind,
                "insight": "text" if kind else None,
            }
            for w in rng.sample(sorted(WORKSHOPS), rng.randint(0, 3))
            for kind in [rng.choice([None, "tip", "ambition"])]
        ],
        "follow_ups": [
            {"organization_id": o, "topic": None, "note": None}
            for o in rng.sample(
                [o for o in ORGS if o != person["organization_id"]], rng.randint(0, 2)
            )
        ],
        "comment": None,
    }


async def test_the_summary_equals_a_recomputation(store: FeedbackStore) -> None:
    people = await feed_the_day(store)
    rng = random.Random(11)
    for _ in range(6):
        # A burst of submissions, several for the same person at once.
        burst = [rng.choice(people) for _ in range(10)]
        await asyncio.gather(
            *(usecases.save_answer(store, EDITION, p, random_answer(rng, p)) for p in burst)
        )

    stored = await store.summary_counters(EDITION)
    assert stored["checked_in"] == len(people)  # duplicates of attendance counted once
    responses = await store.all_responses(EDITION)
    counters = {k: v for k, v in stored.items() if k != "checked_in"}
    assert counters == domain.nest(recompute(responses))
    assert counters["responses"] == len(responses) == len({r["participant_id"] for r in responses})
