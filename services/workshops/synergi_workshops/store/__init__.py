"""The workshops service's MongoDB store: the programme with its rosters,
the meetings (`meetings`), and from other services' events who is
registered (`directory`) and which pairs matching lists (`listed_pairs`)."""

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.errors import Conflict, NotFound
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.themes import DEFAULT_THEMES
from synergi_shared.directory import ListedPairs, ParticipantDirectory
from synergi_shared.runtime.outbox import OUTBOX, Outbox, outbox_entries, push_outbox
from synergi_shared.runtime.unheard_of import require_known
from synergi_workshops.domain import Roster
from synergi_workshops.store.meetings import MeetingBook

# Attempts at a roster change while others change the same workshop.
ROSTER_ATTEMPTS = 100
_HIDDEN = {OUTBOX: 0}

Result = TypeVar("Result")
RosterChange = Callable[[Roster], tuple[Roster, Result, list[Event]]]


def roster_of(doc: dict[str, Any]) -> Roster:
    return Roster(
        capacity=doc["capacity"],
        confirmed=tuple(doc["confirmed"]),
        waitlist=tuple(doc["waitlist"]),
        checked_in=tuple(doc["checked_in"]),
    )


class WorkshopsStore:
    def __init__(self, db: AsyncDatabase, outbox: Outbox | None = None) -> None:
        # What the relay is to publish now; a store alone (a test) makes its own.
        self.outbox = outbox or Outbox()
        self.directory = ParticipantDirectory(db)
        self.themes: AsyncCollection = db["themes"]
        self.workshops: AsyncCollection = db["workshops"]
        self.round_claims: AsyncCollection = db["round_claims"]
        self.meetings = MeetingBook(db, self.outbox)
        self.listed_pairs = ListedPairs(db)

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.workshops, self.meetings.meetings]

    async def create_indexes(self) -> None:
        await self.directory.create_indexes()
        await self.meetings.create_indexes()
        await self.listed_pairs.create_indexes()
        await self.workshops.create_index([("edition", ASCENDING), ("round", ASCENDING)])
        for field in ("confirmed", "waitlist", "checked_in"):
            await self.workshops.create_index([(field, ASCENDING)])

    # --- themes -------------------------------------------------------------

    async def require_edition(self, edition: str) -> None:
        known = await self.directory.edition_known(edition)
        await require_known(known, self.directory.first_asked, f"edition '{edition}'")

    async def themes_of(self, edition: str) -> list[dict[str, Any]]:
        await self.require_edition(edition)
        defaults = [
            {"id": t.id, "name_en": t.name_en, "name_da": t.name_da, "default": True}
            for t in DEFAULT_THEMES.values()
        ]
        custom = await self.themes.find({"edition": edition}).sort("id", ASCENDING).to_list(None)
        return defaults + [{**doc, "default": False} for doc in custom]

    async def insert_theme(self, doc: dict[str, Any]) -> bool:
        """False if the edition has a theme of that id already."""
        try:
            await self.themes.insert_one(doc)
        except DuplicateKeyError:
            return False
        return True

    # --- workshops and rosters ----------------------------------------------

    async def insert_workshop(self, doc: dict[str, Any], event: Event) -> None:
        entries = outbox_entries(event)
        await self.workshops.insert_one({**doc, OUTBOX: entries})
        self.outbox.written(self.workshops, doc["_id"], entries)

    async def list_workshops(self, edition: str) -> list[dict[str, Any]]:
        await self.require_edition(edition)
        cursor = self.workshops.find({"edition": edition}, _HIDDEN)
        return await cursor.sort([("round", ASCENDING), ("title", ASCENDING)]).to_list(None)

    async def get_workshop(self, edition: str, workshop_id: str) -> dict[str, Any]:
        doc = await self.workshops.find_one({"_id": workshop_id, "edition": edition}, _HIDDEN)
        if doc is None:
            await self.require_edition(edition)
            raise NotFound(f"workshop '{workshop_id}' not found in edition '{edition}'")
        return doc

    async def workshops_where(self, roster: str, participant_id: str) -> list[dict[str, Any]]:
        """The workshops whose `roster` (confirmed, waitlist) holds the participant (by index)."""
        return await self.workshops.find({roster: participant_id}, _HIDDEN).to_list(None)

    async def workshops_with(self, participant_id: str) -> list[dict[str, Any]]:
        query = {
            "$or": [
                {"confirmed": participant_id},
                {"waitlist": participant_id},
                {"checked_in": participant_id},
            ]
        }
        return await self.workshops.find(query, _HIDDEN).to_list(None)

    async def keep_check_in_time(self, workshop_id: str, participant_id: str, at: datetime) -> None:
        """The earliest time a check-in of the person was said to happen."""
        await self.workshops.update_one(
            {"_id": workshop_id}, {"$min": {f"checked_in_at.{participant_id}": at}}
        )

    async def change_roster(self, doc: dict[str, Any], change: RosterChange[Result]) -> Result:
        """Apply `change` to the workshop's roster as a compare-and-set on its
        revision, with the events it causes in the same write."""
        for _ in range(ROSTER_ATTEMPTS):
            roster, result, events = change(roster_of(doc))
            if roster == roster_of(doc):
                return result
            update: dict[str, Any] = {
                "$set": {
                    "confirmed": list(roster.confirmed),
                    "waitlist": list(roster.waitlist),
                    "checked_in": list(roster.checked_in),
                    "revision": doc["revision"] + 1,
                }
            }
            entries = outbox_entries(*events)
            if entries:
                update.update(push_outbox(entries))
            written = await self.workshops.update_one(
                {"_id": doc["_id"], "revision": doc["revision"]}, update
            )
            if written.modified_count == 1:
                self.outbox.written(self.workshops, doc["_id"], entries)
                return result
            doc = await self.workshops.find_one({"_id": doc["_id"]}, _HIDDEN) or doc
        raise Conflict("the workshop is being changed by many at once; try again")

    # --- one workshop per round ---------------------------------------------

    def _claim_id(self, doc: dict[str, Any], participant_id: str) -> str:
        return f"{doc['edition']}/{doc['round']}/{participant_id}"

    async def claim_round(self, doc: dict[str, Any], participant_id: str) -> None:
        """Reserve the participant's round for this workshop; 409 if another
        workshop of the round holds them. A claim whose workshop does not list
        the participant (left by a crash) is taken over."""
        claim_id = self._claim_id(doc, participant_id)
        try:
            await self.round_claims.insert_one({"_id": claim_id, "workshop_id": doc["_id"]})
            return
        except DuplicateKeyError:
            claim = await self.round_claims.find_one({"_id": claim_id})
        if claim is None or claim["workshop_id"] == doc["_id"]:
            return
        holder = await self.workshops.find_one({"_id": claim["workshop_id"]}, _HIDDEN)
        if holder and participant_id in (*holder["confirmed"], *holder["waitlist"]):
            raise Conflict(
                f"participant '{participant_id}' already has workshop '{holder['title']}' "
                f"in round {doc['round']}; cancel that sign-up first"
            )
        taken_over = await self.round_claims.update_one(
            {"_id": claim_id, "workshop_id": claim["workshop_id"]},
            {"$set": {"workshop_id": doc["_id"]}},
        )
        if taken_over.modified_count != 1:
            raise Conflict(f"participant '{participant_id}' is signing up elsewhere; try again")

    async def release_round(self, doc: dict[str, Any], participant_id: str) -> None:
        await self.round_claims.delete_one(
            {"_id": self._claim_id(doc, participant_id), "workshop_id": doc["_id"]}
        )
