"""The evaluation after the day: the organiser closes the day, and each
checked-in participant gets a personal link that signs them in to the
evaluation form alone; after `evaluation_reminder_days`, one reminder to
each who has not answered. Who checked in and who answered registration
learns from workshops' and feedback's events (ids only)."""

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from synergi_registration import mail_texts
from synergi_registration.calendar_files import danish_date, day_ends
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import Letter, Outgoing, send_once
from synergi_registration.usecases.sign_in import make_sign_in_link
from synergi_shared.contracts.events import DayClosed, EvaluationReminderDue

logger = logging.getLogger(__name__)

# An evaluation link is read after the day, at home: it lasts as a follow-up's.
EVALUATION_LINK_SECONDS = 14 * 24 * 3600
# A day not closed within this time after it ended is left to the organiser.
CLOSES_ITSELF_FOR = timedelta(days=7)


async def close_day(store: RegistrationStore, slug: str) -> dict[str, Any]:
    """Close the edition's day: the evaluation links go out within seconds,
    once. Closing it again changes nothing."""
    await store.get_edition(slug)
    await store.close_day(slug, clock.now(), DayClosed(edition=slug))
    return await store.get_edition(slug)


async def ask_due_reminders(
    store: RegistrationStore, settings: RegistrationSettings, now: datetime
) -> list[str]:
    """For each edition closed `evaluation_reminder_days` ago, the event
    that mails its reminders, once (a compare-and-set: any instance may
    look). The editions asked for."""
    closed_before = now - timedelta(days=settings.evaluation_reminder_days)
    asked = []
    for slug in await store.evaluation_reminders_due(closed_before):
        if await store.ask_evaluation_reminder(slug, now, EvaluationReminderDue(edition=slug)):
            asked.append(slug)
    return asked


async def close_due_days(
    store: RegistrationStore, settings: RegistrationSettings, now: datetime
) -> list[str]:
    """Close each day `close_days_after_hours` after it ended, when the
    organiser has not (and it ended within the last week). The editions closed."""
    if settings.close_days_after_hours is None:
        return []
    after = timedelta(hours=settings.close_days_after_hours)
    today = danish_date(now)
    closed = []
    for edition in await store.open_days_between(
        (today - CLOSES_ITSELF_FOR).isoformat(), today.isoformat()
    ):
        ended = day_ends(edition)
        if not ended + after <= now < ended + CLOSES_ITSELF_FOR:
            continue
        if await store.close_day(edition["_id"], now, DayClosed(edition=edition["_id"])):
            closed.append(edition["_id"])
    return closed


async def keep_asking_reminders(store: RegistrationStore, settings: RegistrationSettings) -> None:
    """`close_due_days` and `ask_due_reminders` every
    `evaluation_check_seconds` for the app's life."""
    while True:
        try:
            await close_due_days(store, settings, clock.now())
            await ask_due_reminders(store, settings, clock.now())
        except Exception:  # the database away for a moment: the next round catches up
            logger.warning("evaluation reminders not looked for this round", exc_info=True)
        await asyncio.sleep(settings.evaluation_check_seconds)


async def send_evaluation_links(
    store: RegistrationStore, settings: RegistrationSettings, due: DayClosed | EvaluationReminderDue
) -> int:
    """Mail each participant their own evaluation link: at the close, every
    one checked in; at the reminder, those mailed a link who have not
    answered. Once per person and kind; Danish, then English. How many now."""
    reminder = isinstance(due, EvaluationReminderDue)
    kind = "evaluation-reminder" if reminder else "evaluation"
    edition = await store.get_edition(due.edition)
    people = await store.evaluations.of(due.edition)
    asked = [p for p in people if p.get("checked_in_at")]
    if reminder:
        sent_before = await store.mail_log.sent_in(due.edition, "evaluation")
        asked = [
            p for p in asked if p["participant_id"] in sent_before and not p.get("answered_at")
        ]
    # The edition's people in one read, not one read per person asked.
    wanted = {p["participant_id"] for p in asked}
    found = {
        person["id"]: (registration["organization_id"], person)
        for registration in await store.registrations_in(due.edition)
        for person in registration["participants"]
        if person["id"] in wanted
    }
    sent = 0
    for participant_id, (organization_id, person) in found.items():
        if not person.get("email"):
            continue  # erased
        mail = Outgoing(
            kind, due.edition, due.edition, organization_id, participant_id, person["email"]
        )

        async def compose(
            footer: mail_texts.Footer,
            organization_id: str = organization_id,
            pid: str = participant_id,
            name: str | None = person.get("name"),
        ) -> Letter:
            code, _ = await make_sign_in_link(
                store, organization_id, EVALUATION_LINK_SECONDS, evaluating=(due.edition, pid)
            )
            link = f"{settings.public_url.rstrip('/')}/sign-in#code={code}"
            subject, text = mail_texts.letter(
                ["da", "en"],
                kind,
                name,
                lambda language: {
                    "edition": mail_texts.quoted(edition["title"], language),
                    "link": link,
                },
                footer,
            )
            return Letter(subject, text)

        sent += await send_once(store, settings, mail, compose)
    logger.info("evaluation links sent", extra={"edition": due.edition, "kind": kind, "sent": sent})
    return sent


async def evaluation_mails(store: RegistrationStore, slug: str) -> dict[str, Any]:
    """The console's counts for the edition's evaluation."""
    edition = await store.get_edition(slug)
    people = await store.evaluations.of(slug)
    return {
        "closed_at": edition.get("closed_at"),
        "reminder_at": edition.get("evaluation_reminder_at"),
        "checked_in": sum(1 for p in people if p.get("checked_in_at")),
        "sent": len(await store.mail_log.sent_in(slug, "evaluation")),
        "opened": sum(1 for p in people if p.get("opened_at")),
        "answered": sum(1 for p in people if p.get("answered_at")),
        "reminded": len(await store.mail_log.sent_in(slug, "evaluation-reminder")),
    }
