"""`restart`: how long a matching instance takes, after a restart, to have an
edition of many organisations back in memory from its own stored facts (read
the facts and the stored pairs, rank everyone, find nothing to rewrite),
against reading the same documents alone."""

import time
from datetime import date

from pymongo import AsyncMongoClient

from bench.results import Row
from bench.support import bench_settings
from bench.workload import joined, organizations
from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts.events import (
    AttendanceRecorded,
    EditionCreated,
    Event,
)


def _facts(size: int, edition: str) -> list[Event]:
    day: list[Event] = [EditionCreated(edition=edition, title="Restart", date=date(2026, 5, 1))]
    for org in organizations(size):
        day += [
            *joined(org, edition, org.id),
            *(
                AttendanceRecorded(
                    edition=edition,
                    workshop_id=workshop,
                    theme="co-creation",
                    participant_id=f"{org.id}-p",
                    organization_id=org.id,
                )
                for workshop in org.workshops
            ),
        ]
    return day


async def _nowhere(events: list) -> None:
    pass


async def run(size: int) -> list[Row]:
    settings = bench_settings()
    client: AsyncMongoClient = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    db = client[settings.database_name("restart")]
    edition = "restart"
    try:
        store = MatchingStore(db)
        await store.create_indexes()
        # The first instance takes the edition in and writes its pairs.
        await Editions(store, _nowhere).handle(_facts(size, edition))
        pairs = await db["recommendations"].count_documents({"edition": edition})
        before = (await db["edition_holders"].find_one({"_id": edition}))["seq"]

        started = time.perf_counter()
        for name in ("registrations", "profiles", "attendance", "feedback", "recommendations"):
            await db[name].find({}).to_list(None)
        reading = time.perf_counter() - started

        # A restarted instance: nothing in memory; the next event loads the edition.
        restarted = Editions(MatchingStore(db), _nowhere)
        started = time.perf_counter()
        await restarted.handle(
            [EditionCreated(edition=edition, title="Restart", date=date(2026, 5, 1))]
        )
        loaded = time.perf_counter() - started
        after = (await db["edition_holders"].find_one({"_id": edition}))["seq"]
    finally:
        await client.drop_database(db.name)
        await client.close()
    return [
        Row(
            "restart",
            round(loaded, 2),
            "s",
            round(reading, 2),
            round(reading / loaded, 3),
            "(reported)",
            True,
            f"an edition of {size} organisations ({pairs} pairs stored) back in memory "
            f"from its stored facts; last change number {before} before, {after} after "
            "(equal: nothing rewritten); baseline: reading the same documents alone",
            size=size,
        )
    ]
