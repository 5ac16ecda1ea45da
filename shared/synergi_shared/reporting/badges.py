"""Name badges and table cards for the day, as PDFs on the report's stack
(Jinja2 and WeasyPrint): read from the public APIs through the gateway with
the caller's token, as the report is. A badge holds the person's name, the
organisation, a QR code of the participant's id (what the check-in screen's
scanner reads), the first workshop and, where the synergy tables can be
planned, the organisation's table. Names are typed by people: Jinja2
escapes them, and a long one is set smaller to fit."""

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
import segno
from jinja2 import Environment, PackageLoader, select_autoescape

from synergi_shared.reporting.collect import all_pages, checked, get_json
from synergi_shared.reporting.render import pdf

# A badge of 90 x 55 mm holds this many characters of a name at full size.
NAME_CHARACTERS = 18
NAME_POINTS = (9.0, 20.0)  # the smallest and largest size a name is set in

_templates = Environment(
    loader=PackageLoader("synergi_shared.reporting", "templates"),
    autoescape=select_autoescape(["html"]),
)

TEXTS = {
    "da": {"round": "Runde", "table": "Bord", "badges": "Navneskilte", "cards": "Bordkort"},
    "en": {"round": "Round", "table": "Table", "badges": "Name badges", "cards": "Table cards"},
}


@dataclass(frozen=True)
class Badge:
    participant_id: str
    name: str
    organization: str
    workshop: str | None
    table: int | None

    @property
    def name_points(self) -> float:
        """Full size for a short name, smaller for a long one, never below the least."""
        smallest, largest = NAME_POINTS
        return max(smallest, min(largest, largest * NAME_CHARACTERS / max(len(self.name), 1)))

    @property
    def qr(self) -> str:
        return segno.make(self.participant_id, error="m").svg_data_uri(scale=4, border=1)


async def _tables(
    client: httpx.AsyncClient, slug: str, sizes: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The synergy tables (`sizes`: as `GET …/tables` takes them), or none
    when the organisations cannot fill them."""
    path = f"/matching/editions/{slug}/tables"
    answer = await client.get(path, params=sizes)
    if answer.status_code == 422:
        return []
    return checked(answer, path)["tables"]


async def badges_of(
    client: httpx.AsyncClient, slug: str, language: str, organization_id: str | None = None
) -> list[Badge]:
    """One badge per active participant (of one organisation, if given), by
    organisation and name."""
    registrations = [
        r
        for r in await all_pages(client, f"/registration/editions/{slug}/registrations")
        if r["status"] == "active" and organization_id in (None, r["organization_id"])
    ]
    directory = await all_pages(client, "/registration/organizations")
    names = {org["id"]: org["name"] for org in directory}
    first: dict[str, str] = {}
    round_word = TEXTS[language]["round"]
    workshops = await get_json(client, f"/workshops/editions/{slug}/workshops")
    for workshop in sorted(workshops, key=lambda w: w["round"], reverse=True):
        path = f"/workshops/editions/{slug}/workshops/{workshop['id']}/roster"
        roster = await get_json(client, path)
        room = f" · {workshop['room']}" if workshop.get("room") else ""
        for seat in roster["confirmed"]:  # the earliest round is written last
            first[seat["participant_id"]] = (
                f"{round_word} {workshop['round']}: {workshop['title']}{room}"
            )
    tables = {m["id"]: t["number"] for t in await _tables(client, slug) for m in t["members"]}
    badges = [
        Badge(
            participant_id=person["id"],
            name=person["name"],
            organization=names.get(registration["organization_id"], ""),
            workshop=first.get(person["id"]),
            table=tables.get(registration["organization_id"]),
        )
        for registration in registrations
        for person in registration["participants"]
        if person.get("name")
    ]
    return sorted(badges, key=lambda b: (b.organization.casefold(), b.name.casefold()))


async def badges_pdf(
    client: httpx.AsyncClient, slug: str, language: str, organization_id: str | None = None
) -> bytes:
    """The badges, 8 to an A4 sheet (2 x 4 of 90 x 55 mm, cut marks drawn)."""
    edition = await get_json(client, f"/registration/editions/{slug}")
    badges = await badges_of(client, slug, language, organization_id)
    page = _templates.get_template("badges.html").render(
        edition=edition, badges=badges, t=TEXTS[language], language=language
    )
    return await asyncio.to_thread(pdf, page)


async def table_cards_pdf(
    client: httpx.AsyncClient, slug: str, language: str, sizes: dict[str, Any] | None = None
) -> bytes:
    """One card per synergy table (an A5 sheet, landscape): its number, theme,
    why, and who sits there."""
    edition = await get_json(client, f"/registration/editions/{slug}")
    tables = await _tables(client, slug, sizes)
    page = _templates.get_template("table_cards.html").render(
        edition=edition, tables=tables, t=TEXTS[language], language=language
    )
    return await asyncio.to_thread(pdf, page)
