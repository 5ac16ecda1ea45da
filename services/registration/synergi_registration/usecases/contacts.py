"""An organisation's contact person: set, read with all that is held on
them (the right of access), and erased. Personal data, kept in registration
alone and never in an event."""

from typing import Any

from synergi_registration.domain import contact_id
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import NotFound


async def set_contact(
    store: RegistrationStore,
    organization_id: str,
    name: str,
    email: str,
    language: str,
    *,
    share_with_partners: bool = False,
) -> dict[str, Any]:
    await store.require_organization(organization_id)
    fields = {
        "name": name,
        "email": email,
        "language": language,
        "share_with_partners": share_with_partners,
        "updated_at": clock.now(),
    }
    return await store.contacts.put(organization_id, fields)


async def contact_held(store: RegistrationStore, organization_id: str) -> dict[str, Any]:
    """The contact person, the mails sent to them and the kinds they
    unsubscribed from; `NotFound` when the organisation has none."""
    await store.require_organization(organization_id)
    contact = await store.contacts.get(organization_id)
    if contact is None:
        raise NotFound(f"organisation '{organization_id}' has no contact person")
    recipient = contact_id(organization_id)
    mails = await store.mail_log.sent_to(recipient)
    unsubscribed = await store.contacts.unsubscriptions_of([organization_id])
    return {
        **contact,
        "organization_id": organization_id,
        "mails": [{"kind": m["kind"], "sent_at": m["sent_at"]} for m in mails],
        "unsubscribed": sorted(u["kind"] for u in unsubscribed if u["recipient_id"] == recipient),
    }


async def erase_contact(store: RegistrationStore, organization_id: str) -> None:
    """Erasure: the contact's name, address and language are deleted (the
    mail log keeps no address; its entries show no one from now on)."""
    await store.require_organization(organization_id)
    if not await store.contacts.erase(organization_id):
        raise NotFound(f"organisation '{organization_id}' has no contact person")
