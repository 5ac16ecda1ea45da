"""What the report is made of, read from the public APIs through the gateway
with the caller's token, as the API documents it: nothing the APIs would not
show that caller."""

from typing import Any

import httpx

PAGE = 200


class ReportSourceError(RuntimeError):
    """An API answered something other than what the report needs."""


async def _get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    response = await client.get(path, params=params)
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text[:200]
        raise ReportSourceError(f"{response.status_code} from GET {path}: {detail}")
    return response.json()


async def _all(client: httpx.AsyncClient, path: str, **params: Any) -> list[Any]:
    """Every item of a paged list (`limit`/`offset`, `X-Total-Count`)."""
    items: list[Any] = []
    while True:
        response = await client.get(path, params={**params, "limit": PAGE, "offset": len(items)})
        if response.status_code >= 400:
            raise ReportSourceError(f"{response.status_code} from GET {path}: {response.text}")
        page = response.json()
        items += page
        if not page or len(items) >= int(response.headers.get("x-total-count", len(items))):
            return items


async def edition_sources(client: httpx.AsyncClient, slug: str) -> dict[str, Any]:
    """Everything one edition's figures are made from."""
    registrations = await _all(client, f"/registration/editions/{slug}/registrations")
    taking_part = {r["organization_id"] for r in registrations}
    organizations = {  # the directory in pages, rather than a request each
        org["id"]: org
        for org in await _all(client, "/registration/organizations")
        if org["id"] in taking_part
    }
    workshops = await _get(client, f"/workshops/editions/{slug}/workshops")
    rosters = {
        w["id"]: await _get(client, f"/workshops/editions/{slug}/workshops/{w['id']}/roster")
        for w in workshops
    }
    return {
        "edition": await _get(client, f"/registration/editions/{slug}"),
        "registrations": registrations,
        "organizations": organizations,
        "workshops": workshops,
        "rosters": rosters,
        "feedback": await _get(client, f"/feedback/editions/{slug}/summary"),
        "insights": await _get(client, f"/feedback/editions/{slug}/insights"),
        "pairs": await _get(client, f"/matching/editions/{slug}/current-pairs"),
        "outcomes": await _all(client, f"/matching/editions/{slug}/outcomes"),
        "follow_ups": await _get(client, f"/matching/editions/{slug}/follow-ups"),
    }


async def report_sources(client: httpx.AsyncClient, slug: str) -> dict[str, Any]:
    """The edition's sources, and the previous edition's (by date) if there is one."""
    editions = sorted(await _get(client, "/registration/editions"), key=lambda e: e["date"])
    this = next((e for e in editions if e["slug"] == slug), None)
    if this is None:
        raise ReportSourceError(f"404 from GET /registration/editions: no edition '{slug}'")
    before = [e for e in editions if e["date"] < this["date"]]
    return {
        "current": await edition_sources(client, slug),
        "previous": await edition_sources(client, before[-1]["slug"]) if before else None,
    }
