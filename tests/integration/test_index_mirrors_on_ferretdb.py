"""FerretDB v1 serves keyed reads by index (deploy/local/postgresql/index-mirrors.sql):
every field of its btrees gets a GIN mirror that can serve the equality it
pushes down, FerretDB's connections plan with the values (custom plans), and a
dropped index takes its mirror along. Without them, each find below would read
the whole table."""

import asyncio
import time

from pymongo import ASCENDING

from tests.helpers.infra import postgresql

DOCUMENTS = 5_000
FINDS = 40


def _mirrors(schema: str, table: str) -> dict[str, str]:
    """The table's mirrors: field -> index name."""
    rows = postgresql(
        "SELECT indexname, indexdef FROM pg_indexes "
        f"WHERE schemaname = '{schema}' AND tablename = '{table}' "
        "AND indexname LIKE 'synergi_mirror_%'"
    )
    return {definition.split("'")[1]: name for name, definition in rows}


def _scans(schema: str, table: str, index: str) -> tuple[int, int]:
    """How often PostgreSQL read the whole table, and used `index`."""
    [[seq, idx]] = postgresql(
        "SELECT t.seq_scan, i.idx_scan FROM pg_stat_user_tables t "
        "JOIN pg_stat_user_indexes i USING (relid) "
        f"WHERE t.schemaname = '{schema}' AND t.relname = '{table}' AND i.indexrelname = '{index}'"
    )
    return int(seq), int(idx)


# PostgreSQL counts a backend's scans when it is next idle for a while (up to
# about ten seconds later).
STATS_DELAY_SECONDS = 12


async def _counted(schema: str, table: str, index: str, scans: int, index_scans: int) -> None:
    """Wait until the counts have reached at least these."""
    deadline = time.monotonic() + 3 * STATS_DELAY_SECONDS
    while (now := _scans(schema, table, index))[0] < scans or now[1] < index_scans:
        assert time.monotonic() < deadline, (
            f"(table scans, index scans) {now}, wanted {(scans, index_scans)}"
        )
        await asyncio.sleep(0.5)


def _table(db: str, collection: str) -> str:
    """The PostgreSQL table FerretDB keeps `collection` in."""
    [[table]] = postgresql(
        f"SELECT _jsonb->>'table' FROM \"{db}\"._ferretdb_database_metadata "
        f"WHERE _jsonb->>'_id' = '{collection}'"
    )
    return table


async def test_keyed_finds_are_served_by_index_mirrors(mongo_client, infra_settings) -> None:
    db = mongo_client[f"{infra_settings.mongo_database_prefix}_mirrors"]
    pairs = db["pairs"]
    await pairs.insert_many(
        [{"_id": f"p{n}", "edition": f"e{n % 50}", "seq": n, "note": f"n{n}"}
         for n in range(DOCUMENTS)]
    )  # fmt: skip
    await pairs.create_index([("edition", ASCENDING), ("seq", ASCENDING)])
    table = _table(db.name, "pairs")
    mirrors = _mirrors(db.name, table)
    assert set(mirrors) == {"_id", "edition", "seq"}  # every btree field, `note` has none

    # An unindexed field first: a connection planning generically would then
    # go on scanning for every later find (the reason for custom plans).
    seq_start, id_start = _scans(db.name, table, mirrors["_id"])
    for n in range(FINDS):
        assert (await pairs.find_one({"note": f"n{n}"}))["seq"] == n
    await _counted(db.name, table, mirrors["_id"], seq_start + FINDS, id_start)
    await asyncio.sleep(STATS_DELAY_SECONDS)  # and nothing more comes
    seq_before, id_before = _scans(db.name, table, mirrors["_id"])
    for n in range(FINDS):
        assert (await pairs.find_one({"_id": f"p{n * 7}"}))["seq"] == n * 7
        found = await pairs.find({"edition": f"e{n}", "seq": n}).to_list(None)
        assert [doc["_id"] for doc in found] == [f"p{n}"]
    await _counted(db.name, table, mirrors["_id"], seq_before, id_before + FINDS)
    await asyncio.sleep(STATS_DELAY_SECONDS)
    seq_after, _ = _scans(db.name, table, mirrors["_id"])
    assert seq_after == seq_before, "a keyed find read the whole table"
    explained = await db.command("explain", {"find": "pairs", "filter": {"edition": "e3"}})
    assert "Index Scan" in str(explained["queryPlanner"]), explained

    # Dropping the index drops the mirrors no other btree backs; _id stays.
    await pairs.drop_index("edition_1_seq_1")
    assert set(_mirrors(db.name, table)) == {"_id"}
    await pairs.create_index("seq")
    assert set(_mirrors(db.name, table)) == {"_id", "seq"}
