"""Fixtures for the component tests: whole HTTP apps in one process, on the
in-memory broker and database (no servers, no network)."""

from collections.abc import AsyncIterator

import httpx
import pytest

from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for every service in one process (in-memory broker and store)."""
    gateway = create_single_process_app(settings)
    async with gateway.lifespan():
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            yield client


@pytest.fixture
def organizer(auth) -> dict[str, str]:
    return auth()
