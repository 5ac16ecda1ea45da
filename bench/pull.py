"""`pull`: a tool pulling an edition's recommendations page by page, as the pull
API reads them (`RecommendationStore.changes_since`), from an edition whose
pairs changed many times: `pairs` stored, numbered up to `changes`. Baseline:
a find by `_id` of the same documents, one at a time."""

import random
import time

from pymongo import AsyncMongoClient

from bench.results import Row
from bench.support import bench_settings, percentile
from synergi_matching.store import MatchingStore

EDITION = "pull"
PAGE = 100
SAMPLED_PAGES = 200
WRITTEN_PER_CALL = 5_000


def _pair(number: int, n: int, organizations: int) -> dict:
    a, b = sorted((f"org{n % organizations:05d}", f"org{(n * 7 + 1) % organizations:05d}"))
    return {
        "_id": f"{EDITION}/{a}/{b}/{n}",
        "edition": EDITION,
        "organization_a": a,
        "organization_b": b,
        "organization_a_name": f"Organisation {a}",
        "organization_b_name": f"Organisation {b}",
        "score": round(random.Random(n).random(), 4),
        "reasons": [
            {
                "kind": "shared-target-group",
                "weight": 0.2,
                "detail": "Both work with young mothers",
                "detail_da": "Begge arbejder med unge mødre",
            },
        ],
        "listed_by": [a],
        "withdrawn": False,
        "outcome": None,
        "earlier": None,
        "model_version": "bench",
        "version": 1,
        "seq": number,
    }


async def run(organizations: int, pairs: int, changes: int) -> list[Row]:
    settings = bench_settings()
    client: AsyncMongoClient = AsyncMongoClient(settings.mongo_url, tz_aware=True)
    db = client[settings.database_name("pull")]
    try:
        store = MatchingStore(db)
        await store.create_indexes()
        # The pairs that survive `changes` numbered changes (later ones replace
        # earlier ones), written as matching writes them.
        numbers = sorted(random.Random(1).sample(range(1, changes + 1), pairs))
        docs = [_pair(number, n, organizations) for n, number in enumerate(numbers)]
        for start in range(0, len(docs), WRITTEN_PER_CALL):
            await store.recommendations.write_pairs(EDITION, docs[start : start + WRITTEN_PER_CALL])
        await db["edition_holders"].insert_one({"_id": EDITION, "seq": changes, "holder": None})

        chooser = random.Random(2)
        page_times, baseline_times = [], []
        for _ in range(SAMPLED_PAGES):
            cursor = chooser.choice(numbers[:-PAGE])
            started = time.perf_counter()
            page = await store.recommendations.changes_since(EDITION, cursor, PAGE, 0.0)
            page_times.append(time.perf_counter() - started)
            assert len(page) == PAGE and page[0]["seq"] > cursor
            started = time.perf_counter()
            for doc in page:
                await store.recommendations.pairs.find_one({"_id": doc["_id"]})
            baseline_times.append(time.perf_counter() - started)

        started, cursor, walked = time.perf_counter(), 0, 0
        while page := await store.recommendations.changes_since(EDITION, cursor, PAGE, 0.0):
            walked += len(page)
            cursor = page[-1]["seq"]
        walk = time.perf_counter() - started
        assert walked == pairs, (walked, pairs)
    finally:
        await client.drop_database(db.name)
        await client.close()
    p99, baseline_p99 = percentile(page_times, 0.99), percentile(baseline_times, 0.99)
    size = f"{organizations:,} organisations, {pairs:,} pairs numbered up to {changes:,}"
    return [
        Row(
            "pull.page_p99",
            round(p99 * 1000, 1),
            "ms",
            round(baseline_p99 * 1000, 1),
            round(baseline_p99 / p99, 3),
            "<= 50 ms",
            p99 <= 0.050,
            f"a page of {PAGE} after a random cursor, {SAMPLED_PAGES} pages (median "
            f"{percentile(page_times, 0.5) * 1000:.1f} ms); {size}; "
            f"baseline: the same {PAGE} documents found by _id one at a time",
            size=pairs,
        ),
        Row.at_most(
            "pull.full_walk",
            walk,
            "s",
            60,
            note=f"every page of {PAGE} from the start ({walked:,} pairs); {size}",
            size=pairs,
        ),
    ]
