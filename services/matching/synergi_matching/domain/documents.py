"""How matching keeps its facts as documents, and reads them back: pure.

Every fact is a document written once and never changed: a newer profile or
evaluation is another document, a cancellation is a document of its own, and
`restore` combines them. So the same events twice, or in another order, keep
the same documents, and the store needs no update at all. Documents of older
releases (no id prefixes, one profile per organisation, tips with their
text) still read back.
"""

from collections.abc import Iterable
from typing import Any

from synergi_matching.domain.facts import (
    EditionFacts,
    Evaluation,
    Profile,
    Registration,
    newer_profile,
)
from synergi_matching.domain.outcomes import status_of
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    RegistrationCancelled,
)

Document = dict[str, Any]


def pair_id(edition: str, a: str, b: str) -> str:
    """A pair's recommendation (and outcome) document id, the same either way round."""
    low, high = sorted((a, b))
    return f"{edition}/{low}/{high}"


def fact_document(event: Event) -> tuple[str, Document] | None:
    """The collection and document that keep what `event` says; None for an
    event that leaves no fact (an erasure is recorded by the store itself)."""
    match event:
        case EditionCreated():
            return "editions", {
                "_id": event.edition,
                "title": event.title,
                "date": event.date.isoformat(),
                "top_k": event.recommendations_per_organization,
            }
        case OrganizationProfileUpdated():
            _id = f"{event.organization_id}/v{event.version}"
            return "profiles", {"_id": _id, **event.model_dump()}
        case OrganizationRegistered():
            return "registrations", {
                "_id": f"registered/{event.registration_id}",
                "registration_id": event.registration_id,
                "edition": event.edition,
                "organization_id": event.organization_id,
                "challenge_themes": event.challenge_themes,
            }
        case RegistrationCancelled():
            return "registrations", {
                "_id": f"cancelled/{event.registration_id}",
                "registration_id": event.registration_id,
                "edition": event.edition,
                "organization_id": event.organization_id,
                "cancelled": True,
            }
        case AttendanceRecorded():
            return "attendance", {
                "_id": f"{event.workshop_id}/{event.participant_id}",
                "edition": event.edition,
                "workshop_id": event.workshop_id,
                "participant_id": event.participant_id,
                "organization_id": event.organization_id,
            }
        case FeedbackSubmitted():
            evaluation = Evaluation.of(event)
            return "feedback", {
                "_id": f"{event.edition}/{event.participant_id}/v{event.version}",
                "edition": event.edition,
                "participant_id": event.participant_id,
                "organization_id": event.organization_id,
                "version": event.version,
                "wishes": sorted(evaluation.wishes),
                "tips": [{"theme": theme} for theme in sorted(evaluation.tips)],
                "ambitions": sorted(evaluation.ambitions),
            }
    return None


def active_registration(docs: Iterable[Document]) -> bool:
    """Whether an organisation's registration documents leave one active."""
    registered, cancelled = set(), set()
    for doc in docs:
        (cancelled if doc.get("cancelled") else registered).add(_registration_id(doc))
    return bool(registered - cancelled)


def restore(
    facts: EditionFacts,
    *,
    erased: Iterable[str],
    registrations: Iterable[Document],
    profiles: Iterable[Document],
    attendance: Iterable[Document],
    feedback: Iterable[Document],
    outcomes: Iterable[Document],
    merges: Iterable[Document] = (),
) -> None:
    """Fill `facts` (its shared profiles and erased set too) from the
    edition's documents and every profile."""
    facts.erased |= set(erased)
    registered: dict[str, Document] = {}
    cancelled: dict[str, Document] = {}
    for doc in registrations:
        registration_id = _registration_id(doc)
        if doc.get("cancelled"):
            cancelled[registration_id] = doc
        if not doc["_id"].startswith("cancelled/"):
            registered[registration_id] = doc
    for registration_id in registered.keys() | cancelled.keys():
        # A cancellation that came before its registration is kept as one.
        doc = registered.get(registration_id) or cancelled[registration_id]
        facts.restore_registration(
            registration_id,
            Registration(
                doc["organization_id"],
                frozenset(doc.get("challenge_themes", [])),
                registration_id in cancelled,
            ),
        )
    members = facts.members()
    keep_newest_profiles(facts.profiles, (doc for doc in profiles if profile_owner(doc) in members))
    for doc in attendance:
        if doc["participant_id"] not in facts.erased:
            facts.restore_attendance(
                doc["workshop_id"], doc["participant_id"], doc["organization_id"]
            )
    newest: dict[str, Document] = {}  # the newest evaluation per participant
    for doc in feedback:
        known = newest.get(doc["participant_id"])
        if known is None or known["version"] < doc["version"]:
            newest[doc["participant_id"]] = doc
    for participant_id, doc in newest.items():
        if participant_id in facts.erased:
            continue  # arrived after the erasure
        facts.restore_evaluation(
            participant_id,
            Evaluation(
                organization_id=doc["organization_id"],
                version=doc["version"],
                # FerretDB v1 leaves empty lists out of `$setOnInsert`.
                wishes=frozenset(doc.get("wishes", [])),
                tips=_tips(doc.get("tips", [])),
                ambitions=frozenset(doc.get("ambitions", [])),
            ),
        )
    for doc in outcomes:
        facts.outcome(doc["organization_a"], doc["organization_b"], status_of(doc))
    for doc in merges:
        facts.merges[doc["concept"]] = doc["into"]


def keep_newest_profiles(known: dict[str, Profile], profiles: Iterable[Document]) -> None:
    """Add to `known` each organisation's newest profile among `profiles`,
    where it is newer than the one known."""
    for doc in profiles:
        newer_profile(
            known,
            profile_owner(doc),
            Profile(
                version=doc["version"],
                name=doc["name"],
                size=doc.get("size"),
                target_groups=frozenset(doc.get("target_groups", [])),
                regions=frozenset(doc.get("regions", [])),
                offers=frozenset(doc.get("offers", [])),
                needs=frozenset(doc.get("needs", [])),
            ),
        )


def profile_owner(doc: Document) -> str:
    """The organisation a stored profile belongs to."""
    return doc.get("organization_id", doc["_id"])  # older: one per organisation


def _registration_id(doc: Document) -> str:
    return doc.get("registration_id", doc["_id"])  # older: no prefix


def _tips(stored: list[dict[str, str]] | dict[str, str]) -> frozenset[str]:
    """The tips' themes; older releases kept their text too (ignored), as a map
    of theme to text or as a list of theme and text."""
    if isinstance(stored, dict):
        return frozenset(stored)
    return frozenset(tip["theme"] for tip in stored)
