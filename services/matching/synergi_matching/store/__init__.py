"""The matching service's MongoDB store, split by what it keeps: the facts
learnt from events, the outcomes and follow-up answers (`facts`), the
recommendations (`recommendations`), which instance holds each edition
(`holders`), the partnership ledger (`ledger`) and the follow-up rounds
(`follow_ups`).

Every write is idempotent, so a redelivered batch changes nothing. The
in-memory model of an edition is loaded back from these facts, never from
other services.
"""

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.store.facts import FactStore
from synergi_matching.store.follow_ups import FollowUpStore
from synergi_matching.store.holders import HolderStore
from synergi_matching.store.ledger import LedgerStore
from synergi_matching.store.recommendations import RecommendationStore
from synergi_shared.runtime.outbox import Outbox
from synergi_shared.runtime.unheard_of import FirstAsked


class MatchingStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # Recommendations need no outbox: matching publishes right after
        # writing, and the edition's holder document says up to which change
        # number Kafka has them. Follow-up rounds publish through one.
        self.facts = FactStore(db)
        self.holders = HolderStore(db)
        self.recommendations = RecommendationStore(db, self.holders)
        self.ledger = LedgerStore(db, self.holders)
        self.follow_ups = FollowUpStore(db, outbox or Outbox())
        self.first_asked = FirstAsked(db)

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.follow_ups.rounds]

    async def create_indexes(self) -> None:
        await self.facts.create_indexes()
        await self.recommendations.create_indexes()
        await self.ledger.create_indexes()
        # Outcomes recorded before the ledger existed enter it once.
        await self.ledger.backfill(self.facts.outcomes)
        await self.follow_ups.create_indexes()
