"""The matching pull API in memory, as a tool syncing recommendations uses it."""

import asyncio

import httpx
import pytest

from synergi_shared.runtime import unheard_of

M = "/matching/editions/impact-2026"


@pytest.fixture
async def orgs(api: httpx.AsyncClient, organizer) -> list[str]:
    """Three organisations in Fyn; the first two also complement each other."""
    await api.post(
        "/registration/editions",
        json={"slug": "impact-2026", "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    ids = []
    for name, extra in (("A", {"needs": ["data"]}), ("B", {"offers": ["data"]}), ("C", {})):
        org = (
            await api.post(
                "/registration/organizations",
                json={"name": name, "size": "small", "regions": ["fyn"], **extra},
                headers=organizer,
            )
        ).json()["id"]
        await api.post(
            "/registration/editions/impact-2026/registrations",
            headers=organizer,
            json={
                "organization_id": org,
                "participants": [{"name": "P", "email": "p@example.org"}],
            },
        )
        ids.append(org)
    for _ in range(100):  # until matching has made all three pairs
        page = (await api.get(f"{M}/recommendations", headers=organizer)).json()
        if len({(i["organization_a"], i["organization_b"]) for i in page["items"]}) == 3:
            break
        await asyncio.sleep(0.02)
    return ids


async def test_a_tool_syncs_every_pair_and_then_only_what_changed(
    api, organizer, auth, orgs
) -> None:
    tool = auth("tool")
    first = (await api.get(f"{M}/recommendations?limit=2", headers=tool)).json()
    second = (
        await api.get(f"{M}/recommendations?limit=2&cursor={first['next_cursor']}", headers=tool)
    ).json()
    seen = {(i["organization_a"], i["organization_b"]) for i in first["items"] + second["items"]}
    assert len(first["items"]) == 2 and len(seen) == 3
    # Names beside the ids, so a tool needs no second call to show them.
    named = {i["organization_a"]: i["organization_a_name"] for i in first["items"]}
    named |= {i["organization_b"]: i["organization_b_name"] for i in first["items"]}
    assert named == {org: name for org, name in zip(orgs, "ABC", strict=True) if org in named}
    idle = (
        await api.get(f"{M}/recommendations?cursor={second['next_cursor']}", headers=tool)
    ).json()
    assert idle == {"items": [], "next_cursor": second["next_cursor"]}

    # C moves away: its two pairs lose "same region" and are withdrawn.
    await api.patch(
        f"/registration/organizations/{orgs[2]}", json={"regions": ["sjælland"]}, headers=organizer
    )
    for _ in range(100):
        changed = (
            await api.get(f"{M}/recommendations?cursor={second['next_cursor']}", headers=tool)
        ).json()
        if len(changed["items"]) == 2:
            break
        await asyncio.sleep(0.02)
    assert all(i["withdrawn"] and i["score"] == 0 and i["version"] == 2 for i in changed["items"])
    assert orgs[2] in {i["organization_a"] for i in changed["items"]} | {
        i["organization_b"] for i in changed["items"]
    }

    exported = await api.get(f"{M}/recommendations.csv", headers=tool)
    current = exported.content.decode("utf-8-sig").splitlines()
    assert current[0].startswith(
        "organization_a,organization_b,organization_a_name,organization_b_name,score,reasons"
    )
    assert len(current) == 2 and "complementary same-region" in current[1]
    assert sorted(current[1].split(",")[2:4]) == ["A", "B"]
    # The same pairs as JSON, in one answer.
    [pair] = (await api.get(f"{M}/current-pairs", headers=tool)).json()
    assert (pair["organization_a_name"], pair["organization_b_name"]) in (("A", "B"), ("B", "A"))
    assert not pair["withdrawn"] and [r["kind"] for r in pair["reasons"]] == [
        "complementary",
        "same-region",
    ]


async def test_min_score_and_etags(api, organizer, auth, orgs) -> None:
    strong = (await api.get(f"{M}/recommendations?min_score=0.3", headers=organizer)).json()[
        "items"
    ]
    assert sum(not i["withdrawn"] for i in strong) == 1  # only A-B reaches 0.3
    path = f"{M}/organizations/{orgs[0]}/recommendations"
    response = await api.get(path, headers=organizer)
    again = await api.get(path, headers={**organizer, "If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert [r["score"] for r in response.json()["recommendations"]] == [0.4, 0.1]
    assert [r["partner_name"] for r in response.json()["recommendations"]] == ["B", "C"]


async def test_only_the_organiser_and_tools_pull_every_pair(
    api, organizer, auth, orgs, window_closed
) -> None:
    mine = auth("organization", orgs[0])
    assert (await api.get(f"{M}/recommendations", headers=mine)).status_code == 403
    assert (await api.get(f"{M}/recommendations.csv", headers=mine)).status_code == 403
    assert (await api.get(f"{M}/recommendations?cursor=abc", headers=organizer)).status_code == 422
    assert (
        await api.get("/matching/editions/nope/recommendations", headers=organizer)
    ).status_code == 404


async def test_an_organisation_matching_has_not_heard_of_is_not_yet_then_never(
    api, organizer, orgs, monkeypatch
) -> None:
    """409 with Retry-After while a registration may be on its way; 404 once
    PENDING_SECONDS have passed since it was first asked about, and at once
    for a registration matching knows was cancelled."""
    ghost = f"{M}/organizations/ghost/recommendations"
    first = await api.get(ghost, headers=organizer)
    assert first.status_code == 409 and first.headers["retry-after"] == "2", first.text
    assert "still on its way" in first.json()["detail"]
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)
    assert (await api.get(ghost, headers=organizer)).status_code == 404

    registrations = await api.get(
        "/registration/editions/impact-2026/registrations", headers=organizer
    )
    [c] = [r for r in registrations.json() if r["organization_id"] == orgs[2]]
    await api.post(
        f"/registration/editions/impact-2026/registrations/{c['id']}/cancel", headers=organizer
    )
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 60)
    for _ in range(100):
        cancelled = await api.get(f"{M}/organizations/{orgs[2]}/recommendations", headers=organizer)
        if cancelled.status_code != 200:
            break
        await asyncio.sleep(0.02)
    assert cancelled.status_code == 404, cancelled.text


async def test_outcomes_mark_a_partnership_and_a_decline_removes_the_pair(
    api, organizer, auth, orgs
) -> None:
    a, b, c = orgs
    partnership = await api.put(
        f"{M}/recommendations/{a}/{b}/outcome",
        json={"status": "partnership", "note": "joint project"},
        headers=organizer,
    )
    assert partnership.status_code == 200
    assert partnership.json()["status"] == "partnership"
    listed = (await api.get(f"{M}/organizations/{a}/recommendations", headers=organizer)).json()
    marked = {r["partner_id"]: r["outcome"] for r in listed["recommendations"]}
    assert marked == {b: "partnership", c: None}

    declined = await api.put(
        f"{M}/recommendations/{c}/{a}/outcome",
        json={"status": "declined"},
        headers=auth("organization", a),
    )
    assert declined.status_code == 200
    listed = (await api.get(f"{M}/organizations/{a}/recommendations", headers=organizer)).json()
    assert [r["partner_id"] for r in listed["recommendations"]] == [b]
    # A later change to either profile does not bring a declined pair back.
    await api.patch(f"/registration/organizations/{c}", json={"needs": ["data"]}, headers=organizer)
    await asyncio.sleep(0.2)
    listed = (await api.get(f"{M}/organizations/{a}/recommendations", headers=organizer)).json()
    assert [r["partner_id"] for r in listed["recommendations"]] == [b]

    cases = [
        (f"{M}/recommendations/{a}/{b}/outcome", {"status": "married"}, organizer, 422),
        (f"{M}/recommendations/{a}/{a}/outcome", {"status": "met"}, organizer, 422),
        (f"{M}/recommendations/{a}/ghost/outcome", {"status": "met"}, organizer, 409),
        (f"{M}/recommendations/{a}/{b}/outcome", {"status": "met"}, auth("organization", c), 403),
        (f"{M}/recommendations/{a}/{b}/outcome", {"status": "met"}, auth("tool"), 403),
    ]
    for path, body, headers, status in cases:
        assert (await api.put(path, json=body, headers=headers)).status_code == status, (path, body)


async def test_each_side_keeps_its_own_outcome_and_the_pair_follows_both(
    api, organizer, auth, orgs
) -> None:
    a, b, _ = orgs
    path = f"{M}/recommendations/{a}/{b}/outcome"
    as_a, as_b = auth("organization", a), auth("organization", b)

    async def record(status: str, note: str | None, headers) -> dict:
        answer = await api.put(path, json={"status": status, "note": note}, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    async def pair_outcome() -> str | None:
        listed = await api.get(f"{M}/organizations/{a}/recommendations", headers=organizer)
        return {r["partner_id"]: r["outcome"] for r in listed.json()["recommendations"]}.get(b)

    assert (await api.get(path, headers=organizer)).status_code == 404  # nothing yet

    # A says partnership: one side alone makes it "met", not a partnership.
    mine = await record("partnership", "A's note", as_a)
    assert mine["status"] == "met" and await pair_outcome() == "met"
    # B's "met" does not overwrite A's view, nor A's note.
    theirs = await record("met", "B's note", as_b)
    assert theirs["status"] == "met"
    # Each organisation reads only its own view; the organiser reads both.
    side_a, side_b = (
        ("organization_a", "organization_b") if a < b else ("organization_b", "organization_a")
    )
    assert theirs["views"][side_b]["note"] == "B's note" and theirs["views"][side_a] is None
    seen_by_a = (await api.get(path, headers=as_a)).json()
    view = seen_by_a["views"][side_a]
    assert (view["status"], view["note"]) == ("partnership", "A's note")
    assert seen_by_a["views"][side_b] is None
    both = (await api.get(f"{M}/recommendations/{b}/{a}/outcome", headers=organizer)).json()
    assert (both["views"][side_a]["status"], both["views"][side_b]["status"]) == (
        "partnership",
        "met",
    )
    assert both["views"]["organizer"] is None

    # When B says so too, the pair is a partnership; a decline by either removes it,
    # and taking the decline back brings the partnership back.
    assert (await record("partnership", None, as_b))["status"] == "partnership"
    assert await pair_outcome() == "partnership"
    assert (await record("declined", "not now", as_a))["status"] == "declined"
    assert await pair_outcome() is None
    assert (await record("partnership", None, as_a))["status"] == "partnership"
    assert await pair_outcome() == "partnership"

    # The organiser's list: every pair with an outcome, all views, newest first.
    listed = await api.get(f"{M}/outcomes", headers=organizer)
    assert listed.status_code == 200 and listed.headers["x-total-count"] == "1"
    [item] = listed.json()
    assert {item["organization_a"], item["organization_b"]} == {a, b}
    assert item["views"][side_b]["status"] == "partnership"
    assert (await api.get(f"{M}/outcomes", headers=as_a)).status_code == 403


async def test_reasons_come_in_danish_when_the_client_asks_for_it(api, organizer, orgs) -> None:
    a = orgs[0]
    path = f"{M}/organizations/{a}/recommendations"
    english = await api.get(path, headers=organizer)
    danish = await api.get(path, headers={**organizer, "Accept-Language": "da-DK, en;q=0.5"})

    assert danish.headers["content-language"] == "da"
    assert english.headers["content-language"] == "en"
    assert "Accept-Language" in danish.headers["vary"]
    best = danish.json()["recommendations"][0]
    assert [r["detail"] for r in best["reasons"]] == [
        "B tilbyder data, som A har brug for",
        "Begge er aktive i Fyn, så det er let at mødes lokalt",
    ]
    # Same recommendation, other words, so another ETag.
    assert english.json()["recommendations"][0]["score"] == best["score"]
    assert english.headers["etag"] != danish.headers["etag"]
    pulled = await api.get(f"{M}/recommendations", headers={**organizer, "Accept-Language": "da"})
    assert any("har brug for" in r["detail"] for i in pulled.json()["items"] for r in i["reasons"])
    exported = await api.get(
        f"{M}/recommendations.csv", headers={**organizer, "Accept-Language": "da"}
    )
    assert "så det er let at mødes lokalt" in exported.text
