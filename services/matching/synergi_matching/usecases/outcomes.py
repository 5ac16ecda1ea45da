"""What came of a recommendation: each side's view of a pair, the follow-up
answers, and the ledger entry each makes with the recommendation as it stood."""

import logging
from datetime import UTC, datetime
from typing import Any

from synergi_matching.domain.facts import name_of
from synergi_matching.domain.outcomes import DECLINED, STEPS, side_of, status_of, views
from synergi_matching.domain.ranking import Pair
from synergi_matching.domain.scoring import score
from synergi_matching.store import MatchingStore
from synergi_matching.usecases.edition_model import EditionModel
from synergi_matching.usecases.held_editions import HeldEditions
from synergi_matching.usecases.inheritance import Inheritance
from synergi_matching.usecases.rescoring import Rescoring
from synergi_shared.contracts.errors import NotFound
from synergi_shared.contracts.events import MeetingAccepted, MeetingHeld

logger = logging.getLogger(__name__)


class Outcomes:
    def __init__(
        self,
        store: MatchingStore,
        held: HeldEditions,
        rescoring: Rescoring,
        inheritance: Inheritance,
    ) -> None:
        self._facts, self._ledger_store = store.facts, store.ledger
        self._held, self._rescoring, self._inheritance = held, rescoring, inheritance

    async def record_outcome(
        self, edition: str, pair: tuple[str, str], by: str | None, status: str, note: str | None
    ) -> dict[str, Any]:
        """Store one side's view of what came of a recommendation (`by` the
        organisation that tells it, None for the organiser); the pair's
        status follows from all views, and its recommendation from that
        (`declined` withdraws it). Held, so views recorded at the same time
        are folded in the order they were stored. Only a pair that is or was
        on a list, or has an outcome or an earlier partnership, has one: an
        organisation cannot name just any other (security review, finding 2).
        The same view sent again changes nothing and enters no ledger entry."""
        a, b = sorted(pair)
        side = side_of((a, b), by)
        async with self._held.holding(edition) as model:
            stored = await self._facts.outcome(edition, a, b)
            if stored is None and (a, b) not in model.pairs and (a, b) not in model.facts.carried:
                raise NotFound(
                    f"{a} and {b} were not recommended to each other in '{edition}': "
                    "an outcome is recorded for a pair on either one's list"
                )
            view = views(stored).get(side) if stored else None
            if view and (view["status"], view.get("note")) == (status, note):
                return stored
            doc, moved = await self._save_view(edition, model, (a, b), side, status, note)
            await self._rescoring.rescore(edition, model, set())
        if moved:
            await self._inheritance.carry_later(edition)
        return doc

    async def record_meetings(self, events: list[MeetingAccepted | MeetingHeld]) -> None:
        """Outcomes follow what people do: an agreed meeting records
        "contacted" as each side's own view, a meeting held "met" as the view
        of the side that says so. A view that went further, or declined,
        stays; its note is kept. An event delivered again changes nothing.
        Each edition is held once for all its meetings (a published plan
        agrees hundreds at once), and ranked again once."""
        by_edition: dict[str, list[MeetingAccepted | MeetingHeld]] = {}
        for event in events:
            by_edition.setdefault(event.edition, []).append(event)
        for edition, meetings in sorted(by_edition.items()):
            moved = False
            async with self._held.holding(edition) as model:
                for event in meetings:
                    a, b = sorted((event.requester, event.partner))
                    if isinstance(event, MeetingHeld):
                        step, sides = "met", [event.organization_id]
                    else:
                        step, sides = "contacted", [a, b]
                    for organization in sides:
                        moved |= await self._step_forward(
                            edition, model, (a, b), organization, step
                        )
                await self._rescoring.rescore(edition, model, set())
            if moved:
                await self._inheritance.carry_later(edition)

    async def _step_forward(
        self, edition: str, model: EditionModel, pair: Pair, organization: str, step: str
    ) -> bool:
        """`step` as the organisation's view of the pair, unless its view is
        that far already or declined; whether a partnership came or went."""
        stored = await self._facts.outcome(edition, *pair)
        if stored is None and pair not in model.pairs and pair not in model.facts.carried:
            logger.warning("%s and %s met, but are no recommended pair in %s", *pair, edition)
            return False
        side = side_of(pair, organization)
        view = views(stored).get(side) if stored else None
        if view and (
            view["status"] == DECLINED or STEPS.index(view["status"]) >= STEPS.index(step)
        ):
            return False
        note = view.get("note") if view else None
        return (await self._save_view(edition, model, pair, side, step, note))[1]

    async def _save_view(
        self,
        edition: str,
        model: EditionModel,
        pair: Pair,
        side: str,
        status: str,
        note: str | None,
    ) -> tuple[dict[str, Any], bool]:
        """Store the view, fold the pair's status into the model, enter it in
        the ledger; the stored outcome, and whether a partnership came or went."""
        before = model.facts.outcomes.get(pair)
        doc = await self._facts.save_outcome(edition, pair, side, status, note)
        derived = status_of(doc)
        model.facts.outcome(*pair, derived)
        model.ranking.set_outcome(*pair, model.facts.kept_status(pair))
        entry = {"kind": "outcome", "side": side, "status": status, "note": note}
        await self._ledger(edition, model, pair, entry, derived)
        return doc, "partnership" in (before, derived) and before != derived

    async def record_answer(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Store a follow-up answer and write it in the ledger; a partnership
        said to run no longer lapses in later editions (or runs again)."""
        edition, pair = answer["edition"], (answer["organization_a"], answer["organization_b"])
        async with self._held.holding(edition) as model:
            await self._facts.save_answer(answer)
            entry = {
                "kind": "follow-up",
                "side": side_of(pair, answer["organization_id"]),
                "note": answer["note"],
                "months": answer["months"],
                "indicators": answer["indicators"],
                "still_partners": answer["still_partners"],
            }
            await self._ledger(edition, model, pair, entry, model.facts.outcomes.get(pair))
        if answer["still_partners"] is not None:
            await self._inheritance.carry_later(edition)
        return answer

    async def _ledger(
        self,
        edition: str,
        model: EditionModel,
        pair: Pair,
        entry: dict[str, Any],
        pair_status: str | None,
    ) -> None:
        """Append to the ledger what was recorded about `pair`, with the
        recommendation as it stands (score and reasons) and the pair's status."""
        a, b = pair
        org_a, org_b = model.facts.organization(a), model.facts.organization(b)
        match = score(org_a, org_b) if org_a and org_b else None
        await self._ledger_store.append(
            self._held.holder,
            [
                {
                    "edition": edition,
                    "organization_a": a,
                    "organization_b": b,
                    "organization_a_name": name_of(model.facts, a),
                    "organization_b_name": name_of(model.facts, b),
                    "pair_status": pair_status,
                    "score": match.score if match else None,
                    "reasons": [r._asdict() for r in match.reasons] if match else [],
                    "at": datetime.now(UTC),
                    **entry,
                }
            ],
        )
