"""The organiser's merges of tags: a concept counted as another in an edition."""

from synergi_matching.domain.merges import check_merge
from synergi_matching.store.facts import FactStore
from synergi_matching.usecases.held_editions import HeldEditions
from synergi_matching.usecases.rescoring import Rescoring
from synergi_shared.contracts.errors import NotFound


class TagMerges:
    def __init__(self, facts: FactStore, held: HeldEditions, rescoring: Rescoring) -> None:
        self._facts, self._held, self._rescoring = facts, held, rescoring

    async def merge_tag(self, edition: str, concept: str, into: str | None) -> None:
        """Count `concept` as `into` in the edition (None: as itself again),
        and rank again everyone who wrote it. Held, so two merges at once are
        checked against each other."""
        async with self._held.holding(edition) as model:
            if into is not None:
                check_merge(model.facts.merges, concept, into)
            elif concept not in model.facts.merges:
                raise NotFound(f"'{concept}' is not merged in '{edition}'")
            await self._facts.save_merge(edition, concept, into)
            await self._rescoring.rescore(edition, model, model.facts.merge(concept, into))
