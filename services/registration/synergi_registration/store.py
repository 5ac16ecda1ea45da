"""The registration service's MongoDB store. Every change and the events it causes
are one single-document write (see synergi_shared.runtime.outbox)."""

import copy
import uuid
from collections.abc import Callable
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
    ParticipantCreate,
    RegistrationCreate,
)
from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegisteredParticipant,
    RegistrationCancelled,
)
from synergi_shared.runtime.errors import Conflict, NotFound
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox

SOURCE = "/synergi/registration"
# Attempts at a profile update while others write the same profile, before a 409.
PROFILE_UPDATE_ATTEMPTS = 5
# Attempts at a registration change while others change the same registration.
CHANGE_ATTEMPTS = 5
# How many editions and organisation ids a store remembers (see `_known_*`).
REMEMBERED = 10_000


def _now() -> datetime:
    return datetime.now(UTC)


def _remember(known: dict[str, Any], key: str, value: Any) -> None:
    if len(known) >= REMEMBERED:
        known.clear()  # simpler than LRU, and rare: a refill is one read each
    known[key] = value


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
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # What the relay is to publish now; a store alone (a test) makes its own.
        self.outbox = outbox or Outbox()
        self.editions: AsyncCollection = db["editions"]
        self.organizations: AsyncCollection = db["organizations"]
        self.registrations: AsyncCollection = db["registrations"]
        # Editions are never changed or deleted, and neither is an organisation
        # (a profile change adds a version): what was found once stays true,
        # so a registration need not read them again (bench/README.md).
        self._known_editions: dict[str, dict[str, Any]] = {}
        self._known_organizations: dict[str, bool] = {}

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.editions, self.organizations, self.registrations]

    async def create_indexes(self) -> None:
        await self.organizations.create_index(
            [("organization_id", ASCENDING), ("version", DESCENDING)]
        )
        await self.registrations.create_index([("active_key", ASCENDING)], unique=True)
        await self.registrations.create_index([("edition", ASCENDING), ("created_at", ASCENDING)])
        await self.registrations.create_index([("participants.id", ASCENDING)])

    # --- editions -----------------------------------------------------------

    async def create_edition(self, body: EditionCreate) -> dict[str, Any]:
        doc = {
            "_id": body.slug,
            **body.model_dump(mode="json"),
            "registration_deadline": body.registration_deadline,  # a BSON date, comparable
            "created_at": _now(),
        }
        event = EditionCreated(
            edition=body.slug,
            title=body.title,
            date=body.date,
            recommendations_per_organization=body.recommendations_per_organization,
        )
        try:
            entries = outbox_entries(SOURCE, event)
            await self.editions.insert_one({**doc, OUTBOX: entries})
        except DuplicateKeyError as error:
            raise Conflict(f"an edition with slug '{body.slug}' already exists") from error
        self.outbox.written(self.editions, doc["_id"], entries)
        return doc

    async def list_editions(self) -> list[dict[str, Any]]:
        return await self.editions.find({}, {OUTBOX: 0}).sort("date", ASCENDING).to_list(None)

    async def get_edition(self, slug: str) -> dict[str, Any]:
        if (known := self._known_editions.get(slug)) is not None:
            return copy.deepcopy(known)
        doc = await self.editions.find_one({"_id": slug}, {OUTBOX: 0})
        if doc is None:
            raise NotFound(f"edition '{slug}' not found")
        _remember(self._known_editions, slug, copy.deepcopy(doc))
        return doc

    # --- organisation profiles ----------------------------------------------
    # Each version of a profile is a document of its own, keyed by organisation
    # and version, so the history is kept and inserting the next version is the
    # concurrency guard: of two simultaneous updates exactly one can insert
    # version n+1, the other gets a duplicate key and tries again on top of it.

    async def create_organization(self, body: OrganizationCreate) -> dict[str, Any]:
        doc = await self._insert_version({"organization_id": _new_id(), **body.model_dump()}, 1)
        _remember(self._known_organizations, doc["organization_id"], True)
        return doc

    async def get_organization(self, organization_id: str) -> dict[str, Any]:
        doc = await self.organizations.find_one(
            {"organization_id": organization_id},
            {OUTBOX: 0},
            sort=[("version", DESCENDING)],
        )
        if doc is None:
            raise NotFound(f"organisation '{organization_id}' not found")
        return doc

    async def _require_organization(self, organization_id: str) -> None:
        """404 for an unknown organisation. Every organisation has a version 1,
        and FerretDB filters an `_id` lookup in SQLite, ten times faster than
        the other filters it applies itself (bench/README.md)."""
        if organization_id in self._known_organizations:
            return
        if await self.organizations.find_one({"_id": f"{organization_id}@1"}, {"_id": 1}) is None:
            raise NotFound(f"organisation '{organization_id}' not found")
        _remember(self._known_organizations, organization_id, True)

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
        entries = outbox_entries(SOURCE, _profile_event(doc))
        await self.organizations.insert_one({**doc, OUTBOX: entries})
        self.outbox.written(self.organizations, doc["_id"], entries)
        return doc

    # --- registrations ------------------------------------------------------
    # A registration and its participants are one document. Every change to it
    # is a compare-and-set on its `revision`, so two changes at once cannot
    # overwrite each other; the loser reads again and retries.

    async def register(self, edition: str, body: RegistrationCreate) -> dict[str, Any]:
        domain.require_open(await self.get_edition(edition), _now())
        await self._require_organization(body.organization_id)
        registration_id = _new_id()
        participants = [_new_participant(p) for p in body.participants]
        doc = {
            "_id": registration_id,
            "edition": edition,
            "organization_id": body.organization_id,
            "status": "active",
            "participants": participants,
            "challenge_themes": list(dict.fromkeys(body.challenge_themes)),
            "expectations": body.expectations,
            "created_at": _now(),
            "revision": 1,
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
            entries = outbox_entries(SOURCE, event)
            await self.registrations.insert_one({**doc, OUTBOX: entries})
        except DuplicateKeyError as error:
            raise Conflict(
                f"organisation '{body.organization_id}' already has an active registration "
                f"for edition '{edition}'"
            ) from error
        self.outbox.written(self.registrations, doc["_id"], entries)
        return doc

    async def get_registration(self, edition: str, registration_id: str) -> dict[str, Any]:
        doc = await self.registrations.find_one(
            {"_id": registration_id, "edition": edition}, _HIDDEN
        )
        if doc is None:
            raise NotFound(f"registration '{registration_id}' not found in edition '{edition}'")
        return doc

    async def list_registrations(
        self,
        edition: str,
        *,
        status: str | None = None,
        organization_id: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page, oldest first, and the number of all that match."""
        await self.get_edition(edition)
        query: dict[str, Any] = {"edition": edition}
        if status:
            query["status"] = status
        if organization_id:
            query["organization_id"] = organization_id
        total = await self.registrations.count_documents(query)
        page = (
            await self.registrations.find(query, _HIDDEN)
            .sort([("created_at", ASCENDING), ("_id", ASCENDING)])
            .skip(offset)
            .limit(limit)
            .to_list(None)
        )
        return page, total

    async def cancel(self, edition: str, registration_id: str) -> dict[str, Any]:
        def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
            if doc["status"] == "cancelled":
                return {}, []  # cancelling twice changes nothing
            fields = {
                "status": "cancelled",
                "cancelled_at": _now(),
                "active_key": domain.cancelled_registration_key(doc["_id"]),
            }
            event = RegistrationCancelled(
                edition=edition,
                registration_id=doc["_id"],
                organization_id=doc["organization_id"],
            )
            return fields, [event]

        return await self._change(await self.get_registration(edition, registration_id), change)

    async def add_participant(
        self, edition: str, registration_id: str, body: ParticipantCreate
    ) -> dict[str, Any]:
        participant = _new_participant(body)

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

        await self._change(await self.get_registration(edition, registration_id), change)
        return participant

    async def remove_participant(
        self, edition: str, registration_id: str, participant_id: str
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

        await self._change(await self.get_registration(edition, registration_id), change)

    # --- participants: consent, erasure, access -----------------------------

    async def registration_of_participant(self, participant_id: str) -> dict[str, Any]:
        doc = await self.registrations.find_one({"participants.id": participant_id}, _HIDDEN)
        if doc is None:
            raise NotFound(f"participant '{participant_id}' not found")
        return doc

    async def set_consent(self, participant_id: str, share_contact: bool) -> dict[str, Any]:
        def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
            participant = domain.participant_in(doc, participant_id)
            if "erased_at" in participant:
                raise Conflict(f"participant '{participant_id}' was erased")
            consent = {"share_contact": share_contact, "recorded_at": _now()}
            updated = {
                **participant,
                "consent": consent,
                "consent_history": [*participant.get("consent_history", []), consent],
            }
            return {"participants": _replace(doc, updated)}, []

        doc = await self._change(await self.registration_of_participant(participant_id), change)
        return domain.participant_in(doc, participant_id)

    async def erase_participant(self, participant_id: str) -> None:
        """Name, e-mail and consent records are removed, not flagged; the id and
        role stay so counts and other services' references still add up."""

        def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
            participant = domain.participant_in(doc, participant_id)
            if "erased_at" in participant:
                return {}, []  # erased already
            stub = {"id": participant_id, "role": participant.get("role"), "erased_at": _now()}
            event = ParticipantErased(
                participant_id=participant_id, organization_id=doc["organization_id"]
            )
            return {"participants": _replace(doc, stub)}, [event]

        await self._change(await self.registration_of_participant(participant_id), change)

    async def _change(
        self,
        doc: dict[str, Any],
        change: Callable[[dict[str, Any]], tuple[dict[str, Any], list[Event]]],
    ) -> dict[str, Any]:
        """Apply `change` to the registration as a compare-and-set on its revision,
        with the events it causes in the same write; retry on a concurrent change."""
        for _ in range(CHANGE_ATTEMPTS):
            fields, events = change(doc)
            if not fields:
                return doc
            update: dict[str, Any] = {"$set": {**fields, "revision": doc["revision"] + 1}}
            entries = outbox_entries(SOURCE, *events)
            if entries:
                update.update(push_outbox(entries))
            result = await self.registrations.update_one(
                {"_id": doc["_id"], "revision": doc["revision"]}, update
            )
            fresh = await self.registrations.find_one({"_id": doc["_id"]}, _HIDDEN)
            if fresh is None:
                raise NotFound(f"registration '{doc['_id']}' not found")
            if result.modified_count == 1:
                self.outbox.written(self.registrations, doc["_id"], entries)
                return fresh  # as stored, so a second read answers the same
            doc = fresh
        raise Conflict("the registration is being changed by someone else; try again")


_HIDDEN = {OUTBOX: 0, "active_key": 0}


def _new_participant(body: ParticipantCreate) -> dict[str, Any]:
    consent = {"share_contact": body.share_contact, "recorded_at": _now()}
    return {
        "id": _new_id(),
        "name": body.name,
        "email": str(body.email),
        "role": domain.normalize_tag(body.role) if body.role else None,
        "consent": consent,
        "consent_history": [consent],
    }


def _replace(doc: dict[str, Any], updated: dict[str, Any]) -> list[dict[str, Any]]:
    return [updated if p["id"] == updated["id"] else p for p in doc["participants"]]
