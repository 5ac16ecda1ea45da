"""What matching does with each event: record the fact, then recompute the pairs
of the organisations the fact is about. Plain functions, tested without a broker."""

from synergi_matching import scoring
from synergi_matching.store import MatchingStore, pair_id
from synergi_shared.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
)


async def handle_event(store: MatchingStore, event: Event) -> None:
    match event:
        case EditionCreated():
            await store.save_edition(event)
        case OrganizationProfileUpdated():
            if await store.save_profile(event):
                for edition in await store.editions_of(event.organization_id):
                    await recompute(store, edition, {event.organization_id})
        case OrganizationRegistered():
            await store.save_registration(event)
            await recompute(store, event.edition, {event.organization_id})
        case RegistrationCancelled():
            await store.cancel_registration(event)
            await recompute(store, event.edition, {event.organization_id})
        case AttendanceRecorded():
            if await store.save_attendance(event):
                # The room grew: every pair met there changes weight.
                await recompute(
                    store, event.edition, await store.organizations_at(event.workshop_id)
                )
        case FeedbackSubmitted():
            if await store.save_feedback(event):
                await recompute(store, event.edition, {event.organization_id})
        case ParticipantErased():
            affected: dict[str, set[str]] = {}
            for edition, organization_id in await store.forget_participant(event.participant_id):
                affected.setdefault(edition, set()).add(organization_id)
            for edition, organization_ids in sorted(affected.items()):
                await recompute(store, edition, organization_ids)
        case _:
            pass  # sign-ups and the like do not change a recommendation


async def recompute(store: MatchingStore, edition: str, organization_ids: set[str]) -> None:
    """Bring every pair of the given organisations in `edition` up to date,
    reading the edition's facts once."""
    organizations = await store.participants(edition)
    outcomes = await store.outcomes_of(edition)
    for organization_id in sorted(organization_ids):
        me = organizations.get(organization_id)
        if me is None:
            # Not (or no longer) registered, or its profile has not arrived yet.
            await store.withdraw_pairs_of(edition, organization_id)
            continue
        for other in organizations.values():
            if other.id == organization_id:
                continue
            outcome = outcomes.get(pair_id(edition, me.id, other.id))
            # Never a pair either side declined; no reasons (any more) withdraws it too.
            match = None if outcome == "declined" else scoring.score(me, other)
            await store.save_match(edition, me.id, other.id, match, outcome)
