"""The door: links the organiser hands the volunteers, the sessions they
give (a `door` role that finds and checks in the people of one edition and
nothing else: `synergi_shared.runtime.auth.DOOR_MAY`), revoking one, and the
list the door works from (names and organisations, no addresses)."""

import secrets
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any

from synergi_registration.calendar_files import TIME_ZONE
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.sign_in import code_hash
from synergi_shared.contracts.errors import NotFound
from synergi_shared.contracts.events import SessionsEnded
from synergi_shared.runtime.mongo import lookups
from synergi_shared.runtime.sessions import EndedSessions


def day_over(day: str) -> datetime:
    """Midnight after the edition's day, Danish time: a door link ends then."""
    return datetime.combine(date.fromisoformat(day) + timedelta(days=1), time(), TIME_ZONE)


async def make_door_link(
    store: RegistrationStore, edition: str, label: str | None
) -> tuple[str, dict[str, Any]]:
    """A new door link for the edition, good until its day is over; the
    code is returned once, only its hash kept."""
    day = (await store.get_edition(edition))["date"]
    code = secrets.token_urlsafe(24)
    link = {
        "_id": code_hash(code),
        "link_id": str(uuid.uuid4()),
        "edition": edition,
        "label": label,
        "created_at": clock.now(),
        "expires_at": day_over(day),
        "revoked_at": None,
    }
    await store.door_links.insert(link)
    return code, {k: v for k, v in link.items() if k != "_id"}


async def door_links_of(store: RegistrationStore, edition: str) -> list[dict[str, Any]]:
    await store.get_edition(edition)
    return await store.door_links.of(edition)


async def revoke_door_link(
    store: RegistrationStore, sessions: EndedSessions, edition: str, link_id: str
) -> dict[str, Any]:
    """The link signs in no more tablets, and the sessions it gave end
    everywhere (every service learns it from the `sessions-ended` event)."""
    now = clock.now()
    link = await store.door_links.revoke(edition, link_id, now)
    if link is None:
        raise NotFound(f"edition '{edition}' has no door link '{link_id}'")
    until = max(link["expires_at"], now)
    await sessions.end(SessionsEnded(principal=f"door:{link_id}", not_before=now, until=until))
    return link


async def door_list(store: RegistrationStore, edition: str) -> list[dict[str, Any]]:
    """Each active participant of the edition: id, name, organisation; the
    least the door needs (no address, no consent, no erased person)."""
    registrations, _ = await store.list_registrations(edition, status="active", limit=100_000)
    organization_ids = sorted({r["organization_id"] for r in registrations})

    async def name_of(organization_id: str) -> str | None:
        try:
            return (await store.get_organization(organization_id))["name"]
        except NotFound:
            return None

    names = dict(zip(organization_ids, await lookups(name_of, organization_ids), strict=True))
    return [
        {
            "participant_id": person["id"],
            "name": person["name"],
            "organization_id": registration["organization_id"],
            "organization_name": names.get(registration["organization_id"]),
        }
        for registration in registrations
        for person in registration["participants"]
        if person.get("name") and not person.get("erased_at")
    ]
