"""The installed services, found through the `synergi.services` entry point group,
so the shared kernel never imports a service."""

from importlib.metadata import entry_points
from typing import Any, Protocol

from fastapi import FastAPI

from synergi_shared.runtime.settings import Settings

# The order the single-process mode lists them in.
SERVICE_ORDER = ("registration", "workshops", "feedback", "matching")


class ServiceFactory(Protocol):
    def __call__(self, settings: Settings | None = None, **injected: Any) -> FastAPI: ...


def service_factories() -> dict[str, ServiceFactory]:
    found = {ep.name: ep for ep in entry_points(group="synergi.services")}
    ordered = [name for name in SERVICE_ORDER if name in found]
    ordered += sorted(set(found) - set(ordered))
    return {name: found[name].load() for name in ordered}
