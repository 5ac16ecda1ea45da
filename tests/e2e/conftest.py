"""End-to-end: the four services as separate processes (`synergi serve`) on real
Kafka and FerretDB, driven over HTTP."""

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import TEST_SECRET
from tests.integration.conftest import start_group_at_the_end

SERVICES = ("registration", "workshops", "feedback", "matching")
READY_TIMEOUT_SECONDS = 60
SYNERGI = Path(sys.executable).with_name("synergi")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(
    instances: list[tuple[str, str]], env: dict[str, str], logs: Path
) -> Iterator[dict[str, str]]:
    """Start `synergi serve` for each (instance name, service); yield the base URL
    of each instance once all are ready; stop them all afterwards."""
    urls, processes = {}, {}
    try:
        for instance, service in instances:
            port = _free_port()
            urls[instance] = f"http://127.0.0.1:{port}/{service}"
            with open(logs / f"{instance}.log", "wb") as log:
                processes[instance] = subprocess.Popen(
                    [str(SYNERGI), "serve", service, "--port", str(port)],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        _wait_until_ready(urls, processes, logs)
        yield urls
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def service_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "SYNERGI_ENVIRONMENT": "test",
        "SYNERGI_JWT_SECRET": TEST_SECRET,
        "SYNERGI_MONGO_DATABASE_PREFIX": f"e2e{uuid.uuid4().hex[:8]}",
        "SYNERGI_OUTBOX_POLL_SECONDS": "0.5",
        **extra,
    }


# Package scope: the services stop when the e2e tests are done, so they never
# consume (and answer) other tests' events.
@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URL of each service, all started and ready."""
    logs = tmp_path_factory.mktemp("e2e-logs")
    env = service_env(SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX=f"e2e{uuid.uuid4().hex[:8]}-")
    for name in SERVICES:
        asyncio.run(start_group_at_the_end(env["SYNERGI_KAFKA_CONSUMER_GROUP_PREFIX"] + name))
    with serving([(name, name) for name in SERVICES], env, logs) as urls:
        yield urls


def _wait_until_ready(urls: dict[str, str], processes, logs: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    waiting = dict(urls)
    while waiting:
        for name, url in list(waiting.items()):
            if processes[name].poll() is not None:
                pytest.fail(f"{name} exited:\n{(logs / f'{name}.log').read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    del waiting[name]
            except httpx.TransportError:
                pass
        if time.monotonic() > deadline:
            details = "\n".join(
                f"--- {n}\n{(logs / f'{n}.log').read_text()[-2000:]}" for n in waiting
            )
            pytest.fail(
                f"not ready after {READY_TIMEOUT_SECONDS}s: {', '.join(waiting)}\n{details}"
            )
        time.sleep(0.3)
