"""End-to-end: the four services as separate processes (`synergi serve`) on real
Kafka and FerretDB, driven over HTTP."""

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import TEST_SECRET
from tests.helpers.infra import start_group_at_the_end
from tests.helpers.platform import free_ports
from tests.helpers.processes import SERVICES, service_env, serving


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


@pytest.fixture
def platform_env() -> Iterator[dict[str, str]]:
    """The environment of a `synergi run` on ports and a data folder of its own."""
    # Kafka and its controller, FerretDB, then the gateway and its four services.
    first = free_ports(8)
    kafka, mongo = first, first + 2
    # Readable by PostgreSQL's own user when the tests run as root.
    data = Path(tempfile.mkdtemp(prefix="synergi-platform-"))
    data.chmod(0o755)
    yield {
        **os.environ,
        "SYNERGI_ENVIRONMENT": "test",
        "SYNERGI_JWT_SECRET": TEST_SECRET,
        "SYNERGI_KAFKA_BOOTSTRAP_SERVERS": f"127.0.0.1:{kafka}",
        "SYNERGI_MONGO_URL": f"mongodb://127.0.0.1:{mongo}",
        "SYNERGI_DATA_DIR": str(data),
        "GATEWAY_PORT": str(first + 3),  # read by these tests only
    }
    shutil.rmtree(data, ignore_errors=True)
