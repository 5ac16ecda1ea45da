"""The events matching consumes, made the short way for its tests: one edition
(`ed`), organisations and people by id."""

from collections.abc import Iterable
from datetime import date

from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    FeedbackSubmitted,
    FollowUpWish,
    InsightKind,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
    WorkshopFeedback,
)

EDITION = "ed"


def edition(top_k: int = 10, slug: str = EDITION) -> EditionCreated:
    return EditionCreated(
        edition=slug, title="T", date=date(2026, 5, 1), recommendations_per_organization=top_k
    )


def profile(org: str, version: int = 1, **tags: list[str]) -> OrganizationProfileUpdated:
    return OrganizationProfileUpdated(
        organization_id=org, version=version, name=org.upper(), size="small", **tags
    )


def registered(
    org: str, themes: Iterable[str] = (), edition: str = EDITION
) -> OrganizationRegistered:
    return OrganizationRegistered(
        edition=edition,
        registration_id=f"r-{org}",
        organization_id=org,
        challenge_themes=list(themes),
    )


def cancelled(org: str, edition: str = EDITION) -> RegistrationCancelled:
    return RegistrationCancelled(edition=edition, registration_id=f"r-{org}", organization_id=org)


def attended(org: str, person: str, workshop: str, edition: str = EDITION) -> AttendanceRecorded:
    return AttendanceRecorded(
        edition=edition,
        workshop_id=workshop,
        participant_id=person,
        organization_id=org,
        theme="co-creation",
    )


def evaluation(
    org: str,
    person: str,
    version: int,
    wishes: Iterable[str] = (),
    insight: str | None = None,
    kind: InsightKind | None = None,
    *,
    edition: str = EDITION,
    workshop: str = "w1",
    theme: str = "co-creation",
) -> FeedbackSubmitted:
    """An evaluation of one workshop; `insight` is a tip unless `kind` says otherwise."""
    return FeedbackSubmitted(
        edition=edition,
        participant_id=person,
        organization_id=org,
        version=version,
        day_rating=4,
        workshops=[
            WorkshopFeedback(
                workshop_id=workshop,
                theme=theme,
                rating=5,
                insight=insight,
                insight_kind=kind or ("tip" if insight else None),
            )
        ],
        follow_ups=[FollowUpWish(organization_id=o) for o in wishes],
    )


def erased(person: str, org: str) -> ParticipantErased:
    return ParticipantErased(participant_id=person, organization_id=org)


async def publish_nowhere(events) -> None:
    """Matching's publish, for tests about the store rather than Kafka."""
