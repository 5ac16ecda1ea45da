"""Composition root of the matching service: what it is made of, wired by
`build_service_app`."""

from functools import partial
from typing import Any

from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from synergi_matching.routes import router
from synergi_matching.settings import MatchingSettings
from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions, follow_ups
from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.broker import publish_all
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings

DESCRIPTION = (
    "Explained partnership recommendations, kept current from registration, "
    "attendance and feedback events, and the pull API other tools use."
)


def make_editions(store: MatchingStore, broker: KafkaBroker, _settings: Settings) -> Editions:
    """The in-memory editions, which publish their changes themselves."""
    return Editions(store, partial(publish_all, broker))


async def handle_batch(editions: Editions, events: list[Event]) -> None:
    await editions.handle(events)


async def keep_time(editions: Editions, settings: MatchingSettings) -> None:
    """Once, the pairs listed before registration and workshops kept them;
    then the follow-up rounds as they fall due."""
    await editions.announce_listed_pairs()
    await follow_ups.keep_scheduling(editions.store, settings)


SERVICE = ServiceSpec(
    name="matching",
    description=DESCRIPTION,
    router=router,
    store=MatchingStore,
    consumes=[Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK],
    on_batch=handle_batch,
    application=make_editions,
    background=keep_time,
    settings=MatchingSettings,
)


def create_app(settings: Settings | None = None, **shared: Any) -> FastAPI:
    """The app; `shared` holds the single-process mode's broker and Mongo client."""
    return build_service_app(SERVICE, settings, **shared)
