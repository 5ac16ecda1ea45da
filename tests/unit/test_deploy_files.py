"""The container stack's files are valid and agree with the code."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from synergi_shared.services import SERVICE_ORDER, service_factories

ROOT = Path(__file__).resolve().parents[2]


def compose(*args: str, secret: str | None = "x" * 32) -> subprocess.CompletedProcess[str]:
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose (Debian) validates docker-compose.yml; `make test` installs it")
    env = {k: v for k, v in os.environ.items() if k != "SYNERGI_JWT_SECRET"}
    if secret:
        env["SYNERGI_JWT_SECRET"] = secret
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_compose_file_is_valid_and_runs_every_service_behind_a_gateway() -> None:
    result = compose("config", "-q")
    assert result.returncode == 0, result.stderr
    services = set(compose("config", "--services").stdout.split())
    assert services == {*SERVICE_ORDER, "kafka", "mongo", "topics", "gateway"}


def test_compose_refuses_to_start_without_a_jwt_secret() -> None:
    result = compose("config", "-q", secret=None)
    assert result.returncode != 0
    assert "SYNERGI_JWT_SECRET" in result.stderr


def test_gateway_routes_every_service_by_its_path_prefix() -> None:
    nginx = (ROOT / "deploy" / "gateway" / "nginx.conf").read_text()
    routed = set(re.findall(r"location /(\w+)/\s*\{\s*proxy_pass http://(\w+);", nginx))
    assert routed == {(name, name) for name in SERVICE_ORDER}
    assert set(service_factories()) == set(SERVICE_ORDER)
