"""Limits: a body over the cap is refused with 413 before it is read, and a
page size over the cap is a 422 -- in both cases nothing changes."""

import json

from synergi_shared.runtime.settings import Settings

SLUG = "limits-2026"


async def _edition(api, organizer) -> None:
    body = {"slug": SLUG, "title": "Indsatsdag", "date": "2030-05-01"}
    assert (await api.post("/registration/editions", json=body, headers=organizer)).is_success


def _oversized_registration(organization_id: str, settings: Settings) -> bytes:
    # Valid in every field, only too long as a whole.
    expectations = "x" * 4000
    participants = [
        {"name": f"Person {i}", "email": f"p{i}@example.org", "role": "staff" * 10}
        for i in range(50)
    ]
    body = json.dumps(
        {
            "organization_id": organization_id,
            "participants": participants,
            "challenge_themes": [],
            "expectations": expectations,
        }
    ).encode()
    body += b" " * (settings.max_request_bytes - len(body) + 1)  # JSON allows trailing space
    return body


async def test_a_body_over_the_cap_is_refused_with_413_and_nothing_is_stored(
    api, organizer, settings
) -> None:
    await _edition(api, organizer)
    org = (
        await api.post(
            "/registration/organizations", json={"name": "A", "size": "small"}, headers=organizer
        )
    ).json()["id"]
    body = _oversized_registration(org, settings)
    headers = {**organizer, "Content-Type": "application/json"}

    declared = await api.post(
        f"/registration/editions/{SLUG}/registrations", content=body, headers=headers
    )

    async def chunks():
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    streamed = await api.post(
        f"/registration/editions/{SLUG}/registrations", content=chunks(), headers=headers
    )
    for response in (declared, streamed):
        assert response.status_code == 413, response.text
        assert f"at most {settings.max_request_bytes} bytes" in response.json()["detail"]
    listed = await api.get(f"/registration/editions/{SLUG}/registrations", headers=organizer)
    assert listed.json() == []
    # The same registration, just without the padding, is accepted.
    accepted = await api.post(
        f"/registration/editions/{SLUG}/registrations", content=body.rstrip(), headers=headers
    )
    assert accepted.status_code == 201, accepted.text


async def test_page_sizes_and_positions_over_their_caps_are_a_422(api, organizer) -> None:
    await _edition(api, organizer)
    for path in (
        f"/registration/editions/{SLUG}/registrations?limit=100000",
        f"/matching/editions/{SLUG}/recommendations?limit=100000",
        f"/matching/editions/{SLUG}/organizations/some-org/recommendations?limit=100000",
        # Found by the fuzz test: numbers past 64 bits were a 500 from the database.
        f"/registration/editions/{SLUG}/registrations?offset=90975968242391341118",
        f"/matching/editions/{SLUG}/recommendations?cursor=90975968242391341118",
    ):
        response = await api.get(path, headers=organizer)
        assert response.status_code == 422, path
        assert response.json()["detail"][0]["type"] in (
            "less_than_equal",
            "string_pattern_mismatch",
        )


async def test_text_with_a_nul_character_is_a_422_wherever_it_comes(api, organizer) -> None:
    """PostgreSQL, under FerretDB, can neither store U+0000 nor query with it
    (found by the fuzz test as a 500): refused before the app, nothing stored."""
    await _edition(api, organizer)
    registrations = f"/registration/editions/{SLUG}/registrations"
    for method, path, body in [
        ("POST", "/registration/organizations", {"name": "A\u0000B", "size": "small"}),
        ("POST", registrations, {"organization_id": "x\u0000", "participants": []}),
        ("POST", "/registration/organizations", {"name": "A", "size": "small", "\u0000": 1}),
        ("GET", "/registration/organizations/a%00b", None),
        ("GET", f"{registrations}?organization_id=a%00b", None),
    ]:
        response = await api.request(method, path, json=body, headers=organizer)
        assert response.status_code == 422, (path, response.text)
        assert "NUL character" in response.json()["detail"]
    assert (await api.get(registrations, headers=organizer)).json() == []
    # Text that only looks like the escape is fine.
    named = {"name": "A \\u0000 B", "size": "small"}
    response = await api.post("/registration/organizations", json=named, headers=organizer)
    assert response.status_code == 201, response.text


async def test_a_body_that_is_not_declared_json_is_a_415_that_says_what_to_send(
    api, organizer
) -> None:
    body = json.dumps({"slug": SLUG, "title": "Indsatsdag", "date": "2030-05-01"}).encode()
    # No Content-Type; curl's -d (a form); plain text: all refused, nothing stored.
    for content_type in (None, "application/x-www-form-urlencoded", "text/plain"):
        headers = {**organizer, **({"Content-Type": content_type} if content_type else {})}
        refused = await api.post("/registration/editions", content=body, headers=headers)
        assert refused.status_code == 415, (content_type, refused.text)
        assert "Content-Type: application/json" in refused.json()["detail"]
    assert (await api.get(f"/registration/editions/{SLUG}", headers=organizer)).status_code == 404
    json_with_charset = {**organizer, "Content-Type": "application/json; charset=utf-8"}
    created = await api.post("/registration/editions", content=body, headers=json_with_charset)
    assert created.status_code == 201, created.text
    # A request without a body needs no Content-Type.
    assert (await api.get("/registration/editions", headers=organizer)).status_code == 200


async def test_a_body_nested_too_deeply_is_a_400_not_a_500(api, organizer) -> None:
    """30,000 nested arrays (with or without a NUL inside) failed the JSON parser
    with a RecursionError, an unauthenticated 500; nothing is stored."""
    for inner in ('"\\u0000"', ""):
        body = "[" * 30_000 + inner + "]" * 30_000
        response = await api.post(
            "/registration/organizations",
            content=body,
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 400, response.text
        assert response.json()["detail"] == "the JSON body is nested too deeply"
    assert (await api.get("/registration/organizations", headers=organizer)).json() == []


async def test_a_422_names_the_field_without_echoing_a_long_input_whole(api, organizer) -> None:
    """Security review, finding 14: what was sent is echoed only in part."""
    long_name = "Æ" * 300
    answer = await api.post(
        "/registration/organizations",
        json={"name": long_name, "size": "small", "description": "x" * 6000},
        headers=organizer,
    )
    assert answer.status_code == 422
    errors = {e["loc"][-1]: e for e in answer.json()["detail"]}
    assert set(errors) == {"name", "description"}
    assert errors["name"]["input"] == "Æ" * 100 + "… (300 characters)"
    assert len(answer.text) < 1000
    short = await api.post(
        "/registration/organizations", json={"name": "Ok", "size": "huge"}, headers=organizer
    )
    assert short.json()["detail"][0]["input"] == "huge"
