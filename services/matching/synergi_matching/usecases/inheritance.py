"""What an edition inherits from earlier ones: the partnerships formed there
(shown as such, not offered as new) and those said to have lapsed (offered
for renewal). A change in an edition reaches every edition dated after it."""

from datetime import date

from synergi_matching.domain.ranking import Pair
from synergi_matching.store.facts import FactStore
from synergi_matching.usecases.edition_model import EditionModel
from synergi_matching.usecases.held_editions import HeldEditions
from synergi_matching.usecases.rescoring import Rescoring


class Inheritance:
    def __init__(self, facts: FactStore, held: HeldEditions, rescoring: Rescoring) -> None:
        self._facts, self._held, self._rescoring = facts, held, rescoring

    async def carry(
        self, edition: str, model: EditionModel, dates: dict[str, date] | None = None
    ) -> set[Pair]:
        """Learn again what the edition inherits from earlier editions (by
        `dates`, read if not given); the pairs whose inheritance changed."""
        carried = await self._facts.carried_into(edition, dates)
        facts = model.facts
        changed = {
            pair
            for pair in carried.keys() | facts.carried.keys()
            if carried.get(pair) != facts.carried.get(pair)
        }
        facts.carried = carried
        for a, b in changed:
            model.ranking.set_outcome(a, b, facts.kept_status((a, b)))
        return changed

    async def carry_later(self, edition: str) -> None:
        """Editions dated after `edition` inherit what it now holds."""
        dates = await self._facts.edition_dates()
        if edition not in dates:
            return
        for later in sorted(slug for slug, held in dates.items() if held > dates[edition]):
            async with self._held.holding(later) as model:
                changed = await self.carry(later, model, dates)
                await self._rescoring.rescore(later, model, set(), also=changed)
