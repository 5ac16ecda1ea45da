"""The mail about a meeting between two organisations (workshops' events):
asked for, agreed (with the meeting as a calendar file) and expired. One
mail to each side's contact person, in their language; the note a requester
wrote is not in it (it stays in workshops, for the two organisations' pages)."""

import logging
from datetime import date, datetime, time, timedelta

from synergi_registration import mail_texts
from synergi_registration.calendar_files import TIME_ZONE, meeting_calendar
from synergi_registration.domain import MailKind, contact_id
from synergi_registration.mail_texts import Language
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_shared.contracts.events import MeetingAccepted, MeetingExpired, MeetingRequested

logger = logging.getLogger(__name__)
MeetingEvent = MeetingRequested | MeetingAccepted | MeetingExpired
_KINDS: dict[type, MailKind] = {
    MeetingRequested: "meeting-request",
    MeetingAccepted: "meeting-accepted",
    MeetingExpired: "meeting-expired",
}


def _span(event: MeetingEvent, day: str) -> tuple[datetime, datetime] | None:
    if event.starts_at and event.ends_at:
        on = date.fromisoformat(day)
        return (
            datetime.combine(on, time.fromisoformat(event.starts_at), TIME_ZONE),
            datetime.combine(on, time.fromisoformat(event.ends_at), TIME_ZONE),
        )
    if event.proposed_at:
        start = event.proposed_at.astimezone(TIME_ZONE)
        return start, start + timedelta(hours=1)
    return None


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
    span = _span(event, edition["date"])
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

        async def compose(_: str | None, language: Language = language, name=contact["name"]):
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
                },
            )
            calendar = None
            if isinstance(event, MeetingAccepted) and span is not None:
                summary = f"{names[event.requester]} + {names[event.partner]}"
                calendar = meeting_calendar(event.meeting_id, summary, *span, place, clock.now())
            return Letter(subject, text, calendar)

        sent += await send_once(store, settings, mail, compose)
    return sent
