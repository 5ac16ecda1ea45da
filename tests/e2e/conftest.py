"""End-to-end: the four services as separate processes (`synergi serve`) on real
Kafka and FerretDB, driven over HTTP."""

import asyncio
import uuid
from collections.abc import Iterator

import pytest

from tests.helpers.infra import start_group_at_the_end
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
