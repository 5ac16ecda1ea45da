"""Composition root of the registration service."""

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_registration.routes import router
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.themes import DEFAULT_THEMES
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.outbox import Outbox
from synergi_shared.runtime.service import build_service_app
from synergi_shared.runtime.settings import Settings

NAME = "registration"
DESCRIPTION = (
    "Editions, organisation profiles and registrations for the impact day. "
    "Challenge themes: " + ", ".join(f"`{t}`" for t in DEFAULT_THEMES) + "."
)


def create_app(
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    async def setup_store(app: FastAPI, db: AsyncDatabase, outbox: Outbox) -> list[AsyncCollection]:
        store = RegistrationStore(db, outbox)
        await store.create_indexes()
        app.state.store = store
        return store.outbox_collections

    return build_service_app(
        NAME,
        settings or Settings(),
        description=DESCRIPTION,
        routers=[router],
        publishes=[Topic.REGISTRATION],
        setup_store=setup_store,
        broker=broker,
        mongo_client=mongo_client,
    )
