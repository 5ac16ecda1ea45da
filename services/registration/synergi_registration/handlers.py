"""What registration does with matching's events: e-mail the follow-ups that
fall due, and their reminders (it alone holds the addresses); every other
event is not its business."""

from dataclasses import dataclass

from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import send_follow_up
from synergi_shared.contracts.events import Event, FollowUpDue, FollowUpReminderDue


@dataclass(frozen=True)
class Mailer:
    store: RegistrationStore
    settings: RegistrationSettings


async def handle_matching_event(mailer: Mailer, event: Event) -> None:
    if isinstance(event, FollowUpDue | FollowUpReminderDue):
        await send_follow_up(mailer.store, mailer.settings, event)
