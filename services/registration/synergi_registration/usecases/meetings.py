"""The mail about a meeting between two organisations (workshops' events):
asked for, agreed (with the meeting as a calendar file), expired, and called
off (the calendar entry cancelled). One mail to each side's contact person,
in their language; the note a requester wrote is not in it (it stays in
workshops, for the two organisations' pages). And what "did you meet?" in
the next mail needs to know (`usecases.did_you_meet`)."""

import logging
from datetime import datetime

from synergi_registration import mail_texts
from synergi_registration.calendar_files import TIME_ZONE, meeting_calendar, meeting_span
from synergi_registration.domain import MailKind, contact_id
from synergi_registration.mail_texts import Language
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_shared.contracts.events import (
    MeetingAccepted,
    MeetingCancelled,
    MeetingExpired,
    MeetingHeld,
    MeetingRequested,
)

logger = logging.getLogger(__name__)
MeetingEvent = MeetingRequested | MeetingAccepted | MeetingExpired | MeetingCancelled
_KINDS: dict[type, MailKind] = {
    MeetingRequested: "meeting-request",
    MeetingAccepted: "meeting-accepted",
    MeetingExpired: "meeting-expired",
    MeetingCancelled: "meeting-cancelled",
}


async def remember_meeting(
    store: RegistrationStore, event: MeetingAccepted | MeetingHeld | MeetingCancelled
) -> None:
    """What "did you meet?" needs: an agreed meeting is asked about (each
    side), one side's "we met" ends its question, a meeting called off ends both."""
    if isinstance(event, MeetingAccepted):
        await store.meeting_questions.agreed(event)
    elif isinstance(event, MeetingHeld):
        await store.meeting_questions.answered(event.meeting_id, event.organization_id)
    else:
        await store.meeting_questions.forget_meeting(event.meeting_id)


def _when(span: tuple[datetime, datetime] | None, language: Language) -> str:
    if span is None:
        return mail_texts.CATALOGUE[language]["meeting.any-slot"]
    start, end = span
    return mail_texts.when(start.date(), f"{start:%H:%M}", f"{end:%H:%M}", language)


def _moment(moment: datetime, language: Language) -> str:
    local = moment.astimezone(TIME_ZONE)
    return mail_texts.when(local.date(), f"{local:%H:%M}", None, language)


async def send_meeting_mail(
    store: RegistrationStore, settings: RegistrationSettings, event: MeetingEvent
) -> int:
    """One mail to each side's contact person, once per meeting, step and
    time asked for. How many were sent."""
    kind = _KINDS[type(event)]
    edition = await store.get_edition(event.edition)
    names = {
        org: (await store.get_organization(org))["name"] for org in (event.requester, event.partner)
    }
    span = meeting_span(edition["date"], event.starts_at, event.ends_at, event.proposed_at)
    # A proposal of another time is asked again: one mail per time asked for.
    intent = f"{event.meeting_id}/{event.requester}/{event.slot}/{event.proposed_at}"
    contacts = await store.contacts.of([event.requester, event.partner])
    sent = 0
    for organization_id in (event.requester, event.partner):
        contact = contacts.get(organization_id)
        if contact is None:
            logger.info("meeting mail not sent: no contact person", extra={"kind": kind})
            continue
        language: Language = contact["language"]
        recipient = contact_id(organization_id)
        mail = Outgoing(kind, intent, event.edition, organization_id, recipient, contact["email"])

        async def compose(
            footer: mail_texts.Footer, language: Language = language, name=contact["name"]
        ):
            texts = mail_texts.CATALOGUE[language]
            table = getattr(event, "table", None)
            venue = edition.get("venue") if event.starts_at else None
            at = [
                texts["meeting.online"] if event.online else None,
                texts["meeting.table"].format(table=table) if table else None,
            ]
            # The venue quoted in the mail (an organiser typed it), as is in the calendar.
            where = [*at, mail_texts.quoted(venue, language) if venue else None]
            place = ", ".join(w for w in (*at, venue) if w) or None
            expires = getattr(event, "expires_at", None) or clock.now()
            subject, text = mail_texts.letter(
                [language],
                kind,
                name,
                lambda language: {
                    "requester": mail_texts.quoted(names[event.requester], language),
                    "partner": mail_texts.quoted(names[event.partner], language),
                    "edition": mail_texts.quoted(edition["title"], language),
                    "when": _when(span, language),
                    "where": ", ".join(w for w in where if w) or texts["not-given"],
                    "expires": _moment(expires, language),
                    "cancelled_by": mail_texts.quoted(
                        names.get(getattr(event, "cancelled_by", "")), language
                    ),
                },
                footer,
            )
            calendar = None
            if isinstance(event, MeetingAccepted | MeetingCancelled) and span is not None:
                summary = f"{names[event.requester]} + {names[event.partner]}"
                cancelled = isinstance(event, MeetingCancelled)
                calendar = meeting_calendar(
                    event.meeting_id, summary, *span, place, clock.now(), cancelled
                )
            return Letter(subject, text, calendar)

        sent += await send_once(store, settings, mail, compose)
    return sent
