"""The sign-in page's "send me a new link": anyone may ask with an e-mail
address. When it belongs to an organisation's contact person or a
participant, a new sign-in link for the organisation is mailed there; the answer is the same either
way, so the page tells no one which addresses are known. At most
`REQUESTS_PER_ADDRESS` requests per address an hour are acted on (the
gateway limits each client too): no one can flood an inbox."""

import hashlib
import logging
from datetime import timedelta

from synergi_registration import mail_texts
from synergi_registration.domain import contact_id
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.evaluations import EVALUATION_LINK_SECONDS
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_registration.usecases.sign_in import make_sign_in_link
from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.events import SignInLinkRequested

logger = logging.getLogger(__name__)

REQUESTS_PER_ADDRESS = 3
REQUEST_WINDOW = timedelta(hours=1)
# After its day is closed, a participant's new link is to the evaluation for
# this long; then the organisation's, as before the day.
EVALUATING_FOR = timedelta(days=30)


def _address_key(email: str) -> str:
    """What is kept of an address asked for: its hash, to count requests."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


async def request_new_link(store: RegistrationStore, email: str) -> None:
    """Record the request, and for each organisation the address is known
    in (as its contact, or as a participant of an active registration),
    the event that mails the link. Says nothing of what was found."""
    now, address = clock.now(), _address_key(email)
    if await store.link_requests_since(address, now - REQUEST_WINDOW) >= REQUESTS_PER_ADDRESS:
        logger.info("new link not sent: too many requests for one address")
        return
    request_id = clock.new_id()
    known = {c["_id"]: contact_id(c["_id"]) for c in await store.contacts.with_email(email)}
    # The newest registration first: its person is the one asking about now.
    for registration in reversed(await store.registrations_with_email(email)):
        if registration.get("status") != "active":
            continue
        for person in registration["participants"]:
            if person.get("email") == email:
                known.setdefault(registration["organization_id"], person["id"])
    events = [
        SignInLinkRequested(
            request_id=f"{request_id}/{organization_id}",
            organization_id=organization_id,
            recipient_id=recipient_id,
        )
        for organization_id, recipient_id in sorted(known.items())
    ]
    await store.record_link_request({"_id": request_id, "address": address, "at": now}, *events)


async def _evaluating(store: RegistrationStore, participant_id: str) -> tuple[str, str] | None:
    """The edition the participant may evaluate now: its day closed within
    `EVALUATING_FOR`, and they checked in. None otherwise."""
    registration = await store.registration_of_participant(participant_id)
    edition = await store.get_edition(registration["edition"])
    closed = edition.get("closed_at")
    if closed is None or aware(closed) < clock.now() - EVALUATING_FOR:
        return None
    attended = await store.evaluations.get(edition["_id"], participant_id)
    if attended and attended.get("checked_in_at"):
        return edition["_id"], participant_id
    return None


async def send_new_link(
    store: RegistrationStore, settings: RegistrationSettings, asked: SignInLinkRequested
) -> bool:
    """Mail the link to the one who asked, once per request: a contact, in
    their language, the organisation's link; a participant, in Danish and
    English, their own evaluation link once their day is closed and they
    were checked in, and the organisation's link before that (as a
    follow-up mail gives them)."""
    organization = await store.get_organization(asked.organization_id)
    evaluating: tuple[str, str] | None = None
    if asked.recipient_id == contact_id(asked.organization_id):
        contact = await store.contacts.get(asked.organization_id)
        person = contact and {"name": contact["name"], "email": contact["email"]}
        languages: list[mail_texts.Language] = [contact["language"]] if contact else []
    else:
        person = (await store.participants_by_id([asked.recipient_id])).get(asked.recipient_id)
        languages = ["da", "en"]
        evaluating = await _evaluating(store, asked.recipient_id)
    if not person or not person.get("email"):
        logger.warning("new link not sent: the person was erased", extra={"id": asked.request_id})
        return False
    mail = Outgoing(
        kind="sign-in-link",
        intent=asked.request_id,
        edition=None,
        organization_id=asked.organization_id,
        recipient_id=asked.recipient_id,
        to=person["email"],
    )

    async def compose(_: mail_texts.Footer) -> Letter:
        if evaluating:
            code, _link = await make_sign_in_link(
                store, asked.organization_id, EVALUATION_LINK_SECONDS, evaluating=evaluating
            )
            edition = (await store.get_edition(evaluating[0]))["title"]
        else:
            code, _link = await make_sign_in_link(
                store, asked.organization_id, settings.sign_in_link_ttl_seconds
            )
            edition = None
        link = f"{settings.public_url.rstrip('/')}/sign-in#code={code}"
        subject, text = mail_texts.letter(
            languages,
            "new-evaluation-link" if evaluating else "new-link",
            person.get("name"),
            lambda language: {
                "organization": mail_texts.quoted(organization["name"], language),
                "edition": mail_texts.quoted(edition, language),
                "link": link,
            },
        )
        return Letter(subject, text)

    return await send_once(store, settings, mail, compose)
