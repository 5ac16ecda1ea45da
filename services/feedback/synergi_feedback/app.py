"""Composition root of the feedback service."""

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_feedback.handlers import handle_event
from synergi_feedback.routes import router
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.outbox import Outbox
from synergi_shared.runtime.service import build_service_app
from synergi_shared.runtime.settings import Settings

NAME = "feedback"
DESCRIPTION = (
    "The evaluation after the day: ratings, tips and ambitions, follow-up wishes, "
    "and the summary the foundation reads. Participants, workshops and attendance "
    "are known from registration and workshops events."
)


def create_app(
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    settings = settings or Settings()

    async def setup_store(app: FastAPI, db: AsyncDatabase, outbox: Outbox) -> list[AsyncCollection]:
        store = FeedbackStore(db, outbox)
        await store.create_indexes()
        app.state.store = store
        return store.outbox_collections

    async def on_event(event: Event) -> None:
        await handle_event(app.state.store, event)

    app = build_service_app(
        NAME,
        settings,
        description=DESCRIPTION,
        routers=[router],
        publishes=[Topic.FEEDBACK],
        setup_store=setup_store,
        consumes=[Topic.REGISTRATION, Topic.WORKSHOPS],
        on_event=on_event,
        broker=broker,
        mongo_client=mongo_client,
    )
    return app
