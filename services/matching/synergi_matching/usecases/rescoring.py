"""Ranking an edition again for the organisations a change affects, and
writing (then publishing) each pair whose recommendation changed, with the
edition's next change number."""

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from synergi_matching.domain.documents import pair_id
from synergi_matching.domain.facts import name_of
from synergi_matching.domain.outcomes import DECLINED
from synergi_matching.domain.ranking import Pair
from synergi_matching.domain.scoring import MODEL_VERSION, Match, Organization, score
from synergi_matching.store.recommendations import RecommendationStore
from synergi_matching.usecases.edition_model import EditionModel, PairWritten
from synergi_shared.contracts.events import RecommendationChanged

# Sends `recommendation changed` events and waits for Kafka to take them.
Publish = Callable[[list[RecommendationChanged]], Awaitable[None]]


def digest_of(
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


class Rescoring:
    """Rank again, write what changed, publish it."""

    def __init__(self, pairs: RecommendationStore, publish: Publish) -> None:
        self._pairs = pairs
        self.publish = publish

    async def rescore(
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
            changed = _changed_pair(
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
            await self.publish([RecommendationChanged.model_validate(doc) for doc in docs])
        model.published = model.seq


def _changed_pair(
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
    digest = digest_of(score_value, reasons, outcome, names, listed_by, earlier)
    if (stored is None and withdrawn) or (stored and stored.digest == digest):
        return None
    version = (stored.version if stored else 0) + 1
    model.seq += 1
    model.pairs[pair] = PairWritten(version, digest, withdrawn)
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
