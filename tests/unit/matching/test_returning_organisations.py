"""A returning organisation in a new edition is ranked with the profile it
gave before the instance started: a regression test for a new edition that got
no recommendations after a restart (the profile was only in the store)."""

from datetime import date

from mongomock_motor import AsyncMongoMockClient

from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts.events import EditionCreated, OrganizationRegistered
from tests.helpers import matching_events as make


def _edition(slug: str, year: int) -> EditionCreated:
    return EditionCreated(edition=slug, title=slug, date=date(year, 5, 1))


def _registered(org: str, edition: str) -> OrganizationRegistered:
    return OrganizationRegistered(
        edition=edition, registration_id=f"{edition}-{org}", organization_id=org
    )


async def _store() -> MatchingStore:
    store = MatchingStore(AsyncMongoMockClient(tz_aware=True)["matching"])
    await store.create_indexes()
    return store


async def _listed(store: MatchingStore, edition: str) -> list[dict]:
    return await store.recommendations.pairs.find({"edition": edition, "withdrawn": False}).to_list(
        None
    )


async def test_a_fresh_instance_ranks_returning_organisations_in_a_new_edition() -> None:
    store = await _store()
    before_restart = Editions(store, make.publish_nowhere)
    await before_restart.handle(
        [
            _edition("y2026", 2026),
            make.profile("a", needs=["impact-measurement"], regions=["fyn"]),
            make.profile("b", offers=["impact-measurement"], regions=["fyn"]),
            _registered("a", "y2026"),
            _registered("b", "y2026"),
        ]
    )
    assert len(await _listed(store, "y2026")) == 1

    # A new process; the profiles are unchanged, so no profile event comes.
    after_restart = Editions(store, make.publish_nowhere)
    await after_restart.handle([_edition("y2027", 2027)])
    await after_restart.handle([_registered("a", "y2027"), _registered("b", "y2027")])
    [pair] = await _listed(store, "y2027")
    assert {r["kind"] for r in pair["reasons"]} >= {"complementary", "same-region"}
    assert pair["organization_a_name"] == "A"


async def test_an_older_profile_redelivered_after_a_restart_does_not_replace_the_newer() -> None:
    # Found by the crash test at 5,000 events: the newer profile was taken in
    # (and stored) before the restart, the older one is delivered again after
    # it, to a process that never saw the newer one.
    store = await _store()
    before_restart = Editions(store, make.publish_nowhere)
    await before_restart.handle(
        [
            _edition("y2026", 2026),
            make.profile("a", 2, offers=["volunteers"]),
            make.profile("b", needs=["volunteers"]),
            _registered("b", "y2026"),
        ]
    )
    after_restart = Editions(store, make.publish_nowhere)
    await after_restart.handle([_registered("b", "y2026")])  # loads the edition
    await after_restart.handle(
        [make.profile("a", 1, offers=["housing"]), _registered("a", "y2026")]
    )
    [pair] = await _listed(store, "y2026")
    assert [r["kind"] for r in pair["reasons"]] == ["complementary"]


async def test_a_profile_stored_by_a_release_before_versions_is_found_by_its_organisation() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["matching"]
    # One profile per organisation, under its id, without `organization_id`.
    await db["profiles"].insert_one(
        {"_id": "a", "version": 1, "name": "A", "offers": ["volunteers"]}
    )
    store = MatchingStore(db)
    await store.create_indexes()
    await store.create_indexes()  # a second start changes nothing
    editions = Editions(store, make.publish_nowhere)
    await editions.handle(
        [
            _edition("y2026", 2026),
            make.profile("b", needs=["volunteers"]),
            _registered("a", "y2026"),
            _registered("b", "y2026"),
        ]
    )
    [pair] = await _listed(store, "y2026")
    assert [r["kind"] for r in pair["reasons"]] == ["complementary"]
