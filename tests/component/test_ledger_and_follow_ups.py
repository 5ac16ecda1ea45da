"""Across editions: last year's partners are shown as partners in a later
edition, not offered as new; a partnership said to have ended is suggested
for renewal; every outcome and follow-up answer is in the ledger, which each
reader sees as far as they may; follow-up rounds are asked once."""

import httpx
import pytest

from tests.helpers import settles

FIRST, SECOND = "impact-2030", "impact-2031"


@pytest.fixture
async def two_years(api: httpx.AsyncClient, organizer) -> dict[str, str]:
    """Three organisations that complement each other, at two editions a year apart."""
    for slug, day in ((FIRST, "2030-05-01"), (SECOND, "2031-05-01")):
        created = await api.post(
            "/registration/editions", json={"slug": slug, "title": slug, "date": day},
            headers=organizer,
        )  # fmt: skip
        assert created.status_code == 201, created.text
    profiles = {
        "Mor-Barn Fyn": {"needs": ["impact-measurement"], "offers": ["volunteer-training"]},
        "Effektlab": {"offers": ["impact-measurement"], "needs": ["volunteer-training"]},
        "Børnehjælpen": {"needs": ["impact-measurement"], "offers": ["volunteer-training"]},
    }
    ids = {}
    for name, profile in profiles.items():
        answer = await api.post(
            "/registration/organizations",
            json={"name": name, "size": "small", "regions": ["fyn"], **profile},
            headers=organizer,
        )
        ids[name] = answer.json()["id"]
    # Only the first edition's registrations now: the second is a year away.
    for org in ids.values():
        await _register(api, organizer, FIRST, org)
    return ids


async def _register(api, organizer, slug: str, org: str) -> None:
    registered = await api.post(
        f"/registration/editions/{slug}/registrations",
        headers=organizer,
        json={"organization_id": org, "participants": [{"name": "P", "email": "p@example.org"}]},
    )
    assert registered.status_code == 201, registered.text


async def _list(api, organizer, slug: str, org: str) -> dict[str, dict]:
    answer = await api.get(
        f"/matching/editions/{slug}/organizations/{org}/recommendations", headers=organizer
    )
    if answer.status_code != 200:
        return {}
    return {r["partner_id"]: r for r in answer.json()["recommendations"]}


async def _outcome(api, headers, slug: str, a: str, b: str, status: str, note=None) -> None:
    answer = await api.put(
        f"/matching/editions/{slug}/recommendations/{a}/{b}/outcome",
        json={"status": status, "note": note},
        headers=headers,
    )
    assert answer.status_code == 200, answer.text


async def _ledger(api, headers, **params) -> list[dict]:
    answer = await api.get("/matching/ledger", params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


async def test_last_years_partners_are_shown_as_partners_and_a_lapsed_one_for_renewal(
    api, organizer, auth, two_years
) -> None:
    mor_barn, effektlab, hjaelpen = (
        two_years["Mor-Barn Fyn"], two_years["Effektlab"], two_years["Børnehjælpen"]
    )  # fmt: skip
    first = await settles(lambda: _list(api, organizer, FIRST, mor_barn))
    assert effektlab in first and first[effektlab]["earlier"] is None
    # Both sides say partnership in the first edition.
    await _outcome(api, auth("organization", mor_barn), FIRST, mor_barn, effektlab,
                   "partnership", "Vi laver et fælles forløb")  # fmt: skip
    await _outcome(api, auth("organization", effektlab), FIRST, effektlab, mor_barn, "partnership")

    for org in two_years.values():
        await _register(api, organizer, SECOND, org)

    async def inherited():
        # Every registration taken in: the inherited pair, and the new one.
        found = await _list(api, organizer, SECOND, mor_barn)
        return found if found.get(effektlab, {}).get("earlier") and hjaelpen in found else None

    second = await settles(inherited)
    assert second[effektlab]["outcome"] == "partnership"
    assert second[effektlab]["earlier"] == {"edition": FIRST, "status": "partnership"}
    # A pair that only met last year is offered as new.
    assert second[hjaelpen]["earlier"] is None and second[hjaelpen]["outcome"] is None
    # The pull API tells tools the same.
    pulled = (
        await api.get(f"/matching/editions/{SECOND}/recommendations", headers=organizer)
    ).json()["items"]
    pair = next(
        p for p in pulled if {p["organization_a"], p["organization_b"]} == {mor_barn, effektlab}
    )
    assert pair["earlier"] == {"edition": FIRST, "status": "partnership"}

    # Three months after the first day, the organiser asks the follow-up now.
    sent = await api.post(f"/matching/editions/{FIRST}/follow-ups/3", headers=organizer)
    assert sent.json() == {"months": 3, "organizations": 2}
    again = await api.post(f"/matching/editions/{FIRST}/follow-ups/3", headers=organizer)
    assert again.json() == {"months": 3, "organizations": 0}
    rounds = (
        await api.get(
            f"/matching/editions/{FIRST}/organizations/{effektlab}/follow-ups",
            headers=auth("organization", effektlab),
        )
    ).json()
    assert [(r["months"], [p["partner_name"] for p in r["partners"]]) for r in rounds] == [
        (3, ["Mor-Barn Fyn"])
    ]
    # Effektlab says it ended: the second edition suggests the pair for renewal.
    answered = await api.put(
        f"/matching/editions/{FIRST}/organizations/{effektlab}/follow-ups/3/{mor_barn}",
        json={"indicators": ["knowledge-exchange"], "still_partners": False, "note": "Stoppet"},
        headers=auth("organization", effektlab),
    )
    assert answered.status_code == 200, answered.text

    async def lapsed():
        found = await _list(api, organizer, SECOND, mor_barn)
        return (
            found if found.get(effektlab, {}).get("earlier", {}).get("status") == "lapsed" else None
        )

    renewal = (await settles(lapsed))[effektlab]
    assert renewal["outcome"] is None and renewal["reasons"]

    summary = (await api.get(f"/matching/editions/{FIRST}/follow-ups", headers=organizer)).json()
    three = next(r for r in summary["rounds"] if r["months"] == 3)
    assert three["organizations_asked"] == 2 and three["organizations_answered"] == 1
    assert three["indicators"]["knowledge-exchange"] == 1 and three["no_longer_partners"] == 1

    # The ledger: the pair's history, oldest first, as the organiser reads it.
    history = await _ledger(api, organizer, organization=mor_barn, partner=effektlab)
    hers, its = (
        ("organization_a", "organization_b") if mor_barn < effektlab
        else ("organization_b", "organization_a")
    )  # fmt: skip
    assert [(e["kind"], e["side"], e["status"], e["pair_status"]) for e in history] == [
        ("outcome", hers, "partnership", "met"),
        ("outcome", its, "partnership", "partnership"),
        ("follow-up", its, None, "partnership"),
    ]
    assert history[0]["note"] == "Vi laver et fælles forløb" and history[0]["score"] > 0
    assert history[0]["reasons"] and history[2]["still_partners"] is False
    assert history[2]["indicators"] == ["knowledge-exchange"] and history[2]["months"] == 3
    # Mor-Barn Fyn reads its own words, and only that Effektlab said something.
    mine = await _ledger(api, auth("organization", mor_barn))
    assert [e["seq"] for e in mine] == [e["seq"] for e in history]
    assert mine[0]["note"] == "Vi laver et fælles forløb"
    assert mine[2]["note"] is None and mine[2]["still_partners"] is None
    assert mine[2]["pair_status"] == "partnership"
    # A tool pulls everything by cursor, without anyone's notes.
    tool = auth("tool")
    page = (await api.get("/matching/ledger", params={"limit": 2}, headers=tool)).json()
    rest = (
        await api.get("/matching/ledger", params={"cursor": page["next_cursor"]}, headers=tool)
    ).json()
    assert [e["seq"] for e in page["items"] + rest["items"]] == [e["seq"] for e in history]
    assert all(e["note"] is None for e in page["items"] + rest["items"])
    # An organisation reads no one else's pairs.
    other = await api.get(
        "/matching/ledger",
        params={"organization": effektlab},
        headers=auth("organization", hjaelpen),
    )
    assert other.status_code == 403
    assert await _ledger(api, auth("organization", hjaelpen)) == []


async def test_a_follow_up_answer_must_be_one_asked_in_the_plans_words(
    api, organizer, auth, two_years
) -> None:
    mor_barn, effektlab, hjaelpen = (
        two_years["Mor-Barn Fyn"], two_years["Effektlab"], two_years["Børnehjælpen"]
    )  # fmt: skip
    await settles(lambda: _list(api, organizer, FIRST, mor_barn))
    plan = {
        "months": [12, 3],
        "indicators": [{"id": "joint-application", "label_da": "Fælles ansøgning",
                        "label_en": "Joint application"}],
    }  # fmt: skip
    put = await api.put(f"/matching/editions/{FIRST}/follow-up-plan", json=plan, headers=organizer)
    assert put.status_code == 200 and put.json()["months"] == [3, 12]
    twice = {**plan, "months": [3, 3]}
    refused = await api.put(
        f"/matching/editions/{FIRST}/follow-up-plan", json=twice, headers=organizer
    )
    assert refused.status_code == 422
    shouting = {**plan, "indicators": [{**plan["indicators"][0], "id": "Joint Application"}]}
    refused = await api.put(
        f"/matching/editions/{FIRST}/follow-up-plan", json=shouting, headers=organizer
    )
    assert refused.status_code == 422 and "pattern" in refused.text
    assert (
        await api.post(f"/matching/editions/{FIRST}/follow-ups/6", headers=organizer)
    ).status_code == 404

    await _outcome(api, organizer, FIRST, mor_barn, effektlab, "contacted")
    path = f"/matching/editions/{FIRST}/organizations/{mor_barn}/follow-ups/3"
    mine = auth("organization", mor_barn)
    body = {"indicators": ["joint-application"]}
    # Not asked yet.
    assert (await api.put(f"{path}/{effektlab}", json=body, headers=mine)).status_code == 404
    await api.post(f"/matching/editions/{FIRST}/follow-ups/3", headers=organizer)
    # Not about a partner it was not asked about, nor in words the plan lacks.
    assert (await api.put(f"{path}/{hjaelpen}", json=body, headers=mine)).status_code == 404
    unknown = await api.put(f"{path}/{effektlab}", json={"indicators": ["x"]}, headers=mine)
    assert unknown.status_code == 422 and "x" in unknown.json()["detail"]
    # Not another organisation's answer.
    theirs = await api.put(f"{path}/{effektlab}", json=body, headers=auth("organization", hjaelpen))
    assert theirs.status_code == 403
    assert (await api.put(f"{path}/{effektlab}", json=body, headers=mine)).status_code == 200
    # Answering again replaces the answer; the ledger keeps both.
    assert (
        await api.put(f"{path}/{effektlab}", json={"indicators": []}, headers=mine)
    ).status_code == 200
    summary = (await api.get(f"/matching/editions/{FIRST}/follow-ups", headers=organizer)).json()
    assert summary["rounds"][0]["indicators"] == {"joint-application": 0}
    entries = await _ledger(api, organizer, organization=mor_barn)
    assert [e["kind"] for e in entries] == ["outcome", "follow-up", "follow-up"]


async def test_an_outcome_is_only_for_a_recommended_pair_and_the_same_view_is_one_entry(
    api, organizer, auth, two_years
) -> None:
    """One side alone cannot name just any registered organisation (which
    would make the follow-up round write to it), and a view sent again
    changes nothing: security review, findings 2 and 10."""
    mor_barn, effektlab = two_years["Mor-Barn Fyn"], two_years["Effektlab"]
    stranger = (
        await api.post(
            "/registration/organizations",
            json={"name": "Fremmed", "size": "large", "regions": ["nordjylland"]},
            headers=organizer,
        )
    ).json()["id"]
    await _register(api, organizer, FIRST, stranger)
    mine = auth("organization", mor_barn)
    await settles(lambda: _list(api, organizer, FIRST, mor_barn))
    assert stranger not in await _list(api, organizer, FIRST, mor_barn)
    path = f"/matching/editions/{FIRST}/recommendations/{mor_barn}/{stranger}/outcome"

    async def answered():  # once matching has heard of the registration
        answer = await api.put(path, json={"status": "contacted"}, headers=mine)
        return answer if answer.status_code != 409 else None

    refused = await settles(answered)
    assert refused.status_code == 404, refused.text
    assert "were not recommended to each other" in refused.json()["detail"]
    assert (await api.get(path, headers=organizer)).status_code == 404

    for _ in range(3):
        await _outcome(api, mine, FIRST, mor_barn, effektlab, "contacted", "Ringede i dag")
    await _outcome(api, mine, FIRST, mor_barn, effektlab, "met", "Ringede i dag")
    entries = await _ledger(api, organizer, organization=mor_barn, partner=effektlab)
    assert [e["status"] for e in entries] == ["contacted", "met"]
