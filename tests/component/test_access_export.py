"""The right of access (GDPR art. 15): one export holds everything every
service keeps about a person, in every edition the same e-mail address was
registered for, each part under the service that holds it (security review,
finding 6)."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app
from tests.helpers import settles
from tests.helpers.evaluation_day import retrying

R = "/registration"


@pytest.fixture
async def platform(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    gateway = create_single_process_app(settings)
    async with gateway.lifespan():
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            yield client, gateway


async def _register(api, organizer, slug: str, org: str, *names: str) -> dict[str, str]:
    people = [{"name": name, "email": f"{name.lower()}@example.org"} for name in names]
    made = await api.post(
        f"{R}/editions/{slug}/registrations",
        json={"organization_id": org, "participants": people},
        headers=organizer,
    )
    assert made.status_code == 201, made.text
    return {p["name"]: p["id"] for p in made.json()["participants"]}


async def _workshop(api, organizer, slug: str, round_: int, capacity: int) -> str:
    body = {
        "title": f"Runde {round_}",
        "theme": "co-creation",
        "round": round_,
        "capacity": capacity,
    }
    path = f"/workshops/editions/{slug}/workshops"
    made = await settles(lambda: _created(api.post(path, json=body, headers=organizer)))
    return made.json()["id"]


async def _created(call) -> httpx.Response | None:
    answer = await call
    return answer if answer.status_code == 201 else None


async def test_the_export_holds_every_service_and_edition_and_nothing_of_others(
    platform, organizer, auth
) -> None:
    api, gateway = platform
    for slug, day in (("day-2030", "2030-05-01"), ("day-2031", "2031-05-01")):
        body = {"slug": slug, "title": slug, "date": day}
        assert (await api.post(f"{R}/editions", json=body, headers=organizer)).is_success
    a, b = [
        (
            await api.post(
                f"{R}/organizations", json={"name": n, "size": "small"}, headers=organizer
            )
        ).json()["id"]
        for n in ("Mor-Barn Fyn", "Effektlab")
    ]
    first = await _register(api, organizer, "day-2030", a, "Anna", "Carl")
    await _register(api, organizer, "day-2030", b, "Bo")
    anna = first["Anna"]
    again = (await _register(api, organizer, "day-2031", a, "Anna"))["Anna"]
    elsewhere = (await _register(api, organizer, "day-2031", b, "Anna"))["Anna"]

    # Workshops: a check-in, and a waitlist place behind Carl.
    visited = await _workshop(api, organizer, "day-2030", 1, 10)
    full = await _workshop(api, organizer, "day-2030", 2, 1)
    base = "/workshops/editions/day-2030/workshops"
    for path, who in ((f"{visited}/checkins", anna), (f"{full}/signups", first["Carl"]),
                      (f"{full}/signups", anna)):  # fmt: skip
        done = await retrying(
            lambda p=path, w=who: api.post(
                f"{base}/{p}", json={"participant_id": w}, headers=organizer
            )
        )
        assert done.status_code in (200, 201), done.text
    # Feedback: her evaluation, once the check-in has reached the service.
    evaluation = {
        "day_rating": 5,
        "workshops": [{"workshop_id": visited, "rating": 4, "insight": "Mål hver måned",
                       "insight_kind": "tip"}],
        "follow_ups": [{"organization_id": b, "topic": "frivillige"}],
        "comment": "En god dag",
        "may_quote": True,
    }  # fmt: skip
    path = f"/feedback/editions/day-2030/responses/{anna}"

    async def evaluated():
        answer = await retrying(lambda: api.put(path, json=evaluation, headers=organizer))
        return answer if answer.status_code == 200 else None

    await settles(evaluated)
    await api.put(
        f"{R}/participants/{anna}/consent", json={"share_contact": True}, headers=organizer
    )
    # A follow-up mail sent to her (as registration records one).
    mails = gateway.apps["registration"].state.store.mail_log
    now = datetime.now(UTC)
    round_ = f"day-2030/3/{a}"
    key = f"follow-up/{round_}/{anna}"
    about = {"kind": "follow-up", "edition": "day-2030", "organization_id": a, "recipient_id": anna}
    assert await mails.claim(key, about, now, now - timedelta(minutes=10))
    await mails.sent(key, now)

    async def complete():  # once matching has taken in her check-in and evaluation
        answer = await api.get(f"{R}/participants/{anna}/export", headers=organizer)
        held = answer.json()["held_by"]["matching"][anna]
        return answer if held["check_ins"] and held["evaluations"] else None

    export = (await settles(complete)).json()
    assert export["participant"]["email"] == "anna@example.org"
    assert export["same_person"] == [anna, again, elsewhere]
    held = export["held_by"]
    assert set(held) == {"registration", "workshops", "feedback", "matching"}
    mine = held["registration"][anna]
    assert [c["share_contact"] for c in mine["consent_history"]][-1] is True
    assert [m["follow_up_id"] for m in mine["follow_up_emails"]] == [round_]
    assert held["registration"][elsewhere]["organization_name"] == "Effektlab"
    places = {w["workshop_id"]: w for w in held["workshops"][anna]["workshops"]}
    assert places[visited]["checked_in"] is True
    assert (places[full]["status"], places[full]["position"]) == ("waitlisted", 1)
    [response] = held["feedback"][anna]["responses"]
    assert response["comment"] == "En god dag" and response["may_quote"] is True
    assert response["workshops"][0]["insight"] == "Mål hver måned"
    assert response["follow_ups"][0]["organization_id"] == b
    assert held["feedback"][anna]["checked_in_at"] == [visited]
    assert held["matching"][anna]["check_ins"] == [{"edition": "day-2030", "workshop_id": visited}]
    assert held["matching"][anna]["evaluations"][0]["wishes"] == [b]
    assert held["workshops"][again]["workshops"] == []

    # Her organisation sees her registrations with it, not another organisation's.
    own = await api.get(f"{R}/participants/{anna}/export", headers=auth("organization", a))
    assert own.status_code == 200 and own.json()["same_person"] == [anna, again]
    other = await api.get(f"{R}/participants/{anna}/export", headers=auth("organization", b))
    assert other.status_code == 403
    for service in ("workshops", "feedback", "matching"):
        path = f"/{service}/participants/{anna}/export"
        assert (await api.get(path, headers=auth("organization", b))).status_code == 403
        assert (await api.get(path, headers=auth("tool"))).status_code == 403
    await asyncio.sleep(0)
