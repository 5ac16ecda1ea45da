"""A store kept from before workshops knew organisations' names and sizes
announces every current profile once more, the same version, through the
outbox; and never again."""

from mongomock_motor import AsyncMongoMockClient

from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.events import OrganizationProfileUpdated
from synergi_shared.runtime.outbox import OUTBOX


async def test_every_current_profile_is_announced_once() -> None:
    db = AsyncMongoMockClient(tz_aware=True)["registration"]
    store = RegistrationStore(db)
    await store.create_indexes()  # a fresh store: nothing to announce
    for version, size in ((1, "small"), (2, "medium")):
        doc = {
            "_id": f"org@{version}",
            "organization_id": "org",
            "name": "Mor-Barn Fyn",
            "size": size,
            "version": version,
        }
        await store.insert_profile_version(doc, OrganizationProfileUpdated.model_validate(doc))
    await db["organizations"].update_many({}, {"$set": {OUTBOX: []}})  # published long ago
    await db["announcements"].delete_many({})  # as a store from before this was kept

    await RegistrationStore(db).create_indexes()
    outboxes = {doc["_id"]: doc[OUTBOX] async for doc in db["organizations"].find()}
    assert outboxes["org@1"] == []
    (entry,) = outboxes["org@2"]
    assert entry["type"] == OrganizationProfileUpdated.type
    await RegistrationStore(db).create_indexes()
    assert len((await db["organizations"].find_one({"_id": "org@2"}))[OUTBOX]) == 1
