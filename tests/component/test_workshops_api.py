"""The workshops API in memory: registration events feed its read model; sign-ups,
waitlist, promotion and check-in over HTTP."""

import asyncio

import httpx
import pytest

from synergi_shared.runtime import unheard_of

W = "/workshops/editions/impact-2026"


@pytest.fixture
async def day(api: httpx.AsyncClient, organizer) -> dict:
    """An edition with two organisations, three participants each."""
    edition = {"slug": "impact-2026", "title": "Indsatsdag", "date": "2030-05-01"}
    await api.post("/registration/editions", json=edition, headers=organizer)
    people: dict[str, list[str]] = {}
    registrations = {}
    for name in ("north", "south"):
        org = (
            await api.post(
                "/registration/organizations",
                json={"name": name, "size": "small"},
                headers=organizer,
            )
        ).json()["id"]
        created = await api.post(
            "/registration/editions/impact-2026/registrations",
            json={
                "organization_id": org,
                "participants": [
                    {"name": f"{name} {i}", "email": f"{name}{i}@example.org"} for i in range(3)
                ],
            },
            headers=organizer,
        )
        people[org] = [p["id"] for p in created.json()["participants"]]
        registrations[org] = created.json()["id"]
    await until(lambda: api.get(f"{W}/workshops", headers=organizer), 200)
    # As a front-end would: wait while the service answers "not heard of yet".
    probe = await workshop(api, organizer, capacity=100, round=20)
    for person in (p for ps in people.values() for p in ps):
        path = f"{W}/workshops/{probe}/signups"
        for _ in range(100):
            response = await api.post(path, json={"participant_id": person}, headers=organizer)
            if "Retry-After" not in response.headers:
                break
            await asyncio.sleep(0.02)
        assert response.status_code == 201, response.text
        await api.delete(f"{path}/{person}", headers=organizer)
    return {"people": people, "registrations": registrations}


async def until(request, status: int) -> httpx.Response:
    for _ in range(100):
        response = await request()
        if response.status_code == status:
            return response
        await asyncio.sleep(0.02)
    return response


async def workshop(
    api, organizer, capacity: int = 2, round: int = 1, theme: str = "co-creation"
) -> str:
    body = {"title": f"W{round}-{capacity}", "theme": theme, "round": round, "capacity": capacity}
    response = await api.post(f"{W}/workshops", json=body, headers=organizer)
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def test_the_default_themes_and_an_added_one(api, organizer, auth, day) -> None:
    themes = (await api.get(f"{W}/themes", headers=auth("tool"))).json()
    assert [t["id"] for t in themes][:3] == [
        "measurement-documentation",
        "co-creation",
        "public-affairs-communication",
    ]
    assert themes[1]["name_da"] == "Samskabelse"
    body = {"id": "volunteering", "name_en": "Volunteering", "name_da": "Frivillighed"}
    assert (await api.post(f"{W}/themes", json=body, headers=organizer)).status_code == 201
    assert (await api.post(f"{W}/themes", json=body, headers=organizer)).status_code == 409
    assert await workshop(api, organizer, theme="volunteering")
    bad = {"title": "X", "theme": "astrology", "round": 1, "capacity": 3}
    response = await api.post(f"{W}/workshops", json=bad, headers=organizer)
    assert response.status_code == 422
    assert "astrology" in response.json()["detail"]


async def test_capacity_waitlist_and_promotion(api, organizer, auth, day) -> None:
    w = await workshop(api, organizer, capacity=2)
    org, people = next(iter(day["people"].items()))
    mine = auth("organization", org)
    answers = []
    for person in people:
        response = await api.post(
            f"{W}/workshops/{w}/signups", json={"participant_id": person}, headers=mine
        )
        assert response.status_code == 201
        answers.append((response.json()["status"], response.json()["position"]))
    assert answers == [("confirmed", None), ("confirmed", None), ("waitlisted", 1)]
    listed = next(x for x in (await api.get(f"{W}/workshops", headers=mine)).json() if x["id"] == w)
    assert (listed["seats_taken"], listed["waitlist_length"]) == (2, 1)

    assert (
        await api.delete(f"{W}/workshops/{w}/signups/{people[0]}", headers=mine)
    ).status_code == 204
    roster = (await api.get(f"{W}/workshops/{w}/roster", headers=organizer)).json()
    assert [e["participant_id"] for e in roster["confirmed"]] == [people[1], people[2]]
    assert roster["waitlist"] == []
    assert (
        await api.delete(f"{W}/workshops/{w}/signups/{people[0]}", headers=mine)
    ).status_code == 404


async def test_one_workshop_per_round(api, organizer, day) -> None:
    first, second = (
        await workshop(api, organizer, round=1),
        await workshop(api, organizer, capacity=5, round=1),
    )
    later = await workshop(api, organizer, round=2)
    person = next(iter(day["people"].values()))[0]
    body = {"participant_id": person}
    assert (
        await api.post(f"{W}/workshops/{first}/signups", json=body, headers=organizer)
    ).status_code == 201
    clash = await api.post(f"{W}/workshops/{second}/signups", json=body, headers=organizer)
    assert clash.status_code == 409
    assert "round 1" in clash.json()["detail"]
    assert (
        await api.post(f"{W}/workshops/{later}/signups", json=body, headers=organizer)
    ).status_code == 201
    # Signing up again for the same workshop answers as before.
    again = await api.post(f"{W}/workshops/{first}/signups", json=body, headers=organizer)
    assert (again.status_code, again.json()["status"]) == (201, "confirmed")
    await api.delete(f"{W}/workshops/{first}/signups/{person}", headers=organizer)
    assert (
        await api.post(f"{W}/workshops/{second}/signups", json=body, headers=organizer)
    ).status_code == 201


async def test_check_in_is_idempotent_and_walk_ins_need_a_free_seat(
    api, organizer, auth, day
) -> None:
    w = await workshop(api, organizer, capacity=2)
    people = [p for ps in day["people"].values() for p in ps]
    await api.post(
        f"{W}/workshops/{w}/signups", json={"participant_id": people[0]}, headers=organizer
    )
    path = f"{W}/workshops/{w}/checkins"
    first = await api.post(path, json={"participant_id": people[0]}, headers=organizer)
    assert (first.status_code, first.json()["first_check_in"], first.json()["walk_in"]) == (
        201,
        True,
        False,
    )
    again = await api.post(path, json={"participant_id": people[0]}, headers=organizer)
    assert (again.status_code, again.json()["first_check_in"]) == (200, False)
    walk_in = await api.post(path, json={"participant_id": people[1]}, headers=organizer)
    assert (walk_in.status_code, walk_in.json()["walk_in"]) == (201, True)
    full = await api.post(path, json={"participant_id": people[2]}, headers=organizer)
    assert full.status_code == 409
    assert "full" in full.json()["detail"]
    org = next(iter(day["people"]))
    assert (
        await api.post(path, json={"participant_id": people[3]}, headers=auth("organization", org))
    ).status_code == 403


async def test_unknown_participants_and_other_organisations(
    api, organizer, auth, day, monkeypatch
) -> None:
    w = await workshop(api, organizer)
    unknown = await api.post(
        f"{W}/workshops/{w}/signups", json={"participant_id": "ghost"}, headers=organizer
    )
    assert unknown.status_code == 409
    assert unknown.headers["Retry-After"]
    (_, north_people), (south, _) = list(day["people"].items())
    foreign = await api.post(
        f"{W}/workshops/{w}/signups",
        json={"participant_id": north_people[0]},
        headers=auth("organization", south),
    )
    assert foreign.status_code == 403
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)  # not "not yet": never
    assert (
        await api.get("/workshops/editions/nope/workshops", headers=organizer)
    ).status_code == 404
    assert (await api.get(f"{W}/workshops/nope", headers=organizer)).status_code == 404
    bad = {"title": "X", "theme": "co-creation", "round": 1, "capacity": 0}
    assert (await api.post(f"{W}/workshops", json=bad, headers=organizer)).status_code == 422
    assert (
        await api.post(f"{W}/workshops", json={**bad, "capacity": 3}, headers=auth("tool"))
    ).status_code == 403


async def test_a_cancelled_registration_releases_its_seats(api, organizer, day) -> None:
    w = await workshop(api, organizer, capacity=1)
    (north, north_people), (_, south_people) = list(day["people"].items())
    for person, status in ((north_people[0], "confirmed"), (south_people[0], "waitlisted")):
        response = await api.post(
            f"{W}/workshops/{w}/signups", json={"participant_id": person}, headers=organizer
        )
        assert response.json()["status"] == status, response.text
    registration = day["registrations"][north]
    await api.post(
        f"/registration/editions/impact-2026/registrations/{registration}/cancel", headers=organizer
    )

    async def roster():
        return await api.get(f"{W}/workshops/{w}/roster", headers=organizer)

    for _ in range(100):
        confirmed = [e["participant_id"] for e in (await roster()).json()["confirmed"]]
        if confirmed == [south_people[0]]:
            break
        await asyncio.sleep(0.02)
    assert confirmed == [south_people[0]]  # promoted from the waitlist
    gone = await api.post(
        f"{W}/workshops/{w}/signups", json={"participant_id": north_people[1]}, headers=organizer
    )
    assert gone.status_code == 409


async def test_an_organisation_reads_its_participants_sign_ups_by_round(
    api, organizer, auth, day
) -> None:
    first, second = (
        await workshop(api, organizer, capacity=1),
        await workshop(api, organizer, round=2),
    )
    (org, people), (other, _) = day["people"].items()
    mine = auth("organization", org)
    for w, person in ((first, people[0]), (first, people[1]), (second, people[1])):
        path = f"{W}/workshops/{w}/signups"
        assert (
            await api.post(path, json={"participant_id": person}, headers=mine)
        ).status_code == 201

    read = await api.get(f"{W}/participants/{people[1]}/signups", headers=mine)
    assert [(s["workshop_id"], s["status"], s["position"]) for s in read.json()] == [
        (first, "waitlisted", 1),
        (second, "confirmed", None),
    ]
    assert (await api.get(f"{W}/participants/{people[2]}/signups", headers=mine)).json() == []
    theirs = auth("organization", other)
    path = f"{W}/participants/{people[0]}/signups"
    assert (await api.get(path, headers=theirs)).status_code == 403
