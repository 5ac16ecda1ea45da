"""Matching's use cases on the editions this instance holds, wired together:
the event batch (`event_batch`), what came of a recommendation (`outcomes`,
meetings agreed and held included),
the organiser's tag merges (`tag_merges`), on one unit of work
(`held_editions`), one rescoring (`rescoring`) and what editions inherit
(`inheritance`)."""

from functools import partial

from synergi_matching.store import MatchingStore
from synergi_matching.usecases.announcement import announce_listed_pairs
from synergi_matching.usecases.event_batch import EventBatch
from synergi_matching.usecases.held_editions import HeldEditions
from synergi_matching.usecases.inheritance import Inheritance
from synergi_matching.usecases.outcomes import Outcomes
from synergi_matching.usecases.rescoring import Publish, Rescoring
from synergi_matching.usecases.tag_merges import TagMerges
from synergi_shared.contracts.events import Event, MeetingAccepted, MeetingHeld


class Editions:
    """The application object of matching (`app.state.application`)."""

    def __init__(self, store: MatchingStore, publish: Publish) -> None:
        self.store = store
        rescoring = Rescoring(store.recommendations, publish)
        held = HeldEditions(store, rescoring)
        inheritance = Inheritance(store.facts, held, rescoring)
        self.batch = EventBatch(store.facts, held, rescoring, inheritance)
        self.outcomes = Outcomes(store, held, rescoring, inheritance)
        self.merges = TagMerges(store.facts, held, rescoring)
        self.announce_listed_pairs = partial(announce_listed_pairs, store, publish)
        # What the handler, the routes and the tests call.
        self.record_outcome = self.outcomes.record_outcome
        self.record_answer = self.outcomes.record_answer
        self.merge_tag = self.merges.merge_tag

    async def handle(self, events: list[Event]) -> None:
        """A batch of events; then what meetings say of their pairs' outcomes."""
        await self.batch.handle(events)
        meetings = [e for e in events if isinstance(e, MeetingAccepted | MeetingHeld)]
        if meetings:
            await self.outcomes.record_meetings(meetings)
