"""What a route may ask of the request: the service's store, settings,
sessions and application, a client for the other services through the
gateway, and the check that guards the operations endpoints."""

from typing import Any

import httpx
from fastapi import HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials

from synergi_shared.runtime.auth import authenticate, require_role
from synergi_shared.runtime.sessions import EndedSessions
from synergi_shared.runtime.settings import Settings


def store_of(request: Request) -> Any:
    """The service's store, as a route dependency."""
    return request.app.state.store


def settings_of(request: Request) -> Settings:
    """The service's settings, for a route that needs one of them."""
    return request.app.state.settings  # type: ignore[no-any-return]


# Set by the gateway on every request it passes on: `open` for a caller in the
# scraper networks it allows, `token` for anyone else; read by /metrics and
# /lag. Absent when a service is reached directly (a scraper in the cluster).
OPERATIONS_HEADER = "X-Synergi-Operations"


def operations_access(request: Request) -> None:
    """Through the gateway, from outside the scraper network: the organiser's
    or a tool's token (metrics and lag tell how busy the platform is, and
    anonymous loops on them slowed every other answer)."""
    if request.headers.get(OPERATIONS_HEADER, "open") == "open":
        return
    credentials = request.headers.get("authorization", "")
    scheme, _, token = credentials.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "metrics and lag answer the scraper network, or an organiser's or tool's token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    principal = authenticate(
        request, HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)
    )
    require_role(principal, "organizer", "tool")


def gateway_client(
    request: Request, timeout: float, headers: dict[str, str] | None = None
) -> httpx.AsyncClient:
    """A client for the other services' APIs, through the gateway, with the
    caller's own token, so it reads nothing the caller could not; in the
    single-process mode, through the gateway in this process."""
    transport = getattr(request.app.state, "gateway_transport", None)
    base = request.app.state.settings.gateway_url if transport is None else "http://synergi"
    return httpx.AsyncClient(
        transport=transport,
        base_url=base,
        headers={"Authorization": request.headers["authorization"], **(headers or {})},
        timeout=timeout,
    )


def sessions_of(request: Request) -> EndedSessions:
    """The sessions ended before their tokens expire, as this instance knows them."""
    return request.app.state.sessions  # type: ignore[no-any-return]


def application_of(request: Request) -> Any:
    """The service's application object, as a route dependency."""
    return request.app.state.application
