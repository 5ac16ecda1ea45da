"""Fixtures for the component tests: whole HTTP apps in one process, on the
in-memory broker and database (no servers, no network)."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from email import message_from_bytes
from email.message import Message

import httpx
import pytest
from aiosmtpd.controller import Controller

from synergi_shared.runtime import unheard_of
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app
from tests.helpers.evaluation_day import F, retrying
from tests.helpers.processes import free_port


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[object]:
    """Every service in one process (in-memory broker and store), started;
    `gateway.apps[name].state.store` reaches a service's store."""
    made = create_single_process_app(settings)
    async with made.lifespan():
        yield made


@pytest.fixture
async def api(gateway) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for every service in one process."""
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
        yield client


@pytest.fixture
def window_closed(monkeypatch) -> None:
    """What a service has not heard of is a 404 at once, as after the "not yet"
    window (`synergi_shared.runtime.unheard_of.require_known`)."""
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)


@pytest.fixture
def organizer(auth) -> dict[str, str]:
    return auth()


@pytest.fixture
async def day(api: httpx.AsyncClient, organizer) -> dict:
    """Two organisations; Anna (A) and Bo (B) attended one workshop, Carl (A) none."""
    await api.post(
        "/registration/editions",
        json={"slug": "impact-2026", "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    orgs, people = {}, {}
    for org_name, names in (("A", ["Anna", "Carl"]), ("B", ["Bo"])):
        org = (
            await api.post(
                "/registration/organizations",
                json={"name": org_name, "size": "small"},
                headers=organizer,
            )
        ).json()["id"]
        registration = await api.post(
            "/registration/editions/impact-2026/registrations",
            json={
                "organization_id": org,
                "participants": [{"name": n, "email": f"{n.lower()}@example.org"} for n in names],
            },
            headers=organizer,
        )
        orgs[org_name] = org
        for name, participant in zip(names, registration.json()["participants"], strict=True):
            people[name] = participant["id"]

    async def create_workshop() -> httpx.Response:
        body = {"title": "Samskabelse", "theme": "co-creation", "round": 1, "capacity": 10}
        return await api.post(
            "/workshops/editions/impact-2026/workshops", json=body, headers=organizer
        )

    for _ in range(100):
        created = await create_workshop()
        if created.status_code == 201:
            break
        await asyncio.sleep(0.02)
    workshop = created.json()["id"]
    for name in ("Anna", "Bo"):
        checked = await retrying(
            lambda name=name: api.post(
                f"/workshops/editions/impact-2026/workshops/{workshop}/checkins",
                json={"participant_id": people[name]},
                headers=organizer,
            )
        )
        assert checked.status_code == 201, checked.text
    for _ in range(200):  # until both check-ins have reached the feedback service
        summary = await api.get(f"{F}/summary", headers=organizer)
        if summary.status_code == 200 and summary.json()["checked_in"] == 2:
            break
        await asyncio.sleep(0.02)
    return {"orgs": orgs, "people": people, "workshop": workshop}


class Inbox:
    """An SMTP server's handler on loopback, keeping what it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
