"""Pages of numbered documents read bucket by bucket (`store/numbered.py`):
the same documents, in the same order, as `number > cursor` sorted, however
sparse the numbers; documents stored before pages existed get theirs once."""

import random

from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore, numbered


def _collection():
    return AsyncMongoMockClient()["matching"]["things"]


async def _walk(collection, scope: str, limit: int, last: int) -> list[int]:
    seen, cursor = [], 0
    while page := await numbered.after(collection, scope, "seq", cursor, limit, last):
        seen += [doc["seq"] for doc in page]
        cursor = page[-1]["seq"]
    return seen


async def test_pages_hold_every_number_once_in_order_however_sparse() -> None:
    things = _collection()
    chosen = random.Random(7)
    # Numbers 1..5000, of which a few survive (a pair's newer change replaces
    # its older), in two scopes that must not mix.
    kept = sorted(chosen.sample(range(1, 5001), 300))
    await things.insert_many(
        [{"_id": f"a{n}", "seq": n, "page": numbered.page_of("a", n)} for n in kept]
        + [{"_id": f"b{n}", "seq": n, "page": numbered.page_of("b", n)} for n in range(1, 900)]
    )
    for limit in (1, 7, 100, 1000):
        assert await _walk(things, "a", limit, last=5000) == kept
    # Nothing above the last number recorded is read.
    assert await _walk(things, "a", 100, last=kept[10]) == [
        n for n in kept if n // numbered.BUCKET <= kept[10] // numbered.BUCKET
    ]
    page = await numbered.after(things, "b", "seq", 250, 10, last=899)
    assert [doc["seq"] for doc in page] == list(range(251, 261))


async def test_documents_stored_before_pages_get_theirs_once() -> None:
    things = _collection()
    await things.insert_many(
        [{"_id": n, "edition": "e", "seq": n} for n in range(1, 600)]
        + [{"_id": "new", "edition": "e", "seq": 600, "page": numbered.page_of("e", 600)}]
    )
    assert await numbered.add_pages(things, "edition", "seq") == 599
    assert await _walk(things, "e", 50, last=600) == list(range(1, 601))
    await things.insert_one({"_id": "late", "edition": "e", "seq": 601})
    assert await numbered.add_pages(things, "edition", "seq") == 0  # done once


async def test_the_ledger_numbers_on_after_a_holder_died_between_its_insert_and_release() -> None:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    await store.ledger.append("one", [{"kind": "outcome"}, {"kind": "outcome"}])
    # As if the holder had inserted entry 3 and died before recording it.
    await store.ledger.entries.insert_one(
        {"_id": 3, "kind": "outcome", "page": numbered.page_of("", 3)}
    )
    appended = await store.ledger.append("two", [{"kind": "follow-up"}])
    assert [entry["_id"] for entry in appended] == [4]
    assert [e["_id"] for e in await store.ledger.page(0, 10, None, None)] == [1, 2, 3, 4]


async def test_a_ledger_written_before_pages_is_pulled_whole_after_an_upgrade() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["matching"]
    # As an earlier release left it: entries without pages, the lease at 0
    # (the start's backfill check, under the lease, records the last number).
    await db["ledger"].insert_many([{"_id": n, "kind": "outcome"} for n in range(1, 71)])
    await db["edition_holders"].insert_one({"_id": "~ledger", "holder": None, "seq": 0})
    store = MatchingStore(db)
    await store.create_indexes()
    pulled, cursor = [], 0
    while page := await store.ledger.page(cursor, 25, None, None):
        pulled += [entry["_id"] for entry in page]
        cursor = pulled[-1]
    assert pulled == list(range(1, 71))
    assert [e["_id"] for e in await store.ledger.append("x", [{"kind": "outcome"}])] == [71]
