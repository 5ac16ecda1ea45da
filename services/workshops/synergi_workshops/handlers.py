"""What the workshops service does with registration events: keep its read model
of editions and participants, and free the seats of those who leave."""

from synergi_shared.events import (
    EditionCreated,
    Event,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegistrationCancelled,
)
from synergi_workshops.signups import release_participant
from synergi_workshops.store import WorkshopsStore


async def handle_registration_event(store: WorkshopsStore, event: Event) -> None:
    match event:
        case EditionCreated():
            await store.save_edition(event)
        case OrganizationRegistered():
            await store.save_registration(event)
        case ParticipantAdded():
            await store.save_added_participant(event)
        case ParticipantRemoved() | ParticipantErased():
            await store.remove_participant(event.participant_id)
            await release_participant(store, event.participant_id)
        case RegistrationCancelled():
            for participant_id in await store.cancel_registration(
                event.registration_id, event.edition
            ):
                await release_participant(store, participant_id)
        case _:
            pass  # profile snapshots do not concern the workshops service
