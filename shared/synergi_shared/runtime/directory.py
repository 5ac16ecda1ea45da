"""Who is registered for which edition, as a service learns it from
`synergi.registration.v1` — the read model the workshops and feedback services
share. Updates are commutative: cancellation and removal are final whichever
event arrives first, and duplicates change nothing."""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegistrationCancelled,
)
from synergi_shared.runtime.errors import Conflict

# Seconds a client should wait before retrying for a participant whose
# registration event has not reached this service yet.
UNKNOWN_PARTICIPANT_RETRY_AFTER = 2


class ParticipantDirectory:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.registrations: AsyncCollection = db["registrations"]
        self.participants: AsyncCollection = db["participants"]

    async def create_indexes(self) -> None:
        await self.registrations.create_index([("edition", ASCENDING), ("cancelled", ASCENDING)])
        await self.participants.create_index([("registration_id", ASCENDING)])

    async def apply(self, event: Event) -> list[str]:
        """Record a registration event; return the participants it took away
        (cancelled, removed or erased), whose traces the service should clear."""
        match event:
            case EditionCreated():
                await self.editions.update_one(
                    {"_id": event.edition}, {"$set": {"title": event.title}}, upsert=True
                )
            case OrganizationRegistered():
                await self._save_registration(
                    event.registration_id, event.edition, event.organization_id
                )
                for participant in event.participants:
                    await self._save_participant(
                        participant.participant_id,
                        event.edition,
                        event.registration_id,
                        event.organization_id,
                    )
            case ParticipantAdded():
                await self._save_participant(
                    event.participant_id,
                    event.edition,
                    event.registration_id,
                    event.organization_id,
                )
            case RegistrationCancelled():
                await self.registrations.update_one(
                    {"_id": event.registration_id},
                    {
                        "$set": {
                            "cancelled": True,
                            "edition": event.edition,
                            "organization_id": event.organization_id,
                        }
                    },
                    upsert=True,
                )
                found = await self.participants.find(
                    {"registration_id": event.registration_id}
                ).to_list(None)
                return [doc["_id"] for doc in found]
            case ParticipantRemoved() | ParticipantErased():
                await self.participants.update_one(
                    {"_id": event.participant_id}, {"$set": {"removed": True}}, upsert=True
                )
                return [event.participant_id]
        return []

    async def _save_registration(
        self, registration_id: str, edition: str, organization_id: str
    ) -> None:
        await self.registrations.update_one(
            {"_id": registration_id},
            {
                "$set": {"edition": edition, "organization_id": organization_id},
                "$setOnInsert": {"cancelled": False},
            },
            upsert=True,
        )

    async def _save_participant(
        self, participant_id: str, edition: str, registration_id: str, organization_id: str
    ) -> None:
        await self.participants.update_one(
            {"_id": participant_id},
            {
                "$set": {
                    "edition": edition,
                    "registration_id": registration_id,
                    "organization_id": organization_id,
                },
                "$setOnInsert": {"removed": False},
            },
            upsert=True,
        )

    async def edition_known(self, edition: str) -> bool:
        return await self.editions.find_one({"_id": edition}, {"_id": 1}) is not None

    async def active_participant(self, participant_id: str) -> dict[str, Any] | None:
        """The participant, if registered and neither removed nor cancelled."""
        doc = await self.participants.find_one({"_id": participant_id})
        if doc is None or doc["removed"] or "registration_id" not in doc:
            return None
        registration = await self.registrations.find_one({"_id": doc["registration_id"]})
        if registration is None or registration["cancelled"]:
            return None
        return doc

    async def require_participant(self, participant_id: str, edition: str) -> dict[str, Any]:
        """The active participant of `edition`, or a 409: with Retry-After when the
        registration may simply not have reached this service yet."""
        participant = await self.active_participant(participant_id)
        if participant is None:
            raise Conflict(
                f"participant '{participant_id}' is not (or no longer) registered as far as "
                "this service knows; a registration made a moment ago may still be on its way",
                retry_after=UNKNOWN_PARTICIPANT_RETRY_AFTER,
            )
        if participant["edition"] != edition:
            raise Conflict(f"participant '{participant_id}' is registered for another edition")
        return participant

    async def organizations_of(self, participant_ids: list[str]) -> dict[str, str]:
        docs = await self.participants.find({"_id": {"$in": participant_ids}}).to_list(None)
        return {doc["_id"]: doc.get("organization_id") for doc in docs}

    async def registered_organizations(self, edition: str) -> set[str]:
        docs = await self.registrations.find({"edition": edition, "cancelled": False}).to_list(None)
        return {doc["organization_id"] for doc in docs}
