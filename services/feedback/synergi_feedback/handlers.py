"""What the feedback service does with registration and workshops events."""

from synergi_feedback.store import FeedbackStore
from synergi_shared.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegistrationCancelled,
    WorkshopScheduled,
)


async def handle_event(store: FeedbackStore, event: Event) -> None:
    match event:
        case EditionCreated():
            await store.save_edition(event.edition)
        case OrganizationRegistered():
            await store.save_registration(event)
        case ParticipantAdded():
            await store.save_added_participant(event)
        case RegistrationCancelled():
            await store.cancel_registration(event.registration_id, event.edition)
        case ParticipantRemoved():
            await store.remove_participant(event.participant_id)
        case ParticipantErased():
            await store.remove_participant(event.participant_id)
            await store.erase(event.participant_id)
        case WorkshopScheduled():
            await store.save_workshop(event)
        case AttendanceRecorded():
            await store.save_attendance(event)
        case _:
            pass  # sign-ups and profiles do not concern the evaluation
