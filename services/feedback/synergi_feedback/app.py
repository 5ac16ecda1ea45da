"""Composition root of the feedback service."""

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.service import build_service_app
from synergi_shared.settings import Settings

NAME = "feedback"
DESCRIPTION = "The evaluation: ratings, tips and ambitions, follow-up wishes, and the summary."


def create_app(
    settings: Settings | None = None,
    *,
    broker: KafkaBroker | None = None,
    mongo_client: AsyncMongoClient | None = None,
) -> FastAPI:
    async def setup_store(app: FastAPI, db: AsyncDatabase) -> list[AsyncCollection]:
        return []  # nothing stored yet: the service grows in its own issue

    return build_service_app(
        NAME,
        settings or Settings(),
        description=DESCRIPTION,
        routers=[],
        setup_store=setup_store,
        broker=broker,
        mongo_client=mongo_client,
    )
