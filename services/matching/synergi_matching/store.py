"""The matching service's MongoDB store: facts learnt from events, and recommendations.

Fact updates are commutative (highest version wins, cancellation is final), so
the facts depend only on the set of events received, not on their order or on
duplicates.
"""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_matching.scoring import MODEL_VERSION, Match, Organization
from synergi_shared.events import (
    AttendanceRecorded,
    EditionCreated,
    FeedbackSubmitted,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    RecommendationChanged,
    RegistrationCancelled,
)
from synergi_shared.outbox import OUTBOX, outbox_entries, push_outbox

SOURCE = "/synergi/matching"


def pair_id(edition: str, a: str, b: str) -> str:
    low, high = sorted((a, b))
    return f"{edition}/{low}/{high}"


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

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.recommendations]

    async def create_indexes(self) -> None:
        await self.registrations.create_index([("edition", ASCENDING), ("cancelled", ASCENDING)])
        await self.registrations.create_index([("organization_id", ASCENDING)])
        await self.attendance.create_index([("workshop_id", ASCENDING)])
        await self.attendance.create_index([("edition", ASCENDING)])
        await self.feedback.create_index([("edition", ASCENDING)])
        await self.recommendations.create_index([("edition", ASCENDING), ("seq", ASCENDING)])
        for side in ("organization_a", "organization_b"):
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
        return await self.editions.find_one({"_id": edition}, {"_id": 1}) is not None

    async def save_profile(self, event: OrganizationProfileUpdated) -> bool:
        """Keep the snapshot if it is newer than the one stored; True if it was."""
        snapshot = event.model_dump(exclude={"organization_id"})
        try:
            result = await self.profiles.update_one(
                {"_id": event.organization_id, "version": {"$lt": event.version}},
                {"$set": snapshot},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # a newer or the same version is stored already
        return result.modified_count == 1 or result.upserted_id is not None

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

    async def save_attendance(self, event: AttendanceRecorded) -> bool:
        """True if this attendance is new (and its person not erased)."""
        if await self._is_erased(event.participant_id):
            return False
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
            return False
        return True

    async def organizations_at(self, workshop_id: str) -> set[str]:
        docs = await self.attendance.find({"workshop_id": workshop_id}).to_list(None)
        return {doc["organization_id"] for doc in docs}

    async def save_feedback(self, event: FeedbackSubmitted) -> bool:
        """Keep the participant's newest evaluation; True if this one is it."""
        if await self._is_erased(event.participant_id):
            return False
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
            result = await self.feedback.update_one(
                {
                    "_id": f"{event.edition}/{event.participant_id}",
                    "version": {"$lt": event.version},
                },
                {"$set": facts},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return result.modified_count == 1 or result.upserted_id is not None

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

    async def participants(self, edition: str) -> dict[str, Organization]:
        """Every organisation actively registered for the edition whose profile is known."""
        themes: dict[str, set[str]] = {}
        cursor = self.registrations.find({"edition": edition, "cancelled": False})
        async for registration in cursor:
            themes.setdefault(registration["organization_id"], set()).update(
                registration.get("challenge_themes", [])
            )
        rooms: dict[str, set[str]] = {}  # workshop -> organisations checked in there
        async for doc in self.attendance.find({"edition": edition}):
            rooms.setdefault(doc["workshop_id"], set()).add(doc["organization_id"])
        wishes: dict[str, set[str]] = {}
        tips: dict[str, dict[str, str]] = {}
        ambitions: dict[str, set[str]] = {}
        async for doc in self.feedback.find({"edition": edition}).sort("_id", ASCENDING):
            org = doc["organization_id"]
            wishes.setdefault(org, set()).update(doc["wishes"])
            for theme, text in doc["tips"].items():
                tips.setdefault(org, {}).setdefault(theme, text)  # the first, by participant id
            ambitions.setdefault(org, set()).update(doc["ambitions"])
        organizations = {}
        async for profile in self.profiles.find({"_id": {"$in": sorted(themes)}}):
            org = profile["_id"]
            organizations[org] = Organization(
                id=org,
                name=profile["name"],
                target_groups=frozenset(profile.get("target_groups", [])),
                regions=frozenset(profile.get("regions", [])),
                offers=frozenset(profile.get("offers", [])),
                needs=frozenset(profile.get("needs", [])),
                challenge_themes=frozenset(themes[org]),
                workshops={w: len(orgs) for w, orgs in rooms.items() if org in orgs},
                wishes=frozenset(wishes.get(org, ())),
                tips=tips.get(org, {}),
                ambitions=frozenset(ambitions.get(org, ())),
            )
        return organizations

    # --- recommendations ----------------------------------------------------

    async def save_match(
        self, edition: str, a: str, b: str, match: Match | None, outcome: str | None = None
    ) -> bool:
        """Store the pair's match if it changed (None or no reasons withdraws it),
        with a `recommendation changed` event in the same write; True if
        anything was written. A withdrawn pair stays as a tombstone, so its
        version keeps rising and pulling tools learn that it went."""
        _id = pair_id(edition, a, b)
        low, high = sorted((a, b))
        given = match.reasons if match else ()
        withdrawn = not given
        score = match.score if match and given else 0.0
        reasons = [reason.model_dump() for reason in given]
        while True:
            current = await self.recommendations.find_one({"_id": _id}, {OUTBOX: 0})
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
                reasons=reasons,
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
            if current is None:
                try:
                    await self.recommendations.insert_one(
                        {"_id": _id, **fields, OUTBOX: outbox_entries(SOURCE, event)}
                    )
                    return True
                except DuplicateKeyError:
                    continue  # another instance wrote it first: compare again
            # Only on the version read, so concurrent writers cannot both win.
            result = await self.recommendations.update_one(
                {"_id": _id, "version": current["version"]},
                {"$set": fields, **push_outbox(SOURCE, event)},
            )
            if result.modified_count == 1:
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

    async def withdraw_pairs_of(self, edition: str, organization_id: str) -> None:
        for doc in await self._pairs_of(edition, organization_id):
            await self.save_match(edition, doc["organization_a"], doc["organization_b"], None)

    async def _pairs_of(self, edition: str, organization_id: str) -> list[dict[str, Any]]:
        query = {
            "edition": edition,
            "withdrawn": False,
            "$or": [{"organization_a": organization_id}, {"organization_b": organization_id}],
        }
        return await self.recommendations.find(query, {OUTBOX: 0}).to_list(None)

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

    async def outcomes_of(self, edition: str) -> dict[str, str]:
        """Pair id -> the latest outcome status."""
        docs = await self.outcomes.find({"edition": edition}).to_list(None)
        return {doc["_id"]: doc["status"] for doc in docs}

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
