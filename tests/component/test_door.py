"""The door: a door link the organiser makes signs in a volunteer's tablet
for one edition; the session finds the edition's people (names and
organisations, no addresses) and checks them in, and nothing else; revoking
the link ends its sessions at once."""

from datetime import UTC, datetime, timedelta

import httpx

from tests.helpers import settles

SLUG = "door-2030"
R, W = f"/registration/editions/{SLUG}", f"/workshops/editions/{SLUG}"


async def _edition(api: httpx.AsyncClient, organizer) -> dict[str, str]:
    day = {"slug": SLUG, "title": "Dagen", "date": "2030-05-01"}
    assert (await api.post("/registration/editions", json=day, headers=organizer)).is_success
    org = (
        await api.post(
            "/registration/organizations",
            json={"name": "Mor-Barn Fyn", "size": "small"},
            headers=organizer,
        )
    ).json()["id"]
    registration = (
        await api.post(
            f"{R}/registrations",
            json={"organization_id": org, "participants": [{"name": "Anna", "email": "a@x.dk"}]},
            headers=organizer,
        )
    ).json()
    body = {"title": "Måling", "theme": "co-creation", "round": 1, "capacity": 5}
    workshop = await settles(
        lambda: _created(api.post(f"{W}/workshops", json=body, headers=organizer))
    )
    return {"org": org, "anna": registration["participants"][0]["id"], "workshop": workshop}


async def _created(call) -> str | None:
    answer = await call
    return answer.json()["id"] if answer.status_code == 201 else None


async def test_a_door_link_checks_people_in_at_its_edition_and_revoking_it_ends_that(
    api, organizer
) -> None:
    world = await _edition(api, organizer)
    made = await api.post(f"{R}/door-links", json={"label": "Indgang nord"}, headers=organizer)
    assert made.status_code == 201
    link = made.json()
    assert link["path"] == f"/sign-in#code={link['code']}"
    midnight_after = datetime(2030, 5, 1, 22, 0, tzinfo=UTC)  # Danish time
    assert datetime.fromisoformat(link["expires_at"]) == midnight_after

    # The code signs in any number of tablets, each a door session of the edition.
    sessions = [
        (await api.post("/registration/sessions", json={"code": link["code"]})).json()
        for _ in range(2)
    ]
    assert [(s["role"], s["edition"]) for s in sessions] == [("door", SLUG)] * 2
    door = {"Authorization": f"Bearer {sessions[0]['token']}"}
    people = (await api.get(f"{R}/door-list", headers=door)).json()["people"]
    assert people == [
        {
            "participant_id": world["anna"],
            "name": "Anna",
            "organization_id": world["org"],
            "organization_name": "Mor-Barn Fyn",
        }
    ]
    checked = await api.post(
        f"{W}/workshops/{world['workshop']}/checkins",
        json={"participant_id": world["anna"]},
        headers=door,
    )
    assert checked.status_code == 201
    export = await api.get(f"/registration/participants/{world['anna']}/export", headers=door)
    assert export.status_code == 403 and "only find and check in" in export.json()["detail"]
    other = await api.get("/registration/editions/another-2030/door-list", headers=door)
    assert other.status_code == 403 and f"'{SLUG}' only" in other.json()["detail"]
    listed = (await api.get(f"{R}/door-links", headers=organizer)).json()["items"]
    assert [(item["label"], item["revoked_at"]) for item in listed] == [("Indgang nord", None)]
    assert "code" not in listed[0]

    # Revoked: the session ends everywhere, the code signs in no more.
    gone = await api.delete(f"{R}/door-links/{link['id']}", headers=organizer)
    assert gone.json()["revoked_at"] is not None

    async def ended_in_workshops() -> bool:
        answer = await api.get(f"{W}/workshops", headers=door)
        return answer.status_code == 401

    assert await settles(ended_in_workshops)
    assert (await api.get(f"{R}/door-list", headers=door)).status_code == 401
    again = await api.post("/registration/sessions", json={"code": link["code"]})
    assert again.status_code == 401
    missing = await api.delete(f"{R}/door-links/no-such-link", headers=organizer)
    assert missing.status_code == 404


async def test_a_check_in_made_offline_keeps_the_time_it_happened(api, organizer) -> None:
    """Two tablets, one offline: one check-in, at the earliest time either gave."""
    world = await _edition(api, organizer)
    path = f"{W}/workshops/{world['workshop']}/checkins"
    now = datetime.now(UTC).replace(microsecond=0)  # MongoDB keeps milliseconds
    earlier, later = now - timedelta(minutes=20), now - timedelta(minutes=5)

    async def online_first() -> httpx.Response | None:  # once workshops knows Anna
        answer = await api.post(
            path,
            json={"participant_id": world["anna"], "checked_in_at": later.isoformat()},
            headers=organizer,
        )
        return answer if answer.status_code != 409 else None

    online = await settles(online_first)
    offline = await api.post(
        path,
        json={"participant_id": world["anna"], "checked_in_at": earlier.isoformat()},
        headers=organizer,
    )
    assert (online.status_code, offline.status_code) == (201, 200)
    roster = (await api.get(f"{W}/workshops/{world['workshop']}/roster", headers=organizer)).json()
    (entry,) = [e for e in roster["confirmed"] if e["participant_id"] == world["anna"]]
    assert entry["checked_in"] and datetime.fromisoformat(entry["checked_in_at"]) == earlier
    future = (now + timedelta(hours=1)).isoformat()
    ahead = await api.post(
        path, json={"participant_id": world["anna"], "checked_in_at": future}, headers=organizer
    )
    assert ahead.status_code == 422 and "in the future" in ahead.json()["detail"]
