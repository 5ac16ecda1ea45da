"""Notices of a workshop place: won from the waitlist, or taken away by the
organiser. To the participant, and to their organisation's contact person,
with the place as a calendar file (for a place taken away, the entry
cancelled: same UID, a higher SEQUENCE)."""

import logging

from synergi_registration import mail_texts
from synergi_registration.calendar_files import workshop_calendar
from synergi_registration.domain import MailKind, contact_id
from synergi_registration.mail_texts import Language
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_shared.contracts.events import SignupCancelled, SignupConfirmed

logger = logging.getLogger(__name__)


async def send_place_notice(
    store: RegistrationStore,
    settings: RegistrationSettings,
    moved: SignupConfirmed | SignupCancelled,
) -> int:
    """One mail to the participant (Danish and English) and one to the
    contact (in their language), once each per move up (`waitlist`) or
    place taken away (`taken-off`). How many were sent."""
    kind: MailKind = "taken-off" if isinstance(moved, SignupCancelled) else "waitlist"
    person = (await store.participants_by_id([moved.participant_id])).get(moved.participant_id)
    if not person or not person.get("email"):
        logger.warning("place notice not sent: the participant was erased", extra={"kind": kind})
        return 0
    edition = await store.get_edition(moved.edition)
    organization = await store.get_organization(moved.organization_id)
    contact = await store.contacts.get(moved.organization_id)
    workshop = {
        "workshop_id": moved.workshop_id,
        "title": moved.title or "",
        "round": moved.round,
        "room": moved.room,
    }
    # Once per workshop and person: a redelivery, or a second move up into
    # (or removal from) the same workshop, sends nothing again.
    intent = f"{moved.workshop_id}/{moved.participant_id}"
    readers: list[tuple[str, str, str | None, list[Language]]] = [
        (moved.participant_id, person["email"], person.get("name"), ["da", "en"])
    ]
    if contact:
        recipient = contact_id(moved.organization_id)
        readers.append((recipient, contact["email"], contact["name"], [contact["language"]]))
    sent = 0
    for recipient_id, to, name, languages in readers:
        mail = Outgoing(kind, intent, moved.edition, moved.organization_id, recipient_id, to)

        async def compose(
            footer: mail_texts.Footer,
            name: str | None = name,
            languages: list[Language] = languages,
        ) -> Letter:
            subject, text = mail_texts.letter(
                languages,
                kind,
                name,
                lambda language: {
                    "person": mail_texts.quoted(person.get("name"), language),
                    "organization": mail_texts.quoted(organization["name"], language),
                    "workshop": mail_texts.quoted(workshop["title"], language),
                    "round": str(workshop["round"]),
                    "edition": mail_texts.quoted(edition["title"], language),
                    "room": mail_texts.quoted(workshop["room"], language),
                },
                footer,
            )
            calendar = workshop_calendar(
                edition, workshop, moved.participant_id, clock.now(), cancelled=kind == "taken-off"
            )
            return Letter(subject, text, calendar)

        sent += await send_once(store, settings, mail, compose)
    return sent
