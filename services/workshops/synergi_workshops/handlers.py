"""What the workshops service does with other services' events, a batch at
a time: keep which pairs matching lists (its recommendation-changed events,
whom a meeting may be asked of), in a few round trips for the whole batch,
since a registration can change a thousand pairs; and keep its directory of
editions and participants (registration's), freeing the seats of those who
leave, event by event in order."""

from synergi_shared.contracts.events import Event, RecommendationChanged
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import release_participant


async def handle_events(store: WorkshopsStore, events: list[Event]) -> None:
    listings = [event for event in events if isinstance(event, RecommendationChanged)]
    if listings:
        await store.listed_pairs.apply(listings)
    for event in events:
        if isinstance(event, RecommendationChanged):
            continue
        for participant_id in await store.directory.apply(event):
            await release_participant(store, participant_id)
