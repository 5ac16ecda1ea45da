"""What matching knows of one edition, kept in memory and folded from events.

Every fold is idempotent and commutative (the highest version wins, a
cancellation is final, an erased person's facts never come back), so the facts
depend only on the set of events received, not on their order or duplicates.
Pure: no broker, no database. The store saves the same facts and loads them
back into an `EditionFacts` on restart (see `documents.py`).
"""

from dataclasses import dataclass, field

from synergi_matching.domain.history import Earlier
from synergi_matching.domain.scoring import Organization, size_class
from synergi_shared.contracts.concepts import concept_of
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
)


@dataclass(frozen=True)
class Profile:
    version: int
    name: str
    size: str | None = None  # small, medium or large; not used in scoring
    target_groups: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    offers: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()

    @classmethod
    def of(cls, event: OrganizationProfileUpdated) -> "Profile":
        return cls(
            version=event.version,
            name=event.name,
            size=event.size,
            target_groups=frozenset(event.target_groups),
            regions=frozenset(event.regions),
            offers=frozenset(event.offers),
            needs=frozenset(event.needs),
        )


@dataclass(frozen=True)
class Registration:
    organization_id: str
    challenge_themes: frozenset[str]
    cancelled: bool


@dataclass(frozen=True)
class Evaluation:
    """The facts matching takes from one participant's newest evaluation."""

    organization_id: str
    version: int
    wishes: frozenset[str]
    tips: frozenset[str]  # the themes of its tips (the words stay with feedback)
    ambitions: frozenset[str]

    @classmethod
    def of(cls, event: FeedbackSubmitted) -> "Evaluation":
        return cls(
            organization_id=event.organization_id,
            version=event.version,
            wishes=frozenset(wish.organization_id for wish in event.follow_ups),
            tips=frozenset(w.theme for w in event.workshops if w.insight_kind == "tip"),
            ambitions=frozenset(w.theme for w in event.workshops if w.insight_kind == "ambition"),
        )


def newer_profile(profiles: dict[str, Profile], organization_id: str, profile: Profile) -> bool:
    """Keep `profile` if it is newer than the one known; True if it was."""
    known = profiles.get(organization_id)
    if known is not None and known.version >= profile.version:
        return False
    profiles[organization_id] = profile
    return True


def editions_touched(
    events: list[Event], editions_of: dict[str, set[str]], erased_in: dict[str, set[str]]
) -> dict[str, list[Event]]:
    """The events that matter to each edition: a profile to every edition the
    organisation registered for (`editions_of`), an erasure to every edition
    the person left facts in (`erased_in`), the rest to their own edition.
    Sign-ups and the like change no recommendation and go nowhere."""
    by_edition: dict[str, list[Event]] = {}
    for event in events:
        match event:
            case OrganizationProfileUpdated():
                editions = editions_of[event.organization_id]
            case ParticipantErased():
                editions = erased_in.get(event.participant_id, set())
            case (
                EditionCreated()
                | OrganizationRegistered()
                | RegistrationCancelled()
                | AttendanceRecorded()
                | FeedbackSubmitted()
            ):
                editions = {event.edition}
            case _:
                editions = set()
        for edition in editions:
            by_edition.setdefault(edition, []).append(event)
    return by_edition


@dataclass
class EditionFacts:
    """The facts of one edition. `profiles` and `erased` are shared by every
    edition an instance holds: a profile and an erasure are not per edition."""

    edition: str
    profiles: dict[str, Profile]
    erased: set[str]
    registrations: dict[str, Registration] = field(default_factory=dict)
    # Workshop id -> participant id -> organisation id.
    rooms: dict[str, dict[str, str]] = field(default_factory=dict)
    evaluations: dict[str, Evaluation] = field(default_factory=dict)  # by participant
    # (organisation a, organisation b), a < b -> outcome status.
    outcomes: dict[tuple[str, str], str] = field(default_factory=dict)
    # The organiser's tag merges: concept -> the concept it counts as.
    merges: dict[str, str] = field(default_factory=dict)
    # Partnerships of earlier editions (see `history`), by pair.
    carried: dict[tuple[str, str], Earlier] = field(default_factory=dict)
    # Indexes by organisation, so `organization()` costs what it reads.
    _registrations_of: dict[str, set[str]] = field(default_factory=dict)
    _workshops_of: dict[str, set[str]] = field(default_factory=dict)
    _evaluations_of: dict[str, set[str]] = field(default_factory=dict)

    # --- folding events: each returns the organisations whose facts it may change

    def kept_status(self, pair: tuple[str, str]) -> str | None:
        """The status that keeps a pair in the ranking: this edition's outcome,
        else what an earlier edition left (`partnership` or `lapsed`)."""
        if pair in self.outcomes:
            return self.outcomes[pair]
        earlier = self.carried.get(pair)
        return earlier.status if earlier else None

    def fold(self, event: Event) -> set[str]:
        """Any event; the organisations whose facts it may change."""
        match event:
            case OrganizationProfileUpdated():
                return {event.organization_id}  # the shared profiles hold it already
            case OrganizationRegistered():
                return self.registered(event)
            case RegistrationCancelled():
                return self.cancelled(event)
            case AttendanceRecorded():
                return self.attended(event)
            case FeedbackSubmitted():
                return self.evaluated(event)
            case ParticipantErased():
                return self.forget(event.participant_id)
        return set()

    def registered(self, event: OrganizationRegistered) -> set[str]:
        known = self.registrations.get(event.registration_id)
        self.registrations[event.registration_id] = Registration(
            event.organization_id,
            frozenset(event.challenge_themes),
            cancelled=known is not None and known.cancelled,
        )
        self._registrations_of.setdefault(event.organization_id, set()).add(event.registration_id)
        return {event.organization_id}

    def cancelled(self, event: RegistrationCancelled) -> set[str]:
        known = self.registrations.get(event.registration_id)
        themes = known.challenge_themes if known else frozenset()
        self.registrations[event.registration_id] = Registration(
            event.organization_id, themes, cancelled=True
        )
        self._registrations_of.setdefault(event.organization_id, set()).add(event.registration_id)
        return {event.organization_id}

    def attended(self, event: AttendanceRecorded) -> set[str]:
        if event.participant_id in self.erased:
            return set()
        room = self.rooms.setdefault(event.workshop_id, {})
        room[event.participant_id] = event.organization_id
        self._workshops_of.setdefault(event.organization_id, set()).add(event.workshop_id)
        # The room's size class may have changed: everyone in it may be affected.
        return set(room.values())

    def evaluated(self, event: FeedbackSubmitted) -> set[str]:
        if event.participant_id in self.erased:
            return set()
        known = self.evaluations.get(event.participant_id)
        if known is not None and known.version >= event.version:
            return set()
        evaluation = self.evaluations[event.participant_id] = Evaluation.of(event)
        self._evaluations_of.setdefault(event.organization_id, set()).add(event.participant_id)
        # A wish changes the wished organisation's pairs too, and so may the old one's.
        wished = known.wishes if known else frozenset()
        return {event.organization_id} | set(wished) | set(evaluation.wishes)

    def forget(self, participant_id: str) -> set[str]:
        """Erasure: drop what the person contributed (the caller records the
        id in `erased`, shared by every edition)."""
        affected: set[str] = set()
        for workshop, room in self.rooms.items():
            if (organization_id := room.pop(participant_id, None)) is not None:
                affected |= set(room.values()) | {organization_id}
                if organization_id not in room.values():
                    self._workshops_of[organization_id].discard(workshop)
        if (evaluation := self.evaluations.pop(participant_id, None)) is not None:
            self._evaluations_of[evaluation.organization_id].discard(participant_id)
            affected |= {evaluation.organization_id, *evaluation.wishes}
        return affected

    def outcome(self, a: str, b: str, status: str | None) -> set[str]:
        pair = (min(a, b), max(a, b))
        if status is None:
            self.outcomes.pop(pair, None)
        else:
            self.outcomes[pair] = status
        return {a, b}

    def merge(self, concept: str, into: str | None) -> set[str]:
        """Count `concept` as `into` in this edition (None: as itself again);
        the organisations whose tags it changes."""
        if into is None:
            self.merges.pop(concept, None)
        else:
            self.merges[concept] = into
        return {
            org
            for org, profile in self.profiles.items()
            if org in self._registrations_of
            and any(
                concept_of(tag) == concept
                for tags in (profile.target_groups, profile.regions, profile.offers, profile.needs)
                for tag in tags
            )
        }

    def concepts(self, tags: frozenset[str]) -> frozenset[str]:
        """Tags as the concepts matching compares: the catalogue's, then the
        organiser's merges."""
        return frozenset(self.merges.get(c, c) for c in map(concept_of, tags))

    # --- restoring what the store kept ----------------------------------------

    def restore_registration(self, registration_id: str, registration: Registration) -> None:
        self.registrations[registration_id] = registration
        self._registrations_of.setdefault(registration.organization_id, set()).add(registration_id)

    def restore_attendance(
        self, workshop_id: str, participant_id: str, organization_id: str
    ) -> None:
        self.rooms.setdefault(workshop_id, {})[participant_id] = organization_id
        self._workshops_of.setdefault(organization_id, set()).add(workshop_id)

    def restore_evaluation(self, participant_id: str, evaluation: Evaluation) -> None:
        self.evaluations[participant_id] = evaluation
        self._evaluations_of.setdefault(evaluation.organization_id, set()).add(participant_id)

    def members(self) -> set[str]:
        """Every organisation with a registration, active or not."""
        return {r.organization_id for r in self.registrations.values()}

    # --- what is known of one organisation -----------------------------------

    def organization(self, organization_id: str) -> Organization | None:
        """The organisation as matching scores it; None unless it takes part
        (an active registration, and a profile received)."""
        active = [
            registration
            for registration_id in self._registrations_of.get(organization_id, ())
            if not (registration := self.registrations[registration_id]).cancelled
        ]
        profile = self.profiles.get(organization_id)
        if not active or profile is None:
            return None
        workshops = {
            workshop: size_class(len(set(self.rooms[workshop].values())))
            for workshop in sorted(self._workshops_of.get(organization_id, ()))
        }
        wishes: set[str] = set()
        tips: set[str] = set()
        ambitions: set[str] = set()
        for participant_id in sorted(self._evaluations_of.get(organization_id, ())):
            evaluation = self.evaluations[participant_id]
            wishes |= evaluation.wishes
            tips |= evaluation.tips
            ambitions |= evaluation.ambitions
        return Organization(
            id=organization_id,
            name=profile.name,
            target_groups=self.concepts(profile.target_groups),
            regions=self.concepts(profile.regions),
            offers=self.concepts(profile.offers),
            needs=self.concepts(profile.needs),
            challenge_themes=frozenset(t for r in active for t in r.challenge_themes),
            workshops=workshops,
            wishes=frozenset(wishes - {organization_id}),
            tips=frozenset(tips),
            ambitions=frozenset(ambitions),
        )


def name_of(facts: EditionFacts, organization_id: str) -> str | None:
    """The organisation's public name, from its newest profile."""
    profile = facts.profiles.get(organization_id)
    return profile.name if profile else None
