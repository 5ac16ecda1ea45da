"""A listed partner's contacts: its people who consented to share them, and
its contact person where the partner allows it. Read only by an organisation
that has the pair on its list (either side lists it) in an edition both are
registered for; registration knows the lists from matching's events."""

from typing import Any

from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.errors import NotFound


async def partner_contacts(
    store: RegistrationStore, edition: str, organization_id: str, partner_id: str | None = None
) -> list[dict[str, Any]]:
    """Each listed partner registered for the edition, with the contacts it
    shares (none when it shares none). Consent, cancellation and erasure are
    read at each call, so a withdrawal shows at the next read."""
    await store.get_edition(edition)
    if partner_id is None:
        partners = await store.listed_pairs.partners_of(edition, organization_id)
    elif await store.listed_pairs.listed(edition, organization_id, partner_id):
        partners = [partner_id]
    else:
        raise NotFound(
            f"organisation '{partner_id}' is not on the list of '{organization_id}' "
            f"in edition '{edition}'"
        )
    registered = await store.active_registrations(edition, [organization_id, *partners])
    if organization_id not in registered:
        raise NotFound(f"organisation '{organization_id}' is not registered for '{edition}'")
    partners = [partner for partner in partners if partner in registered]
    if partner_id is not None and not partners:
        raise NotFound(f"organisation '{partner_id}' is not registered for '{edition}'")
    contacts = await store.contacts.of(partners)
    return [
        {
            "organization_id": partner,
            "people": _consenting(registered[partner]),
            "contact_person": _shared(contacts.get(partner)),
        }
        for partner in partners
    ]


def _consenting(registration: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"name": person["name"], "role": person.get("role"), "email": person["email"]}
        for person in registration["participants"]
        if (person.get("consent") or {}).get("share_contact") and not person.get("erased_at")
    ]


def _shared(contact: dict[str, Any] | None) -> dict[str, Any] | None:
    if contact is None or not contact.get("share_with_partners"):
        return None
    return {"name": contact["name"], "email": contact["email"]}
