"""What matching does with a batch of events: store the facts, then, edition
by edition, fold them into the in-memory model, rank again whoever they
affect, and write the changed recommendations in one bulk write.

One instance at a time holds an edition (a lease in the store): it alone
numbers the edition's changes, so the pull API's cursor has no gaps, and two
instances never compute from different halves of the facts. An instance that
finds the edition was written by another since it last held it loads the
model again from the stored facts.
"""

import asyncio
import hashlib
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from synergi_matching.domain.documents import keep_newest_profiles, pair_id
from synergi_matching.domain.facts import (
    EditionFacts,
    Profile,
    editions_touched,
)
from synergi_matching.domain.merges import check_merge
from synergi_matching.domain.outcomes import DECLINED, side_of, status_of, views
from synergi_matching.domain.ranking import DEFAULT_TOP_K, Pair, Ranking
from synergi_matching.domain.scoring import MODEL_VERSION, Match, Organization, score
from synergi_matching.store import MatchingStore
from synergi_shared.contracts.errors import NotFound
from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RecommendationChanged,
)

logger = logging.getLogger(__name__)

HOLD_RETRY_SECONDS = 0.05

# Sends `recommendation changed` events and waits for Kafka to take them.
Publish = Callable[[list[RecommendationChanged]], Awaitable[None]]


@dataclass
class _Stored:
    """What was last written for a pair: enough to tell whether it changed."""

    version: int
    digest: str
    withdrawn: bool


def _digest(
    score_value: float,
    reasons: list[dict],
    outcome: str | None,
    names: tuple[Any, Any],
    listed_by: list[str] | None,
    earlier: dict[str, str] | None,
) -> str:
    return hashlib.blake2b(
        repr((score_value, reasons, outcome, names, listed_by, earlier)).encode(), digest_size=16
    ).hexdigest()


@dataclass
class EditionModel:
    facts: EditionFacts
    ranking: Ranking
    pairs: dict[Pair, _Stored] = field(default_factory=dict)
    seq: int = 0  # the last change number given
    published: int = 0  # every change up to this one is on Kafka
    generation: int = -1


class Editions:
    """The editions this instance has in memory, and the batches through them."""

    def __init__(self, store: MatchingStore, publish: Publish) -> None:
        self._facts = store.facts
        self._ledger_store = store.ledger
        self._pairs = store.recommendations
        self._holders = store.holders
        self._publish = publish
        self._holder = uuid.uuid4().hex
        self._models: dict[str, EditionModel] = {}
        self._profiles: dict[str, Profile] = {}
        self._erased: set[str] = set()
        self._local: dict[str, asyncio.Lock] = {}

    async def handle(self, events: list[Event]) -> None:
        """A batch of events, in any order, duplicates included."""
        erased_in = await self._facts.save(events)
        editions_of = await self._facts.editions_of(
            {e.organization_id for e in events if isinstance(e, OrganizationProfileUpdated)}
        )
        self._erased |= {e.participant_id for e in events if isinstance(e, ParticipantErased)}
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
            async with self._holding(edition) as model:
                ranking, affected = model.ranking, set()
                for event in mine:
                    affected |= self._fold(model, event)
                _warn_of_unprofiled(edition, mine, self._profiles)
                # A new K (the edition's creation came after its first events):
                # pairs kept under the old one may have to go.
                also = set(model.pairs) if model.ranking is not ranking else set()
                if any(isinstance(event, EditionCreated) for event in mine):
                    # Its date tells which editions came before it.
                    also |= await self._carry(edition, model)
                await self._rescore(edition, model, affected, also=also)
        # An edition created late, between others: later ones inherit from it.
        for edition in sorted({e.edition for e in events if isinstance(e, EditionCreated)}):
            await self._carry_later(edition)

    async def _learn_profiles(self, organization_ids: set[str]) -> None:
        """Keep in memory the newest stored profile of each organisation."""
        keep_newest_profiles(self._profiles, await self._facts.profiles_of(organization_ids))

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
        async with self._holding(edition) as model:
            stored = await self._facts.outcome(edition, a, b)
            if stored is None and (a, b) not in model.pairs and (a, b) not in model.facts.carried:
                raise NotFound(
                    f"{a} and {b} were not recommended to each other in '{edition}': "
                    "an outcome is recorded for a pair on either one's list"
                )
            view = views(stored).get(side) if stored else None
            if view and (view["status"], view.get("note")) == (status, note):
                return stored
            before = model.facts.outcomes.get((a, b))
            doc = await self._facts.save_outcome(edition, (a, b), side, status, note)
            derived = status_of(doc)
            model.facts.outcome(a, b, derived)
            model.ranking.set_outcome(a, b, model.facts.kept_status((a, b)))
            await self._rescore(edition, model, set())
            entry = {"kind": "outcome", "side": side, "status": status, "note": note}
            await self._ledger(edition, model, (a, b), entry, derived)
        if "partnership" in (before, derived) and before != derived:
            await self._carry_later(edition)
        return doc

    async def record_answer(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Store a follow-up answer and write it in the ledger; a partnership
        said to run no longer lapses in later editions (or runs again)."""
        edition, pair = answer["edition"], (answer["organization_a"], answer["organization_b"])
        async with self._holding(edition) as model:
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
            await self._carry_later(edition)
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
            self._holder,
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

    async def _carry(
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

    async def _carry_later(self, edition: str) -> None:
        """Editions dated after `edition` inherit what it now holds."""
        dates = await self._facts.edition_dates()
        if edition not in dates:
            return
        for later in sorted(slug for slug, held in dates.items() if held > dates[edition]):
            async with self._holding(later) as model:
                changed = await self._carry(later, model, dates)
                await self._rescore(later, model, set(), also=changed)

    async def merge_tag(self, edition: str, concept: str, into: str | None) -> None:
        """Count `concept` as `into` in the edition (None: as itself again),
        and rank again everyone who wrote it. Held, so two merges at once are
        checked against each other."""
        async with self._holding(edition) as model:
            if into is not None:
                check_merge(model.facts.merges, concept, into)
            elif concept not in model.facts.merges:
                raise NotFound(f"'{concept}' is not merged in '{edition}'")
            await self._facts.save_merge(edition, concept, into)
            await self._rescore(edition, model, model.facts.merge(concept, into))

    def _fold(self, model: EditionModel, event: Event) -> set[str]:
        if isinstance(event, EditionCreated):
            if model.ranking.top_k == event.recommendations_per_organization:
                return set()
            model.ranking = _ranking(event.recommendations_per_organization, model.facts)
            return model.facts.members()
        return model.facts.fold(event)

    # --- holding an edition -----------------------------------------------------

    @asynccontextmanager
    async def _holding(self, edition: str) -> AsyncIterator[EditionModel]:
        lock = self._local.setdefault(edition, asyncio.Lock())
        async with lock:
            # Another instance holds it: poll, as it is in another process.
            while (held := await self._holders.hold(edition, self._holder)) is None:  # noqa: ASYNC110
                await asyncio.sleep(HOLD_RETRY_SECONDS)
            keeping = self._holders.keep(edition, self._holder)
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
                        edition, self._holder, generation + 1, model.seq, model.published
                    )
                    raise
                model.generation = generation + 1
                keeping.cancel()
                await self._holders.release(
                    edition, self._holder, model.generation, model.seq, model.published
                )
            finally:
                keeping.cancel()

    async def _load(self, edition: str, held: dict) -> EditionModel:
        """The edition's model from its stored facts, ranked from scratch."""
        facts = EditionFacts(edition, self._profiles, self._erased)
        await self._facts.load(facts)
        facts.carried = await self._facts.carried_into(edition)
        top_k = await self._facts.top_k(edition) or DEFAULT_TOP_K
        model = EditionModel(facts, _ranking(top_k, facts), seq=held.get("seq", 0))
        model.published = held.get("published", 0)
        unpublished = []
        for doc in await self._pairs.stored_pairs(edition):
            pair = (doc["organization_a"], doc["organization_b"])
            names = (doc.get("organization_a_name"), doc.get("organization_b_name"))
            digest = _digest(
                doc["score"],
                doc.get("reasons", []),
                doc.get("outcome"),
                names,
                # Missing before fair lists: a listed pair is written again.
                doc.get("listed_by") or [],
                doc.get("earlier"),
            )
            model.pairs[pair] = _Stored(doc["version"], digest, doc["withdrawn"])
            model.seq = max(model.seq, doc["seq"])
            if doc["seq"] > model.published:
                unpublished.append(doc)
        # Written, but the holder stopped before Kafka had them: send them now
        # (at least once; consumers keep the highest version of a pair).
        await self._publish(
            [
                RecommendationChanged.model_validate(doc)
                for doc in sorted(unpublished, key=lambda d: d["seq"])
            ]
        )
        model.published = model.seq
        # What is stored may be what another instance, or an older model, kept.
        stored = {pair for pair, stored in model.pairs.items() if not stored.withdrawn}
        await self._rescore(edition, model, facts.members(), also=stored)
        return model

    # --- ranking and writing ---------------------------------------------------

    async def _rescore(
        self, edition: str, model: EditionModel, affected: set[str], also: set[Pair] = frozenset()
    ) -> None:
        """Rank again for the `affected` organisations; write every pair whose
        recommendation changed (`also`: pairs to check whatever changed)."""
        facts = model.facts
        organizations = {org: facts.organization(org) for org in sorted(affected)}
        # In a thread: ranking a large edition takes seconds, during which the
        # event loop must go on (Kafka heartbeats; a consumer silent for the
        # 10-s session is put out of its group and its batch delivered again).
        # The edition is held, so nothing else touches its ranking meanwhile.
        kept = await asyncio.to_thread(model.ranking.update, organizations)

        def organization(org_id: str) -> Organization | None:
            # Each organisation once per batch, not once per pair it is in.
            if org_id not in organizations:
                organizations[org_id] = facts.organization(org_id)
            return organizations[org_id]

        if also:
            now_kept = model.ranking.kept_pairs()
            kept |= {pair: pair in now_kept for pair in also - kept.keys()}
        now, docs = datetime.now(UTC), []
        for (a, b), keep in sorted(kept.items()):
            outcome = facts.outcomes.get((a, b))
            org_a, org_b = organization(a), organization(b)
            both = keep and org_a and org_b and outcome != DECLINED
            match = score(org_a, org_b) if both else None
            names = (name_of(facts, a), name_of(facts, b))
            listed_by = model.ranking.listed_by(a, b) if match else []
            earlier = facts.carried.get((a, b))
            if outcome is None and earlier and earlier.status == "partnership":
                outcome = "partnership"  # shown as the partnership it is, not as new
            changed = self._changed_pair(
                edition,
                model,
                (a, b),
                match,
                outcome,
                names,
                listed_by,
                {"edition": earlier.edition, "status": earlier.status} if earlier else None,
                now,
            )
            if changed is not None:
                docs.append(changed)
        if docs:
            await self._pairs.write_pairs(edition, docs)
            await self._publish([RecommendationChanged.model_validate(doc) for doc in docs])
        model.published = model.seq

    def _changed_pair(
        self,
        edition: str,
        model: EditionModel,
        pair: Pair,
        match: Match | None,
        outcome: str | None,
        names: tuple[str | None, str | None],
        listed_by: list[str],
        earlier: dict[str, str] | None,
        now: datetime,
    ) -> dict[str, Any] | None:
        """The pair's new document with the next change number, or None if
        nothing about it changed (a new name is a change: tools show it). None
        or no reasons withdraws it; a withdrawn pair stays as a tombstone, so
        its version keeps rising and pulling tools learn that it went."""
        given = match.reasons if match else ()
        withdrawn = not given
        score_value = match.score if match and given else 0.0
        reasons = [reason._asdict() for reason in given]  # with the Danish sentence
        stored = model.pairs.get(pair)
        listed_by = listed_by if given else []
        digest = _digest(score_value, reasons, outcome, names, listed_by, earlier)
        if (stored is None and withdrawn) or (stored and stored.digest == digest):
            return None
        version = (stored.version if stored else 0) + 1
        model.seq += 1
        model.pairs[pair] = _Stored(version, digest, withdrawn)
        low, high = pair
        return {
            "_id": pair_id(edition, low, high),
            "edition": edition,
            "organization_a": low,
            "organization_b": high,
            "organization_a_name": names[0],
            "organization_b_name": names[1],
            "score": score_value,
            "reasons": reasons,
            "listed_by": listed_by,
            "withdrawn": withdrawn,
            "outcome": outcome,
            "earlier": earlier,
            "model_version": MODEL_VERSION,
            "version": version,
            "seq": model.seq,
            "updated_at": now,
        }


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


def name_of(facts: EditionFacts, organization_id: str) -> str | None:
    """The organisation's public name, from its newest profile."""
    profile = facts.profiles.get(organization_id)
    return profile.name if profile else None


def _ranking(top_k: int, facts: EditionFacts) -> Ranking:
    """An empty ranking that knows the edition's outcomes, and the
    partnerships it inherits."""
    ranking = Ranking(top_k)
    for a, b in facts.outcomes.keys() | facts.carried.keys():
        ranking.set_outcome(a, b, facts.kept_status((a, b)))
    return ranking
