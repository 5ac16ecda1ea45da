"""What the organiser plans the day with: the quality report, the tags in
use, and synergy tables. Each reads the store; none holds an edition."""

from typing import Any

import numpy as np

from synergi_matching.domain import quality, tables
from synergi_matching.domain.facts import EditionFacts, name_of
from synergi_matching.domain.outcomes import DECLINED
from synergi_matching.domain.quality import QualityReport
from synergi_matching.domain.ranking import Ranking
from synergi_matching.domain.scoring import MODEL_VERSION
from synergi_matching.store import MatchingStore
from synergi_matching.usecases.block_threads import on_both_cores
from synergi_shared.contracts.concepts import concept_label, concept_of
from synergi_shared.contracts.errors import Unprocessable


async def quality_of(store: MatchingStore, edition: str) -> QualityReport:
    """The quality report of the lists as they are stored and served: every
    organisation taking part, with the pairs it lists."""
    facts = await store.facts.taking_part(edition)
    taking_part = sorted(org for org in facts.members() if facts.organization(org))
    lists: dict[str, list[tuple[str, float]]] = {org: [] for org in taking_part}
    for doc in await store.recommendations.current_pairs(edition, 0.0):
        for org, partner in (
            (doc["organization_a"], doc["organization_b"]),
            (doc["organization_b"], doc["organization_a"]),
        ):
            if org in doc.get("listed_by", ()) and org in lists:
                lists[org].append((partner, doc["score"]))
    return quality.report(
        edition,
        MODEL_VERSION,
        lists,
        names={org: name_of(facts, org) for org in taking_part},
        sizes={org: facts.profiles[org].size for org in taking_part},
    )


async def tags_of(store: MatchingStore, edition: str) -> list[dict[str, Any]]:
    """Every tag the organisations taking part wrote, with its concept, what
    it counts as after the organiser's merges, and how many wrote it."""
    facts = await store.facts.taking_part(edition)
    writers: dict[str, set[str]] = {}
    for org in facts.members():
        if facts.organization(org) is None:
            continue
        profile = facts.profiles[org]
        for tags in (profile.target_groups, profile.regions, profile.offers, profile.needs):
            for tag in tags:
                writers.setdefault(tag, set()).add(org)
    uses = []
    for tag, orgs in writers.items():
        concept = concept_of(tag)
        counts_as = facts.merges.get(concept, concept)
        uses.append(
            {
                "tag": tag,
                "concept": concept,
                "counts_as": counts_as,
                "label_en": concept_label(counts_as, "en"),
                "label_da": concept_label(counts_as, "da"),
                "organizations": len(orgs),
            }
        )
    return sorted(uses, key=lambda use: (-use["organizations"], use["tag"]))


async def tables_of(
    store: MatchingStore, edition: str, min_size: int, max_size: int, keep_partners_apart: bool
) -> dict[str, Any]:
    """Every organisation taking part seated at tables of `min_size` to
    `max_size` (`domain.tables`); pairs that declined are always kept apart,
    and pairs already in a partnership on request. Unprocessable if they
    cannot fill such tables."""
    facts = EditionFacts(edition, profiles={}, erased=set())
    await store.facts.load(facts)
    taking_part = {
        org: found for org in sorted(facts.members()) if (found := facts.organization(org))
    }
    try:
        tables.table_sizes(len(taking_part), min_size, max_size)
    except ValueError as error:
        raise Unprocessable(str(error)) from None
    ranking = Ranking(map_blocks=on_both_cores)
    ranking.update(taking_part)
    ids = ranking.ids
    scores = ranking.scores(np.arange(len(ids))).astype(np.float64)
    apart = {DECLINED, "partnership"} if keep_partners_apart else {DECLINED}
    for (a, b), status in facts.outcomes.items():
        if status in apart and a in ranking.index and b in ranking.index:
            i, j = ranking.index[a], ranking.index[b]
            scores[i, j] = scores[j, i] = tables.APART
    plan = tables.seat(scores, min_size, max_size)
    seated = []
    for number, members in enumerate(plan.tables, start=1):
        orgs = [taking_part[ids[i]] for i in members]
        described = tables.describe(orgs)
        together = scores[np.ix_(members, members)]
        seated.append(
            {
                "number": number,
                "theme": described.theme,
                "theme_en": described.theme_en,
                "theme_da": described.theme_da,
                "why_en": described.why_en,
                "why_da": described.why_da,
                "score": round(float(together[together > 0].sum()) / 2 / 10_000, 4),
                "members": [{"id": org.id, "name": org.name} for org in orgs],
            }
        )
    return {
        "edition": edition,
        "min_size": min_size,
        "max_size": max_size,
        "keep_partners_apart": keep_partners_apart,
        "organizations": len(taking_part),
        "tables": seated,
    }
