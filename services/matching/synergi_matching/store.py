"""The matching service's MongoDB store: facts learnt from events, and recommendations.

Fact updates are commutative (highest version wins, cancellation is final), so
the facts depend only on the set of events received, not on their order or on
duplicates.
"""

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_matching.candidates import index_keys, probe_keys
from synergi_matching.scoring import MODEL_VERSION, Match, Organization, size_class
from synergi_shared.events import (
    AttendanceRecorded,
    EditionCreated,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    RecommendationChanged,
    RegistrationCancelled,
)
from synergi_shared.outbox import OUTBOX, outbox_entries, push_outbox, tell_relay

SOURCE = "/synergi/matching"
# Up to this many member documents are read one `_id` at a time: FerretDB
# filters `_id` equality in SQLite (about 3 µs a document) but `$in` itself
# (about 35 µs a document), measured in bench/README.md.
BY_ID_LIMIT = 8


def pair_id(edition: str, a: str, b: str) -> str:
    low, high = sorted((a, b))
    return f"{edition}/{low}/{high}"


class Member(NamedTuple):
    """An organisation's member document: what it is now (None when it does not
    take part) and the version of its facts."""

    organization: Organization | None
    version: int


def _member_fields(org: Organization) -> dict[str, Any]:
    # Lists of small documents, not maps keyed by id (ids may contain dots,
    # which FerretDB refuses in keys) nor lists of pairs (FerretDB v1 refuses
    # nested arrays).
    return {
        "name": org.name,
        "target_groups": sorted(org.target_groups),
        "regions": sorted(org.regions),
        "offers": sorted(org.offers),
        "needs": sorted(org.needs),
        "challenge_themes": sorted(org.challenge_themes),
        "workshops": [
            {"id": workshop, "size": size} for workshop, size in sorted(org.workshops.items())
        ],
        "wishes": sorted(org.wishes),
        "tips": [{"theme": theme, "text": text} for theme, text in sorted(org.tips.items())],
        "ambitions": sorted(org.ambitions),
    }


def _member(doc: dict[str, Any]) -> Member:
    fields = doc["organization"]
    if not doc["active"] or fields is None:
        return Member(None, doc["version"])
    org = Organization(
        id=doc["organization_id"],
        name=fields["name"],
        target_groups=frozenset(fields["target_groups"]),
        regions=frozenset(fields["regions"]),
        offers=frozenset(fields["offers"]),
        needs=frozenset(fields["needs"]),
        challenge_themes=frozenset(fields["challenge_themes"]),
        workshops={workshop["id"]: workshop["size"] for workshop in fields["workshops"]},
        wishes=frozenset(fields["wishes"]),
        tips={tip["theme"]: tip["text"] for tip in fields["tips"]},
        ambitions=frozenset(fields["ambitions"]),
    )
    return Member(org, doc["version"])


class MatchingStore:
    def __init__(self, db: AsyncDatabase) -> None:
        self.editions: AsyncCollection = db["editions"]
        self.profiles: AsyncCollection = db["profiles"]
        self.registrations: AsyncCollection = db["registrations"]
        self.recommendations: AsyncCollection = db["recommendations"]
        self.attendance: AsyncCollection = db["attendance"]
        self.feedback: AsyncCollection = db["feedback"]
        self.erased: AsyncCollection = db["erased_participants"]
        self.counters: AsyncCollection = db["counters"]
        self.outcomes: AsyncCollection = db["outcomes"]
        self.members: AsyncCollection = db["members"]
        # Editions are never deleted, so one found stays known: the pull API,
        # which tools poll, then skips a read (an edition a year: unbounded).
        self._known_editions: set[str] = set()

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.recommendations]

    async def create_indexes(self) -> None:
        await self.registrations.create_index([("edition", ASCENDING), ("cancelled", ASCENDING)])
        await self.registrations.create_index([("organization_id", ASCENDING)])
        await self.attendance.create_index([("workshop_id", ASCENDING)])
        await self.attendance.create_index([("edition", ASCENDING), ("organization_id", ASCENDING)])
        await self.feedback.create_index([("edition", ASCENDING), ("organization_id", ASCENDING)])
        await self.members.create_index([("edition", ASCENDING), ("keys", ASCENDING)])
        await self.attendance.create_index([("participant_id", ASCENDING)])
        await self.feedback.create_index([("participant_id", ASCENDING)])
        await self.recommendations.create_index([("edition", ASCENDING), ("seq", ASCENDING)])
        for side in ("organization_a", "organization_b"):
            await self.outcomes.create_index([("edition", ASCENDING), (side, ASCENDING)])
            await self.recommendations.create_index(
                [("edition", ASCENDING), (side, ASCENDING), ("score", DESCENDING)]
            )

    # --- facts --------------------------------------------------------------

    async def save_edition(self, event: EditionCreated) -> None:
        await self.editions.update_one(
            {"_id": event.edition},
            {"$setOnInsert": {"title": event.title, "date": event.date.isoformat()}},
            upsert=True,
        )

    async def edition_known(self, edition: str) -> bool:
        if edition not in self._known_editions:
            if await self.editions.find_one({"_id": edition}, {"_id": 1}) is None:
                return False
            self._known_editions.add(edition)
        return True

    async def save_profile(self, event: OrganizationProfileUpdated) -> None:
        """Keep the snapshot if it is newer than the one stored."""
        snapshot = event.model_dump(exclude={"organization_id"})
        try:
            await self.profiles.update_one(
                {"_id": event.organization_id, "version": {"$lt": event.version}},
                {"$set": snapshot},
                upsert=True,
            )
        except DuplicateKeyError:
            pass  # a newer or the same version is stored already

    async def save_registration(self, event: OrganizationRegistered) -> None:
        await self.registrations.update_one(
            {"_id": event.registration_id},
            {
                "$set": {
                    "edition": event.edition,
                    "organization_id": event.organization_id,
                    "challenge_themes": event.challenge_themes,
                },
                "$setOnInsert": {"cancelled": False},
            },
            upsert=True,
        )

    async def cancel_registration(self, event: RegistrationCancelled) -> None:
        # Cancellation is final, whichever of the two events arrives first.
        await self.registrations.update_one(
            {"_id": event.registration_id},
            {
                "$set": {
                    "edition": event.edition,
                    "organization_id": event.organization_id,
                    "cancelled": True,
                },
            },
            upsert=True,
        )

    async def _is_erased(self, participant_id: str) -> bool:
        return await self.erased.find_one({"_id": participant_id}) is not None

    async def save_attendance(self, event: AttendanceRecorded) -> None:
        """Keep the attendance once, unless its person was erased."""
        if await self._is_erased(event.participant_id):
            return
        try:
            await self.attendance.insert_one(
                {
                    "_id": f"{event.workshop_id}/{event.participant_id}",
                    "edition": event.edition,
                    "workshop_id": event.workshop_id,
                    "participant_id": event.participant_id,
                    "organization_id": event.organization_id,
                }
            )
        except DuplicateKeyError:
            pass  # stored already

    async def organizations_at(self, workshop_id: str) -> set[str]:
        docs = await self.attendance.find({"workshop_id": workshop_id}).to_list(None)
        return {doc["organization_id"] for doc in docs}

    async def save_feedback(self, event: FeedbackSubmitted) -> None:
        """Keep the participant's newest evaluation."""
        if await self._is_erased(event.participant_id):
            return
        facts = {
            "edition": event.edition,
            "participant_id": event.participant_id,
            "organization_id": event.organization_id,
            "version": event.version,
            "wishes": sorted({wish.organization_id for wish in event.follow_ups}),
            "tips": {
                w.theme: w.insight for w in event.workshops if w.insight_kind == "tip" and w.insight
            },
            "ambitions": sorted({w.theme for w in event.workshops if w.insight_kind == "ambition"}),
        }
        try:
            await self.feedback.update_one(
                {
                    "_id": f"{event.edition}/{event.participant_id}",
                    "version": {"$lt": event.version},
                },
                {"$set": facts},
                upsert=True,
            )
        except DuplicateKeyError:
            pass  # a newer or the same version is stored already

    async def forget_participant(self, participant_id: str) -> set[tuple[str, str]]:
        """Erasure: drop what the person contributed; return the (edition,
        organisation) pairs whose recommendations must be recomputed."""
        await self.erased.update_one({"_id": participant_id}, {"$set": {}}, upsert=True)
        affected: set[tuple[str, str]] = set()
        for doc in await self.attendance.find({"participant_id": participant_id}).to_list(None):
            affected |= {
                (doc["edition"], org) for org in await self.organizations_at(doc["workshop_id"])
            }
        for doc in await self.feedback.find({"participant_id": participant_id}).to_list(None):
            affected.add((doc["edition"], doc["organization_id"]))
        await self.attendance.delete_many({"participant_id": participant_id})
        await self.feedback.delete_many({"participant_id": participant_id})
        return affected

    async def editions_of(self, organization_id: str) -> list[str]:
        return sorted(
            await self.registrations.distinct("edition", {"organization_id": organization_id})
        )

    async def _facts_of(self, edition: str, organization_id: str) -> Organization | None:
        """What is known of one organisation in one edition, if it takes part:
        actively registered, with a profile."""
        registrations = await self.registrations.find(
            {"edition": edition, "organization_id": organization_id, "cancelled": False}
        ).to_list(None)
        profile = await self.profiles.find_one({"_id": organization_id}) if registrations else None
        if profile is None:
            return None
        attended = await self.attendance.find(
            {"edition": edition, "organization_id": organization_id}
        ).to_list(None)
        rooms: dict[str, set[str]] = {}  # workshop -> organisations checked in there
        workshop_ids = sorted({doc["workshop_id"] for doc in attended})
        if workshop_ids:  # FerretDB would scan the collection even for `$in: []`
            async for doc in self.attendance.find({"workshop_id": {"$in": workshop_ids}}):
                rooms.setdefault(doc["workshop_id"], set()).add(doc["organization_id"])
        wishes: set[str] = set()
        tips: dict[str, str] = {}
        ambitions: set[str] = set()
        evaluations = self.feedback.find({"edition": edition, "organization_id": organization_id})
        async for doc in evaluations.sort("_id", ASCENDING):
            wishes.update(doc["wishes"])
            for theme, text in doc["tips"].items():
                tips.setdefault(theme, text)  # the first, by participant id
            ambitions.update(doc["ambitions"])
        return Organization(
            id=organization_id,
            name=profile["name"],
            target_groups=frozenset(profile.get("target_groups", [])),
            regions=frozenset(profile.get("regions", [])),
            offers=frozenset(profile.get("offers", [])),
            needs=frozenset(profile.get("needs", [])),
            challenge_themes=frozenset(
                theme for doc in registrations for theme in doc.get("challenge_themes", [])
            ),
            workshops={workshop: size_class(len(orgs)) for workshop, orgs in sorted(rooms.items())},
            wishes=frozenset(wishes - {organization_id}),
            tips=tips,
            ambitions=frozenset(ambitions),
        )

    # --- members: each organisation's facts in an edition, in one document ---

    async def materialize(self, edition: str, organization_id: str) -> None:
        """Bring the organisation's member document up to date with the facts.

        Its `version` rises with every change. Written only on the version read,
        so a materialisation that read older facts can never overwrite a newer
        one; recompute() relies on that version to notice facts that changed
        while it was scoring."""
        _id = f"{edition}/{organization_id}"
        while True:
            current = await self.members.find_one({"_id": _id})
            org = await self._facts_of(edition, organization_id)
            content = {
                "edition": edition,
                "organization_id": organization_id,
                "active": org is not None,
                "organization": _member_fields(org) if org else None,
                "keys": index_keys(org) if org else [],
            }
            if current is None:
                try:
                    await self.members.insert_one({"_id": _id, **content, "version": 1})
                    return
                except DuplicateKeyError:
                    continue
            if all(current.get(field) == value for field, value in content.items()):
                return
            result = await self.members.update_one(
                {"_id": _id, "version": current["version"]},
                {"$set": content, "$inc": {"version": 1}},
            )
            if result.modified_count == 1:
                return

    async def touch(self, edition: str, organization_id: str) -> None:
        """A fact about the organisation's pairs changed (an outcome)."""
        await self.members.update_one(
            {"_id": f"{edition}/{organization_id}"}, {"$inc": {"version": 1}}
        )

    async def member(self, edition: str, organization_id: str) -> Member | None:
        doc = await self.members.find_one({"_id": f"{edition}/{organization_id}"})
        return _member(doc) if doc else None

    async def candidates(self, edition: str, org: Organization) -> dict[str, Member]:
        """The taking-part organisations that may share a reason with `org`."""
        query = {"edition": edition, "active": True, "keys": {"$in": probe_keys(org)}}
        found = {doc["organization_id"]: _member(doc) async for doc in self.members.find(query)}
        found.pop(org.id, None)
        return found

    async def _members_by_id(
        self, edition: str, organization_ids: set[str], projection: dict[str, int] | None = None
    ) -> list[dict[str, Any]]:
        ids = [f"{edition}/{org}" for org in sorted(organization_ids)]
        if len(ids) > BY_ID_LIMIT:
            return await self.members.find({"_id": {"$in": ids}}, projection).to_list(None)
        found = [await self.members.find_one({"_id": _id}, projection) for _id in ids]
        return [doc for doc in found if doc is not None]

    async def members_among(self, edition: str, organization_ids: set[str]) -> dict[str, Member]:
        docs = await self._members_by_id(edition, organization_ids)
        return {doc["organization_id"]: _member(doc) for doc in docs}

    async def versions(self, edition: str, organization_ids: set[str]) -> dict[str, int]:
        projection = {"organization_id": 1, "version": 1}
        docs = await self._members_by_id(edition, organization_ids, projection)
        return {doc["organization_id"]: doc["version"] for doc in docs}

    # --- recommendations ----------------------------------------------------

    async def save_match(
        self,
        edition: str,
        a: str,
        b: str,
        match: Match | None,
        outcome: str | None = None,
        read: bool = False,
        current: dict[str, Any] | None = None,
    ) -> bool:
        """Store the pair's match if it changed (None or no reasons withdraws it),
        with a `recommendation changed` event in the same write; True if
        anything was written. A withdrawn pair stays as a tombstone, so its
        version keeps rising and pulling tools learn that it went. With `read`,
        `current` is the stored pair as the caller read it (None: there is none),
        which saves a read."""
        _id = pair_id(edition, a, b)
        low, high = sorted((a, b))
        given = match.reasons if match else ()
        withdrawn = not given
        score = match.score if match and given else 0.0
        # Stored with the Danish sentence; the event carries the English one.
        reasons = [asdict(reason) for reason in given]
        reread = not read
        while True:
            if reread:
                current = await self.recommendations.find_one({"_id": _id}, {OUTBOX: 0})
            reread = True
            if current is None and withdrawn:
                return False
            if (
                current
                and current["score"] == score
                and current["reasons"] == reasons
                and current.get("outcome") == outcome
            ):
                return False
            version = (current["version"] if current else 0) + 1
            event = RecommendationChanged(
                edition=edition,
                organization_a=low,
                organization_b=high,
                score=score,
                reasons=[reason.as_reason() for reason in given],
                version=version,
                model_version=MODEL_VERSION,
                withdrawn=withdrawn,
            )
            fields = {
                "edition": edition,
                "organization_a": low,
                "organization_b": high,
                "score": score,
                "reasons": reasons,
                "withdrawn": withdrawn,
                "outcome": outcome,
                "model_version": MODEL_VERSION,
                "version": version,
                "seq": await self._next_seq(edition),
                "updated_at": datetime.now(UTC),
            }
            entries = outbox_entries(SOURCE, event)
            if current is None:
                try:
                    await self.recommendations.insert_one({"_id": _id, **fields, OUTBOX: entries})
                    tell_relay(self.recommendations, _id, entries)
                    return True
                except DuplicateKeyError:
                    continue  # another instance wrote it first: compare again
            # Only on the version read, so concurrent writers cannot both win.
            result = await self.recommendations.update_one(
                {"_id": _id, "version": current["version"]},
                {"$set": fields, **push_outbox(entries)},
            )
            if result.modified_count == 1:
                tell_relay(self.recommendations, _id, entries)
                return True

    async def _next_seq(self, edition: str) -> int:
        """A per-edition change number: the pull API's order."""
        counter = await self.counters.find_one_and_update(
            {"_id": f"seq/{edition}"},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        return int(counter["value"])

    async def pairs_of(self, edition: str, organization_id: str) -> dict[str, dict[str, Any]]:
        """Partner id -> the stored pair, withdrawn ones included."""
        query = {
            "edition": edition,
            "$or": [{"organization_a": organization_id}, {"organization_b": organization_id}],
        }
        docs = await self.recommendations.find(query, {OUTBOX: 0}).to_list(None)
        return {
            doc[
                "organization_b" if doc["organization_a"] == organization_id else "organization_a"
            ]: doc
            for doc in docs
        }

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

    async def outcomes_of(self, edition: str, organization_id: str) -> dict[str, str]:
        """Partner id -> the latest outcome status of the pair."""
        query = {
            "edition": edition,
            "$or": [{"organization_a": organization_id}, {"organization_b": organization_id}],
        }
        return {
            doc[
                "organization_b" if doc["organization_a"] == organization_id else "organization_a"
            ]: (doc["status"])
            async for doc in self.outcomes.find(query)
        }

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
        doc = await self.registrations.find_one(
            {"edition": edition, "organization_id": organization_id, "cancelled": False},
            {"_id": 1},
        )
        return doc is not None
