"""Registration's guarantees on FerretDB (use cases and store), under concurrency."""

import asyncio
from dataclasses import replace
from datetime import date
from unittest.mock import patch

import pytest
from pymongo import AsyncMongoClient

from synergi_registration import usecases
from synergi_registration.commands import Register
from synergi_registration.schemas import (
    EditionCreate,
    OrganizationCreate,
    OrganizationUpdate,
    RegistrationCreate,
)
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.errors import Conflict, NotFound, Unauthorized
from synergi_shared.runtime.outbox import OUTBOX


@pytest.fixture
async def store(infra_settings, mongo_client: AsyncMongoClient) -> RegistrationStore:
    store = RegistrationStore(mongo_client[infra_settings.database_name("registration")])
    await store.create_indexes()
    return store


EDITION = EditionCreate(slug="impact-2026", title="Indsatsdag", date=date(2030, 5, 1)).command()


async def test_a_duplicate_slug_is_a_conflict_and_the_first_edition_stays(store) -> None:
    await usecases.create_edition(store, EDITION)
    with pytest.raises(Conflict, match="already exists"):
        await usecases.create_edition(store, replace(EDITION, title="Other"))
    assert (await store.get_edition("impact-2026"))["title"] == "Indsatsdag"


async def test_of_simultaneous_registrations_of_one_organisation_exactly_one_wins(store) -> None:
    await usecases.create_edition(store, EDITION)
    org = await usecases.create_organization(
        store, OrganizationCreate(name="A", size="small").command()
    )
    body = RegistrationCreate(
        organization_id=org["organization_id"],
        participants=[{"name": "A", "email": "a@example.org"}],
    ).command()
    results = await asyncio.gather(
        *(usecases.register(store, "impact-2026", body) for _ in range(8)), return_exceptions=True
    )
    assert sum(isinstance(r, dict) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if not isinstance(r, dict))
    stored = await store.registrations.find({}).to_list(None)
    assert len(stored) == 1
    assert len(stored[0][OUTBOX]) == 1  # one event, for the one registration


async def test_concurrent_profile_updates_each_get_their_own_version(store) -> None:
    org = await usecases.create_organization(
        store, OrganizationCreate(name="A", size="small").command()
    )
    org_id = org["organization_id"]
    updates = [OrganizationUpdate(regions=[f"region-{i}"]).command() for i in range(4)]
    results = await asyncio.gather(
        *(usecases.update_organization(store, org_id, u) for u in updates)
    )
    assert sorted(r["version"] for r in results) == [2, 3, 4, 5]
    assert (await store.get_organization(org_id))["version"] == 5
    snapshots = [
        entry["data"]["version"]
        async for doc in store.organizations.find({"organization_id": org_id})
        for entry in doc[OUTBOX]
    ]
    assert sorted(snapshots) == [1, 2, 3, 4, 5]  # one snapshot event per version, none lost


async def test_erasure_deletes_name_and_email_from_the_stored_document(store) -> None:
    await usecases.create_edition(store, EDITION)
    org = await usecases.create_organization(
        store, OrganizationCreate(name="A", size="small").command()
    )
    doc = await usecases.register(
        store,
        "impact-2026",
        RegistrationCreate(
            organization_id=org["organization_id"],
            participants=[
                {"name": "Anna Jensen", "email": "anna@example.org", "role": "staff"},
                {"name": "Bo Holm", "email": "bo@example.org"},
            ],
        ).command(),
    )
    anna = doc["participants"][0]["id"]
    await usecases.set_consent(store, anna, True)
    await usecases.erase_participant(store, anna)

    raw = await store.registrations.find_one({"_id": doc["_id"]})
    text = str(raw)
    assert "Anna" not in text and "anna@example.org" not in text  # gone, not flagged
    assert "Bo Holm" in text
    [stub] = [p for p in raw["participants"] if p["id"] == anna]
    assert set(stub) == {"id", "role", "erased_at"}
    erased_events = [e for e in raw[OUTBOX] if e["type"].endswith("participant-erased.v1")]
    assert [e["data"] for e in erased_events] == [
        {"participant_id": anna, "organization_id": org["organization_id"]}
    ]


def _one_person(organization_id: str) -> Register:
    return RegistrationCreate(
        organization_id=organization_id, participants=[{"name": "A", "email": "a@example.org"}]
    ).command()


async def test_a_registration_reads_an_edition_and_an_organisation_only_once(store) -> None:
    await usecases.create_edition(store, EDITION)
    a, b = [
        (
            await usecases.create_organization(
                store, OrganizationCreate(name=n, size="small").command()
            )
        )["organization_id"]
        for n in "AB"
    ]
    await usecases.register(store, "impact-2026", _one_person(a))  # reads the edition
    unread = AssertionError("read again")
    with (
        patch.object(store.editions, "find_one", side_effect=unread),
        patch.object(store.organizations, "find_one", side_effect=unread),
    ):
        doc = await usecases.register(store, "impact-2026", _one_person(b))
        assert doc["organization_id"] == b
    assert await store.registrations.count_documents({"edition": "impact-2026"}) == 2


async def test_an_unknown_organisation_is_not_remembered_as_unknown(store) -> None:
    await usecases.create_edition(store, EDITION)
    other_instance = RegistrationStore(store.registrations.database)
    org = await usecases.create_organization(
        store, OrganizationCreate(name="A", size="small").command()
    )
    await store.organizations.delete_many({"organization_id": org["organization_id"]})
    with pytest.raises(NotFound):
        await usecases.register(other_instance, "impact-2026", _one_person(org["organization_id"]))
    # Written again (as if another instance's write had just landed): now it is found.
    await store.organizations.insert_one(org)
    registered = await usecases.register(
        other_instance, "impact-2026", _one_person(org["organization_id"])
    )
    assert registered["organization_id"] == org["organization_id"]


async def test_a_sign_in_code_tried_many_times_at_once_signs_in_once(store) -> None:
    code, _ = await usecases.make_sign_in_link(store, None, ttl_seconds=60)
    results = await asyncio.gather(
        *(usecases.sign_in(store, code) for _ in range(20)), return_exceptions=True
    )
    assert sum(isinstance(r, dict) for r in results) == 1
    assert all(isinstance(r, Unauthorized) for r in results if not isinstance(r, dict))
