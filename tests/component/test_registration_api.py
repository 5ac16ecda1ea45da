"""The registration service's HTTP API, in memory, as a front-end uses it."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

BASE = "/registration"


@pytest.fixture
async def edition(api: httpx.AsyncClient, organizer) -> str:
    body = {"slug": "impact-2026", "title": "Indsatsdag 2026", "date": "2030-05-01"}
    assert (await api.post(f"{BASE}/editions", json=body, headers=organizer)).status_code == 201
    return "impact-2026"


async def new_org(api, organizer, name: str | None = None) -> str:
    body = {"name": name or f"Org {uuid.uuid4().hex[:6]}", "size": "medium"}
    response = await api.post(f"{BASE}/organizations", json=body, headers=organizer)
    return response.json()["id"]


def person(name: str = "Anna Jensen", **extra) -> dict:
    return {"name": name, "email": f"{name.split()[0].lower()}@example.org", **extra}


async def register(api, headers, edition: str, org: str, *people: dict) -> httpx.Response:
    return await api.post(
        f"{BASE}/editions/{edition}/registrations",
        json={"organization_id": org, "participants": list(people) or [person()]},
        headers=headers,
    )


async def test_a_registration_after_the_deadline_is_refused_with_the_date(api, organizer) -> None:
    past = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    body = {"slug": "closed", "title": "T", "date": "2030-05-01", "registration_deadline": past}
    assert (await api.post(f"{BASE}/editions", json=body, headers=organizer)).status_code == 201
    response = await register(api, organizer, "closed", await new_org(api, organizer))
    assert response.status_code == 409
    assert "closed at" in response.json()["detail"]
    naive = {**body, "slug": "naive", "registration_deadline": "2026-04-01T12:00:00"}
    assert (await api.post(f"{BASE}/editions", json=naive, headers=organizer)).status_code == 422


async def test_listing_pages_and_filters(api, organizer, edition) -> None:
    orgs = [await new_org(api, organizer, f"Org {i}") for i in range(5)]
    ids = [(await register(api, organizer, edition, org)).json()["id"] for org in orgs]
    await api.post(f"{BASE}/editions/{edition}/registrations/{ids[0]}/cancel", headers=organizer)

    page = await api.get(f"{BASE}/editions/{edition}/registrations?limit=2", headers=organizer)
    assert [r["id"] for r in page.json()] == ids[:2]
    assert page.headers["X-Total-Count"] == "5"
    assert "offset=2" in page.headers["Link"]
    last = await api.get(
        f"{BASE}/editions/{edition}/registrations?limit=2&offset=4", headers=organizer
    )
    assert [r["id"] for r in last.json()] == ids[4:]
    assert "Link" not in last.headers

    active = await api.get(
        f"{BASE}/editions/{edition}/registrations?status=active", headers=organizer
    )
    assert [r["id"] for r in active.json()] == ids[1:]
    one = await api.get(
        f"{BASE}/editions/{edition}/registrations?organization_id={orgs[2]}", headers=organizer
    )
    assert [r["id"] for r in one.json()] == [ids[2]]
    too_big = await api.get(
        f"{BASE}/editions/{edition}/registrations?limit=1000", headers=organizer
    )
    assert too_big.status_code == 422


async def test_cancel_then_register_again(api, organizer, auth, edition) -> None:
    org = await new_org(api, organizer)
    first = (await register(api, auth("organization", org), edition, org)).json()
    path = f"{BASE}/editions/{edition}/registrations/{first['id']}/cancel"
    cancelled = await api.post(path, headers=auth("organization", org))
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_at"]
    again = await api.post(path, headers=auth("organization", org))
    assert again.json() == cancelled.json()  # the second cancel changes nothing
    other = await new_org(api, organizer)
    assert (await api.post(path, headers=auth("organization", other))).status_code == 403
    assert (await register(api, organizer, edition, org)).status_code == 201


async def test_participants_can_be_added_and_removed_but_not_the_last_one(
    api, organizer, auth, edition
) -> None:
    org = await new_org(api, organizer)
    mine = auth("organization", org)
    registration = (await register(api, mine, edition, org, person("Anna Jensen"))).json()
    base = f"{BASE}/editions/{edition}/registrations/{registration['id']}/participants"

    added = await api.post(base, json=person("Bo Holm", role="Board"), headers=mine)
    assert added.status_code == 201
    assert added.json()["role"] == "board"
    anna = registration["participants"][0]["id"]
    assert (await api.delete(f"{base}/{anna}", headers=mine)).status_code == 204
    last = await api.delete(f"{base}/{added.json()['id']}", headers=mine)
    assert last.status_code == 409
    assert "at least one participant" in last.json()["detail"]
    assert (await api.delete(f"{base}/nobody", headers=mine)).status_code == 404
    stored = await api.get(
        f"{BASE}/editions/{edition}/registrations/{registration['id']}", headers=mine
    )
    assert [p["name"] for p in stored.json()["participants"]] == ["Bo Holm"]
    other = auth("organization", await new_org(api, organizer))
    assert (await api.post(base, json=person(), headers=other)).status_code == 403


async def test_consent_defaults_to_no_and_every_answer_is_kept_with_its_time(
    api, organizer, auth, edition
) -> None:
    org = await new_org(api, organizer)
    registration = (await register(api, organizer, edition, org)).json()
    participant = registration["participants"][0]
    assert participant["consent"]["share_contact"] is False
    path = f"{BASE}/participants/{participant['id']}/consent"
    changed = await api.put(path, json={"share_contact": True}, headers=auth("organization", org))
    assert changed.json()["consent"]["share_contact"] is True
    export = await api.get(f"{BASE}/participants/{participant['id']}/export", headers=organizer)
    assert [c["share_contact"] for c in export.json()["consent_history"]] == [False, True]
    assert (
        await api.put(path, json={"share_contact": "maybe"}, headers=organizer)
    ).status_code == 422
    assert (
        await api.put(
            f"{BASE}/participants/x/consent", json={"share_contact": True}, headers=organizer
        )
    ).status_code == 404


async def test_erasure_removes_the_persons_data_and_export_shows_what_is_left(
    api, organizer, auth, edition
) -> None:
    org = await new_org(api, organizer, "Mor-Barn Fyn")
    registration = (
        await register(
            api, organizer, edition, org, person("Anna Jensen", role="staff"), person("Bo Holm")
        )
    ).json()
    anna, bo = (p["id"] for p in registration["participants"])

    export = (
        await api.get(f"{BASE}/participants/{anna}/export", headers=auth("organization", org))
    ).json()
    assert export["participant"]["email"] == "anna@example.org"
    assert export["organization_name"] == "Mor-Barn Fyn"
    assert "Bo Holm" not in str(export)  # nobody else's data

    other = auth("organization", await new_org(api, organizer))
    assert (await api.delete(f"{BASE}/participants/{anna}", headers=other)).status_code == 403
    assert (await api.delete(f"{BASE}/participants/{anna}", headers=organizer)).status_code == 204
    assert (await api.delete(f"{BASE}/participants/{anna}", headers=organizer)).status_code == 204

    erased = (await api.get(f"{BASE}/participants/{anna}/export", headers=organizer)).json()
    assert erased["participant"]["name"] is None
    assert erased["participant"]["email"] is None
    assert erased["participant"]["erased_at"]
    assert erased["consent_history"] == []
    listed = await api.get(f"{BASE}/editions/{edition}/registrations", headers=organizer)
    assert "anna@example.org" not in listed.text
    assert "Anna" not in listed.text
    assert "Bo Holm" in listed.text
    consent = await api.put(
        f"{BASE}/participants/{anna}/consent", json={"share_contact": True}, headers=organizer
    )
    assert consent.status_code == 409
    assert (
        await api.get(f"{BASE}/participants/nobody/export", headers=organizer)
    ).status_code == 404
    assert bo


async def test_a_database_outage_is_a_503_with_retry_after(api, organizer, monkeypatch) -> None:
    from pymongo.errors import ServerSelectionTimeoutError

    from synergi_registration.store import RegistrationStore

    async def unreachable(*_, **__):
        raise ServerSelectionTimeoutError("127.0.0.1:27017: connection refused")

    monkeypatch.setattr(RegistrationStore, "insert_profile_version", unreachable)
    response = await api.post(
        f"{BASE}/organizations", json={"name": "Org", "size": "small"}, headers=organizer
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"]
    assert "nothing was changed" in response.json()["detail"]


async def test_an_edition_is_planned_ahead_and_can_be_edited(api, organizer) -> None:
    past = {"slug": "then", "title": "T", "date": "2020-05-01"}
    refused = await api.post(f"{BASE}/editions", json=past, headers=organizer)
    assert refused.status_code == 422 and "in the past" in refused.json()["detail"]
    late = {
        "slug": "late",
        "title": "T",
        "date": "2030-05-01",
        "registration_deadline": "2030-05-02T12:00:00+02:00",
    }
    refused = await api.post(f"{BASE}/editions", json=late, headers=organizer)
    assert refused.status_code == 422 and "after the day" in refused.json()["detail"]
    listed = (await api.get(f"{BASE}/editions", headers=organizer)).json()
    assert [e["slug"] for e in listed] == []  # nothing stored

    fine = {"slug": "fine", "title": "T", "date": "2030-05-01"}
    assert (await api.post(f"{BASE}/editions", json=fine, headers=organizer)).status_code == 201
    edited = await api.patch(
        f"{BASE}/editions/fine", json={"title": "Indsatsdag", "venue": "Odense"}, headers=organizer
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["title"], edited.json()["venue"]) == ("Indsatsdag", "Odense")
    assert (await api.get(f"{BASE}/editions/fine", headers=organizer)).json()["venue"] == "Odense"
    moved = await api.patch(f"{BASE}/editions/fine", json={"date": "2020-01-01"}, headers=organizer)
    assert moved.status_code == 422
    unknown = await api.patch(f"{BASE}/editions/nope", json={"title": "X"}, headers=organizer)
    assert unknown.status_code == 404
    slug_kept = await api.patch(f"{BASE}/editions/fine", json={"slug": "x"}, headers=organizer)
    assert slug_kept.status_code == 422


async def test_a_second_organisation_of_the_same_name_is_a_409_that_names_the_first(
    api, organizer
) -> None:
    first = await new_org(api, organizer, name="Mor-Barn Fyn")
    again = await api.post(
        f"{BASE}/organizations", json={"name": "mor-barn  FYN", "size": "small"}, headers=organizer
    )
    assert again.status_code == 409
    assert first in again.json()["detail"] and "allow_duplicate_name" in again.json()["detail"]
    anyway = await api.post(
        f"{BASE}/organizations?allow_duplicate_name=true",
        json={"name": "Mor-Barn Fyn", "size": "small"},
        headers=organizer,
    )
    assert anyway.status_code == 201 and anyway.json()["id"] != first


async def test_the_organisation_directory_lists_searches_and_pages_by_name(
    api, organizer, auth
) -> None:
    names = ["Børnefonden", "Mor-Barn Fyn", "Mødrehjælpen Lokal", "Frivilligcentret"]
    ids = {name: await new_org(api, organizer, name=name) for name in names}
    renamed = await api.patch(
        f"{BASE}/organizations/{ids['Mor-Barn Fyn']}",
        json={"name": "Mor og Barn Fyn"},
        headers=organizer,
    )
    assert renamed.status_code == 200
    tool = auth("tool")
    page = await api.get(f"{BASE}/organizations?limit=2", headers=tool)
    assert page.status_code == 200
    assert [o["name"] for o in page.json()] == ["Børnefonden", "Frivilligcentret"]
    assert page.headers["X-Total-Count"] == "4"
    assert "offset=2" in page.headers["Link"]
    found = (await api.get(f"{BASE}/organizations?q=FYN", headers=organizer)).json()
    assert [(o["id"], o["name"], o["version"]) for o in found] == [
        (ids["Mor-Barn Fyn"], "Mor og Barn Fyn", 2)  # its current profile only
    ]
    # A tool resolves an id to a name; an organisation sees no list.
    one = await api.get(f"{BASE}/organizations/{ids['Børnefonden']}", headers=tool)
    assert one.status_code == 200 and one.json()["name"] == "Børnefonden"
    own = auth("organization", ids["Børnefonden"])
    assert (await api.get(f"{BASE}/organizations", headers=own)).status_code == 403


async def test_an_organisation_finds_its_own_registration_and_no_other(
    api, organizer, auth, edition
) -> None:
    mine, theirs = await new_org(api, organizer), await new_org(api, organizer)
    for org in (mine, theirs):
        assert (await register(api, organizer, edition, org, person())).status_code == 201
    path = f"{BASE}/editions/{edition}/registrations"
    as_mine = auth("organization", mine)

    found = await api.get(path, params={"organization_id": mine}, headers=as_mine)
    assert found.status_code == 200 and [r["organization_id"] for r in found.json()] == [mine]
    for params in ({"organization_id": theirs}, {}):
        assert (await api.get(path, params=params, headers=as_mine)).status_code == 403
    assert (await api.get(path, headers=auth("tool"))).status_code == 403


async def test_a_host_header_a_client_sends_is_not_in_the_next_pages_link(api, organizer) -> None:
    """Security review, finding 14: the link is relative to the request's URL."""
    for n in range(3):
        await new_org(api, organizer, f"Host {n}")
    page = await api.get(
        f"{BASE}/organizations?limit=1", headers={**organizer, "Host": "evil.example"}
    )
    assert page.headers["Link"] == f'<{BASE}/organizations?limit=1&offset=1>; rel="next"'
