"""The first slice through the single-process mode (in-memory broker and store),
driven over HTTP as a front-end would, including its bad-input answers."""

import asyncio
import uuid

import httpx
import pytest

from synergi_shared.tools.gateway import PathPrefixGateway

EDITION = {"slug": "impact-2026", "title": "Indsatsdag 2026", "date": "2030-05-01"}


async def make_org(api: httpx.AsyncClient, organizer: dict[str, str], **profile: object) -> str:
    body = {"name": f"Org {uuid.uuid4().hex[:6]}", "size": "small", **profile}
    response = await api.post("/registration/organizations", json=body, headers=organizer)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def registration(org_id: str, *themes: str) -> dict[str, object]:
    return {
        "organization_id": org_id,
        "participants": [{"name": "Anna Jensen", "email": "anna@example.org", "role": "leader"}],
        "challenge_themes": list(themes),
    }


async def recommendations(
    api: httpx.AsyncClient, org_id: str, headers: dict[str, str]
) -> httpx.Response:
    path = f"/matching/editions/impact-2026/organizations/{org_id}/recommendations"
    for _ in range(50):  # the in-memory relay runs in the background
        response = await api.get(path, headers=headers)
        if response.status_code == 200 and response.json()["recommendations"]:
            break
        await asyncio.sleep(0.05)
    return response


async def test_two_registered_organisations_are_recommended_to_each_other(
    api, organizer, auth
) -> None:
    assert (
        await api.post("/registration/editions", json=EDITION, headers=organizer)
    ).status_code == 201
    a = await make_org(
        api,
        organizer,
        name="Mødrehjælpen Lokal",
        target_groups=["Young Mothers"],
        needs=["Impact Measurement"],
    )
    b = await make_org(
        api,
        organizer,
        name="Børnefonden",
        target_groups=["young-mothers"],
        offers=["impact-measurement"],
    )
    for org in (a, b):
        response = await api.post(
            "/registration/editions/impact-2026/registrations",
            json=registration(org, "co-creation"),
            headers=auth("organization", org),
        )
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["status"] == "active"
        assert body["participants"][0]["id"]

    response = await recommendations(api, a, headers=auth("organization", a))
    assert response.status_code == 200
    [recommendation] = response.json()["recommendations"]
    assert recommendation["partner_id"] == b
    kinds = {reason["kind"] for reason in recommendation["reasons"]}
    assert kinds == {"complementary", "shared-challenge", "shared-target-group"}
    assert recommendation["score"] == pytest.approx(
        sum(r["weight"] for r in recommendation["reasons"])
    )
    both_ways = await recommendations(api, b, headers=auth("tool"))
    assert both_ways.json()["recommendations"][0]["partner_id"] == a


async def test_bad_input_gets_a_clear_4xx_and_changes_nothing(
    api, organizer, auth, window_closed
) -> None:
    assert (
        await api.post("/registration/editions", json=EDITION, headers=organizer)
    ).status_code == 201
    org = await make_org(api, organizer)
    other = await make_org(api, organizer)
    path = "/registration/editions/impact-2026/registrations"

    async def expect(status: int, method: str, url: str, needle: str, **kwargs) -> None:
        response = await api.request(method, url, **kwargs)
        assert response.status_code == status, response.text
        assert needle in response.text

    await expect(401, "POST", "/registration/editions", "bearer token", json=EDITION)
    await expect(
        401,
        "POST",
        "/registration/editions",
        "invalid bearer token",
        json=EDITION,
        headers={"Authorization": "Bearer nonsense"},
    )
    await expect(
        403,
        "POST",
        "/registration/editions",
        "organizer",
        json=EDITION,
        headers=auth("organization", org),
    )
    await expect(
        409, "POST", "/registration/editions", "already exists", json=EDITION, headers=organizer
    )
    await expect(
        422,
        "POST",
        "/registration/editions",
        "date",
        json={**EDITION, "date": "soon"},
        headers=organizer,
    )
    await expect(
        422,
        "POST",
        "/registration/organizations",
        "size",
        json={"name": "X", "size": "huge"},
        headers=organizer,
    )
    await expect(
        422,
        "POST",
        path,
        "JSON",
        content=b"{not json",
        headers={**organizer, "content-type": "application/json"},
    )
    await expect(
        422, "POST", path, "astrology", json=registration(org, "astrology"), headers=organizer
    )
    await expect(
        422,
        "POST",
        path,
        "email",
        json={**registration(org), "participants": [{"name": "A", "email": "nope"}]},
        headers=organizer,
    )
    await expect(
        404,
        "POST",
        "/registration/editions/nope/registrations",
        "edition 'nope'",
        json=registration(org),
        headers=organizer,
    )
    await expect(
        404, "POST", path, "organisation 'ghost'", json=registration("ghost"), headers=organizer
    )
    await expect(
        403,
        "POST",
        path,
        "own organisation",
        json=registration(org),
        headers=auth("organization", other),
    )
    await expect(403, "POST", path, "tool", json=registration(org), headers=auth("tool"))
    await expect(201, "POST", path, "active", json=registration(org), headers=organizer)
    await expect(
        409,
        "POST",
        path,
        "already has an active registration",
        json=registration(org),
        headers=organizer,
    )
    await expect(
        403,
        "GET",
        f"/registration/organizations/{org}",
        "own organisation",
        headers=auth("organization", other),
    )
    await expect(404, "GET", "/registration/organizations/ghost", "not found", headers=organizer)
    await expect(
        404,
        "GET",
        "/matching/editions/nope/organizations/x/recommendations",
        "edition",
        headers=organizer,
    )
    await expect(
        403,
        "GET",
        f"/matching/editions/impact-2026/organizations/{org}/recommendations",
        "own organisation",
        headers=auth("organization", other),
    )
    await expect(
        422,
        "GET",
        f"/matching/editions/impact-2026/organizations/{org}/recommendations?limit=0",
        "limit",
        headers=organizer,
    )

    listed = await api.get(path, headers=organizer)
    assert [r["organization_id"] for r in listed.json()] == [org]  # only the one accepted


async def test_profile_patch_raises_the_version_and_is_scoped(api, organizer, auth) -> None:
    org = await make_org(api, organizer, regions=["Aarhus"])
    response = await api.patch(
        f"/registration/organizations/{org}",
        json={"regions": ["Odense "]},
        headers=auth("organization", org),
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["regions"] == ["odense"]
    stored = await api.get(f"/registration/organizations/{org}", headers=organizer)
    assert stored.json()["version"] == 2

    # The same values again change nothing; a null for a required field is refused.
    same = await api.patch(
        f"/registration/organizations/{org}", json={"regions": ["odense"]}, headers=organizer
    )
    assert same.json()["version"] == 2
    for nulled in ({"name": None}, {"regions": None}):
        refused = await api.patch(
            f"/registration/organizations/{org}", json=nulled, headers=organizer
        )
        assert refused.status_code == 422
        assert "may not be null" in refused.text
    other = await make_org(api, organizer)
    forbidden = await api.patch(
        f"/registration/organizations/{org}",
        json={"name": "X"},
        headers=auth("organization", other),
    )
    assert forbidden.status_code == 403
    assert (
        await api.get(f"/registration/organizations/{org}", headers=organizer)
    ).json() == stored.json()


async def test_every_service_answers_health_and_docs(api) -> None:
    for service in ("registration", "workshops", "feedback", "matching"):
        assert (await api.get(f"/{service}/healthz")).json() == {"status": "ok"}
        ready = await api.get(f"/{service}/readyz")
        assert ready.status_code == 200, ready.text
        assert (await api.get(f"/{service}/openapi.json")).json()["info"][
            "title"
        ] == f"Synergi {service} service"
        docs = await api.get(f"/{service}/docs")
        assert docs.status_code == 200 and "/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text


async def test_the_gateway_serves_the_web_app_at_every_other_path(tmp_path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<title>Synergi</title>")
    (tmp_path / "assets" / "app.js").write_text("console.log(1)")
    for web, page_status in ((tmp_path, 200), (None, 404)):
        gateway = PathPrefixGateway({}, web=web)
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            page = await client.get("/console/impact-2026/network")
            assert page.status_code == page_status
            if web is not None:
                assert page.text == "<title>Synergi</title>"
                script = await client.get("/assets/app.js")
                assert script.text == "console.log(1)"
                assert script.headers["content-type"].startswith("text/javascript")
