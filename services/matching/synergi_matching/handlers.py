"""What matching does with each event: record the fact, bring the member
documents of the organisations it is about up to date, then recompute their
pairs. Plain functions, tested without a broker."""

from synergi_matching import scoring
from synergi_matching.store import MatchingStore, Member
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
    # The pairs are re-derived even when the fact was stored already: a process
    # killed between the two commits no offset, and the redelivered event must
    # finish what the first delivery began. Re-deriving is idempotent.
    match event:
        case EditionCreated():
            await store.save_edition(event)
        case OrganizationProfileUpdated():
            await store.save_profile(event)
            for edition in await store.editions_of(event.organization_id):
                await refresh(store, edition, {event.organization_id})
        case OrganizationRegistered():
            await store.save_registration(event)
            await refresh(store, event.edition, {event.organization_id})
        case RegistrationCancelled():
            await store.cancel_registration(event)
            await refresh(store, event.edition, {event.organization_id})
        case AttendanceRecorded():
            await store.save_attendance(event)
            # The newcomer's pairs change. The others' change only if the
            # room grew into the next size class: those whose member
            # document holds another class (whoever reads the room last
            # sees its final size, so concurrent check-ins converge).
            room = await store.organizations_at(event.workshop_id)
            size = scoring.size_class(len(room))
            members = await store.members_among(event.edition, room)
            stale = {
                organization_id
                for organization_id, member in members.items()
                if member.organization
                and member.organization.workshops.get(event.workshop_id) != size
            } - {event.organization_id}
            await refresh(store, event.edition, {event.organization_id})
            for organization_id in sorted(stale):
                await store.materialize(event.edition, organization_id)
            await recompute(store, event.edition, stale, among=room)
        case FeedbackSubmitted():
            await store.save_feedback(event)
            await refresh(store, event.edition, {event.organization_id})
        case ParticipantErased():
            affected: dict[str, set[str]] = {}
            for edition, organization_id in await store.forget_participant(event.participant_id):
                affected.setdefault(edition, set()).add(organization_id)
            for edition, organization_ids in sorted(affected.items()):
                await refresh(store, edition, organization_ids)
        case _:
            pass  # sign-ups and the like do not change a recommendation


async def refresh(store: MatchingStore, edition: str, organization_ids: set[str]) -> None:
    """The facts of these organisations changed: update them, then their pairs."""
    for organization_id in sorted(organization_ids):
        await store.materialize(edition, organization_id)
    await recompute(store, edition, organization_ids)


async def recompute(
    store: MatchingStore, edition: str, organization_ids: set[str], among: set[str] | None = None
) -> None:
    """Bring the pairs of the given organisations up to date: with their
    candidates from the index and the pairs stored already, or only with the
    organisations `among`.

    If the facts of anyone involved changed while this was scoring (another
    instance handled an event about them), score again: whichever of two
    concurrent writers comes last has then read the newest facts, so the
    result does not depend on how events were spread over instances."""
    for organization_id in sorted(organization_ids):
        while True:
            me = await store.member(edition, organization_id)
            stored = await store.pairs_of(edition, organization_id)
            others: dict[str, Member] = {}
            if among is not None:
                partners = among - {organization_id}
            else:
                if me and me.organization:
                    others = await store.candidates(edition, me.organization)
                partners = set(others) | set(stored)  # stored ones may have to go
            others |= await store.members_among(edition, partners - set(others))
            outcomes = await store.outcomes_of(edition, organization_id)
            for partner_id in sorted(partners):
                other = others.get(partner_id)
                both = me and me.organization and other and other.organization
                # Never a pair either side declined; no reasons (any more) withdraws it too.
                match = (
                    scoring.score(me.organization, other.organization)
                    if both and outcomes.get(partner_id) != "declined"
                    else None
                )
                await store.save_match(
                    edition,
                    organization_id,
                    partner_id,
                    match,
                    outcomes.get(partner_id),
                    read=True,
                    current=stored.get(partner_id),
                )
            seen = {partner_id: member.version for partner_id, member in others.items()}
            if me is not None:
                seen[organization_id] = me.version
            if await store.versions(edition, set(seen)) == seen:
                break
