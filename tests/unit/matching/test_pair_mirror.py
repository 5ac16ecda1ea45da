"""An edition's current pairs served from the process's mirror of them
(`store/mirror.py`): as fresh as a read from the store, whichever instance
wrote last, and not read whole again once mirrored."""

from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore, mirror

EDITION = "day"


def _pair(a: str, b: str, seq: int, version: int = 1, score: float = 0.5, **fields) -> dict:
    return {
        "_id": f"{EDITION}/{a}/{b}",
        "edition": EDITION,
        "organization_a": a,
        "organization_b": b,
        "score": score,
        "reasons": [],
        "withdrawn": False,
        "version": version,
        "seq": seq,
        **fields,
    }


async def _write(store: MatchingStore, *docs: dict) -> None:
    """As the holder writes: the pairs, then its last number at release."""
    await store.recommendations.write_pairs(EDITION, list(docs))
    last = max(doc["seq"] for doc in docs)
    await store.holders.holders.update_one({"_id": EDITION}, {"$set": {"seq": last}}, upsert=True)


def _recording_reads(store: MatchingStore) -> list[dict]:
    """The filters of every find on the pairs from now on."""
    reads: list[dict] = []
    find = store.recommendations.pairs.find
    store.recommendations.pairs.find = lambda query, *args: (
        reads.append(query) or find(query, *args)
    )
    return reads


def _current(docs: list[dict]) -> list[tuple[str, str, float]]:
    return [(doc["organization_a"], doc["organization_b"], doc["score"]) for doc in docs]


async def test_another_instances_changes_are_read_by_number_not_whole() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["matching"]
    holder, reader = MatchingStore(db), MatchingStore(db)
    await _write(holder, _pair("a", "b", 1), _pair("a", "c", 2, score=0.9))
    assert _current(await reader.recommendations.current_pairs(EDITION, 0.0)) == [
        ("a", "c", 0.9),
        ("a", "b", 0.5),
    ]
    # The holder moves a-b up, withdraws a-c and adds b-c.
    await _write(
        holder,
        _pair("a", "b", 3, version=2, score=0.95),
        _pair("a", "c", 4, version=2, score=0.9, withdrawn=True),
        _pair("b", "c", 5, score=0.3),
    )
    reads = _recording_reads(reader)
    assert _current(await reader.recommendations.current_pairs(EDITION, 0.0)) == [
        ("a", "b", 0.95),
        ("b", "c", 0.3),
    ]
    assert _current(await reader.recommendations.current_pairs(EDITION, 0.5)) == [("a", "b", 0.95)]
    assert {"edition": EDITION} not in reads  # only the changes' pages
    assert all("page" in query for query in reads)


async def test_the_holders_own_writes_need_no_read() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["matching"]
    holder = MatchingStore(db)
    await _write(holder, _pair("a", "b", 1))
    assert len(await holder.recommendations.stored_pairs(EDITION)) == 1  # loading the edition
    await _write(holder, _pair("a", "b", 2, version=2, score=0.7), _pair("b", "c", 3))
    reads = _recording_reads(holder)
    assert _current(await holder.recommendations.current_pairs(EDITION, 0.0)) == [
        ("a", "b", 0.7),
        ("b", "c", 0.5),
    ]
    assert reads == []


async def test_a_large_edition_is_mirrored_only_once_its_pairs_are_asked_for(monkeypatch) -> None:
    monkeypatch.setattr(mirror, "MIRRORED_ON_LOAD", 1)
    holder = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await _write(holder, _pair("a", "b", 1), _pair("a", "c", 2))
    await holder.recommendations.stored_pairs(EDITION)  # loading it: too large to keep
    reads = _recording_reads(holder)
    assert len(await holder.recommendations.current_pairs(EDITION, 0.0)) == 2
    assert reads == [{"edition": EDITION}]  # read whole once, then kept
    assert len(await holder.recommendations.current_pairs(EDITION, 0.0)) == 2
    assert reads == [{"edition": EDITION}]
