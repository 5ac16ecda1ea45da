"""Kafka stops while registrations, sign-ups, check-ins and feedback arrive:
every request still gets an answer (accepted through the outbox, never a 500,
never a hang); the services are killed and restarted while Kafka is still
away; and once Kafka is back every accepted change reaches every consumer,
exactly once in effect."""

import time
import uuid

import httpx

from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.infra import infra
from tests.helpers.processes import client, eventually, schedule_workshop


def _get(url: str) -> httpx.Response:
    try:
        return httpx.get(url, timeout=5)
    except httpx.TransportError:  # still starting
        return httpx.Response(599)


def accepted(response: httpx.Response) -> bool:
    """Accepted, or refused for now in a way a client can act on; never a 500."""
    if response.status_code == 503:
        assert "Retry-After" in response.headers, response.text
        return False
    assert response.status_code in (200, 201), f"{response.status_code} {response.text}"
    return True


def test_changes_made_while_kafka_is_down_reach_every_consumer_once(stack, request) -> None:
    token = mint_token(TEST_SECRET, "organizer")
    registration, workshops, feedback, matching = (
        client(stack[name], token) for name in ("registration", "workshops", "feedback", "matching")
    )
    slug = f"kafka-out-{uuid.uuid4().hex[:6]}"
    assert registration.post(
        "/editions", json={"slug": slug, "title": "T", "date": "2030-05-01"}
    ).is_success
    a, b, c = (
        registration.post(
            "/organizations", json={"name": name, "size": "small", "regions": ["fyn"]}
        ).json()["id"]
        for name in "ABC"
    )

    def register(org: str, name: str) -> str:
        response = registration.post(
            f"/editions/{slug}/registrations",
            json={
                "organization_id": org,
                "participants": [{"name": name, "email": f"{name}@example.org"}],
            },
        )
        assert accepted(response)
        return response.json()["participants"][0]["id"]

    anna, bo = register(a, "anna"), register(b, "bo")
    workshop = schedule_workshop(workshops.post, f"/editions/{slug}/workshops", title="Samskabelse")
    for person in (anna, bo):  # bo's seat is taken now, his check-in comes in the outage
        assert eventually(
            lambda person=person: workshops.post(
                f"/editions/{slug}/workshops/{workshop}/signups", json={"participant_id": person}
            ),
            lambda r: r.status_code == 201,
        ).is_success
    assert eventually(
        lambda: workshops.post(
            f"/editions/{slug}/workshops/{workshop}/checkins", json={"participant_id": anna}
        ),
        lambda r: r.status_code == 201,
    ).is_success
    eventually(
        lambda: feedback.get(f"/editions/{slug}/summary"),
        lambda r: r.is_success and r.json()["checked_in"] == 1,
    )

    request.getfixturevalue("kafka_outage")
    started = time.monotonic()
    assert accepted(registration.patch(f"/organizations/{a}", json={"needs": ["volunteers"]}))
    assert accepted(registration.patch(f"/organizations/{b}", json={"offers": ["volunteers"]}))
    cleo = register(c, "cleo")
    assert accepted(
        workshops.post(
            f"/editions/{slug}/workshops/{workshop}/checkins", json={"participant_id": bo}
        )
    )
    response = {
        "day_rating": 4,
        "workshops": [{"workshop_id": workshop, "rating": 5}],
        "follow_ups": [{"organization_id": b}],
    }
    assert accepted(feedback.put(f"/editions/{slug}/responses/{anna}", json=response))
    assert time.monotonic() - started < 30, "answers came, but slowly"
    not_ready = eventually(lambda: registration.get("/readyz"), lambda r: r.status_code == 503)
    assert not_ready.json()["checks"]["kafka"] == "unreachable"
    # The publishers die during the outage (a deploy, a crash) and come back
    # while Kafka is still away: what they accepted must still be on its way.
    for name in ("registration", "workshops", "feedback"):
        stack[name].kill()
        stack[name].start()
    for name in ("registration", "workshops", "feedback"):
        alive = eventually(
            lambda n=name: _get(f"{stack[n].url}/healthz"), lambda r: r.status_code == 200
        )
        assert alive.status_code == 200, stack[name].log()[-2000:]
    infra("kafka-start")  # (the fixture's own start afterwards finds it running)

    # Matching: the profiles, the check-in and the wish all arrived.
    def arrived(response: httpx.Response) -> bool:
        recommendations = response.json().get("recommendations", [])
        reasons_with_b = {
            reason["kind"]
            for rec in recommendations
            if rec["partner_id"] == b
            for reason in rec["reasons"]
        }
        partners = {rec["partner_id"] for rec in recommendations}
        return {"complementary", "met-at-workshop", "follow-up-wish"} <= reasons_with_b and (
            c in partners
        )

    pair = eventually(
        lambda: matching.get(f"/editions/{slug}/organizations/{a}/recommendations"),
        arrived,
        seconds=90,
    ).json()
    partners = {rec["partner_id"] for rec in pair["recommendations"]}
    assert partners == {b, c}, pair  # c's registration reached matching too
    # Feedback: bo's check-in arrived once, anna's response counts once.
    summary = eventually(
        lambda: feedback.get(f"/editions/{slug}/summary"),
        lambda r: r.json()["checked_in"] == 2,
    ).json()
    assert (summary["checked_in"], summary["responses"]) == (2, 1), summary
    assert summary["most_wished_follow_ups"] == [{"organization_id": b, "wished_by": 1}]
    # Workshops: cleo's registration arrived, so she can sign up; seats are counted once.
    assert eventually(
        lambda: workshops.post(
            f"/editions/{slug}/workshops/{workshop}/signups", json={"participant_id": cleo}
        ),
        lambda r: r.status_code == 201,
    ).is_success
    [listed] = workshops.get(f"/editions/{slug}/workshops").json()
    assert listed["seats_taken"] == 3
