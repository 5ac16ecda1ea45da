"""What the workshops service does with registration events: keep its directory
of editions and participants, and free the seats of those who leave."""

from synergi_shared.contracts.events import Event
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import release_participant


async def handle_registration_event(store: WorkshopsStore, event: Event) -> None:
    for participant_id in await store.directory.apply(event):
        await release_participant(store, participant_id)
