"""Composition root of the matching service."""

from functools import partial

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_matching.editions import SOURCE, Editions
from synergi_matching.routes import router
from synergi_matching.store import MatchingStore
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.broker import publish_all
from synergi_shared.runtime.outbox import Outbox
from synergi_shared.runtime.service import build_service_app
from synergi_shared.runtime.settings import Settings

NAME = "matching"
DESCRIPTION = (
    "Explained partnership recommendations, kept current from registration, "
    "attendance and feedback events, and the pull API other tools use."
)


def create_app(
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    settings = settings or Settings()

    async def setup_store(app: FastAPI, db: AsyncDatabase, outbox: Outbox) -> list[AsyncCollection]:
        store = MatchingStore(db)
        await store.create_indexes()
        app.state.store = store
        app.state.editions = Editions(store, partial(publish_all, app.state.broker, SOURCE))
        return store.outbox_collections

    async def on_events(events: list[Event]) -> None:
        await app.state.editions.handle(events)

    app = build_service_app(
        NAME,
        settings,
        description=DESCRIPTION,
        routers=[router],
        publishes=[Topic.MATCHING],
        setup_store=setup_store,
        consumes=[Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK],
        on_batch=on_events,
        broker=broker,
        mongo_client=mongo_client,
    )
    return app
