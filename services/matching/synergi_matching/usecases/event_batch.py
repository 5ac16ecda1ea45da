"""What matching does with a batch of events: store the facts, then, edition
by edition (each held: `held_editions`), fold them into the in-memory model,
rank again whoever they affect, and write the changed recommendations."""

import logging

from synergi_matching.domain.documents import keep_newest_profiles
from synergi_matching.domain.facts import Profile, editions_touched
from synergi_matching.store.facts import FactStore
from synergi_matching.usecases.edition_model import EditionModel
from synergi_matching.usecases.held_editions import HeldEditions, new_ranking
from synergi_matching.usecases.inheritance import Inheritance
from synergi_matching.usecases.rescoring import Rescoring
from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
)

logger = logging.getLogger(__name__)


class EventBatch:
    def __init__(
        self, facts: FactStore, held: HeldEditions, rescoring: Rescoring, inheritance: Inheritance
    ) -> None:
        self._facts, self._held = facts, held
        self._rescoring, self._inheritance = rescoring, inheritance

    async def handle(self, events: list[Event]) -> None:
        """A batch of events, in any order, duplicates included."""
        erased_in = await self._facts.save(events)
        editions_of = await self._facts.editions_of(
            {e.organization_id for e in events if isinstance(e, OrganizationProfileUpdated)}
        )
        self._held.erased |= {e.participant_id for e in events if isinstance(e, ParticipantErased)}
        # Profiles from the store, where the batch's own now are: memory may
        # hold an older one than a process before a restart or a rebalance
        # took in (a returning organisation's, or one whose older version is
        # delivered again now).
        await self._learn_profiles(
            {
                e.organization_id
                for e in events
                if isinstance(e, OrganizationRegistered | OrganizationProfileUpdated)
            }
        )
        by_edition = editions_touched(events, editions_of, erased_in)
        for edition, mine in sorted(by_edition.items()):
            async with self._held.holding(edition) as model:
                ranking, affected = model.ranking, set()
                for event in mine:
                    affected |= self._fold(model, event)
                _warn_of_unprofiled(edition, mine, self._held.profiles)
                # A new K (the edition's creation came after its first events):
                # pairs kept under the old one may have to go.
                also = set(model.pairs) if model.ranking is not ranking else set()
                if any(isinstance(event, EditionCreated) for event in mine):
                    # Its date tells which editions came before it.
                    also |= await self._inheritance.carry(edition, model)
                await self._rescoring.rescore(edition, model, affected, also=also)
        # An edition created late, between others: later ones inherit from it.
        for edition in sorted({e.edition for e in events if isinstance(e, EditionCreated)}):
            await self._inheritance.carry_later(edition)

    async def _learn_profiles(self, organization_ids: set[str]) -> None:
        """Keep in memory the newest stored profile of each organisation."""
        keep_newest_profiles(self._held.profiles, await self._facts.profiles_of(organization_ids))

    def _fold(self, model: EditionModel, event: Event) -> set[str]:
        if isinstance(event, EditionCreated):
            if model.ranking.top_k == event.recommendations_per_organization:
                return set()
            model.ranking = new_ranking(event.recommendations_per_organization, model.facts)
            return model.facts.members()
        return model.facts.fold(event)


def _warn_of_unprofiled(edition: str, events: list[Event], profiles: dict[str, Profile]) -> None:
    """An organisation registered with no profile known anywhere cannot be
    ranked until its profile event comes: say so, never silently."""
    unprofiled = sorted(
        {e.organization_id for e in events if isinstance(e, OrganizationRegistered)}
        - profiles.keys()
    )
    if unprofiled:
        logger.warning(
            "edition %s: no profile known of %d registered organisation(s) (%s); they are not "
            "ranked until their profile events arrive",
            edition,
            len(unprofiled),
            ", ".join(unprofiled[:5]),
        )
