"""What meetings rest on, on FerretDB: the listed pairs keep each pair's
newest version whatever order its events come in (an older one, or the
same one again, changes nothing), and the claims let one meeting alone hold
an organisation's place in a slot, even when many accept at once."""

import asyncio
import uuid

from synergi_shared.contracts.events import RecommendationChanged
from synergi_shared.directory import ListedPairs
from synergi_workshops.store import WorkshopsStore


def changed(version: int, listed_by: list[str], score: float = 0.5) -> RecommendationChanged:
    return RecommendationChanged(
        edition="ed",
        organization_a="a",
        organization_b="b",
        score=score,
        reasons=[],
        listed_by=listed_by,
        version=version,
        model_version="test",
        withdrawn=not listed_by,
    )


async def test_the_newest_version_of_a_pair_is_kept_in_any_order(mongo_client) -> None:
    db = mongo_client[f"t{uuid.uuid4().hex[:10]}_pairs"]
    pairs = ListedPairs(db)
    await pairs.create_indexes()
    try:
        await pairs.apply([changed(2, ["a", "b"], 0.8)])
        await pairs.apply([changed(1, [])])  # older: late, changes nothing
        await pairs.apply([changed(2, ["a", "b"], 0.8), changed(1, [])])  # again, in one batch
        assert await pairs.partners_of("ed", "a") == ["b"]
        assert (await pairs.listed("ed", "b", "a"))["mutual"] is True
        assert [p["score"] for p in await pairs.in_edition("ed")] == [0.8]
        await pairs.apply([changed(3, [])])  # withdrawn
        assert await pairs.partners_of("ed", "a") == [] and await pairs.in_edition("ed") == []
    finally:
        await mongo_client.drop_database(db.name)


async def test_one_meeting_holds_an_organisations_place_in_a_slot(mongo_client) -> None:
    db = mongo_client[f"t{uuid.uuid4().hex[:10]}_workshops"]
    store = WorkshopsStore(db)
    await store.create_indexes()
    try:
        contenders = [f"m{n}" for n in range(20)]
        for meeting in contenders:  # each waiting for its answer
            await store.meetings.meetings.insert_one({"_id": meeting, "status": "requested"})
        won = await asyncio.gather(
            *(store.meetings.claim("ed/2/org/a", meeting) for meeting in contenders)
        )
        holders = [m for m, held_by in zip(contenders, won, strict=True) if held_by is None]
        assert len(holders) == 1, holders
        assert (await store.meetings.claims.find_one({"_id": "ed/2/org/a"}))[
            "meeting_id"
        ] in holders
    finally:
        await mongo_client.drop_database(db.name)
