"""Personal data kept no longer than the edition's retention (docs/security.md)."""

import asyncio
import logging
from datetime import datetime, timedelta

from synergi_registration import domain
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.registrations import erase_participant

logger = logging.getLogger(__name__)


async def apply_retention(store: RegistrationStore, now: datetime) -> dict[str, int]:
    """Erase what has been kept long enough (docs/security.md): every
    participant of an edition whose retention has run out, through erasure as
    a person would ask for it (so every service and the ledger follow), and the
    records of sign-in links and sent mails older than 30 days, and of
    requests for a new link older than a day. How many of each."""
    erased = 0
    for edition in await store.list_editions():
        if not domain.erasure_due(edition, now.date()):
            continue
        for registration in await store.registrations_in(edition["_id"]):
            for participant in registration["participants"]:
                if "erased_at" not in participant:
                    await erase_participant(store, participant["id"])
                    erased += 1
        await store.meeting_questions.forget_edition(edition["_id"])
        await store.update_edition(edition["_id"], {"personal_data_erased_at": now})
        logger.info("retention: personal data erased", extra={"edition": edition["_id"]})
    cutoff = now - timedelta(days=domain.OPERATIONAL_RECORDS_DAYS)
    return {
        "participants_erased": erased,
        "sign_in_links_forgotten": await store.sign_in_links.forget_before(cutoff),
        "door_links_forgotten": await store.door_links.forget_expired_before(cutoff),
        "mail_records_forgotten": await store.mail_log.forget_before(cutoff),
        # An address's hash is kept only to count its requests for new links.
        "link_requests_forgotten": await store.forget_link_requests_before(now - timedelta(days=1)),
    }


async def keep_retention(store: RegistrationStore, every_seconds: float) -> None:
    """Apply the retention schedule every `every_seconds` for the app's life."""
    while True:
        try:
            await apply_retention(store, clock.now())
        except Exception:  # the database away for a moment: the next round catches up
            logger.warning("retention not applied this round", exc_info=True)
        await asyncio.sleep(every_seconds)
