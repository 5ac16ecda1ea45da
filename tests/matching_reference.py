"""The matching rules computed at once from a whole set of events, without a
store or a broker: what the service must converge to, however the events come."""

from synergi_matching.scoring import Organization, score, size_class
from synergi_matching.store import pair_id
from synergi_shared.events import (
    AttendanceRecorded,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
)


def batch(events: list, edition: str) -> dict[str, tuple[float, list[str]]]:
    """The same rules computed at once from the whole set, without a store."""
    profile = {}
    for e in (e for e in events if isinstance(e, OrganizationProfileUpdated)):
        if e.organization_id not in profile or e.version > profile[e.organization_id].version:
            profile[e.organization_id] = e
    cancelled = {e.organization_id for e in events if isinstance(e, RegistrationCancelled)}
    registered: dict[str, set[str]] = {}
    for e in events:
        if isinstance(e, OrganizationRegistered):
            registered.setdefault(e.organization_id, set()).update(e.challenge_themes)
    erased = {e.participant_id for e in events if isinstance(e, ParticipantErased)}
    rooms: dict[str, set[str]] = {}
    for e in events:
        if isinstance(e, AttendanceRecorded) and e.participant_id not in erased:
            rooms.setdefault(e.workshop_id, set()).add(e.organization_id)
    latest: dict[str, FeedbackSubmitted] = {}
    for e in events:
        newer = isinstance(e, FeedbackSubmitted) and (
            e.participant_id not in latest or e.version > latest[e.participant_id].version
        )
        if newer and e.participant_id not in erased:
            latest[e.participant_id] = e
    orgs = {}
    for org, themes in registered.items():
        if org in cancelled or org not in profile:
            continue
        mine = [f for pid, f in sorted(latest.items()) if f.organization_id == org]
        tips: dict[str, str] = {}
        for f in mine:
            for w in f.workshops:
                if w.insight_kind == "tip" and w.insight:
                    tips.setdefault(w.theme, w.insight)
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
    result = {}
    for a in orgs:
        for b in orgs:
            if a < b and (match := score(orgs[a], orgs[b])).reasons:
                result[pair_id(edition, a, b)] = (match.score, [r.kind for r in match.reasons])
    return result
