"""The follow-up e-mails matching asks for: one message per person, once."""

import hashlib
import logging
from datetime import timedelta
from email.message import EmailMessage

from synergi_registration import domain
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.sign_in import make_sign_in_link
from synergi_shared.contracts.events import FollowUpDue
from synergi_shared.runtime.mail import send_mail

logger = logging.getLogger(__name__)

# A follow-up's sign-in link lasts longer than an ordinary one: mail is read late.
FOLLOW_UP_LINK_SECONDS = 14 * 24 * 3600
# A claim older than this was left by a process that stopped mid-send.
STALE_CLAIM = timedelta(minutes=10)


async def send_follow_up(
    store: RegistrationStore, settings: RegistrationSettings, due: FollowUpDue
) -> int:
    """E-mail each of the organisation's participants in the edition the
    follow-up `due` asks, one message per person with a sign-in link of their
    own: once per person per round, however often the event arrives. Returns
    how many were sent now. A failed send is let go, to be tried again; the
    people written to already are not written to twice."""
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
    sent = 0
    for person in people:
        key = f"{due.follow_up_id}/{person['id']}"
        now = clock.now()
        if not await store.follow_up_mails.claim(key, now, now - STALE_CLAIM, person["id"]):
            continue  # sent already, or being sent
        try:
            code, _ = await make_sign_in_link(store, due.organization_id, FOLLOW_UP_LINK_SECONDS)
            subject, text = domain.follow_up_mail(
                organization["name"],
                edition["title"],
                due.months,
                partners,
                f"{settings.public_url.rstrip('/')}/sign-in#code={code}",
            )
            message = EmailMessage()
            message["To"] = person["email"]
            message["Subject"] = subject
            # The same id however often it is sent, so a copy after a crash
            # between sending and recording it is recognisably the same e-mail.
            digest = hashlib.sha256(key.encode()).hexdigest()[:32]
            message["Message-ID"] = f"<follow-up-{digest}@synergi>"
            message.set_content(text)
            await send_mail(settings, message)
        except BaseException:
            await store.follow_up_mails.release(key)
            raise
        await store.follow_up_mails.sent(key, clock.now())
        sent += 1
    logger.info("follow-up sent", extra={"id": due.follow_up_id, "recipients": sent})
    return sent
