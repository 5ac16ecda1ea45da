"""The words of every mail Synergi writes, one catalogue per language
(Danish first). Every value a person typed (a name, a title, a venue) is
put in quoted and as one line: a mail never carries typed text unquoted. A
reader whose language is not known (a participant) gets Danish, then English."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from synergi_shared.contracts.text import as_one_line

Language = Literal["da", "en"]

_MONTHS = {
    "da": "januar februar marts april maj juni juli august september oktober november december",
    "en": "January February March April May June July August September October November December",
}

CATALOGUE: Mapping[Language, Mapping[str, str]] = {
    "da": {
        "greeting": "Kære {name}",
        "invitation.subject": "Invitation: {edition}",
        "invitation.body": (
            "{organization} er inviteret til {edition}.\n\n"
            "  Dato: {day}\n"
            "  Sted: {venue}\n"
            "  Tilmelding senest: {deadline}\n\n"
            "Tilmeld jer med dette personlige link. Det virker én gang og i 14 dage:\n\n"
            "  {link}\n\n"
            "Dagen er vedhæftet som kalenderfil."
        ),
        "new-link.subject": "Dit nye link til Synergi",
        "new-link.body": (
            "Du har bedt om et nyt link til Synergi for {organization}. "
            "Det virker én gang og i 3 dage:\n\n"
            "  {link}\n\n"
            "Har du ikke bedt om det, kan du se bort fra denne mail."
        ),
        "new-evaluation-link.subject": "Dit nye link til evalueringen af {edition}",
        "new-evaluation-link.body": (
            "Du har bedt om et nyt link til din evaluering af {edition}. "
            "Det virker én gang og i 14 dage:\n\n"
            "  {link}\n\n"
            "Har du ikke bedt om det, kan du se bort fra denne mail."
        ),
        "waitlist.subject": "Du har fået en plads: {workshop}",
        "waitlist.body": (
            "{person} fra {organization} er rykket op fra ventelisten og har nu en plads på "
            "workshoppen {workshop}, runde {round}, på {edition}.\n\n"
            "  Lokale: {room}\n\n"
            "Pladsen er vedhæftet som kalenderfil."
        ),
        "follow-up.subject": "{reminder}Hvad kom der ud af det? {edition}, {months} måneder efter",
        "follow-up.body": (
            "{reminder_note}For {months} måneder siden var I med på {edition}. I har fortalt, "
            "at I har været i kontakt med:\n\n{partners}\n\n"
            "Fortæl os, hvad der er kommet ud af det: fælles aktiviteter, viden, ansøgninger, "
            "flere familier nået. Det tager et par minutter:\n\n"
            "  {link}\n\n"
            "Linket virker én gang og i 14 dage. Er det udløbet, kan du få et nyt på "
            "login-siden med din e-mailadresse."
        ),
        "follow-up.reminder": "Påmindelse: ",
        "follow-up.reminder-note": (
            "Vi har ikke hørt fra jer endnu, så her er en enkelt påmindelse. "
        ),
        "evaluation.subject": "Hvordan var dagen? {edition}",
        "evaluation.body": (
            "Tak fordi du var med på {edition}. Fortæl os, hvordan dagen var, og hvem du "
            "gerne vil følge op med. Det tager fem minutter, og linket er dit eget "
            "(det virker én gang og i 14 dage):\n\n"
            "  {link}"
        ),
        "evaluation-reminder.subject": "Påmindelse: hvordan var dagen? {edition}",
        "evaluation-reminder.body": (
            "Vi har ikke fået din evaluering af {edition} endnu, så her er en enkelt "
            "påmindelse med et nyt link (det virker én gang og i 14 dage):\n\n"
            "  {link}"
        ),
        "taken-off.subject": "Din plads er annulleret: {workshop}",
        "taken-off.body": (
            "Arrangøren har taget {person} fra {organization} af workshoppen {workshop}, "
            "runde {round}, på {edition}. Pladsen er fjernet fra kalenderen med den "
            "vedhæftede fil.\n\n"
            "Er det en fejl, så svar arrangøren, eller vælg en anden workshop på jeres side "
            "i Synergi."
        ),
        "meeting-request.subject": "Mødeforespørgsel: {requester} og {partner}",
        "meeting-request.body": (
            "{requester} har bedt {partner} om et møde på {edition}:\n\n"
            "  Hvornår: {when}\n\n"
            "{partner} svarer på sin side i Synergi under de anbefalede partnere: "
            "acceptér, afslå eller foreslå et andet tidspunkt. Uden svar udløber "
            "forespørgslen {expires}."
        ),
        "meeting-accepted.subject": "Aftalt møde: {requester} og {partner}",
        "meeting-accepted.body": (
            "{requester} og {partner} mødes på {edition}:\n\n"
            "  Hvornår: {when}\n"
            "  Hvor: {where}\n\n"
            "Mødet er vedhæftet som kalenderfil. Efter mødet kan I på jeres side i Synergi "
            "sige, at I har mødtes."
        ),
        "meeting-expired.subject": "Mødeforespørgslen er udløbet: {requester} og {partner}",
        "meeting-expired.body": (
            "Forespørgslen fra {requester} til {partner} om et møde på {edition} ({when}) "
            "er udløbet uden svar. I kan stadig finde hinanden på jeres side i Synergi."
        ),
        "meeting-cancelled.subject": "Mødet er aflyst: {requester} og {partner}",
        "meeting-cancelled.body": (
            "{cancelled_by} har aflyst mødet mellem {requester} og {partner} på {edition} "
            "({when}). Kalenderfilen fjerner det fra kalenderen. I står stadig på hinandens "
            "anbefalinger og kan bede om et nyt møde på jeres side i Synergi."
        ),
        "did-you-meet": "Mødtes I med {partner}? Sig det med ét klik:\n  {url}",
        "meeting.online": "online",
        "meeting.table": "bord {table}",
        "meeting.any-slot": "et ledigt tidspunkt på dagen",
        "unsubscribe": "Vil I ikke have flere mails af denne slags fra Synergi, kan I afmelde dem "
        "her:\n  {url}",
        "not-given": "(ikke oplyst)",
        "signature": "Venlig hilsen\nSynergi",
    },
    "en": {
        "greeting": "Dear {name}",
        "invitation.subject": "Invitation: {edition}",
        "invitation.body": (
            "{organization} is invited to {edition}.\n\n"
            "  Date: {day}\n"
            "  Venue: {venue}\n"
            "  Register by: {deadline}\n\n"
            "Register with this personal link. It works once, for 14 days:\n\n"
            "  {link}\n\n"
            "The day is attached as a calendar file."
        ),
        "new-link.subject": "Your new link to Synergi",
        "new-link.body": (
            "You asked for a new link to Synergi for {organization}. "
            "It works once, for 3 days:\n\n"
            "  {link}\n\n"
            "If you did not ask for it, you can ignore this e-mail."
        ),
        "new-evaluation-link.subject": "Your new link to evaluate {edition}",
        "new-evaluation-link.body": (
            "You asked for a new link to your evaluation of {edition}. "
            "It works once, for 14 days:\n\n"
            "  {link}\n\n"
            "If you did not ask for it, you can ignore this e-mail."
        ),
        "waitlist.subject": "You have a place: {workshop}",
        "waitlist.body": (
            "{person} of {organization} has moved up from the waiting list and now has a place "
            "in the workshop {workshop}, round {round}, at {edition}.\n\n"
            "  Room: {room}\n\n"
            "The place is attached as a calendar file."
        ),
        "follow-up.subject": "{reminder}What came of it? {edition}, {months} months on",
        "follow-up.body": (
            "{reminder_note}{months} months ago you took part in {edition}, and you told us "
            "you had been in touch with:\n\n{partners}\n\n"
            "Tell us what came of it: joint activities, knowledge, applications, more "
            "families reached. It takes a few minutes:\n\n"
            "  {link}\n\n"
            "The link works once, for 14 days. If it has expired, ask for a new one with your "
            "e-mail address on the sign-in page."
        ),
        "follow-up.reminder": "Reminder: ",
        "follow-up.reminder-note": "We have not heard from you yet, so here is a single reminder. ",
        "evaluation.subject": "How was the day? {edition}",
        "evaluation.body": (
            "Thank you for taking part in {edition}. Tell us how the day was, and whom you "
            "would like to follow up with. It takes five minutes, and the link is your own "
            "(it works once, for 14 days):\n\n"
            "  {link}"
        ),
        "evaluation-reminder.subject": "Reminder: how was the day? {edition}",
        "evaluation-reminder.body": (
            "We have not had your evaluation of {edition} yet, so here is a single reminder "
            "with a new link (it works once, for 14 days):\n\n"
            "  {link}"
        ),
        "taken-off.subject": "Your place is cancelled: {workshop}",
        "taken-off.body": (
            "The organiser has taken {person} of {organization} off the workshop {workshop}, "
            "round {round}, at {edition}. The attached file removes the place from the "
            "calendar.\n\n"
            "If this is a mistake, reply to the organiser, or choose another workshop on your "
            "page in Synergi."
        ),
        "meeting-request.subject": "Meeting request: {requester} and {partner}",
        "meeting-request.body": (
            "{requester} has asked {partner} for a meeting at {edition}:\n\n"
            "  When: {when}\n\n"
            "{partner} answers on its page in Synergi, under the recommended partners: "
            "accept, decline or propose another time. Without an answer the request "
            "expires {expires}."
        ),
        "meeting-accepted.subject": "Meeting agreed: {requester} and {partner}",
        "meeting-accepted.body": (
            "{requester} and {partner} meet at {edition}:\n\n"
            "  When: {when}\n"
            "  Where: {where}\n\n"
            "The meeting is attached as a calendar file. After it, say on your page in "
            "Synergi that you met."
        ),
        "meeting-expired.subject": "The meeting request expired: {requester} and {partner}",
        "meeting-expired.body": (
            "The request from {requester} to {partner} for a meeting at {edition} ({when}) "
            "expired without an answer. You can still find each other on your page in Synergi."
        ),
        "meeting-cancelled.subject": "Meeting cancelled: {requester} and {partner}",
        "meeting-cancelled.body": (
            "{cancelled_by} has called off the meeting between {requester} and {partner} at "
            "{edition} ({when}). The calendar file removes it from your calendar. You are "
            "still on each other's recommendations and can ask for a new meeting on your "
            "page in Synergi."
        ),
        "did-you-meet": "Did you meet {partner}? Say so with one click:\n  {url}",
        "meeting.online": "online",
        "meeting.table": "table {table}",
        "meeting.any-slot": "any free time at the day",
        "unsubscribe": "To receive no more e-mails of this kind from Synergi, unsubscribe "
        "here:\n  {url}",
        "not-given": "(not given)",
        "signature": "Kind regards\nSynergi",
    },
}


@dataclass(frozen=True)
class Footer:
    """What a mail ends with, whatever its kind: "did you meet?" for each of
    the organisation's meetings that are over (the partner's name as typed,
    and the one-click link), and the unsubscribe link of a kind that has one."""

    met: Sequence[tuple[str, str]] = ()
    unsubscribe: str | None = None


def quoted(value: str | None, language: Language) -> str:
    """A typed value as one line in quotes, or "not given"."""
    if not value:
        return CATALOGUE[language]["not-given"]
    return f'"{as_one_line(value)}"'


def long_date(day: date, language: Language) -> str:
    month = _MONTHS[language].split()[day.month - 1]
    return f"{day.day}. {month} {day.year}" if language == "da" else f"{day.day} {month} {day.year}"


def follow_up(
    organization: str,
    edition: str,
    months: int,
    partners: list[str],
    link: str,
    reminder: bool = False,
    footer: Footer = Footer(),
) -> tuple[str, str]:
    """A follow-up mail (or its `reminder`), Danish then English: what the
    organisation is asked, about which partners (each quoted on a line of
    its own), and the link to answer."""

    def values(language: Language) -> dict[str, str]:
        texts = CATALOGUE[language]
        return {
            "reminder": texts["follow-up.reminder"] if reminder else "",
            "reminder_note": texts["follow-up.reminder-note"] if reminder else "",
            "edition": quoted(edition, language),
            "months": str(months),
            "partners": "\n".join(f"  - {quoted(p, language)}" for p in partners),
            "link": link,
        }

    return letter(["da", "en"], "follow-up", organization, values, footer)


def when(day: date, starts_at: str | None, ends_at: str | None, language: Language) -> str:
    """The day, and its hours if given: "1. maj 2026, kl. 09:00\u201316:00"."""
    hours = "\u2013".join(t for t in (starts_at, ends_at) if t)
    if not hours:
        return long_date(day, language)
    return f"{long_date(day, language)}, {'kl. ' if language == 'da' else ''}{hours}"


def letter(
    languages: Sequence[Language],
    kind: str,
    name: str | None,
    values: Callable[[Language], Mapping[str, str]],
    footer: Footer = Footer(),
) -> tuple[str, str]:
    """The subject and text of a mail of `kind` ("invitation", "new-link",
    "new-evaluation-link",
    "waitlist", "taken-off", "evaluation", "evaluation-reminder",
    "follow-up", "meeting-request", "meeting-accepted", "meeting-expired",
    "meeting-cancelled") to `name`: in each of
    `languages`, one after the other (a
    reader whose language is not known gets Danish, then English). `values`
    gives the values for a language, put in as given: quote what a person
    typed (`quoted`)."""
    subjects, texts = [], []
    for language in languages:
        catalogue, given = CATALOGUE[language], values(language)
        parts = [
            catalogue["greeting"].format(name=quoted(name, language)) if name else "",
            catalogue[f"{kind}.body"].format_map(given),
            *(
                catalogue["did-you-meet"].format(partner=quoted(partner, language), url=url)
                for partner, url in footer.met
            ),
            catalogue["unsubscribe"].format(url=footer.unsubscribe) if footer.unsubscribe else "",
            catalogue["signature"],
        ]
        subjects.append(as_one_line(catalogue[f"{kind}.subject"].format_map(given)))
        texts.append("\n\n".join(p for p in parts if p) + "\n")
    return " / ".join(dict.fromkeys(subjects)), "\n---\n\n".join(texts)
