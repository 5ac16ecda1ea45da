"""Registrations and their participants: register, cancel, add and remove a
participant, a participant's consent, and erasure."""

from typing import Any

from synergi_registration import domain
from synergi_registration.commands import AddParticipant, Register
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import Conflict
from synergi_shared.contracts.events import (
    Event,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegisteredParticipant,
    RegistrationCancelled,
)


async def register(
    store: RegistrationStore, edition: str, registration: Register
) -> dict[str, Any]:
    domain.check_themes(registration.challenge_themes)
    domain.require_open(await store.get_edition(edition), clock.now())
    await store.require_organization(registration.organization_id)
    registration_id = clock.new_id()
    participants = [_new_participant(p) for p in registration.participants]
    doc = {
        "_id": registration_id,
        "edition": edition,
        "organization_id": registration.organization_id,
        "status": "active",
        "participants": participants,
        "challenge_themes": list(dict.fromkeys(registration.challenge_themes)),
        "expectations": registration.expectations,
        "created_at": clock.now(),
        "revision": 1,
        "active_key": domain.active_registration_key(edition, registration.organization_id),
    }
    event = OrganizationRegistered(
        edition=edition,
        registration_id=registration_id,
        organization_id=registration.organization_id,
        participants=[
            RegisteredParticipant(participant_id=p["id"], role=p["role"]) for p in participants
        ],
        challenge_themes=doc["challenge_themes"],
    )
    if not await store.insert_registration(doc, event):
        raise Conflict(
            f"organisation '{registration.organization_id}' already has an active registration "
            f"for edition '{edition}'"
        )
    return doc


async def cancel(store: RegistrationStore, edition: str, registration_id: str) -> dict[str, Any]:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        if doc["status"] == "cancelled":
            return {}, []  # cancelling twice changes nothing
        fields = {
            "status": "cancelled",
            "cancelled_at": clock.now(),
            "active_key": domain.cancelled_registration_key(doc["_id"]),
        }
        event = RegistrationCancelled(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
        )
        return fields, [event]

    return await store.change_registration(
        await store.get_registration(edition, registration_id), change
    )


async def add_participant(
    store: RegistrationStore, edition: str, registration_id: str, person: AddParticipant
) -> dict[str, Any]:
    participant = _new_participant(person)

    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        domain.require_active(doc)
        event = ParticipantAdded(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
            participant_id=participant["id"],
            role=participant["role"],
        )
        return {"participants": [*doc["participants"], participant]}, [event]

    await store.change_registration(await store.get_registration(edition, registration_id), change)
    return participant


async def remove_participant(
    store: RegistrationStore, edition: str, registration_id: str, participant_id: str
) -> None:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        remaining = domain.without_participant(doc, participant_id)
        event = ParticipantRemoved(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
            participant_id=participant_id,
        )
        return {"participants": remaining}, [event]

    await store.change_registration(await store.get_registration(edition, registration_id), change)


async def set_consent(
    store: RegistrationStore, participant_id: str, share_contact: bool
) -> dict[str, Any]:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        participant = domain.participant_in(doc, participant_id)
        if "erased_at" in participant:
            raise Conflict(f"participant '{participant_id}' was erased")
        consent = {"share_contact": share_contact, "recorded_at": clock.now()}
        updated = {
            **participant,
            "consent": consent,
            "consent_history": [*participant.get("consent_history", []), consent],
        }
        return {"participants": _replace(doc, updated)}, []

    doc = await store.change_registration(
        await store.registration_of_participant(participant_id), change
    )
    return domain.participant_in(doc, participant_id)


async def erase_participant(store: RegistrationStore, participant_id: str) -> None:
    """Name, e-mail and consent records are removed, not flagged; the id and
    role stay so counts and other services' references still add up."""

    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        participant = domain.participant_in(doc, participant_id)
        if "erased_at" in participant:
            return {}, []  # erased already
        stub = {"id": participant_id, "role": participant.get("role"), "erased_at": clock.now()}
        event = ParticipantErased(
            participant_id=participant_id, organization_id=doc["organization_id"]
        )
        return {"participants": _replace(doc, stub)}, [event]

    await store.change_registration(await store.registration_of_participant(participant_id), change)


def _new_participant(person: AddParticipant) -> dict[str, Any]:
    consent = {"share_contact": person.share_contact, "recorded_at": clock.now()}
    return {
        "id": clock.new_id(),
        "name": person.name,
        "email": person.email,
        "role": domain.normalize_tag(person.role) if person.role else None,
        "consent": consent,
        "consent_history": [consent],
    }


def _replace(doc: dict[str, Any], updated: dict[str, Any]) -> list[dict[str, Any]]:
    return [updated if p["id"] == updated["id"] else p for p in doc["participants"]]
