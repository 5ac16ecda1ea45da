"""Fixtures and rules shared by every test folder."""

import os
from collections.abc import Callable, Generator, Iterator

import pytest

from synergi_shared.runtime.auth import mint_token
from synergi_shared.runtime.settings import Settings
from tests.helpers import TEST_SECRET
from tests.helpers.infra import outage


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    """Under SYNERGI_REQUIRE_INFRA=1 (set by .ci/run) a skipped test is a test
    that did not run: it is reported as failed instead of passing quietly."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and os.environ.get("SYNERGI_REQUIRE_INFRA") == "1":
        report.outcome = "failed"
        report.longrepr = f"skipped although SYNERGI_REQUIRE_INFRA=1: {report.longrepr}"


@pytest.fixture
def settings() -> Settings:
    return Settings(environment="test", jwt_secret=TEST_SECRET, outbox_poll_seconds=0.2)


@pytest.fixture
def auth() -> Callable[..., dict[str, str]]:
    """Authorization headers for a role (and organisation), signed with the test secret."""

    def headers(role: str = "organizer", org: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(TEST_SECRET, role, org)}"}  # type: ignore[arg-type]

    return headers


@pytest.fixture
def kafka_outage() -> Iterator[None]:
    with outage("kafka"):
        yield


@pytest.fixture
def database_outage() -> Iterator[None]:
    with outage("db"):
        yield
