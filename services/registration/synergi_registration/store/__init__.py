"""The registration service's MongoDB store: reads, inserts and compare-and-set
changes. Every change and the events it causes are one single-document write
(see synergi_shared.runtime.outbox); what to change is decided in `usecases`.

Editions, profiles, registrations, invitations and link requests (the
collections with an outbox) are here; beside them, each in a module of its
own: sign-in links (`sign_in_links`), the door's links (`door_links`), the
mail log (`mail_log`), contact persons and unsubscriptions (`contacts`), what
the evaluation mail needs (`evaluations`), the "did you meet?" questions
(`meeting_questions`); which pairs matching lists is the shared `ListedPairs`."""

import copy
import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_registration import domain
from synergi_registration.store.contacts import ContactBook
from synergi_registration.store.door_links import DoorLinkStore
from synergi_registration.store.evaluations import EvaluationBook
from synergi_registration.store.mail_log import MailLog
from synergi_registration.store.meeting_questions import MeetingQuestions
from synergi_registration.store.sign_in_links import SignInLinkStore
from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.errors import Conflict, NotFound
from synergi_shared.contracts.events import Event, InvitationRequested, OrganizationProfileUpdated
from synergi_shared.directory import ListedPairs
from synergi_shared.runtime.mongo import lookups
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox

# Attempts at a registration change while others change the same registration.
CHANGE_ATTEMPTS = 5
# How many editions and organisation ids a store remembers (see `_known_*`).
REMEMBERED = 10_000
# How long an edition read is trusted by this instance (another may edit it).
EDITION_SECONDS = 5.0
_HIDDEN = {OUTBOX: 0, "active_key": 0}

# A registration change: from the registration as stored, the fields to set
# (none: nothing changes) and the events the change causes.
Change = Callable[[dict[str, Any]], tuple[dict[str, Any], list[Event]]]


def _remember(known: dict[str, Any], key: str, value: Any) -> None:
    if len(known) >= REMEMBERED:
        known.clear()  # simpler than LRU, and rare: a refill is one read each
    known[key] = value


class RegistrationStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # What the relay is to publish now; a store alone (a test) makes its own.
        self.outbox = outbox or Outbox()
        self.editions: AsyncCollection = db["editions"]
        self.organizations: AsyncCollection = db["organizations"]
        # The newest version of each profile, for the directory (a list and
        # a name search need not sift through every version).
        self.current: AsyncCollection = db["current_profiles"]
        self.registrations: AsyncCollection = db["registrations"]
        # One per edition and organisation invited, with the invitations' events.
        self.invitations: AsyncCollection = db["invitations"]
        # "Send me a new link": each request, an address's hash only, for the
        # rate limit; one for a known address carries its event.
        self.link_requests: AsyncCollection = db["sign_in_link_requests"]
        # What was announced once to every consumer (`_announce_profiles_once`).
        self.announcements: AsyncCollection = db["announcements"]
        # An organisation is never deleted (a profile change adds a version),
        # so one found stays found; an edition may be edited, so one read is
        # trusted for EDITION_SECONDS. Either way a burst of registrations
        # need not read them again each (bench/README.md).
        self._known_editions: dict[str, tuple[float, dict[str, Any]]] = {}
        self._known_organizations: dict[str, bool] = {}
        self.sign_in_links = SignInLinkStore(db)
        self.door_links = DoorLinkStore(db)
        self.mail_log = MailLog(db)
        self.contacts = ContactBook(db)
        self.evaluations = EvaluationBook(db)
        self.listed_pairs = ListedPairs(db)
        self.meeting_questions = MeetingQuestions(db)

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [
            self.editions,
            self.organizations,
            self.registrations,
            self.invitations,
            self.link_requests,
        ]

    async def create_indexes(self) -> None:
        await self.organizations.create_index(
            [("organization_id", ASCENDING), ("version", DESCENDING)]
        )
        await self.registrations.create_index([("active_key", ASCENDING)], unique=True)
        await self.registrations.create_index([("edition", ASCENDING), ("created_at", ASCENDING)])
        await self.registrations.create_index([("participants.id", ASCENDING)])
        await self.registrations.create_index([("organization_id", ASCENDING)])
        await self.registrations.create_index([("participants.email", ASCENDING)])  # the export
        await self.mail_log.create_indexes()
        await self.current.create_index([("name_key", ASCENDING)])
        await self.sign_in_links.create_indexes()
        await self.door_links.create_indexes()
        await self.contacts.create_indexes()
        await self.evaluations.create_indexes()
        await self.listed_pairs.create_indexes()
        await self.meeting_questions.create_indexes()
        await self.invitations.create_index([("edition", ASCENDING)])
        await self.link_requests.create_index([("address", ASCENDING), ("at", ASCENDING)])
        if await self.current.find_one({}, {"_id": 1}) is None:
            # Stores from before the directory: fill it once from the versions.
            async for doc in self.organizations.find({}, {OUTBOX: 0}):
                await self._keep_current(doc)
        await self._announce_profiles_once()

    async def _announce_profiles_once(self) -> None:
        """Stores from before workshops kept organisations' names and sizes
        (its meeting plan and board): every current profile's event once
        more, the same version, through the outbox. A consumer that has it
        changes nothing."""
        if await self.announcements.find_one({"_id": "profiles"}) is not None:
            return
        async for current in self.current.find({}, {OUTBOX: 0, "name_key": 0}):
            event = OrganizationProfileUpdated.model_validate(current)
            key = f"{current['organization_id']}@{current['version']}"
            await self.organizations.update_one({"_id": key}, push_outbox(outbox_entries(event)))
        await self.announcements.update_one(
            {"_id": "profiles"}, {"$set": {"done": True}}, upsert=True
        )

    async def _insert(self, collection: AsyncCollection, doc: dict, *events: Event) -> bool:
        """Insert `doc` with the events it causes; False if its id is taken."""
        entries = outbox_entries(*events)
        try:
            await collection.insert_one({**doc, OUTBOX: entries})
        except DuplicateKeyError:
            return False
        self.outbox.written(collection, doc["_id"], entries)
        return True

    # --- editions -----------------------------------------------------------

    async def insert_edition(self, doc: dict[str, Any], event: Event) -> bool:
        return await self._insert(self.editions, doc, event)

    async def editions_registered_by(self, organization_id: str) -> set[str]:
        """The editions the organisation has an active registration in (by index)."""
        query = {"organization_id": organization_id, "status": "active"}
        found = self.registrations.find(query, {"edition": 1})
        return {doc["edition"] async for doc in found}

    async def list_editions(self) -> list[dict[str, Any]]:
        return await self.editions.find({}, {OUTBOX: 0}).sort("date", ASCENDING).to_list(None)

    async def get_edition(self, slug: str) -> dict[str, Any]:
        known = self._known_editions.get(slug)
        if known is not None and time.monotonic() < known[0]:
            return copy.deepcopy(known[1])
        doc = await self.editions.find_one({"_id": slug}, {OUTBOX: 0})
        if doc is None:
            raise NotFound(f"edition '{slug}' not found")
        _remember(
            self._known_editions, slug, (time.monotonic() + EDITION_SECONDS, copy.deepcopy(doc))
        )
        return doc

    async def update_edition(
        self, slug: str, fields: dict[str, Any], *events: Event
    ) -> dict[str, Any]:
        entries = outbox_entries(*events)
        update = {"$set": fields, **(push_outbox(entries) if entries else {})}
        await self.editions.update_one({"_id": slug}, update)
        self.outbox.written(self.editions, slug, entries)
        self._known_editions.pop(slug, None)
        return await self.get_edition(slug)

    async def close_day(self, slug: str, now: datetime, event: Event) -> bool:
        """Close the edition's day, with the event that mails the evaluation
        links; False when it was closed already."""
        return await self._once(slug, "closed_at", now, event)

    async def open_days_between(self, first: str, last: str) -> list[dict[str, Any]]:
        """The editions not yet closed whose date (ISO) is from `first` to `last`."""
        query = {"closed_at": None, "date": {"$gte": first, "$lte": last}}
        return await self.editions.find(query, {OUTBOX: 0}).to_list(None)

    async def evaluation_reminders_due(self, closed_before: datetime) -> list[str]:
        """The editions closed before `closed_before` whose reminder is not yet asked for."""
        found = self.editions.find(
            {"closed_at": {"$ne": None, "$lt": closed_before}, "evaluation_reminder_at": None},
            {"_id": 1},
        )
        return [doc["_id"] async for doc in found]

    async def ask_evaluation_reminder(self, slug: str, now: datetime, event: Event) -> bool:
        """Record that the edition's reminder is due, with its event; once."""
        return await self._once(slug, "evaluation_reminder_at", now, event)

    async def _once(self, slug: str, field: str, now: datetime, event: Event) -> bool:
        """Set the edition's `field` to `now` with `event`, unless it is set."""
        entries = outbox_entries(event)
        changed = await self.editions.update_one(
            {"_id": slug, field: None}, {"$set": {field: now}, **push_outbox(entries)}
        )
        if changed.modified_count != 1:
            return False
        self._known_editions.pop(slug, None)
        self.outbox.written(self.editions, slug, entries)
        return True

    # --- organisation profiles: a document per version (see usecases) ---------

    async def insert_profile_version(self, doc: dict[str, Any], event: Event) -> bool:
        """False if that version of the profile exists already."""
        if not await self._insert(self.organizations, doc, event):
            return False
        _remember(self._known_organizations, doc["organization_id"], True)
        await self._keep_current(doc)
        return True

    async def _keep_current(self, doc: dict[str, Any]) -> None:
        """`doc` as its organisation's current profile, unless a newer one is."""
        current = {k: v for k, v in doc.items() if k != "_id"}
        try:
            await self.current.update_one(
                {"_id": doc["organization_id"], "version": {"$lt": doc["version"]}},
                {"$set": {**current, "name_key": domain.name_key(doc["name"])}},
                upsert=True,
            )
        except DuplicateKeyError:
            pass  # a newer version is current already

    async def organizations_named(self, name_key: str) -> list[dict[str, Any]]:
        """The current profiles whose name reads as `name_key` (see domain.name_key)."""
        return await self.current.find({"name_key": name_key}).to_list(None)

    async def list_organizations(
        self, search: str | None, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of the current profiles, by name; and how many match."""
        query: dict[str, Any] = {}
        if search:
            query["name_key"] = {"$regex": re.escape(domain.name_key(search))}
        total = await self.current.count_documents(query)
        cursor = self.current.find(query).sort([("name_key", ASCENDING), ("_id", ASCENDING)])
        return await cursor.skip(offset).limit(limit).to_list(None), total

    async def get_organization(self, organization_id: str) -> dict[str, Any]:
        doc = await self.organizations.find_one(
            {"organization_id": organization_id},
            {OUTBOX: 0},
            sort=[("version", DESCENDING)],
        )
        if doc is None:
            raise NotFound(f"organisation '{organization_id}' not found")
        return doc

    async def require_organization(self, organization_id: str) -> None:
        """404 for an unknown organisation. Every organisation has a version 1,
        and FerretDB filters an `_id` lookup in SQLite, ten times faster than
        the other filters it applies itself (bench/README.md)."""
        if organization_id in self._known_organizations:
            return
        if await self.organizations.find_one({"_id": f"{organization_id}@1"}, {"_id": 1}) is None:
            raise NotFound(f"organisation '{organization_id}' not found")
        _remember(self._known_organizations, organization_id, True)

    async def current_profiles(self, organization_ids: list[str]) -> list[dict[str, Any]]:
        """The current profiles of the organisations named (an unknown id: none)."""
        return await self.current.find({"_id": {"$in": organization_ids}}).to_list(None)

    async def organization_ids(self) -> list[str]:
        """Every organisation in the directory."""
        return [doc["_id"] async for doc in self.current.find({}, {"_id": 1})]

    # --- invitations --------------------------------------------------------

    async def invite(
        self, edition: str, organization_id: str, now: datetime, again_after: timedelta
    ) -> bool:
        """Record an invitation of the organisation to the edition and the
        event that mails it; False (nothing recorded) if it was invited
        less than `again_after` ago, or by someone else just now."""
        key = f"{edition}/{organization_id}"
        doc = await self.invitations.find_one({"_id": key}, {OUTBOX: 0})
        if doc is not None and aware(doc["invited_at"]) > now - again_after:
            return False
        count = (doc or {}).get("count", 0) + 1
        entries = outbox_entries(
            InvitationRequested(
                invitation_id=f"{key}/{count}", edition=edition, organization_id=organization_id
            )
        )
        fields = {"edition": edition, "organization_id": organization_id, "invited_at": now}
        if doc is None:
            try:
                await self.invitations.insert_one(
                    {"_id": key, **fields, "count": 1, OUTBOX: entries}
                )
            except DuplicateKeyError:
                return False
        else:
            changed = await self.invitations.update_one(
                {"_id": key, "count": doc["count"]},
                {"$set": {**fields, "count": count}, **push_outbox(entries)},
            )
            if changed.modified_count != 1:
                return False
        self.outbox.written(self.invitations, key, entries)
        return True

    async def invitations_in(self, edition: str) -> list[dict[str, Any]]:
        return await self.invitations.find({"edition": edition}, {OUTBOX: 0}).to_list(None)

    # --- "send me a new link" -----------------------------------------------

    async def link_requests_since(self, address: str, moment: datetime) -> int:
        return await self.link_requests.count_documents(
            {"address": address, "at": {"$gte": moment}}
        )

    async def record_link_request(self, doc: dict[str, Any], *events: Event) -> None:
        await self._insert(self.link_requests, doc, *events)

    async def forget_link_requests_before(self, moment: datetime) -> int:
        return (await self.link_requests.delete_many({"at": {"$lt": moment}})).deleted_count

    # --- registrations ------------------------------------------------------
    # A registration and its participants are one document. Every change to it
    # is a compare-and-set on its `revision`, so two changes at once cannot
    # overwrite each other; the loser reads again and retries.

    async def insert_registration(self, doc: dict[str, Any], event: Event) -> bool:
        """False if the organisation has an active registration already."""
        return await self._insert(self.registrations, doc, event)

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

    async def registrations_in(self, edition: str) -> list[dict[str, Any]]:
        """Every registration of the edition, cancelled ones too (by index)."""
        return await self.registrations.find({"edition": edition}, _HIDDEN).to_list(None)

    async def active_registrations(
        self, edition: str, organization_ids: list[str]
    ) -> dict[str, dict[str, Any]]:
        """The active registration of each organisation named that has one
        in the edition, by organisation (one keyed read each, by the unique index)."""
        keys = [domain.active_registration_key(edition, org) for org in organization_ids]
        found = await lookups(
            lambda key: self.registrations.find_one({"active_key": key}, _HIDDEN), keys
        )
        return {doc["organization_id"]: doc for doc in found if doc is not None}

    async def registrations_with_email(self, email: str) -> list[dict[str, Any]]:
        """Every registration, in any edition, with a participant of this
        e-mail address (the same person, for the right of access)."""
        query = {"participants.email": email}
        return await self.registrations.find(query, _HIDDEN).sort("created_at").to_list(None)

    async def participants_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The participants named, as their registrations hold them (an erased
        one without name or address); an id no registration holds is left out."""
        found = await lookups(
            lambda pid: self.registrations.find_one({"participants.id": pid}, _HIDDEN), ids
        )
        wanted = set(ids)
        return {
            p["id"]: p
            for doc in found
            if doc is not None
            for p in doc["participants"]
            if p["id"] in wanted
        }

    async def registration_of_participant(self, participant_id: str) -> dict[str, Any]:
        doc = await self.registrations.find_one({"participants.id": participant_id}, _HIDDEN)
        if doc is None:
            raise NotFound(f"participant '{participant_id}' not found")
        return doc

    async def change_registration(self, doc: dict[str, Any], change: Change) -> dict[str, Any]:
        """Apply `change` to the registration as a compare-and-set on its revision,
        with the events it causes in the same write; retry on a concurrent change."""
        for _ in range(CHANGE_ATTEMPTS):
            fields, events = change(doc)
            if not fields:
                return doc
            update: dict[str, Any] = {"$set": {**fields, "revision": doc["revision"] + 1}}
            entries = outbox_entries(*events)
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
