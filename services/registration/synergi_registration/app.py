"""Composition root of the registration service: what it is made of, wired by
`build_service_app`."""

import asyncio
from typing import Any

from fastapi import FastAPI

from synergi_registration.handlers import Mailer, handle_event
from synergi_registration.routes import router
from synergi_registration.routes.imports import IMPORT_BYTES
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock, keep_asking_reminders, keep_retention
from synergi_shared.contracts.themes import DEFAULT_THEMES
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.service import ServiceSpec, build_service_app
from synergi_shared.runtime.settings import Settings

DESCRIPTION = (
    "Editions, organisation profiles and registrations for the impact day. "
    "Challenge themes: " + ", ".join(f"`{t}`" for t in DEFAULT_THEMES) + "."
)


async def keep_time(mailer: Mailer, settings: RegistrationSettings) -> None:
    clock.shift(settings.clock_shift_seconds)
    await asyncio.gather(
        keep_retention(mailer.store, settings.retention_check_seconds),
        keep_asking_reminders(mailer.store, settings),
    )


SERVICE = ServiceSpec(
    name="registration",
    description=DESCRIPTION,
    router=router,
    store=RegistrationStore,
    # Registration sends every mail: matching says when a follow-up is due,
    # workshops when someone moved up from the waitlist or checked in,
    # feedback who evaluated, and registration's own events carry the
    # invitations, new links and evaluation links to mail.
    consumes=[Topic.MATCHING, Topic.WORKSHOPS, Topic.FEEDBACK, Topic.REGISTRATION],
    on_event=handle_event,
    application=lambda store, _broker, settings: Mailer(store, settings),
    # Personal data and operational records erased when their time is up;
    # the reminders to evaluate asked for when theirs is.
    background=keep_time,
    settings=RegistrationSettings,
    # A mail program's one-click unsubscribe posts a form (RFC 8058).
    form_paths=["/unsubscribe"],
    large_bodies={"/organizations/imports": IMPORT_BYTES},
)


def create_app(settings: Settings | None = None, **shared: Any) -> FastAPI:
    """The app; `shared` holds the single-process mode's broker and Mongo client."""
    return build_service_app(SERVICE, settings, **shared)
