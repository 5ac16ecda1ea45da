"""What matching learnt from events, one document per fact (see
`synergi_matching.domain.documents`), written a batch at a time."""

from datetime import UTC, date, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.domain import documents
from synergi_matching.domain.documents import keep_newest_profiles
from synergi_matching.domain.facts import EditionFacts, Profile
from synergi_matching.domain.history import Earlier, carried_into
from synergi_matching.domain.outcomes import Side
from synergi_matching.store import migrations
from synergi_shared.contracts.events import Event, ParticipantErased
from synergi_shared.runtime.mongo import bulk_write, insert_new, lookups

# Above this many, one query that reads every profile beats one lookup each.
PROFILES_LOOKED_UP_ONE_BY_ONE = 50


class FactStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.profiles: AsyncCollection = db["profiles"]
        self.registrations: AsyncCollection = db["registrations"]
        self.attendance: AsyncCollection = db["attendance"]
        self.feedback: AsyncCollection = db["feedback"]
        self.erased: AsyncCollection = db["erased_participants"]
        self.outcomes: AsyncCollection = db["outcomes"]
        self.merges: AsyncCollection = db["tag_merges"]
        # Follow-up answers: what came of a pair, months after its edition.
        self.answers: AsyncCollection = db["follow_up_answers"]
        # Editions are never deleted, so one found stays known: the pull API,
        # which tools poll, then skips a read (an edition a year: unbounded).
        self._known_editions: set[str] = set()

    async def create_indexes(self) -> None:
        for collection in (
            self.registrations,
            self.attendance,
            self.feedback,
            self.outcomes,
            self.merges,
            self.answers,
        ):
            await collection.create_index([("edition", ASCENDING)])
        await self.registrations.create_index(
            [("edition", ASCENDING), ("organization_id", ASCENDING)]
        )
        await self.attendance.create_index([("participant_id", ASCENDING)])
        await self.profiles.create_index([("organization_id", ASCENDING)])
        await migrations.once(self.profiles.database, "profiles: owner named", self._name_owners)
        await self.feedback.create_index([("participant_id", ASCENDING)])

    async def save(self, events: list[Event]) -> dict[str, set[str]]:
        """Store what `events` say, each fact an insert (a hundred times cheaper
        than an upsert on FerretDB) of a document that is never changed.
        Returns, for an erasure, the editions where the person left facts."""
        new: dict[str, list[dict[str, Any]]] = {}
        erased_in: dict[str, set[str]] = {}
        for event in events:
            if isinstance(event, ParticipantErased):
                person = {"participant_id": event.participant_id}
                erased_in[event.participant_id] = set(
                    await self.attendance.distinct("edition", person)
                ) | set(await self.feedback.distinct("edition", person))
                new.setdefault("erased", []).append({"_id": event.participant_id})
            elif (kept := documents.fact_document(event)) is not None:
                collection, doc = kept
                new.setdefault(collection, []).append(doc)
        for name in ("editions", "profiles", "registrations", "erased", "attendance", "feedback"):
            await insert_new(getattr(self, name), new.get(name, []))
        # After the inserts: a check-in of an erased person in this very batch goes too.
        for participant_id in sorted(erased_in):
            person = {"participant_id": participant_id}
            await self.attendance.delete_many(person)
            await self.feedback.delete_many(person)
        return erased_in

    async def held_about(self, participant_id: str) -> dict[str, list[dict[str, Any]]]:
        """Every fact kept about one participant (check-ins, evaluations), by
        index; what the right of access shows."""
        person = {"participant_id": participant_id}
        return {
            "attendance": await self.attendance.find(person).to_list(None),
            "feedback": await self.feedback.find(person).to_list(None),
        }

    async def editions_of(self, organization_ids: set[str]) -> dict[str, set[str]]:
        """The editions each organisation registered for: one equality each,
        served by index (FerretDB v1 would test an `$in` on every document)."""

        async def editions(org: str) -> list[str]:
            return await self.registrations.distinct("edition", {"organization_id": org})

        ordered = sorted(organization_ids)
        found = await lookups(editions, ordered)
        return {org: set(slugs) for org, slugs in zip(ordered, found, strict=True)}

    async def top_k(self, edition: str) -> int | None:
        doc = await self.editions.find_one({"_id": edition}, {"top_k": 1})
        return doc.get("top_k") if doc else None

    async def edition_dates(self) -> dict[str, date]:
        """Every edition's date (an edition is created once a year: few)."""
        return {
            doc["_id"]: date.fromisoformat(doc["date"])
            async for doc in self.editions.find({"date": {"$exists": True}}, {"date": 1})
        }

    async def carried_into(
        self, edition: str, dates: dict[str, date] | None = None
    ) -> dict[tuple[str, str], Earlier]:
        """The partnerships `edition` inherits from earlier editions (by
        `dates`, every edition's, read here if not given)."""
        dates = dates if dates is not None else await self.edition_dates()
        if edition not in dates:
            return {}  # its creation is still on its way
        earlier = sorted(slug for slug, held in dates.items() if held < dates[edition])
        if not earlier:
            return {}
        outcomes, answers = [], []
        for slug in earlier:  # one edition a year: an equality each, served by index
            outcomes += await self.outcomes.find({"edition": slug}).to_list(None)
            answers += await self.answers.find({"edition": slug}).to_list(None)
        return carried_into(dates[edition], dates, outcomes, answers)

    async def names(self, organization_ids: set[str]) -> dict[str, str]:
        """Each organisation's public name, from its newest profile."""
        newest: dict[str, Profile] = {}
        keep_newest_profiles(newest, await self.profiles_of(organization_ids))
        return {org: profile.name for org, profile in newest.items()}

    async def save_answer(self, answer: dict[str, Any]) -> dict[str, Any]:
        """Record (or replace) an organisation's follow-up answer about a partner."""
        await self.answers.replace_one({"_id": answer["_id"]}, answer, upsert=True)
        return answer

    async def answers_of(self, edition: str, organization_id: str | None = None) -> list[dict]:
        query = {"edition": edition}
        if organization_id is not None:
            query["organization_id"] = organization_id
        return await self.answers.find(query).sort("_id", ASCENDING).to_list(None)

    async def outcomes_of(self, edition: str) -> list[dict[str, Any]]:
        return await self.outcomes.find({"edition": edition}).to_list(None)

    async def profiles_of(self, organization_ids: set[str]) -> list[dict[str, Any]]:
        """Every stored profile of these organisations: equalities on
        `organization_id`, served by index, a few at a time."""
        found = await lookups(self._profiles_of, sorted(organization_ids))
        return [doc for docs in found for doc in docs]

    async def _profiles_of(self, organization_id: str) -> list[dict[str, Any]]:
        return await self.profiles.find({"organization_id": organization_id}).to_list(None)

    async def _name_owners(self) -> int:
        """Releases before 2026-12-02 kept one profile per organisation, under
        its id, without `organization_id`: name it, so lookups find them."""
        older = self.profiles.find({"organization_id": {"$exists": False}}, {"_id": 1})
        updates = [
            UpdateOne({"_id": doc["_id"]}, {"$set": {"organization_id": doc["_id"]}})
            async for doc in older
        ]
        await bulk_write(self.profiles, updates)
        return len(updates)

    async def members_profiles(self, members: set[str]) -> list[dict[str, Any]]:
        """The stored profiles of an edition's members (and perhaps others'):
        for many, one read of them all, cheaper than thousands of lookups (an
        `$in` would read them all too on FerretDB v1)."""
        if len(members) > PROFILES_LOOKED_UP_ONE_BY_ONE:
            return await self.profiles.find({}).to_list(None)
        return await self.profiles_of(members)

    async def load(self, facts: EditionFacts) -> None:
        """Fill `facts` (its shared profiles and erased set too) from the store."""
        in_edition = {"edition": facts.edition}
        registrations = await self.registrations.find(in_edition).to_list(None)
        members = {doc["organization_id"] for doc in registrations}
        documents.restore(
            facts,
            erased=[doc["_id"] async for doc in self.erased.find({}, {"_id": 1})],
            registrations=registrations,
            profiles=await self.members_profiles(members),
            attendance=await self.attendance.find(in_edition).to_list(None),
            feedback=await self.feedback.find(in_edition).to_list(None),
            outcomes=await self.outcomes.find(in_edition).to_list(None),
            merges=await self.merges.find(in_edition).to_list(None),
        )

    async def taking_part(self, edition: str) -> EditionFacts:
        """The edition's registrations and their organisations' profiles only:
        enough to tell who takes part, with their names and sizes."""
        facts = EditionFacts(edition, profiles={}, erased=set())
        registrations = await self.registrations.find({"edition": edition}).to_list(None)
        members = {doc["organization_id"] for doc in registrations}
        profiles = await self.members_profiles(members)
        documents.restore(
            facts,
            erased=[],
            registrations=registrations,
            profiles=profiles,
            attendance=[],
            feedback=[],
            outcomes=[],
            merges=await self.merges.find({"edition": edition}).to_list(None),
        )
        return facts

    async def edition_known(self, edition: str) -> bool:
        if edition not in self._known_editions:
            if await self.editions.find_one({"_id": edition}, {"_id": 1}) is None:
                return False
            self._known_editions.add(edition)
        return True

    async def is_registered(self, edition: str, organization_id: str) -> bool | None:
        """True for an active registration, False for a cancelled one, None
        when matching has heard of no registration at all."""
        docs = await self.registrations.find(
            {"edition": edition, "organization_id": organization_id}
        ).to_list(None)
        return documents.active_registration(docs) if docs else None

    async def save_outcome(
        self, edition: str, pair: tuple[str, str], side: Side, status: str, note: str | None
    ) -> dict[str, Any]:
        """Record one side's view of a pair (`pair` in id order); the stored
        outcome with every side's view."""
        now = datetime.now(UTC)
        doc = await self.outcomes.find_one_and_update(
            {"_id": documents.pair_id(edition, *pair)},
            {
                "$set": {
                    "edition": edition,
                    "organization_a": pair[0],
                    "organization_b": pair[1],
                    f"views.{side}": {"status": status, "note": note, "updated_at": now},
                    "updated_at": now,
                }
            },
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return dict(doc)

    async def save_merge(self, edition: str, concept: str, into: str | None) -> None:
        """Count `concept` as `into` in the edition (None: undo). Rare, and
        by the organiser: a replace is fine here."""
        key = {"_id": f"{edition}/{concept}"}
        if into is None:
            await self.merges.delete_one(key)
            return
        doc = {"edition": edition, "concept": concept, "into": into}
        await self.merges.replace_one(key, {**doc, "updated_at": datetime.now(UTC)}, upsert=True)

    async def outcome(self, edition: str, a: str, b: str) -> dict[str, Any] | None:
        return await self.outcomes.find_one({"_id": documents.pair_id(edition, a, b)})

    async def outcomes_page(
        self, edition: str, limit: int, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        """A page of the edition's outcomes, the latest changed first, and how many there are."""
        in_edition = {"edition": edition}
        total = await self.outcomes.count_documents(in_edition)
        docs = self.outcomes.find(in_edition).sort([("updated_at", DESCENDING), ("_id", ASCENDING)])
        return await docs.skip(offset).limit(limit).to_list(None), total
