"""The unit of work of matching: an edition held while it is changed.

One instance at a time holds an edition (a lease in the store): it alone
numbers the edition's changes, so the pull API's cursor has no gaps, and two
instances never compute from different halves of the facts. An instance that
finds the edition was written by another since it last held it (a later
generation) loads the model again from the stored facts.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from synergi_matching.domain.facts import EditionFacts, Profile
from synergi_matching.domain.ranking import DEFAULT_TOP_K, Ranking
from synergi_matching.store import MatchingStore
from synergi_matching.usecases.block_threads import on_both_cores
from synergi_matching.usecases.edition_model import EditionModel, PairWritten
from synergi_matching.usecases.rescoring import Rescoring, digest_of
from synergi_shared.contracts.events import RecommendationChanged

HOLD_RETRY_SECONDS = 0.05


class HeldEditions:
    """The editions this instance has in memory; `holding` one gives its model."""

    def __init__(self, store: MatchingStore, rescoring: Rescoring) -> None:
        self._facts = store.facts
        self._pairs = store.recommendations
        self._holders = store.holders
        self._rescoring = rescoring
        self.holder = uuid.uuid4().hex
        self._models: dict[str, EditionModel] = {}
        # Shared by every edition's facts: an organisation's newest profile,
        # and the people erased.
        self.profiles: dict[str, Profile] = {}
        self.erased: set[str] = set()
        self._local: dict[str, asyncio.Lock] = {}

    @asynccontextmanager
    async def holding(self, edition: str) -> AsyncIterator[EditionModel]:
        lock = self._local.setdefault(edition, asyncio.Lock())
        async with lock:
            # Another instance holds it: poll, as it is in another process.
            while (held := await self._holders.hold(edition, self.holder)) is None:  # noqa: ASYNC110
                await asyncio.sleep(HOLD_RETRY_SECONDS)
            keeping = self._holders.keep(edition, self.holder)
            generation = held.get("generation", 0)
            try:
                model = self._models.get(edition)
                if model is None or model.generation != generation:
                    model = self._models[edition] = await self._load(edition, held)
                try:
                    yield model
                except BaseException:
                    # Half written, perhaps: whoever holds it next loads it again.
                    self._models.pop(edition, None)
                    keeping.cancel()
                    await self._holders.release(
                        edition, self.holder, generation + 1, model.seq, model.published
                    )
                    raise
                model.generation = generation + 1
                keeping.cancel()
                await self._holders.release(
                    edition, self.holder, model.generation, model.seq, model.published
                )
            finally:
                keeping.cancel()

    async def _load(self, edition: str, held: dict) -> EditionModel:
        """The edition's model from its stored facts, ranked from scratch."""
        facts = EditionFacts(edition, self.profiles, self.erased)
        await self._facts.load(facts)
        facts.carried = await self._facts.carried_into(edition)
        top_k = await self._facts.top_k(edition) or DEFAULT_TOP_K
        model = EditionModel(facts, new_ranking(top_k, facts), seq=held.get("seq", 0))
        model.published = held.get("published", 0)
        unpublished = []
        for doc in await self._pairs.stored_pairs(edition):
            pair = (doc["organization_a"], doc["organization_b"])
            names = (doc.get("organization_a_name"), doc.get("organization_b_name"))
            digest = digest_of(
                doc["score"],
                doc.get("reasons", []),
                doc.get("outcome"),
                names,
                # Missing before fair lists: a listed pair is written again.
                doc.get("listed_by") or [],
                doc.get("earlier"),
            )
            model.pairs[pair] = PairWritten(doc["version"], digest, doc["withdrawn"])
            model.seq = max(model.seq, doc["seq"])
            if doc["seq"] > model.published:
                unpublished.append(doc)
        # Written, but the holder stopped before Kafka had them: send them now
        # (at least once; consumers keep the highest version of a pair).
        await self._rescoring.publish(
            [
                RecommendationChanged.model_validate(doc)
                for doc in sorted(unpublished, key=lambda d: d["seq"])
            ]
        )
        model.published = model.seq
        # What is stored may be what another instance, or an older model, kept.
        stored = {pair for pair, stored in model.pairs.items() if not stored.withdrawn}
        await self._rescoring.rescore(edition, model, facts.members(), also=stored)
        return model


def new_ranking(top_k: int, facts: EditionFacts) -> Ranking:
    """An empty ranking that knows the edition's outcomes, and the
    partnerships it inherits."""
    ranking = Ranking(top_k, map_blocks=on_both_cores)
    for a, b in facts.outcomes.keys() | facts.carried.keys():
        ranking.set_outcome(a, b, facts.kept_status((a, b)))
    return ranking
