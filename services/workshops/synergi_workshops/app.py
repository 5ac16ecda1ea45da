"""Composition root of the workshops service: what it is made of, wired by
`build_service_app`."""

from typing import Any

from fastapi import FastAPI

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings
from synergi_workshops.handlers import handle_registration_event
from synergi_workshops.routes import router
from synergi_workshops.store import WorkshopsStore

DESCRIPTION = (
    "The workshop programme of an edition, sign-ups with capacity and a waitlist, "
    "and check-in at the door. Participants are known from registration events."
)


SERVICE = ServiceSpec(
    name="workshops",
    description=DESCRIPTION,
    router=router,
    store=WorkshopsStore,
    consumes=[Topic.REGISTRATION],
    on_event=handle_registration_event,
)


def create_app(settings: Settings | None = None, **shared: Any) -> FastAPI:
    """The app; `shared` holds the single-process mode's broker and Mongo client."""
    return build_service_app(SERVICE, settings, **shared)
