"""How every e-mail Synergi sends goes out: claimed in the mail log for one
intent and one recipient, composed, sent with a Message-ID of its own, and
recorded as sent, or as failed and why. A redelivered event or a second
instance sends nothing twice; a failure is tried again by the next delivery."""

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from typing import Any

from synergi_registration.domain import MailKind, contact_id, contact_of
from synergi_registration.mail_texts import Footer
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.did_you_meet import questions_for
from synergi_registration.usecases.unsubscribe import unsubscribe_token
from synergi_shared.contracts.errors import NotFound
from synergi_shared.runtime.mail import send_mail
from synergi_shared.runtime.mongo import lookups

logger = logging.getLogger(__name__)

# Lines as long as RFC 5322 allows (998), so a header holding a long link
# (List-Unsubscribe) stays one plain line rather than encoded words that no
# mail program reads as a link.
HEADERS_UNFOLDED = policy.default.clone(max_line_length=998)

# A claim older than this was left by a process that stopped mid-send.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True)
class Outgoing:
    """One mail to one person. `intent` names what it is for within its
    `kind` (a follow-up round's id); with the recipient it is sent once."""

    kind: MailKind
    intent: str
    edition: str | None
    organization_id: str | None
    recipient_id: str
    to: str

    @property
    def key(self) -> str:
        return f"{self.kind}/{self.intent}/{self.recipient_id}"


@dataclass(frozen=True)
class Letter:
    """What a mail says, and the calendar file it carries, if any."""

    subject: str
    text: str
    calendar: bytes | None = None


# Makes the letter, given what every mail ends with: "did you meet?" for the
# organisation's meetings that are over, and the unsubscribe link its kind has.
Compose = Callable[[Footer], Awaitable[Letter]]

# Not transactional: these carry a one-click unsubscribe (RFC 8058), and a
# recipient who used it is not sent that kind again.
UNSUBSCRIBABLE: frozenset[MailKind] = frozenset(
    {"invitation", "follow-up-reminder", "evaluation-reminder"}
)


async def send_once(
    store: RegistrationStore, settings: RegistrationSettings, mail: Outgoing, compose: Compose
) -> bool:
    """Send `mail`, its letter from `compose` (called only when it is to be
    sent: a sign-in link is made for it alone). False when it was sent
    already, is being sent, its kind is turned off (`SYNERGI_MAIL_OFF`), or
    the recipient unsubscribed from it. Raises if the server does not take it."""
    if mail.kind in settings.mail_off:
        logger.info("mail not sent: its kind is turned off", extra={"kind": mail.kind})
        return False
    if mail.kind in UNSUBSCRIBABLE and await store.contacts.has_unsubscribed(
        mail.recipient_id, mail.kind
    ):
        return False
    now = clock.now()
    about = {
        "kind": mail.kind,
        "edition": mail.edition,
        "organization_id": mail.organization_id,
        "recipient_id": mail.recipient_id,
    }
    if not await store.mail_log.claim(mail.key, about, now, now - STALE_CLAIM):
        return False
    try:
        unsubscribe = None
        if mail.kind in UNSUBSCRIBABLE:
            token = unsubscribe_token(settings, mail.recipient_id, mail.organization_id, mail.kind)
            unsubscribe = (
                f"{settings.public_url.rstrip('/')}/registration/unsubscribe?token={token}"
            )
        met = await questions_for(store, settings, mail.kind, mail.intent, mail.organization_id)
        letter = await compose(Footer(met, unsubscribe))
        message = EmailMessage(policy=HEADERS_UNFOLDED)
        message["To"] = mail.to
        message["Subject"] = letter.subject
        # The same id however often it is sent, so a copy after a crash
        # between sending and recording it is recognisably the same e-mail.
        digest = hashlib.sha256(mail.key.encode()).hexdigest()[:32]
        message["Message-ID"] = f"<{mail.kind}-{digest}@synergi>"
        if unsubscribe:
            message["List-Unsubscribe"] = f"<{unsubscribe}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(letter.text)
        if letter.calendar:
            message.add_attachment(
                letter.calendar, maintype="text", subtype="calendar", filename=f"{mail.kind}.ics"
            )
        await send_mail(settings, message)
    except BaseException as error:
        # The server's words, without the address (the log keeps none).
        reason = f"{type(error).__name__}: {error}".replace(mail.to, "<recipient>")
        await store.mail_log.failed(mail.key, reason, clock.now(), settings.consumer_max_attempts)
        raise
    await store.mail_log.sent(mail.key, clock.now())
    return True


async def mail_log_page(
    store: RegistrationStore,
    edition: str | None,
    kind: MailKind | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    """A page of the mail log, newest first, each entry with its recipient's
    name and address as registration holds them now (none once erased) and
    how it went (`mail_status`), and why it failed."""
    docs, total = await store.mail_log.listed(edition, kind, offset, limit)
    recipients = {doc["recipient_id"] for doc in docs if doc.get("recipient_id")}
    people = await store.participants_by_id(sorted(recipients))
    contacts = await store.contacts.of(sorted(filter(None, map(contact_of, recipients))))
    people |= {contact_id(o): contact for o, contact in contacts.items()}

    async def name_of(organization_id: str) -> str | None:
        try:
            return (await store.get_organization(organization_id))["name"]
        except NotFound:
            return None

    organization_ids = sorted({d["organization_id"] for d in docs if d.get("organization_id")})
    names = dict(zip(organization_ids, await lookups(name_of, organization_ids), strict=True))
    entries = []
    for doc in docs:
        person = people.get(doc.get("recipient_id") or "", {})
        entries.append(
            {
                "kind": doc["kind"],
                "edition": doc.get("edition"),
                "organization_id": doc.get("organization_id"),
                "organization_name": names.get(doc.get("organization_id") or ""),
                "recipient_id": doc.get("recipient_id"),
                "recipient_name": person.get("name"),
                "to": person.get("email"),
                "status": mail_status(doc),
                "sent_at": doc.get("sent_at"),
                "failed_at": doc.get("failed_at"),
                "failure": doc.get("failure") if not doc.get("sent_at") else None,
            }
        )
    return entries, total


def mail_status(doc: dict[str, Any]) -> str:
    """`sent`; `dead-lettered` (failed as often as its event is delivered:
    the event waits in the dead-letter topic for `synergi dlq replay`);
    `failed` (the next delivery tries again); or `sending`."""
    if doc.get("sent_at"):
        return "sent"
    if doc.get("dead_lettered") and doc["claimed_at"] <= doc["failed_at"]:
        return "dead-lettered"
    if doc.get("failed_at") and doc["claimed_at"] <= doc["failed_at"]:
        return "failed"
    return "sending"
