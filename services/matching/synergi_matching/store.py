"""The matching service's MongoDB store: facts learnt from events, and recommendations.

Fact updates are commutative (highest version wins, cancellation is final), so
the facts depend only on the set of events received, not on their order or on
duplicates.
"""

from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_matching.scoring import MODEL_VERSION, Match, Organization
from synergi_shared.events import (
    EditionCreated,
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

    @property
    def outbox_collections(self) -> list[AsyncCollection]:
        return [self.recommendations]

    async def create_indexes(self) -> None:
        await self.registrations.create_index([("edition", ASCENDING), ("cancelled", ASCENDING)])
        await self.registrations.create_index([("organization_id", ASCENDING)])
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
        organizations = {}
        async for profile in self.profiles.find({"_id": {"$in": sorted(themes)}}):
            organizations[profile["_id"]] = Organization(
                id=profile["_id"],
                name=profile["name"],
                target_groups=frozenset(profile.get("target_groups", [])),
                regions=frozenset(profile.get("regions", [])),
                offers=frozenset(profile.get("offers", [])),
                needs=frozenset(profile.get("needs", [])),
                challenge_themes=frozenset(themes[profile["_id"]]),
            )
        return organizations

    # --- recommendations ----------------------------------------------------

    async def save_match(self, edition: str, a: str, b: str, match: Match) -> bool:
        """Store the pair's match if it changed, with a `recommendation changed`
        event in the same write; True if anything was written."""
        _id = pair_id(edition, a, b)
        low, high = sorted((a, b))
        reasons = [reason.model_dump() for reason in match.reasons]
        while True:
            current = await self.recommendations.find_one({"_id": _id}, {OUTBOX: 0})
            if current and current["score"] == match.score and current["reasons"] == reasons:
                return False
            version = (current["version"] if current else 0) + 1
            event = RecommendationChanged(
                edition=edition,
                organization_a=low,
                organization_b=high,
                score=match.score,
                reasons=list(match.reasons),
                version=version,
                model_version=MODEL_VERSION,
            )
            fields = {
                "edition": edition,
                "organization_a": low,
                "organization_b": high,
                "score": match.score,
                "reasons": reasons,
                "model_version": MODEL_VERSION,
                "version": version,
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

    async def remove_pair(self, edition: str, a: str, b: str) -> None:
        await self.recommendations.delete_one({"_id": pair_id(edition, a, b)})

    async def remove_pairs_of(self, edition: str, organization_id: str) -> None:
        await self.recommendations.delete_many(
            {
                "edition": edition,
                "$or": [
                    {"organization_a": organization_id},
                    {"organization_b": organization_id},
                ],
            }
        )

    async def recommendations_for(
        self, edition: str, organization_id: str, limit: int
    ) -> list[dict[str, Any]]:
        found = []
        for side in ("organization_a", "organization_b"):
            cursor = (
                self.recommendations.find({"edition": edition, side: organization_id}, {OUTBOX: 0})
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
