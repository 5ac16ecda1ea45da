"""Composition root of the feedback service: what it is made of, wired by
`build_service_app`."""

from typing import Any

from fastapi import FastAPI

from synergi_feedback.handlers import handle_event
from synergi_feedback.routes import router
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings

DESCRIPTION = (
    "The evaluation after the day: ratings, tips and ambitions, follow-up wishes, "
    "and the summary the foundation reads. Participants, workshops and attendance "
    "are known from registration and workshops events."
)


SERVICE = ServiceSpec(
    name="feedback",
    description=DESCRIPTION,
    router=router,
    store=FeedbackStore,
    consumes=[Topic.REGISTRATION, Topic.WORKSHOPS],
    on_event=handle_event,
)


def create_app(settings: Settings | None = None, **shared: Any) -> FastAPI:
    """The app; `shared` holds the single-process mode's broker and Mongo client."""
    return build_service_app(SERVICE, settings, **shared)
