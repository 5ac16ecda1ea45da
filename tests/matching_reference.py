"""The matching rules computed at once from a whole set of events, without a
store or a broker: what the service must converge to, however the events come."""

import random
import weakref

import numpy as np

from synergi_matching.domain import fairness
from synergi_matching.domain.documents import pair_id
from synergi_matching.domain.ranking import pair_of
from synergi_matching.domain.scoring import Organization, score, size_class
from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts import events as ev
from tests.helpers import matching_events as make


def batch(events: list, edition: str) -> dict[str, tuple[float, list[str]]]:
    """The same rules computed at once from the whole set, without a store."""
    profile = {}
    for e in (e for e in events if isinstance(e, ev.OrganizationProfileUpdated)):
        if e.organization_id not in profile or e.version > profile[e.organization_id].version:
            profile[e.organization_id] = e
    cancelled = {e.organization_id for e in events if isinstance(e, ev.RegistrationCancelled)}
    registered: dict[str, set[str]] = {}
    for e in events:
        if isinstance(e, ev.OrganizationRegistered):
            registered.setdefault(e.organization_id, set()).update(e.challenge_themes)
    erased = {e.participant_id for e in events if isinstance(e, ev.ParticipantErased)}
    rooms: dict[str, set[str]] = {}
    for e in events:
        if isinstance(e, ev.AttendanceRecorded) and e.participant_id not in erased:
            rooms.setdefault(e.workshop_id, set()).add(e.organization_id)
    latest: dict[str, ev.FeedbackSubmitted] = {}
    for e in events:
        newer = isinstance(e, ev.FeedbackSubmitted) and (
            e.participant_id not in latest or e.version > latest[e.participant_id].version
        )
        if newer and e.participant_id not in erased:
            latest[e.participant_id] = e
    orgs = {}
    for org, themes in registered.items():
        if org in cancelled or org not in profile:
            continue
        mine = [f for pid, f in sorted(latest.items()) if f.organization_id == org]
        tips = frozenset(w.theme for f in mine for w in f.workshops if w.insight_kind == "tip")
        p = profile[org]
        orgs[org] = Organization(
            id=org,
            name=p.name,
            offers=frozenset(p.offers),
            needs=frozenset(p.needs),
            regions=frozenset(p.regions),
            target_groups=frozenset(p.target_groups),
            challenge_themes=frozenset(themes),
            workshops={w: size_class(len(o)) for w, o in rooms.items() if org in o},
            wishes=frozenset(x.organization_id for f in mine for x in f.follow_ups),
            tips=tips,
            ambitions=frozenset(
                w.theme for f in mine for w in f.workshops if w.insight_kind == "ambition"
            ),
        )
    top_k = next(
        (e.recommendations_per_organization for e in events if isinstance(e, ev.EditionCreated)), 10
    )
    matches = {
        (a, b): match
        for a in orgs
        for b in orgs
        if a < b and (match := score(orgs[a], orgs[b])).reasons
    }
    # Each organisation's K best (ties by id); a wish keeps a pair whatever its rank.
    kept = {pair for pair in matches if orgs[pair[0]].id in orgs[pair[1]].wishes}
    kept |= {pair for pair in matches if orgs[pair[1]].id in orgs[pair[0]].wishes}
    kept |= {
        pair_of(org, partner)
        for org, partners in fair_lists(matches, sorted(orgs), top_k).items()
        for partner in partners
    }
    return {
        pair_id(edition, a, b): (matches[a, b].score, [r.kind for r in matches[a, b].reasons])
        for a, b in kept
    }


def fair_lists(matches: dict, ids: list[str], top_k: int) -> dict[str, list[str]]:
    """Each organisation's list: its best 2K by score (ties by id), re-ranked
    for fair exposure (`fairness.rerank`)."""
    row = {org: i for i, org in enumerate(ids)}
    pool = np.full((len(ids), 2 * top_k), -1, np.int64)
    scores = np.zeros(pool.shape)
    for org in ids:
        mine = sorted(
            (-m.score, b if a == org else a) for (a, b), m in matches.items() if org in (a, b)
        )
        for place, (minus, partner) in enumerate(mine[: 2 * top_k]):
            pool[row[org], place] = row[partner]
            scores[row[org], place] = round(-minus * 10_000)
    fair = rerank_whole(pool, scores, top_k)
    return {org: [ids[p] for p in fair[row[org]] if p >= 0] for org in ids}


def rerank_whole(pool: np.ndarray, scores: np.ndarray, top_k: int) -> np.ndarray:
    """`fairness.rerank` of every row, `pool` (rows x 2K) being every pool."""
    plain = pool[:, :top_k]
    return fairness.rerank(np.arange(len(pool)), pool, scores, plain, fairness.balance_of(plain))


TAGS = ["volunteers", "data", "housing", "legal-aid"]
THEMES = ["co-creation", "measurement-documentation", "public-affairs-communication"]


def impact_day(run: str, edition: str, seed: int) -> list[ev.Event]:
    """A random but complete edition: profiles in several versions,
    registrations, a cancellation, attendance, evaluations in several
    versions, erasures."""
    rng = random.Random(seed)
    orgs = [f"{run}-o{n}" for n in range(9)]
    # K = 3 of 8 partners: the top-K rule leaves pairs out.
    events: list[ev.Event] = [make.edition(top_k=3, slug=edition)]
    for org in orgs:
        for version in range(1, rng.randint(1, 3) + 1):
            events.append(
                make.profile(
                    org,
                    version,
                    offers=rng.sample(TAGS, rng.randint(0, 2)),
                    needs=rng.sample(TAGS, rng.randint(0, 2)),
                    regions=rng.sample(["fyn", "aarhus", "nord"], 1),
                )
            )
        events.append(make.registered(org, rng.sample(THEMES, rng.randint(0, 1)), edition))
    events.append(make.cancelled(rng.choice(orgs), edition))
    participants = [(org, f"{org}-p{n}") for org in orgs for n in range(2)]
    for org, person in participants:
        for workshop in rng.sample(["w1", "w2", "w3"], rng.randint(0, 2)):
            events.append(make.attended(org, person, f"{run}-{workshop}", edition))
        for version in range(1, rng.randint(0, 2) + 1):
            kind = rng.choice([None, "tip", "ambition"])
            theme = rng.choice(THEMES)  # drawn before the wishes, as the day's data always was
            events.append(
                make.evaluation(
                    org,
                    person,
                    version,
                    wishes=rng.sample(orgs, rng.randint(0, 2)),
                    insight=f"{kind} {version}" if kind else None,
                    kind=kind,
                    edition=edition,
                    workshop=f"{run}-w1",
                    theme=theme,
                )
            )
    for org, person in rng.sample(participants, 2):
        events.append(make.erased(person, org))
    return events


_instances: "weakref.WeakKeyDictionary[MatchingStore, Editions]" = weakref.WeakKeyDictionary()


async def handle_event(store: MatchingStore, event: ev.Event) -> None:
    """One event through matching as a batch of one, by the instance (its
    in-memory model) that belongs to `store`: another store object on the same
    database is another instance."""
    editions = _instances.setdefault(store, Editions(store, publish=nowhere))
    await editions.handle([event])


async def nowhere(events: list) -> None:
    """Unit tests read the store; the events go nowhere."""
