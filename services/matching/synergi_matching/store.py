"""The matching service's MongoDB store: the facts learnt from events, the
recommendations, and which instance holds each edition.

Facts are written a batch at a time with bulk writes, and every write is
idempotent and commutative (highest version wins, cancellation is final), so
a redelivered batch changes nothing. The in-memory model of an edition
(`EditionFacts`) is loaded back from these facts, never from other services.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_matching.facts import EditionFacts, Evaluation, Profile, Registration
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantErased,
    RegistrationCancelled,
)
from synergi_shared.runtime.mongo import insert_new
from synergi_shared.runtime.outbox import OUTBOX

# A holder that stops renewing loses its edition after this long.
LEASE = timedelta(seconds=30)
# Ids per delete command: well inside the 16 MB a command may be.
REPLACED_PER_DELETE = 20_000


def pair_id(edition: str, a: str, b: str) -> str:
    low, high = sorted((a, b))
    return f"{edition}/{low}/{high}"


def _tips(stored: list[dict[str, str]] | dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(theme, text) pairs; older stores kept a map of theme to text."""
    if isinstance(stored, dict):
        return tuple(stored.items())
    return tuple((tip["theme"], tip["text"]) for tip in stored)


class MatchingStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.profiles: AsyncCollection = db["profiles"]
        self.registrations: AsyncCollection = db["registrations"]
        self.recommendations: AsyncCollection = db["recommendations"]
        self.attendance: AsyncCollection = db["attendance"]
        self.feedback: AsyncCollection = db["feedback"]
        self.erased: AsyncCollection = db["erased_participants"]
        self.outcomes: AsyncCollection = db["outcomes"]
        self.holders: AsyncCollection = db["edition_holders"]
        # Editions are never deleted, so one found stays known: the pull API,
        # which tools poll, then skips a read (an edition a year: unbounded).
        self._known_editions: set[str] = set()

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        # None: matching publishes right after writing, and the edition's
        # holder document says up to which change number Kafka has them.
        return []

    async def create_indexes(self) -> None:
        for collection in (self.registrations, self.attendance, self.feedback, self.outcomes):
            await collection.create_index([("edition", ASCENDING)])
        await self.registrations.create_index(
            [("edition", ASCENDING), ("organization_id", ASCENDING)]
        )
        await self.attendance.create_index([("participant_id", ASCENDING)])
        await self.profiles.create_index([("organization_id", ASCENDING)])
        await self.feedback.create_index([("participant_id", ASCENDING)])
        await self.recommendations.create_index([("edition", ASCENDING), ("seq", ASCENDING)])
        for side in ("organization_a", "organization_b"):
            await self.recommendations.create_index(
                [("edition", ASCENDING), (side, ASCENDING), ("score", DESCENDING)]
            )

    # --- facts, a batch at a time ---------------------------------------------

    async def save_facts(self, events: list[Event]) -> dict[str, set[str]]:
        """Store what `events` say. Every fact is a document written once
        (an insert, a hundred times cheaper than an upsert on FerretDB) and
        never changed: a newer profile or evaluation is another document, a
        cancellation is a document of its own, and loading combines them. So
        the same events twice, or in another order, store the same facts.
        Returns, for an erasure, the editions where the person left facts."""
        new: dict[str, list[dict[str, Any]]] = {}
        erased_in: dict[str, set[str]] = {}
        for event in events:
            match event:
                case EditionCreated():
                    new.setdefault("editions", []).append(
                        {
                            "_id": event.edition,
                            "title": event.title,
                            "date": event.date.isoformat(),
                            "top_k": event.recommendations_per_organization,
                        }
                    )
                case OrganizationProfileUpdated():
                    _id = f"{event.organization_id}/v{event.version}"
                    new.setdefault("profiles", []).append({"_id": _id, **event.model_dump()})
                case OrganizationRegistered():
                    new.setdefault("registrations", []).append(
                        {
                            "_id": f"registered/{event.registration_id}",
                            "registration_id": event.registration_id,
                            "edition": event.edition,
                            "organization_id": event.organization_id,
                            "challenge_themes": event.challenge_themes,
                        }
                    )
                case RegistrationCancelled():
                    new.setdefault("registrations", []).append(
                        {
                            "_id": f"cancelled/{event.registration_id}",
                            "registration_id": event.registration_id,
                            "edition": event.edition,
                            "organization_id": event.organization_id,
                            "cancelled": True,
                        }
                    )
                case AttendanceRecorded():
                    new.setdefault("attendance", []).append(
                        {
                            "_id": f"{event.workshop_id}/{event.participant_id}",
                            "edition": event.edition,
                            "workshop_id": event.workshop_id,
                            "participant_id": event.participant_id,
                            "organization_id": event.organization_id,
                        }
                    )
                case FeedbackSubmitted():
                    evaluation = Evaluation.of(event)
                    new.setdefault("feedback", []).append(
                        {
                            "_id": f"{event.edition}/{event.participant_id}/v{event.version}",
                            "edition": event.edition,
                            "participant_id": event.participant_id,
                            "organization_id": event.organization_id,
                            "version": event.version,
                            "wishes": sorted(evaluation.wishes),
                            "tips": [{"theme": t, "text": text} for t, text in evaluation.tips],
                            "ambitions": sorted(evaluation.ambitions),
                        }
                    )
                case ParticipantErased():
                    person = {"participant_id": event.participant_id}
                    erased_in[event.participant_id] = set(
                        await self.attendance.distinct("edition", person)
                    ) | set(await self.feedback.distinct("edition", person))
                    new.setdefault("erased", []).append({"_id": event.participant_id})
        for name in ("editions", "profiles", "registrations", "erased", "attendance", "feedback"):
            await insert_new(getattr(self, name), new.get(name, []))
        # After the inserts: a check-in of an erased person in this very batch goes too.
        if erased_in:
            person = {"participant_id": {"$in": sorted(erased_in)}}
            await self.attendance.delete_many(person)
            await self.feedback.delete_many(person)
        return erased_in

    async def editions_of(self, organization_ids: set[str]) -> dict[str, set[str]]:
        """The editions each organisation registered for. FerretDB v1 passes an
        equality on to PostgreSQL but tests `$in` itself on every document:
        one query each for a few, one `$in` for many."""
        found: dict[str, set[str]] = {org: set() for org in organization_ids}
        if len(organization_ids) <= 4:
            for org in organization_ids:
                found[org] |= set(
                    await self.registrations.distinct("edition", {"organization_id": org})
                )
            return found
        query = {"organization_id": {"$in": sorted(organization_ids)}}
        async for doc in self.registrations.find(query, {"edition": 1, "organization_id": 1}):
            found[doc["organization_id"]].add(doc["edition"])
        return found

    async def top_k(self, edition: str) -> int | None:
        doc = await self.editions.find_one({"_id": edition}, {"top_k": 1})
        return doc.get("top_k") if doc else None

    async def load(self, facts: EditionFacts) -> None:
        """Fill `facts` (its shared profiles and erased set too) from the store."""
        edition = facts.edition
        facts.erased |= {doc["_id"] async for doc in self.erased.find({}, {"_id": 1})}
        registered: dict[str, dict[str, Any]] = {}
        cancelled: dict[str, dict[str, Any]] = {}
        async for doc in self.registrations.find({"edition": edition}):
            registration_id = doc.get("registration_id", doc["_id"])  # older stores: no prefix
            if doc.get("cancelled"):
                cancelled[registration_id] = doc
            if not doc["_id"].startswith("cancelled/"):
                registered[registration_id] = doc
        for registration_id in registered.keys() | cancelled.keys():
            # A cancellation that came before its registration is kept as one.
            doc = registered.get(registration_id) or cancelled[registration_id]
            facts.restore_registration(
                registration_id,
                Registration(
                    doc["organization_id"],
                    frozenset(doc.get("challenge_themes", [])),
                    registration_id in cancelled,
                ),
            )
        members = facts.members()
        async for doc in self.profiles.find({}):
            organization_id = doc.get("organization_id", doc["_id"])  # older stores: one per org
            known = facts.profiles.get(organization_id)
            if organization_id in members and (known is None or known.version < doc["version"]):
                facts.profiles[organization_id] = Profile(
                    version=doc["version"],
                    name=doc["name"],
                    target_groups=frozenset(doc.get("target_groups", [])),
                    regions=frozenset(doc.get("regions", [])),
                    offers=frozenset(doc.get("offers", [])),
                    needs=frozenset(doc.get("needs", [])),
                )
        async for doc in self.attendance.find({"edition": edition}):
            if doc["participant_id"] not in facts.erased:
                facts.restore_attendance(
                    doc["workshop_id"], doc["participant_id"], doc["organization_id"]
                )
        newest: dict[str, dict[str, Any]] = {}  # the newest evaluation per participant
        async for doc in self.feedback.find({"edition": edition}):
            known = newest.get(doc["participant_id"])
            if known is None or known["version"] < doc["version"]:
                newest[doc["participant_id"]] = doc
        for participant_id, doc in newest.items():
            if participant_id in facts.erased:
                continue  # arrived after the erasure
            facts.restore_evaluation(
                participant_id,
                Evaluation(
                    organization_id=doc["organization_id"],
                    version=doc["version"],
                    # FerretDB v1 leaves empty lists out of `$setOnInsert`.
                    wishes=frozenset(doc.get("wishes", [])),
                    tips=_tips(doc.get("tips", [])),
                    ambitions=frozenset(doc.get("ambitions", [])),
                ),
            )
        async for doc in self.outcomes.find({"edition": edition}):
            facts.outcome(doc["organization_a"], doc["organization_b"], doc["status"])

    async def stored_pairs(self, edition: str) -> list[dict[str, Any]]:
        projection = {OUTBOX: 0, "updated_at": 0}
        return await self.recommendations.find({"edition": edition}, projection).to_list(None)

    # --- which instance holds an edition ---------------------------------------

    async def hold(self, edition: str, holder: str) -> dict[str, Any] | None:
        """Take or renew the edition's lease; its document (with `generation`,
        which rises at every release), or None while another holds it."""
        now = datetime.now(UTC)
        try:
            return await self.holders.find_one_and_update(
                {
                    "_id": edition,
                    "$or": [{"holder": {"$in": [holder, None]}}, {"expires": {"$lt": now}}],
                },
                {"$set": {"holder": holder, "expires": now + LEASE}},
                upsert=True,
                return_document=ReturnDocument.AFTER,
            )
        except DuplicateKeyError:
            return None  # held by another

    async def release(
        self, edition: str, holder: str, generation: int, seq: int, published: int
    ) -> None:
        await self.holders.update_one(
            {"_id": edition, "holder": holder},
            {
                "$set": {
                    "holder": None,
                    "generation": generation,
                    "seq": seq,
                    "published": published,
                }
            },
        )

    # --- recommendations ----------------------------------------------------

    async def write_pairs(self, edition: str, docs: list[dict[str, Any]]) -> None:
        """Replace one edition's pairs' documents: delete the old ones, then
        insert the new in change-number order. FerretDB v1 finds a document to
        update by reading the whole collection, once per statement; this reads
        it once per batch. Of a filter it leaves only equality on a plain value
        to PostgreSQL and decodes every row that passes to test the rest ($in
        here), so the edition, which it does pass down, keeps that to the
        edition's own pairs. A pull between the two steps misses nothing: the
        new documents carry change numbers above every one it has seen."""
        replaced = [doc["_id"] for doc in docs if doc["version"] > 1]  # version 1: new
        for start in range(0, len(replaced), REPLACED_PER_DELETE):
            chunk = replaced[start : start + REPLACED_PER_DELETE]
            await self.recommendations.delete_many({"edition": edition, "_id": {"$in": chunk}})
        await self.recommendations.insert_many(docs, ordered=True)

    async def edition_known(self, edition: str) -> bool:
        if edition not in self._known_editions:
            if await self.editions.find_one({"_id": edition}, {"_id": 1}) is None:
                return False
            self._known_editions.add(edition)
        return True

    async def changes_since(
        self, edition: str, after: int, limit: int, min_score: float
    ) -> list[dict[str, Any]]:
        """Pairs in the order they last changed, withdrawn ones included."""
        query: dict[str, Any] = {"edition": edition, "seq": {"$gt": after}}
        cursor = self.recommendations.find(query, {OUTBOX: 0}).sort("seq", ASCENDING)
        docs = await cursor.limit(limit).to_list(None)
        # Below min_score counts as withdrawn for this reader, so a pair that
        # drops under it is still reported (and the cursor still advances).
        return [{**doc, "withdrawn": doc["withdrawn"] or doc["score"] < min_score} for doc in docs]

    async def save_outcome(
        self, edition: str, a: str, b: str, status: str, note: str | None
    ) -> dict[str, Any]:
        low, high = sorted((a, b))
        doc = {
            "edition": edition,
            "organization_a": low,
            "organization_b": high,
            "status": status,
            "note": note,
            "updated_at": datetime.now(UTC),
        }
        await self.outcomes.update_one({"_id": pair_id(edition, a, b)}, {"$set": doc}, upsert=True)
        return doc

    async def current_pairs(self, edition: str, min_score: float) -> list[dict[str, Any]]:
        query = {"edition": edition, "withdrawn": False, "score": {"$gte": min_score}}
        cursor = self.recommendations.find(query, {OUTBOX: 0}).sort(
            [("score", DESCENDING), ("_id", ASCENDING)]
        )
        return await cursor.to_list(None)

    async def recommendations_for(
        self, edition: str, organization_id: str, limit: int
    ) -> list[dict[str, Any]]:
        found = []
        for side in ("organization_a", "organization_b"):
            cursor = (
                self.recommendations.find(
                    {"edition": edition, side: organization_id, "withdrawn": False}, {OUTBOX: 0}
                )
                .sort("score", DESCENDING)
                .limit(limit)
            )
            found += await cursor.to_list(None)
        found.sort(key=lambda doc: (-doc["score"], doc["_id"]))
        return found[:limit]

    async def is_registered(self, edition: str, organization_id: str) -> bool:
        """An active registration: registered, and not cancelled."""
        docs = await self.registrations.find(
            {"edition": edition, "organization_id": organization_id}
        ).to_list(None)
        registered = {d.get("registration_id", d["_id"]) for d in docs if not d.get("cancelled")}
        cancelled = {d.get("registration_id", d["_id"]) for d in docs if d.get("cancelled")}
        return bool(registered - cancelled)
