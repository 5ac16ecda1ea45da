"""Fault injection (`make test-faults`): the services as separate processes on
real Kafka and FerretDB, killed, starved of Kafka or of the database, fed
poison and duplicates. Each test states the guarantee it proves; see
docs/reliability.md."""

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.helpers.processes import SERVICES, ServiceProcess, fresh_env, running


@pytest.fixture
def run_id() -> str:
    return uuid.uuid4().hex[:8]


@pytest.fixture
async def stack(run_id: str, tmp_path: Path) -> AsyncIterator[dict[str, ServiceProcess]]:
    """The four services, one process each, ready."""
    env = await fresh_env(run_id)
    with running([(name, name) for name in SERVICES], env, tmp_path) as processes:
        yield processes
