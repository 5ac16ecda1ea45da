"""An edition: created with its dates checked, changed but for its slug and K."""

from datetime import date as Date
from typing import Any

from synergi_registration import domain
from synergi_registration.commands import ChangeEdition, CreateEdition, given
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import Conflict
from synergi_shared.contracts.events import EditionCreated, EditionRescheduled


async def create_edition(store: RegistrationStore, edition: CreateEdition) -> dict[str, Any]:
    domain.check_edition_dates(edition.date, edition.registration_deadline, clock.now().date())
    domain.check_day_times(edition.starts_at, edition.ends_at)
    doc = {
        "_id": edition.slug,
        "slug": edition.slug,
        "title": edition.title,
        "date": edition.date.isoformat(),
        "venue": edition.venue,
        "registration_deadline": edition.registration_deadline,  # a BSON date, comparable
        "starts_at": edition.starts_at,
        "ends_at": edition.ends_at,
        # The calendar file's SEQUENCE: one more at each change of time or place.
        "calendar_sequence": 0,
        "recommendations_per_organization": edition.recommendations_per_organization,
        "retention_months": edition.retention_months,
        "created_at": clock.now(),
    }
    event = EditionCreated(
        edition=edition.slug,
        title=edition.title,
        date=edition.date,
        recommendations_per_organization=edition.recommendations_per_organization,
    )
    if not await store.insert_edition(doc, event):
        raise Conflict(f"an edition with slug '{edition.slug}' already exists")
    return doc


async def update_edition(
    store: RegistrationStore, slug: str, change: ChangeEdition
) -> dict[str, Any]:
    """Title, venue, date and deadline; the dates checked as at creation. K and
    the slug stay: other services know the edition by them."""
    current = await store.get_edition(slug)
    # A title or date sent as null changes nothing; a venue, deadline or time is cleared.
    changes = {
        k: v
        for k, v in given(change).items()
        if v is not None or k in ("venue", "registration_deadline", "starts_at", "ends_at")
    }
    domain.check_day_times(
        changes.get("starts_at", current.get("starts_at")),
        changes.get("ends_at", current.get("ends_at")),
    )
    if "date" in changes or "registration_deadline" in changes:
        day = changes.get("date") or Date.fromisoformat(current["date"])
        deadline = changes.get("registration_deadline", current.get("registration_deadline"))
        domain.check_edition_dates(day, deadline, clock.now().date())
    fields = {k: v.isoformat() if k == "date" else v for k, v in changes.items()}
    if any(fields[k] != current.get(k) for k in domain.CALENDAR_FIELDS if k in fields):
        fields["calendar_sequence"] = current.get("calendar_sequence", 0) + 1
    if not fields:
        return current
    moved = fields.get("date", current["date"]) != current["date"]
    # Workshops plans the day's meetings by its date.
    events = [EditionRescheduled(edition=slug, date=changes["date"])] if moved else []
    return await store.update_edition(slug, fields, *events)


async def editions_of_organization(
    store: RegistrationStore, organization_id: str
) -> list[dict[str, Any]]:
    """What an organisation's home lists: the editions it is registered for
    and those open for registration (the day ahead, the deadline not passed),
    each marked so; the coming ones first, the next first, then past ones,
    the latest first. Not every edition on the platform."""
    await store.require_organization(organization_id)
    now = clock.now()
    registered = await store.editions_registered_by(organization_id)
    listed = []
    for edition in await store.list_editions():
        is_open = domain.open_for_registration(edition, now)
        if edition["_id"] in registered or is_open:
            listed.append({**edition, "registered": edition["_id"] in registered, "open": is_open})
    today = now.date().isoformat()
    coming = sorted((e for e in listed if e["date"] >= today), key=lambda e: e["date"])
    past = sorted((e for e in listed if e["date"] < today), key=lambda e: e["date"], reverse=True)
    return coming + past
