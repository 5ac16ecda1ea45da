"""Invitations to an edition: recorded with their event by the organiser's
request, then mailed by registration's own consumer to each organisation's
contact person, with a personal sign-in link and the day as a calendar file."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from synergi_registration import mail_texts
from synergi_registration.calendar_files import danish_date, edition_calendar
from synergi_registration.domain import contact_id
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import Letter, Outgoing, mail_status, send_once
from synergi_registration.usecases.sign_in import make_sign_in_link
from synergi_shared.contracts.errors import Unprocessable
from synergi_shared.contracts.events import InvitationRequested

logger = logging.getLogger(__name__)

# Inviting an organisation again within this time sends nothing: a second
# click, or a selection overlapping one made this week. After it, a reminder
# invitation goes out.
INVITE_AGAIN_AFTER = timedelta(days=7)
# An invitation is read late: its link lasts as a follow-up's does.
INVITATION_LINK_SECONDS = 14 * 24 * 3600


@dataclass
class Invited:
    """What an invitation request did, organisation by organisation."""

    invited: list[str] = field(default_factory=list)
    invited_lately: list[str] = field(default_factory=list)
    no_contact: list[str] = field(default_factory=list)
    unsubscribed: list[str] = field(default_factory=list)


async def invite(
    store: RegistrationStore, edition: str, organization_ids: list[str] | None
) -> Invited:
    """Invite the organisations named, or (None) every one in the directory.
    An unknown id refuses the whole request (422), before anything is recorded."""
    await store.get_edition(edition)
    if organization_ids is None:
        organization_ids = await store.organization_ids()
    else:
        organization_ids = list(dict.fromkeys(organization_ids))
        known = {doc["_id"] for doc in await store.current_profiles(organization_ids)}
        if unknown := [o for o in organization_ids if o not in known]:
            raise Unprocessable(f"unknown organisations: {', '.join(unknown)}")
    contacts = await store.contacts.of(organization_ids)
    unsubscribed = await _turned_invitations_off(store, organization_ids)
    done, now = Invited(), clock.now()
    for organization_id in organization_ids:
        if organization_id not in contacts:
            done.no_contact.append(organization_id)
        elif organization_id in unsubscribed:
            done.unsubscribed.append(organization_id)
        elif await store.invite(edition, organization_id, now, INVITE_AGAIN_AFTER):
            done.invited.append(organization_id)
        else:
            done.invited_lately.append(organization_id)
    return done


async def invitations_in(store: RegistrationStore, edition: str) -> list[dict[str, Any]]:
    """Every organisation invited to the edition: when (last), how many
    times, how its last invitation mail went, whether it has registered,
    and whether its contact unsubscribed from invitations."""
    docs = await store.invitations_in(edition)
    ids = [d["organization_id"] for d in docs]
    names = {p["_id"]: p["name"] for p in await store.current_profiles(ids)}
    registered = {
        r["organization_id"]
        for r in await store.registrations_in(edition)
        if r.get("status") == "active"
    }
    mails = await store.mail_log.by_keys([_last_mail(doc) for doc in docs])
    unsubscribed = await _turned_invitations_off(store, ids)
    rows = []
    for doc in docs:
        key = _last_mail(doc)
        rows.append(
            {
                "organization_id": doc["organization_id"],
                "organization_name": names.get(doc["organization_id"]),
                "invited_at": doc["invited_at"],
                "times": doc["count"],
                # `waiting`: the consumer has not taken it yet.
                "mail": mail_status(mails[key]) if key in mails else "waiting",
                "registered": doc["organization_id"] in registered,
                "unsubscribed": doc["organization_id"] in unsubscribed,
            }
        )
    return sorted(rows, key=lambda row: (row["organization_name"] or "").casefold())


async def _turned_invitations_off(
    store: RegistrationStore, organization_ids: list[str]
) -> set[str]:
    """The organisations whose contact person unsubscribed from invitations."""
    return {
        u["organization_id"]
        for u in await store.contacts.unsubscriptions_of(organization_ids)
        if u["kind"] == "invitation" and u["recipient_id"] == contact_id(u["organization_id"])
    }


def _last_mail(invitation: dict[str, Any]) -> str:
    """The mail log's key of the invitation's last mail (`send_invitation`'s)."""
    organization_id = invitation["organization_id"]
    intent = f"{invitation['_id']}/{invitation['count']}"  # the event's invitation_id
    return Outgoing(
        "invitation", intent, None, organization_id, contact_id(organization_id), ""
    ).key


async def send_invitation(
    store: RegistrationStore, settings: RegistrationSettings, asked: InvitationRequested
) -> bool:
    """Mail the invitation to the organisation's contact person, once per
    invitation, in the contact's language. Nothing when the contact was
    erased since."""
    contact = await store.contacts.get(asked.organization_id)
    if contact is None:
        logger.warning("invitation not sent: no contact person", extra={"id": asked.invitation_id})
        return False
    edition = await store.get_edition(asked.edition)
    organization = await store.get_organization(asked.organization_id)
    language = contact.get("language", "da")
    mail = Outgoing(
        kind="invitation",
        intent=asked.invitation_id,
        edition=asked.edition,
        organization_id=asked.organization_id,
        recipient_id=contact_id(asked.organization_id),
        to=contact["email"],
    )

    async def compose(footer: mail_texts.Footer) -> Letter:
        code, _ = await make_sign_in_link(store, asked.organization_id, INVITATION_LINK_SECONDS)
        deadline = edition.get("registration_deadline")
        day = mail_texts.when(
            date.fromisoformat(edition["date"]),
            edition.get("starts_at"),
            edition.get("ends_at"),
            language,
        )
        link = f"{settings.public_url.rstrip('/')}/sign-in#code={code}"
        subject, text = mail_texts.letter(
            [language],
            "invitation",
            contact["name"],
            lambda language: {
                "organization": mail_texts.quoted(organization["name"], language),
                "edition": mail_texts.quoted(edition["title"], language),
                "day": day,
                "venue": mail_texts.quoted(edition.get("venue"), language),
                "deadline": mail_texts.long_date(danish_date(deadline), language)
                if deadline
                else mail_texts.quoted(None, language),
                "link": link,
            },
            footer,
        )
        return Letter(subject, text, edition_calendar(edition, clock.now()))

    return await send_once(store, settings, mail, compose)
