"""Who is registered for which edition, as a service learns it from
`synergi.registration.v1` — the read model the workshops and feedback services
share. Updates are commutative: cancellation, removal and erasure are final
whichever event arrives first, and duplicates change nothing.

A participant not heard of is "not yet", then "never"
(`synergi_shared.runtime.unheard_of`). An erased participant is 410 Gone; a
removed or cancelled one a 409 without Retry-After.
"""

from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.errors import Conflict, Gone, NotFound
from synergi_shared.contracts.events import (
    EditionCreated,
    EditionRescheduled,
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegistrationCancelled,
)
from synergi_shared.runtime.mongo import lookups
from synergi_shared.runtime.unheard_of import FirstAsked, not_yet


class ParticipantDirectory:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.registrations: AsyncCollection = db["registrations"]
        self.participants: AsyncCollection = db["participants"]
        # Each organisation's public name and size, from its newest profile.
        self.organizations: AsyncCollection = db["organization_profiles"]
        self.first_asked = FirstAsked(db)

    async def create_indexes(self) -> None:
        await self.registrations.create_index([("edition", ASCENDING), ("cancelled", ASCENDING)])
        await self.participants.create_index([("registration_id", ASCENDING)])

    async def apply(self, event: Event) -> list[str]:
        """Record a registration event; return the participants it took away
        (cancelled, removed or erased), whose traces the service should clear."""
        match event:
            case EditionCreated():
                # The date only when first heard: a creation delivered again
                # must not undo a rescheduling.
                await self.editions.update_one(
                    {"_id": event.edition},
                    {
                        "$set": {"title": event.title},
                        "$setOnInsert": {"date": event.date.isoformat()},
                    },
                    upsert=True,
                )
            case OrganizationProfileUpdated():
                try:
                    await self.organizations.update_one(
                        {"_id": event.organization_id, "version": {"$lt": event.version}},
                        {
                            "$set": {
                                "name": event.name,
                                "size": event.size,
                                "version": event.version,
                            }
                        },
                        upsert=True,
                    )
                except DuplicateKeyError:
                    pass  # this version or a newer one is kept already
            case EditionRescheduled():
                await self.editions.update_one(
                    {"_id": event.edition}, {"$set": {"date": event.date.isoformat()}}, upsert=True
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
            case ParticipantRemoved():
                await self.participants.update_one(
                    {"_id": event.participant_id}, {"$set": {"removed": True}}, upsert=True
                )
                return [event.participant_id]
            case ParticipantErased():
                await self.participants.update_one(
                    {"_id": event.participant_id},
                    {"$set": {"removed": True, "erased": True}},
                    upsert=True,
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

    async def edition_date(self, edition: str) -> str | None:
        """The edition's day (ISO date), if this service has heard it."""
        doc = await self.editions.find_one({"_id": edition})
        return doc.get("date") if doc else None

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
        """The active participant of `edition`; otherwise 410 (erased), 409
        (removed, cancelled, or not heard of yet: then with Retry-After) or
        404 (not heard of for `PENDING_SECONDS`)."""
        participant = await self.active_participant(participant_id)
        if participant is None:
            known = await self.participants.find_one({"_id": participant_id})
            if known is not None and known.get("erased"):
                raise Gone(f"participant '{participant_id}' was erased")
            if known is not None and "registration_id" in known:
                raise Conflict(f"participant '{participant_id}' is no longer registered")
            unknown = f"participant '{participant_id}' is not known to this service"
            if await self.first_asked.still_pending(f"participant/{participant_id}"):
                raise not_yet(unknown)
            raise NotFound(f"{unknown}: not registered, or its event never arrived")
        if participant["edition"] != edition:
            raise Conflict(f"participant '{participant_id}' is registered for another edition")
        return participant

    async def organizations_of(self, participant_ids: list[str]) -> dict[str, str]:
        """Each participant's organisation, found by `_id` one by one."""

        async def find(participant_id: str) -> dict[str, Any] | None:
            return await self.participants.find_one({"_id": participant_id}, {"organization_id": 1})

        docs = await lookups(find, participant_ids)
        return {doc["_id"]: doc.get("organization_id") for doc in docs if doc is not None}

    async def profiles_of(self, organization_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Each organisation's public name and size, as its newest profile
        says (one keyed read each); one whose profile has not come is left out."""
        docs = await lookups(
            lambda org: self.organizations.find_one({"_id": org}), organization_ids
        )
        return {doc["_id"]: doc for doc in docs if doc is not None}

    async def participants_of(self, edition: str, organization_id: str) -> list[str]:
        """The organisation's active participants in the edition (by index)."""
        query = {"edition": edition, "cancelled": False}
        registrations = await self.registrations.find(query).to_list(None)
        people: list[str] = []
        for registration in registrations:
            if registration["organization_id"] != organization_id:
                continue
            found = self.participants.find({"registration_id": registration["_id"]})
            people += [doc["_id"] async for doc in found if not doc.get("removed")]
        return people

    async def registered_organizations(self, edition: str) -> set[str]:
        docs = await self.registrations.find({"edition": edition, "cancelled": False}).to_list(None)
        return {doc["organization_id"] for doc in docs}
