"""Sign-in links: the organiser makes a single-use, short-lived link; its code
is exchanged once for a session whose token the APIs take; revoking an
organisation's links stops the unused ones and ends its sessions everywhere;
a logout ends one session in every service (security review, finding 3)."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from synergi_registration.settings import RegistrationSettings
from tests.helpers import TEST_SECRET, settles

R = "/registration"


@pytest.fixture
def settings() -> RegistrationSettings:
    return RegistrationSettings(
        environment="test", jwt_secret=TEST_SECRET, sign_in_link_ttl_seconds=60
    )


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
    settings.organizer_sign_in_link_ttl_seconds = -1  # expired at once from now on
    expired = await api.post(f"{R}/sign-in-links", json={}, headers=organizer)
    assert (
        await api.post(f"{R}/sessions", json={"code": expired.json()["code"]})
    ).status_code == 401
    assert (await api.post(f"{R}/sessions", json={"code": valid.json()["code"]})).status_code == 201


async def _session(api, organizer, org: str | None = None) -> dict[str, str]:
    body = {"organization_id": org} if org else {}
    link = (await api.post(f"{R}/sign-in-links", json=body, headers=organizer)).json()
    session = await api.post(f"{R}/sessions", json={"code": link["code"]})
    return {"Authorization": f"Bearer {session.json()['token']}"}


# One read per service that an organisation's token may make.
def _reads(org: str) -> list[str]:
    return [
        f"{R}/organizations/{org}",
        "/workshops/editions/none/workshops",
        "/feedback/editions/none/insights",
        f"/matching/editions/none/organizations/{org}/recommendations",
    ]


async def _refused_everywhere(api, headers, org: str) -> bool:
    answers = [await api.get(path, headers=headers) for path in _reads(org)]
    return all(a.status_code == 401 for a in answers)


async def test_a_logout_ends_that_session_in_every_service_and_no_other(api, organizer) -> None:
    org = await _organization(api, organizer)
    mine, other = await _session(api, organizer, org), await _session(api, organizer, org)
    for path in _reads(org):
        assert (await api.get(path, headers=mine)).status_code != 401, path

    assert (await api.post(f"{R}/sessions/logout", headers=mine)).status_code == 204
    refused = await api.get(f"{R}/organizations/{org}", headers=mine)
    assert refused.status_code == 401 and "session has ended" in refused.json()["detail"]
    assert await settles(lambda: _refused_everywhere(api, mine, org))
    for path in _reads(org):
        assert (await api.get(path, headers=other)).status_code != 401, path
    assert (await api.post(f"{R}/sessions/logout")).status_code == 401


async def test_revoking_an_organisations_links_logs_it_out_everywhere(api, organizer) -> None:
    org = await _organization(api, organizer)
    before = [await _session(api, organizer, org) for _ in range(2)]
    assert (
        await api.delete(f"{R}/organizations/{org}/sign-in-links", headers=organizer)
    ).is_success
    for headers in before:
        assert await settles(lambda h=headers: _refused_everywhere(api, h, org))
    after = await _session(api, organizer, org)
    assert (await api.get(f"{R}/organizations/{org}", headers=after)).status_code == 200
    assert (await api.get(f"{R}/organizations/{org}", headers=organizer)).status_code == 200


async def test_the_organiser_revokes_its_links_and_its_other_sessions(api, organizer) -> None:
    unused = (await api.post(f"{R}/sign-in-links", json={}, headers=organizer)).json()
    lasts = datetime.fromisoformat(unused["expires_at"]) - datetime.now(UTC)
    assert timedelta(hours=23, minutes=59) < lasts <= timedelta(hours=24)
    asking, lost_laptop = await _session(api, organizer), await _session(api, organizer)
    revoked = await api.delete(f"{R}/organizer/sign-in-links", headers=asking)
    assert revoked.status_code == 200 and revoked.json()["revoked"] >= 1
    assert (await api.post(f"{R}/sessions", json={"code": unused["code"]})).status_code == 401
    assert (await api.get(f"{R}/organizations", headers=lost_laptop)).status_code == 401
    assert (await api.get(f"{R}/organizations", headers=asking)).status_code == 200
