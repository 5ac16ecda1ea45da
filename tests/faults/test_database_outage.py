"""The database stops: /readyz fails, requests get 503 with Retry-After (never
a 500, never a hang), a refused request leaves nothing behind, events that
arrive meanwhile wait in Kafka, and every service resumes by itself when the
database returns."""

import asyncio
import random
import time
import uuid

from synergi_shared.contracts.events import OrganizationProfileUpdated
from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.infra import infra
from tests.helpers.processes import SERVICES, client, eventually, kinds, publish


def failures(metrics: str) -> float:
    """Matching's failed attempts at registration events, from its /metrics."""
    prefix = 'synergi_events_failed_total{service="matching",topic="synergi.registration.v1"} '
    return sum(
        float(line.removeprefix(prefix)) for line in metrics.splitlines() if line.startswith(prefix)
    )


def test_a_database_outage_is_a_503_and_service_resumes_by_itself(stack, request) -> None:
    token = mint_token(TEST_SECRET, "organizer")
    http = {name: client(stack[name], token) for name in SERVICES}
    slug = f"db-out-{uuid.uuid4().hex[:6]}"
    registration, matching = http["registration"], http["matching"]
    assert registration.post(
        "/editions", json={"slug": slug, "title": "T", "date": "2030-05-01"}
    ).is_success
    a, b = (
        registration.post(
            "/organizations",
            json={"name": name, "size": "small", "regions": ["fyn"], "needs": ["legal-aid"]},
        ).json()["id"]
        for name in "AB"
    )
    for org in (a, b):
        assert registration.post(
            f"/editions/{slug}/registrations",
            json={"organization_id": org, "participants": [{"name": "P", "email": "p@x.org"}]},
        ).is_success
    recommendations = f"/editions/{slug}/organizations/{a}/recommendations"
    eventually(lambda: matching.get(recommendations), lambda r: kinds(r, b) == {"same-region"})

    request.getfixturevalue("database_outage")
    for name, service in http.items():
        not_ready = eventually(lambda s=service: s.get("/readyz"), lambda r: r.status_code == 503)
        assert not_ready.status_code == 503, name
        assert not_ready.json()["checks"]["database"] == "unreachable", name
        assert "Retry-After" in not_ready.headers

    c = f"org-made-in-the-outage-{uuid.uuid4().hex[:4]}"
    attempts = {
        "registration": [
            ("POST", "/organizations", {"name": c, "size": "small"}),
            (
                "POST",
                f"/editions/{slug}/registrations",
                {"organization_id": a, "participants": [{"name": "Q", "email": "q@x.org"}]},
            ),
            ("GET", f"/editions/{slug}/registrations", None),
        ],
        "workshops": [
            (
                "POST",
                f"/editions/{slug}/workshops",
                {"title": "W", "theme": "co-creation", "round": 1, "capacity": 3},
            ),
            ("GET", f"/editions/{slug}/workshops", None),
        ],
        "feedback": [
            ("PUT", f"/editions/{slug}/responses/someone", {"day_rating": 3}),
            ("GET", f"/editions/{slug}/summary", None),
        ],
        "matching": [
            ("GET", recommendations, None),
            ("GET", f"/editions/{slug}/recommendations", None),
        ],
    }
    for name, calls in attempts.items():
        for method, path, body in calls:
            started = time.monotonic()
            response = http[name].request(method, path, json=body)
            assert response.status_code == 503, (name, method, path, response.text)
            assert "Retry-After" in response.headers
            assert time.monotonic() - started < 10, f"{name} {path} took too long to refuse"
    # An event that arrives meanwhile waits in Kafka: matching cannot store it yet.
    offer = OrganizationProfileUpdated(
        organization_id=b, version=50, name="B", size="small", regions=["fyn"], offers=["legal-aid"]
    )
    asyncio.run(publish([offer], random.Random(0)))
    # Matching tries it again and again, more often than its dead-letter limit
    # (3 attempts): a database outage is not the event's fault.
    deadline = time.monotonic() + 90
    while failures(matching.get("/metrics").text) <= 3:
        assert time.monotonic() < deadline, (
            "matching stopped trying the waiting event (dead-lettered it?) "
            f"after {failures(matching.get('/metrics').text):.0f} attempts"
        )
        time.sleep(1)

    infra("db-start")
    for name, service in http.items():
        ready = eventually(lambda s=service: s.get("/readyz"), lambda r: r.status_code == 200)
        assert ready.status_code == 200, (name, ready.text)
    # The event that waited took effect; nothing was dead-lettered in between.
    eventually(
        lambda: matching.get(recommendations),
        lambda r: kinds(r, b) == {"same-region", "complementary"},
    )
    assert kinds(matching.get(recommendations), b) == {"same-region", "complementary"}
    metrics = matching.get("/metrics").text
    assert "synergi_events_dead_lettered_total{" not in metrics, metrics
    # The refused registration left nothing behind: a's registration is there once.
    listed = registration.get(f"/editions/{slug}/registrations").json()
    assert sorted(item["organization_id"] for item in listed) == sorted([a, b])
    assert all(len(item["participants"]) == 1 for item in listed)
