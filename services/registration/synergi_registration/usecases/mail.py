"""How every e-mail Synergi sends goes out: claimed in the mail log for one
intent and one recipient, composed, sent with a Message-ID of its own, and
recorded as sent, or as failed and why. A redelivered event or a second
instance sends nothing twice; a failure is tried again by the next delivery."""

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from typing import Any

from synergi_registration.domain import MailKind
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import NotFound
from synergi_shared.runtime.mail import send_mail
from synergi_shared.runtime.mongo import lookups

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


Compose = Callable[[], Awaitable[tuple[str, str]]]


async def send_once(
    store: RegistrationStore, settings: RegistrationSettings, mail: Outgoing, compose: Compose
) -> bool:
    """Send `mail`, its subject and text from `compose` (called only when it
    is to be sent: a sign-in link is made for it alone). False when it was
    sent already, or is being sent. Raises if the server does not take it."""
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
        subject, text = await compose()
        message = EmailMessage()
        message["To"] = mail.to
        message["Subject"] = subject
        # The same id however often it is sent, so a copy after a crash
        # between sending and recording it is recognisably the same e-mail.
        digest = hashlib.sha256(mail.key.encode()).hexdigest()[:32]
        message["Message-ID"] = f"<{mail.kind}-{digest}@synergi>"
        message.set_content(text)
        await send_mail(settings, message)
    except BaseException as error:
        # The server's words, without the address (the log keeps none).
        reason = f"{type(error).__name__}: {error}".replace(mail.to, "<recipient>")
        await store.mail_log.failed(mail.key, reason, clock.now())
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
    how it went: `sent`, `failed` (and why; the next delivery tries again,
    the last goes to the dead-letter topic), or `sending`."""
    docs, total = await store.mail_log.listed(edition, kind, offset, limit)
    people = await store.participants_by_id(
        sorted({doc["recipient_id"] for doc in docs if doc.get("recipient_id")})
    )

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
                "status": _status(doc),
                "sent_at": doc.get("sent_at"),
                "failed_at": doc.get("failed_at"),
                "failure": doc.get("failure") if not doc.get("sent_at") else None,
            }
        )
    return entries, total


def _status(doc: dict[str, Any]) -> str:
    if doc.get("sent_at"):
        return "sent"
    if doc.get("failed_at") and doc["claimed_at"] <= doc["failed_at"]:
        return "failed"
    return "sending"
