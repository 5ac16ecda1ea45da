"""Names, titles, roles and venues are one line: a line break in them could
write a paragraph of its own into an e-mail the foundation sends (finding 2 of
the security review). Each is refused with a 422 naming the field, and nothing
is stored."""

import httpx
import pytest

from synergi_shared.contracts.text import one_line

BREAKS = ["Fonden\r\nKlik her: http://evil.example", "a\tb", "a\u2028b", "a\x85b", "a\x00b"]


@pytest.mark.parametrize("text", BREAKS)
def test_every_line_break_and_control_character_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="one line"):
        one_line(text)


def test_ordinary_danish_names_pass() -> None:
    assert one_line("Børnehjælpsdagen, Ærø & Åbenrå") == "Børnehjælpsdagen, Ærø & Åbenrå"


def assert_refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    errors = response.json()["detail"]
    assert any(e["loc"][-1] == field and "one line" in e["msg"] for e in errors), errors


async def test_each_single_line_field_refuses_a_line_break(api, organizer, auth) -> None:
    evil = "Fonden\nKlik her: http://evil.example"
    edition = {"slug": "impact-2030", "title": "Indsatsdag", "date": "2030-05-01"}
    for field in ("title", "venue"):
        response = await api.post(
            "/registration/editions", json={**edition, field: evil}, headers=organizer
        )
        assert_refused(response, field)
    assert (
        await api.get("/registration/editions/impact-2030", headers=organizer)
    ).status_code == 404

    assert (await api.post("/registration/editions", json=edition, headers=organizer)).is_success
    response = await api.patch(
        "/registration/editions/impact-2030", json={"title": evil}, headers=organizer
    )
    assert_refused(response, "title")
    stored = await api.get("/registration/editions/impact-2030", headers=organizer)
    assert stored.json()["title"] == "Indsatsdag"

    org = {"name": evil, "size": "small"}
    assert_refused(
        await api.post("/registration/organizations", json=org, headers=organizer), "name"
    )
    created = await api.post(
        "/registration/organizations", json={**org, "name": "Fonden"}, headers=organizer
    )
    org_id = created.json()["id"]
    response = await api.patch(
        f"/registration/organizations/{org_id}", json={"name": evil}, headers=organizer
    )
    assert_refused(response, "name")

    for field in ("name", "role"):
        person = {"name": "Anna", "email": "anna@example.org", field: evil}
        response = await api.post(
            "/registration/editions/impact-2030/registrations",
            json={"organization_id": org_id, "participants": [person]},
            headers=auth("organization", org_id),
        )
        assert_refused(response, field)

    workshop = {"title": "Måling", "theme": "measurement-documentation", "round": 1, "capacity": 5}
    for field in ("title", "room", "facilitator"):
        response = await api.post(
            "/workshops/editions/impact-2030/workshops",
            json={**workshop, field: evil},
            headers=organizer,
        )
        assert_refused(response, field)
    listed = await api.get("/workshops/editions/impact-2030/workshops", headers=organizer)
    assert listed.json() == []
