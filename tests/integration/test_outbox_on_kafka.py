"""The registration store's outbox on FerretDB, relayed to real Kafka."""

import uuid
from datetime import date

import pytest
from pymongo import AsyncMongoClient

from synergi_registration import usecases
from synergi_registration.schemas import EditionCreate, OrganizationCreate, RegistrationCreate
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.outbox import OutboxRelay
from synergi_shared.runtime.settings import Settings
from tests.helpers.infra import read_topic


@pytest.fixture
async def store(infra_settings: Settings, mongo_client: AsyncMongoClient) -> RegistrationStore:
    store = RegistrationStore(mongo_client[infra_settings.database_name("registration")])
    await store.create_indexes()
    return store


async def register_two(store: RegistrationStore) -> tuple[str, list[str]]:
    slug = f"edition-{uuid.uuid4().hex[:8]}"
    await usecases.create_edition(
        store, EditionCreate(slug=slug, title="Indsatsdag", date=date(2030, 5, 1)).command()
    )
    orgs = []
    for name in ("A", "B"):
        org = await usecases.create_organization(
            store, OrganizationCreate(name=name, size="small").command()
        )
        await usecases.register(
            store,
            slug,
            RegistrationCreate(
                organization_id=org["organization_id"],
                participants=[{"name": "Anna", "email": "anna@example.org", "role": "staff"}],
            ).command(),
        )
        orgs.append(org["organization_id"])
    return slug, orgs


def about(slug: str, orgs: list[str]):
    return lambda record: record.key in (slug, *orgs)


async def test_relay_publishes_cloudevents_in_binary_mode_in_order_per_organisation(
    store, publisher, kafka_bootstrap
) -> None:
    slug, orgs = await register_two(store)
    relay = OutboxRelay(publisher, store.outbox, store.outbox_collections, poll_seconds=1)
    assert await relay.relay_pending() == 5  # edition, two profiles, two registrations
    assert await relay.relay_pending() == 0  # the outbox is empty now

    records = await read_topic(kafka_bootstrap, Topic.REGISTRATION, about(slug, orgs), count=5)
    types = [r.headers["ce_type"].split(".")[2] for r in records if r.key == orgs[0]]
    assert types == ["organization-profile-updated", "organization-registered"]
    registered = next(
        r for r in records if r.headers["ce_type"].endswith("registered.v1") and r.key == orgs[0]
    )
    headers = registered.headers
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_source"] == "/synergi/registration"
    assert headers["ce_subject"].startswith(f"editions/{slug}/registrations/")
    assert headers["ce_id"] and headers["ce_time"]
    assert headers["traceparent"].startswith("00-")
    assert registered.data["organization_id"] == orgs[0]
    # Events carry ids and roles, never names or e-mail addresses.
    assert registered.data["participants"][0].keys() == {"participant_id", "role"}
    assert b"anna" not in registered.value.lower()


class CrashAfterPublish(OutboxRelay):
    """Dies between Kafka's acknowledgement and the outbox clean-up."""

    async def _publish(self, entry) -> None:
        await super()._publish(entry)
        raise SystemExit("killed")


async def test_events_written_before_a_crash_are_delivered_by_the_next_relay(
    store, publisher, kafka_bootstrap
) -> None:
    # The process wrote its registrations and died before relaying any of them.
    slug, orgs = await register_two(store)
    # The next one dies right after the first publish, before pulling it.
    with pytest.raises(SystemExit):
        await CrashAfterPublish(
            publisher, store.outbox, store.outbox_collections, 1
        ).relay_pending()
    # After the restart, everything goes out.
    assert (
        await OutboxRelay(publisher, store.outbox, store.outbox_collections, 1).relay_pending() == 5
    )

    records = await read_topic(
        kafka_bootstrap, Topic.REGISTRATION, about(slug, orgs), count=6, settle=1
    )
    ids = [r.headers["ce_id"] for r in records]
    assert len(set(ids)) == 5  # every event arrived
    assert len(ids) == 6  # and the one published before the crash twice, with the same id


async def test_relay_publishes_and_clears_the_entries_handed_over_without_a_scan(
    store, publisher, kafka_bootstrap
) -> None:
    relay = OutboxRelay(publisher, store.outbox, store.outbox_collections, poll_seconds=60)
    try:
        slug, orgs = await register_two(store)
        assert await relay.relay_written() == 5
        # The entries as handed over equal what FerretDB stored, so its
        # `$pull` took each one out.
        for collection in store.outbox_collections:
            for doc_id in (slug, *orgs):
                assert (
                    await collection.count_documents({"_id": doc_id, "outbox.0": {"$exists": True}})
                    == 0
                )
        records = await read_topic(kafka_bootstrap, Topic.REGISTRATION, about(slug, orgs), count=5)
        assert sorted(r.key for r in records) == sorted([slug, *orgs, *orgs])
    finally:
        relay.stop()
