"""Once per store: every pair listed now announced again, as it stands, for
the services that began to keep the listed pairs after it was published
(registration shows a listed partner's contacts, workshops lets a listed
pair meet). The same versions again: a consumer that has them changes nothing."""

import logging

from synergi_matching.store import MatchingStore
from synergi_matching.usecases.rescoring import Publish
from synergi_shared.contracts.events import RecommendationChanged

logger = logging.getLogger(__name__)
ANNOUNCEMENT = "listed-pairs"


async def announce_listed_pairs(store: MatchingStore, publish: Publish) -> int:
    """How many pairs were announced (0 when the store had announced them)."""
    if await store.recommendations.announced(ANNOUNCEMENT):
        return 0
    announced = 0
    for edition in sorted(await store.facts.edition_dates()):
        listed = await store.recommendations.listed_in(edition)
        await publish([RecommendationChanged.model_validate(doc) for doc in listed])
        announced += len(listed)
    await store.recommendations.mark_announced(ANNOUNCEMENT)
    logger.info("announced %d listed pairs once, for the services that keep them", announced)
    return announced
