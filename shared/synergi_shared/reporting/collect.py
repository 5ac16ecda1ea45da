"""What the report is made of, read from the public APIs through the gateway
with the caller's token, as the API documents it: nothing the APIs would not
show that caller."""

from typing import Any

import httpx

PAGE = 200


class ReportSourceError(RuntimeError):
    """An API answered something other than what the report needs."""


def checked(response: httpx.Response, path: str) -> Any:
    """The answer's JSON, or the reason it cannot be used."""
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text[:200]
        raise ReportSourceError(f"{response.status_code} from GET {path}: {detail}")
    return response.json()


async def get_json(client: httpx.AsyncClient, path: str) -> Any:
    return checked(await client.get(path), path)


async def all_pages(client: httpx.AsyncClient, path: str) -> list[Any]:
    """Every item of a paged list (`limit`/`offset`, `X-Total-Count`)."""
    items: list[Any] = []
    while True:
        response = await client.get(path, params={"limit": PAGE, "offset": len(items)})
        page = checked(response, path)
        items += page
        if not page or len(items) >= int(response.headers.get("x-total-count", len(items))):
            return items


async def edition_sources(
    client: httpx.AsyncClient, slug: str, directory: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Everything one edition's figures are made from (`directory`: every
    organisation's current profile, by id)."""
    registrations = await all_pages(client, f"/registration/editions/{slug}/registrations")
    taking_part = {r["organization_id"] for r in registrations}
    workshops = await get_json(client, f"/workshops/editions/{slug}/workshops")
    rosters = {
        w["id"]: await get_json(client, f"/workshops/editions/{slug}/workshops/{w['id']}/roster")
        for w in workshops
    }
    return {
        "edition": await get_json(client, f"/registration/editions/{slug}"),
        "registrations": registrations,
        "organizations": {org: directory[org] for org in taking_part if org in directory},
        "workshops": workshops,
        "rosters": rosters,
        "feedback": await get_json(client, f"/feedback/editions/{slug}/summary"),
        "insights": await get_json(client, f"/feedback/editions/{slug}/insights"),
        "pairs": await get_json(client, f"/matching/editions/{slug}/current-pairs"),
        "outcomes": await all_pages(client, f"/matching/editions/{slug}/outcomes"),
        "follow_ups": await get_json(client, f"/matching/editions/{slug}/follow-ups"),
        "meetings": (await get_json(client, f"/workshops/editions/{slug}/meeting-board"))[
            "meetings"
        ],
    }


async def report_sources(client: httpx.AsyncClient, slug: str) -> dict[str, Any]:
    """The edition's sources, and the previous edition's (by date) if there is one."""
    editions = sorted(await get_json(client, "/registration/editions"), key=lambda e: e["date"])
    this = next((e for e in editions if e["slug"] == slug), None)
    if this is None:
        raise ReportSourceError(f"404 from GET /registration/editions: no edition '{slug}'")
    before = [e for e in editions if e["date"] < this["date"]]
    # The directory in pages, once, rather than a request per organisation.
    directory = {org["id"]: org for org in await all_pages(client, "/registration/organizations")}
    return {
        "current": await edition_sources(client, slug, directory),
        "previous": (
            await edition_sources(client, before[-1]["slug"], directory) if before else None
        ),
    }
