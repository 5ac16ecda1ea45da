"""A listed partner's contacts by consent: shown to the organisation that has
the pair on its list, and to no one else, and gone at the next read once
consent is withdrawn, the registration cancelled or the person erased."""

import httpx

from tests.helpers import settles

SLUG = "impact-2026"
R = f"/registration/editions/{SLUG}"


async def _organization(api, organizer, name: str, profile: dict, people: list[dict]) -> dict:
    org = (
        await api.post(
            "/registration/organizations",
            json={"name": name, "size": "small", **profile},
            headers=organizer,
        )
    ).json()["id"]
    registration = (
        await api.post(
            f"{R}/registrations",
            json={"organization_id": org, "participants": people},
            headers=organizer,
        )
    ).json()
    return {"id": org, "registration": registration}


async def _day(api: httpx.AsyncClient, organizer) -> dict[str, dict]:
    """A, B and C in Fyn (listed with each other); D in Sjælland, sharing
    nothing with them (listed with no one). B's Bo consents, Bea does not;
    C's only person does not; D's does."""
    await api.post(
        "/registration/editions",
        json={"slug": SLUG, "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    fyn = {"regions": ["fyn"]}
    orgs = {
        "A": await _organization(
            api,
            organizer,
            "A",
            {**fyn, "needs": ["data"]},
            [{"name": "Anna", "email": "anna@a.dk"}],
        ),
        "B": await _organization(
            api,
            organizer,
            "B",
            {**fyn, "offers": ["data"]},
            [
                {"name": "Bo", "email": "bo@b.dk", "role": "leader", "share_contact": True},
                {"name": "Bea", "email": "bea@b.dk"},
            ],
        ),
        "C": await _organization(api, organizer, "C", fyn, [{"name": "Cy", "email": "cy@c.dk"}]),
        "D": await _organization(
            api,
            organizer,
            "D",
            {"regions": ["sjaelland"]},
            [{"name": "Di", "email": "di@d.dk", "share_contact": True}],
        ),
    }
    for name, share in (("B", True), ("C", False)):
        await api.put(
            f"/registration/organizations/{orgs[name]['id']}/contact",
            json={
                "name": f"{name} kontakt",
                "email": f"kontakt@{name.lower()}.dk",
                "share_with_partners": share,
            },
            headers=organizer,
        )
    return orgs


async def test_a_partner_on_the_list_shows_the_contacts_it_consented_to_share(
    api, organizer, auth
) -> None:
    orgs = await _day(api, organizer)
    a, b, c, d = (orgs[n]["id"] for n in "ABCD")
    as_a = auth("organization", a)
    path = f"{R}/organizations/{a}/partner-contacts"

    async def both_listed() -> dict | None:
        answer = (await api.get(path, headers=as_a)).json()
        by_id = {p["organization_id"]: p for p in answer["partners"]}
        return by_id if {b, c} <= set(by_id) else None

    partners = await settles(both_listed)
    assert set(partners) == {b, c}, "D is on nobody's list"
    assert partners[b]["people"] == [{"name": "Bo", "role": "leader", "email": "bo@b.dk"}]
    assert partners[b]["contact_person"] == {"name": "B kontakt", "email": "kontakt@b.dk"}
    assert partners[c] == {"organization_id": c, "people": [], "contact_person": None}

    # One partner alone; a pair not on the list is refused with a sentence.
    one = await api.get(f"{path}/{b}", headers=as_a)
    assert one.json()["people"][0]["email"] == "bo@b.dk"
    refused = await api.get(f"{path}/{d}", headers=as_a)
    assert refused.status_code == 404
    assert "not on the list" in refused.json()["detail"]

    # No one else reads them: not the organiser, a tool, or another organisation.
    for headers in (organizer, auth("tool"), auth("organization", d)):
        assert (await api.get(path, headers=headers)).status_code == 403
    # Nor do they reach the pull API or its CSV.
    for pulled in ("/recommendations", "/recommendations.csv"):
        text = (await api.get(f"/matching/editions/{SLUG}{pulled}", headers=organizer)).text
        assert b in text and "bo@b.dk" not in text and "kontakt@b.dk" not in text

    # Bo withdraws consent: gone at the next read.
    bo = orgs["B"]["registration"]["participants"][0]["id"]
    await api.put(
        f"/registration/participants/{bo}/consent", json={"share_contact": False}, headers=organizer
    )
    assert (await api.get(f"{path}/{b}", headers=as_a)).json()["people"] == []

    # B's contact person stops sharing; then B cancels and is off A's list.
    await api.put(
        f"/registration/organizations/{b}/contact",
        json={"name": "B kontakt", "email": "kontakt@b.dk"},
        headers=auth("organization", b),
    )
    assert (await api.get(f"{path}/{b}", headers=as_a)).json()["contact_person"] is None
    await api.post(f"{R}/registrations/{orgs['B']['registration']['id']}/cancel", headers=organizer)
    listed = (await api.get(path, headers=as_a)).json()["partners"]
    assert b not in {p["organization_id"] for p in listed}


async def test_an_organisation_not_registered_reads_no_contacts(api, organizer, auth) -> None:
    orgs = await _day(api, organizer)
    a = orgs["A"]["id"]
    await api.post(f"{R}/registrations/{orgs['A']['registration']['id']}/cancel", headers=organizer)
    answer = await api.get(
        f"{R}/organizations/{a}/partner-contacts", headers=auth("organization", a)
    )
    assert answer.status_code == 404
    assert "not registered" in answer.json()["detail"]
