"""Composition root of the workshops service."""

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.outbox import Outbox
from synergi_shared.runtime.service import build_service_app
from synergi_shared.runtime.settings import Settings
from synergi_workshops.handlers import handle_registration_event
from synergi_workshops.routes import router
from synergi_workshops.store import WorkshopsStore

NAME = "workshops"
DESCRIPTION = (
    "The workshop programme of an edition, sign-ups with capacity and a waitlist, "
    "and check-in at the door. Participants are known from registration events."
)


def create_app(
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    settings = settings or Settings()

    async def setup_store(app: FastAPI, db: AsyncDatabase, outbox: Outbox) -> list[AsyncCollection]:
        store = WorkshopsStore(db, outbox)
        await store.create_indexes()
        app.state.store = store
        return store.outbox_collections

    async def on_registration_event(event: Event) -> None:
        await handle_registration_event(app.state.store, event)

    app = build_service_app(
        NAME,
        settings,
        description=DESCRIPTION,
        routers=[router],
        publishes=[Topic.WORKSHOPS],
        setup_store=setup_store,
        consumes=[Topic.REGISTRATION],
        on_event=on_registration_event,
        broker=broker,
        mongo_client=mongo_client,
    )
    return app
