"""Sign-in links: the organiser makes a single-use, short-lived link; its code
is exchanged once for a session whose token the APIs take; revoking an
organisation's links stops the unused ones."""

import asyncio

import pytest

from synergi_shared.runtime.settings import Settings
from tests.helpers import TEST_SECRET

R = "/registration"


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", jwt_secret=TEST_SECRET, sign_in_link_ttl_seconds=60)


async def _organization(api, organizer) -> str:
    created = await api.post(
        f"{R}/organizations", json={"name": "Mor-Barn Fyn", "size": "small"}, headers=organizer
    )
    return created.json()["id"]


async def test_an_organisation_signs_in_once_by_its_link(api, organizer) -> None:
    org = await _organization(api, organizer)
    made = await api.post(f"{R}/sign-in-links", json={"organization_id": org}, headers=organizer)
    assert made.status_code == 201, made.text
    link = made.json()
    assert link["role"] == "organization" and link["path"] == f"/sign-in#code={link['code']}"

    session = await api.post(f"{R}/sessions", json={"code": link["code"]})
    assert session.status_code == 201, session.text
    assert (session.json()["role"], session.json()["organization_id"]) == ("organization", org)
    mine = {"Authorization": f"Bearer {session.json()['token']}"}
    assert (await api.get(f"{R}/organizations/{org}", headers=mine)).status_code == 200
    # The session is the organisation's, not the organiser's.
    assert (await api.get(f"{R}/organizations", headers=mine)).status_code == 403

    again = await api.post(f"{R}/sessions", json={"code": link["code"]})
    assert again.status_code == 401 and "ask for a new one" in again.json()["detail"]


async def test_a_code_tried_at_once_many_times_signs_in_once(api, organizer) -> None:
    link = (await api.post(f"{R}/sign-in-links", json={}, headers=organizer)).json()
    assert link["role"] == "organizer" and link["organization_id"] is None
    answers = await asyncio.gather(
        *(api.post(f"{R}/sessions", json={"code": link["code"]}) for _ in range(10))
    )
    assert sorted(a.status_code for a in answers) == [201] + [401] * 9


async def test_revoked_unknown_and_expired_links_do_not_sign_in(api, organizer, settings) -> None:
    org = await _organization(api, organizer)
    links = [
        (await api.post(f"{R}/sign-in-links", json={"organization_id": org}, headers=organizer))
        for _ in range(2)
    ]
    revoked = await api.delete(f"{R}/organizations/{org}/sign-in-links", headers=organizer)
    assert revoked.json() == {"revoked": 2}
    for link in links:
        answer = await api.post(f"{R}/sessions", json={"code": link.json()["code"]})
        assert answer.status_code == 401

    assert (await api.post(f"{R}/sessions", json={"code": "made-up"})).status_code == 401
    assert (await api.post(f"{R}/sessions", json={})).status_code == 422
    unknown = await api.post(
        f"{R}/sign-in-links", json={"organization_id": "ghost"}, headers=organizer
    )
    assert unknown.status_code == 404

    valid = await api.post(f"{R}/sign-in-links", json={}, headers=organizer)
    settings.sign_in_link_ttl_seconds = -1  # links made from now on have expired at once
    expired = await api.post(f"{R}/sign-in-links", json={}, headers=organizer)
    assert (
        await api.post(f"{R}/sessions", json={"code": expired.json()["code"]})
    ).status_code == 401
    assert (await api.post(f"{R}/sessions", json={"code": valid.json()["code"]})).status_code == 201
