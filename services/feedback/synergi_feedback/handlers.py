"""What the feedback service does with registration and workshops events."""

from synergi_feedback import usecases
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    Event,
    ParticipantErased,
    WorkshopScheduled,
)


async def handle_event(store: FeedbackStore, event: Event) -> None:
    match event:
        case WorkshopScheduled():
            await store.save_workshop(event)
        case AttendanceRecorded():
            await store.save_attendance(event)
        case _:
            await store.directory.apply(event)
            if isinstance(event, ParticipantErased):
                await usecases.erase(store, event.participant_id)
