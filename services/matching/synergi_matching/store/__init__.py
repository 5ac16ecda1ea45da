"""The matching service's MongoDB store, split by what it keeps: the facts
learnt from events and the outcomes (`facts`), the recommendations
(`recommendations`), and which instance holds each edition (`holders`).

Every write is idempotent, so a redelivered batch changes nothing. The
in-memory model of an edition is loaded back from these facts, never from
other services.
"""

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.store.facts import FactStore
from synergi_matching.store.holders import HolderStore
from synergi_matching.store.recommendations import RecommendationStore
from synergi_shared.runtime.directory import FirstAsked
from synergi_shared.runtime.outbox import Outbox


class MatchingStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # No outbox: matching publishes right after writing, and the edition's
        # holder document says up to which change number Kafka has them.
        self.facts = FactStore(db)
        self.recommendations = RecommendationStore(db)
        self.holders = HolderStore(db)
        self.first_asked = FirstAsked(db)

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return []

    async def create_indexes(self) -> None:
        await self.facts.create_indexes()
        await self.recommendations.create_indexes()
