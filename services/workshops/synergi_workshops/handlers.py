"""What the workshops service does with other services' events: keep its
directory of editions and participants (registration's) and free the seats
of those who leave; keep which pairs matching lists (its
recommendation-changed events), whom a meeting may be asked of."""

from synergi_shared.contracts.events import Event, RecommendationChanged
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import release_participant


async def handle_event(store: WorkshopsStore, event: Event) -> None:
    if isinstance(event, RecommendationChanged):
        await store.listed_pairs.apply(event)
        return
    for participant_id in await store.directory.apply(event):
        await release_participant(store, participant_id)
