"""The services as separate processes (`synergi serve`) on real Kafka and
FerretDB: starting them, waiting for them, talking to them, and waiting for
what they do."""

import asyncio
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient

from synergi_shared.contracts.events import Event
from synergi_shared.contracts.topics import Topic
from synergi_shared.runtime.kafka_admin import group_positions, publish_events
from tests.helpers import TEST_SECRET
from tests.helpers.infra import KAFKA, start_group_at_the_end

SERVICES = ("registration", "workshops", "feedback", "matching")
READY_TIMEOUT_SECONDS = 60
SYNERGI = Path(sys.executable).with_name("synergi")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServiceProcess:
    """One `synergi serve` process, its log in `logs/<instance>.log`."""

    def __init__(self, instance: str, service: str, env: dict[str, str], logs: Path) -> None:
        self.instance, self.service, self.env, self.logs = instance, service, env, logs
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/{service}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> "ServiceProcess":
        with open(self.logs / f"{self.instance}.log", "ab") as log:
            self.process = subprocess.Popen(
                [str(SYNERGI), "serve", self.service, "--port", str(self.port)],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown, no last commit, as when a machine dies."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def log(self) -> str:
        return (self.logs / f"{self.instance}.log").read_text(errors="replace")


def wait_until_ready(processes: list[ServiceProcess]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    waiting = list(processes)
    while waiting:
        for service in list(waiting):
            assert service.process is not None
            if service.process.poll() is not None:
                pytest.fail(f"{service.instance} exited:\n{service.log()[-3000:]}")
            try:
                if httpx.get(f"{service.url}/readyz", timeout=2).status_code == 200:
                    waiting.remove(service)
            except httpx.TransportError:
                pass
        if time.monotonic() > deadline:
            details = "\n".join(f"--- {s.instance}\n{s.log()[-2000:]}" for s in waiting)
            names = ", ".join(s.instance for s in waiting)
            pytest.fail(f"not ready after {READY_TIMEOUT_SECONDS}s: {names}\n{details}")
        time.sleep(0.3)


@contextmanager
def serving(
    instances: list[tuple[str, str]], env: dict[str, str], logs: Path
) -> Iterator[dict[str, str]]:
    """Start `synergi serve` for each (instance name, service); yield the base URL
    of each instance once all are ready; stop them all afterwards."""
    with running(instances, env, logs) as processes:
        yield {name: process.url for name, process in processes.items()}


@contextmanager
def running(
    instances: list[tuple[str, str]], env: dict[str, str], logs: Path
) -> Iterator[dict[str, ServiceProcess]]:
    """As `serving`, yielding the processes themselves (to kill or restart)."""
    processes = {name: ServiceProcess(name, service, env, logs) for name, service in instances}
    try:
        for process in processes.values():
            process.start()
        wait_until_ready(list(processes.values()))
        yield processes
    finally:
        for process in processes.values():
            process.stop()


@contextmanager
def gateway_for(processes: dict[str, ServiceProcess], port: int) -> Iterator[str]:
    """A stand-in for the gateway, for GETs only (what the board report
    reads): `/<service>/...` goes to that service's process."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    roots = {p.service: p.url.removesuffix(f"/{p.service}") for p in processes.values()}

    class Forward(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            root = roots.get(self.path.lstrip("/").split("/", 1)[0])
            if root is None:
                self.send_error(404)
                return
            wanted = {k: v for k, v in self.headers.items() if k.lower() in FORWARDED}
            answer = httpx.get(root + self.path, headers=wanted, timeout=30)
            self.send_response(answer.status_code)
            for name in ("content-type", "x-total-count", "link"):
                if name in answer.headers:
                    self.send_header(name, answer.headers[name])
            self.send_header("content-length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


FORWARDED = {"authorization", "accept-language"}


def eventually(call, ok, seconds: float = 60) -> httpx.Response:
    """Call until `ok(response)` or `seconds` have passed; the last response."""
    deadline = time.monotonic() + seconds
    while True:
        response = call()
        if ok(response) or time.monotonic() > deadline:
            return response
        time.sleep(0.3)


def new_edition(registration: str, headers: dict[str, str], prefix: str) -> str:
    """A new edition, through the registration service at `registration`; its slug."""
    slug = f"{prefix}-{uuid.uuid4().hex[:8]}"
    body = {"slug": slug, "title": "T", "date": "2030-05-01"}
    created = httpx.post(f"{registration}/editions", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return slug


def new_organization(registration: str, headers: dict[str, str], name: str, size: str) -> str:
    """A new organisation's id; its name made unique, as the stack is shared."""
    body = {"name": f"{name} {uuid.uuid4().hex[:6]}", "size": size}
    created = httpx.post(f"{registration}/organizations", json=body, headers=headers)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def schedule_workshop(
    post: Callable[..., httpx.Response], path: str, *, title: str = "W", capacity: int = 5
) -> str:
    """A round-1 co-creation workshop at `path` (`.../editions/{slug}/workshops`),
    as soon as the workshops service knows the edition; its id."""
    body = {"title": title, "theme": "co-creation", "round": 1, "capacity": capacity}
    created = eventually(lambda: post(path, json=body), lambda r: r.status_code == 201)
    assert created.status_code == 201, created.text
    return created.json()["id"]


def service_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SYNERGI_ENVIRONMENT": "test",
        "SYNERGI_JWT_SECRET": TEST_SECRET,
        "SYNERGI_MONGO_DATABASE_PREFIX": f"e2e{uuid.uuid4().hex[:8]}",
        "SYNERGI_OUTBOX_POLL_SECONDS": "0.5",
        **extra,
    }


async def publish(events: list[Event], rng: random.Random) -> None:
    """Every event once, a third of them twice, in a shuffled order."""
    delivered = events + rng.sample(events, len(events) // 3)
    rng.shuffle(delivered)
    await publish_events(KAFKA, delivered, "/tests")


async def members_with_partitions(group: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    try:
        [description] = await admin.describe_consumer_groups([group])
        return sum(1 for member in description.groups[0][5] if member[4])
    finally:
        await admin.close()


async def recommendations(db, edition: str) -> dict[str, tuple[float, list[str]]]:
    query = {"edition": edition, "withdrawn": False}
    docs = await db["recommendations"].find(query).to_list(None)
    return {d["_id"]: (d["score"], [r["kind"] for r in d["reasons"]]) for d in docs}


# What each consuming service reads (as its app.py subscribes).
CONSUMES = {
    "registration": [Topic.MATCHING],  # the follow-up e-mails
    "workshops": [Topic.REGISTRATION],
    "feedback": [Topic.REGISTRATION, Topic.WORKSHOPS],
    "matching": [Topic.REGISTRATION, Topic.WORKSHOPS, Topic.FEEDBACK],
}


async def group_lag(group: str) -> int:
    """How many events the consumer group `<prefix><service>` has not committed yet."""
    service = next(name for name in CONSUMES if group.endswith(f"-{name}"))
    positions = await group_positions(KAFKA, group, CONSUMES[service])
    return sum(end - committed for end, committed in positions.values())


async def wait_for(condition, seconds: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + seconds
    while not (result := await condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {seconds:.0f}s waiting for {what}")
        await asyncio.sleep(interval)
    return result


async def fresh_env(run: str) -> dict[str, str]:
    """Environment for one test's services: their own databases and consumer
    groups, the groups starting at the current end of the topics."""
    env = service_env(SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"f{run}-")
    env["SYNERGI_MONGO_DATABASE_PREFIX"] = f"f{run}"
    for service in CONSUMES:
        await start_group_at_the_end(f"f{run}-{service}")
    return env


def client(process: ServiceProcess, token: str) -> httpx.Client:
    # A bounded timeout: a request that hangs fails the test, as it would fail a user.
    return httpx.Client(
        base_url=process.url, headers={"Authorization": f"Bearer {token}"}, timeout=15
    )


def kinds(recommendations: httpx.Response, partner: str) -> set[str]:
    """The reason kinds of `partner` in an organisation's recommendations."""
    return {
        reason["kind"]
        for rec in recommendations.json().get("recommendations", [])
        if rec["partner_id"] == partner
        for reason in rec["reasons"]
    }
