"""The follow-up e-mails matching asks for, and their reminders: one message
per person, once each."""

import logging

from synergi_registration import mail_texts
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_registration.usecases.sign_in import make_sign_in_link
from synergi_shared.contracts.events import FollowUpDue, FollowUpReminderDue

logger = logging.getLogger(__name__)

# A follow-up's sign-in link lasts longer than an ordinary one: mail is read late.
FOLLOW_UP_LINK_SECONDS = 14 * 24 * 3600


async def send_follow_up(
    store: RegistrationStore,
    settings: RegistrationSettings,
    due: FollowUpDue | FollowUpReminderDue,
) -> int:
    """E-mail each of the organisation's participants in the edition the
    follow-up `due` asks, one message per person with a sign-in link of their
    own: once per person per round (and once more for its reminder), however
    often the event arrives. Returns how many were sent now. A failed send is
    recorded in the mail log and tried again by the next delivery; the people
    written to already are not written to twice (`usecases.mail.send_once`)."""
    registrations, _ = await store.list_registrations(
        due.edition, status="active", organization_id=due.organization_id
    )
    people = [p for r in registrations for p in r["participants"] if p.get("email")]
    if not people:
        logger.warning("follow-up not sent: no one to write to", extra={"id": due.follow_up_id})
        return 0
    organization = await store.get_organization(due.organization_id)
    partners = [(await store.get_organization(p))["name"] for p in due.partners]
    edition = await store.get_edition(due.edition)
    reminder = isinstance(due, FollowUpReminderDue)
    sent = 0
    for person in people:
        mail = Outgoing(
            kind="follow-up-reminder" if reminder else "follow-up",
            intent=due.follow_up_id,
            edition=due.edition,
            organization_id=due.organization_id,
            recipient_id=person["id"],
            to=person["email"],
        )

        async def compose(footer: mail_texts.Footer) -> Letter:
            code, _ = await make_sign_in_link(store, due.organization_id, FOLLOW_UP_LINK_SECONDS)
            subject, text = mail_texts.follow_up(
                organization["name"],
                edition["title"],
                due.months,
                partners,
                f"{settings.public_url.rstrip('/')}/sign-in#code={code}",
                reminder=reminder,
                footer=footer,
            )
            return Letter(subject, text)

        sent += await send_once(store, settings, mail, compose)
    logger.info("follow-up sent", extra={"id": due.follow_up_id, "recipients": sent})
    return sent
