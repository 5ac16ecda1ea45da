"""Composition root of the workshops service: what it is made of, wired by
`build_service_app`."""

from typing import Any

from fastapi import FastAPI

from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings
from synergi_workshops.handlers import handle_events
from synergi_workshops.routes import router
from synergi_workshops.settings import WorkshopsSettings
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases import clock
from synergi_workshops.usecases.meetings import keep_expiring

DESCRIPTION = (
    "The workshop programme of an edition, sign-ups with capacity and a waitlist, "
    "check-in at the door, and meetings between recommended partners. Participants "
    "are known from registration events, the recommended pairs from matching's."
)


async def keep_time(store: WorkshopsStore, settings: WorkshopsSettings) -> None:
    clock.shift(settings.clock_shift_seconds)
    await keep_expiring(store, settings.meeting_check_seconds)


SERVICE = ServiceSpec(
    name="workshops",
    description=DESCRIPTION,
    router=router,
    store=WorkshopsStore,
    # Registration's events say who takes part; matching's, which pairs may meet.
    consumes=[Topic.REGISTRATION, Topic.MATCHING],
    on_batch=handle_events,
    # Meeting requests unanswered in time expire; notes kept long enough go.
    background=keep_time,
    settings=WorkshopsSettings,
)


def create_app(settings: Settings | None = None, **shared: Any) -> FastAPI:
    """The app; `shared` holds the single-process mode's broker and Mongo client."""
    return build_service_app(SERVICE, settings, **shared)
