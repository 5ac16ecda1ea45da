"""The registration service's MongoDB store. Every change and the events it causes
are one single-document write (see synergi_shared.outbox)."""

import uuid
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_registration import domain
from synergi_registration.schemas import (
    EditionCreate,
    OrganizationCreate,
    OrganizationUpdate,
    RegistrationCreate,
)
from synergi_shared.errors import Conflict, NotFound
from synergi_shared.events import (
    EditionCreated,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    RegisteredParticipant,
)
from synergi_shared.outbox import OUTBOX, outbox_entries

SOURCE = "/synergi/registration"
# Attempts at a profile update while others write the same profile, before a 409.
PROFILE_UPDATE_ATTEMPTS = 5


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


def _profile_event(doc: dict[str, Any]) -> OrganizationProfileUpdated:
    return OrganizationProfileUpdated(
        organization_id=doc["organization_id"],
        version=doc["version"],
        name=doc["name"],
        size=doc["size"],
        target_groups=doc["target_groups"],
        regions=doc["regions"],
        offers=doc["offers"],
        needs=doc["needs"],
    )


class RegistrationStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.organizations: AsyncCollection = db["organizations"]
        self.registrations: AsyncCollection = db["registrations"]

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.editions, self.organizations, self.registrations]

    async def create_indexes(self) -> None:
        await self.organizations.create_index(
            [("organization_id", ASCENDING), ("version", DESCENDING)]
        )
        await self.registrations.create_index([("active_key", ASCENDING)], unique=True)
        await self.registrations.create_index([("edition", ASCENDING), ("created_at", ASCENDING)])

    # --- editions -----------------------------------------------------------

    async def create_edition(self, body: EditionCreate) -> dict[str, Any]:
        doc = {
            "_id": body.slug,
            **body.model_dump(mode="json"),
            "created_at": _now(),
        }
        event = EditionCreated(edition=body.slug, title=body.title, date=body.date)
        try:
            await self.editions.insert_one({**doc, OUTBOX: outbox_entries(SOURCE, event)})
        except DuplicateKeyError as error:
            raise Conflict(f"an edition with slug '{body.slug}' already exists") from error
        return doc

    async def list_editions(self) -> list[dict[str, Any]]:
        return await self.editions.find({}, {OUTBOX: 0}).sort("date", ASCENDING).to_list(None)

    async def get_edition(self, slug: str) -> dict[str, Any]:
        doc = await self.editions.find_one({"_id": slug}, {OUTBOX: 0})
        if doc is None:
            raise NotFound(f"edition '{slug}' not found")
        return doc

    # --- organisation profiles ----------------------------------------------
    # Each version of a profile is a document of its own, keyed by organisation
    # and version, so the history is kept and inserting the next version is the
    # concurrency guard: of two simultaneous updates exactly one can insert
    # version n+1, the other gets a duplicate key and tries again on top of it.

    async def create_organization(self, body: OrganizationCreate) -> dict[str, Any]:
        return await self._insert_version({"organization_id": _new_id(), **body.model_dump()}, 1)

    async def get_organization(self, organization_id: str) -> dict[str, Any]:
        doc = await self.organizations.find_one(
            {"organization_id": organization_id},
            {OUTBOX: 0},
            sort=[("version", DESCENDING)],
        )
        if doc is None:
            raise NotFound(f"organisation '{organization_id}' not found")
        return doc

    async def update_organization(
        self, organization_id: str, body: OrganizationUpdate
    ) -> dict[str, Any]:
        changes = body.model_dump(exclude_unset=True)
        for _ in range(PROFILE_UPDATE_ATTEMPTS):
            current = await self.get_organization(organization_id)
            profile = {
                k: v for k, v in current.items() if k not in ("_id", "version", "created_at")
            }
            if {**profile, **changes} == profile:
                return current  # nothing changes: no new version, no event
            try:
                return await self._insert_version({**profile, **changes}, current["version"] + 1)
            except DuplicateKeyError:
                continue  # someone else wrote that version first: apply ours on top
        raise Conflict("the profile is being changed by many at once; try again")

    async def _insert_version(self, profile: dict[str, Any], version: int) -> dict[str, Any]:
        doc = {
            "_id": f"{profile['organization_id']}@{version}",
            **profile,
            "version": version,
            "created_at": _now(),
        }
        await self.organizations.insert_one(
            {**doc, OUTBOX: outbox_entries(SOURCE, _profile_event(doc))}
        )
        return doc

    # --- registrations ------------------------------------------------------

    async def register(self, edition: str, body: RegistrationCreate) -> dict[str, Any]:
        await self.get_edition(edition)
        await self.get_organization(body.organization_id)  # 404 for an unknown one
        registration_id = _new_id()
        participants = [{"id": _new_id(), **p.model_dump()} for p in body.participants]
        doc = {
            "_id": registration_id,
            "edition": edition,
            "organization_id": body.organization_id,
            "status": "active",
            "participants": participants,
            "challenge_themes": list(dict.fromkeys(body.challenge_themes)),
            "expectations": body.expectations,
            "created_at": _now(),
            "active_key": domain.active_registration_key(edition, body.organization_id),
        }
        event = OrganizationRegistered(
            edition=edition,
            registration_id=registration_id,
            organization_id=body.organization_id,
            participants=[
                RegisteredParticipant(participant_id=p["id"], role=p["role"]) for p in participants
            ],
            challenge_themes=doc["challenge_themes"],
        )
        try:
            await self.registrations.insert_one({**doc, OUTBOX: outbox_entries(SOURCE, event)})
        except DuplicateKeyError as error:
            raise Conflict(
                f"organisation '{body.organization_id}' already has an active registration "
                f"for edition '{edition}'"
            ) from error
        return doc

    async def list_registrations(self, edition: str) -> list[dict[str, Any]]:
        await self.get_edition(edition)
        return (
            await self.registrations.find({"edition": edition}, {OUTBOX: 0, "active_key": 0})
            .sort("created_at", ASCENDING)
            .to_list(None)
        )
