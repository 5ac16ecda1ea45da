"""Schemathesis against each running service's OpenAPI, with an organiser
token, on real FerretDB: generated requests, valid and invalid, never get a
5xx, and every answer is one the OpenAPI document declares: its status code,
its headers, its media type and its body's schema. Bounded
(SYNERGI_FUZZ_EXAMPLES per operation and mode) to keep CI short."""

import asyncio
import os
import uuid

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.processes import SERVICES, free_port, fresh_env, gateway_for, running

EXAMPLES = int(os.environ.get("SYNERGI_FUZZ_EXAMPLES", "15"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_headers_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def stack_for_fuzz(tmp_path_factory):
    """The four services, an edition and an organisation that exist (so that
    some generated requests get past the 404s), and the organiser's headers."""
    env = asyncio.run(fresh_env(f"fuzz{uuid.uuid4().hex[:6]}"))
    # Matching's board report reads the others through a gateway: this one.
    gateway_port = free_port()
    env["SYNERGI_GATEWAY_URL"] = f"http://127.0.0.1:{gateway_port}"
    token = mint_token(TEST_SECRET, "organizer")
    headers = {"Authorization": f"Bearer {token}"}
    with (
        running([(n, n) for n in SERVICES], env, tmp_path_factory.mktemp("fuzz")) as processes,
        gateway_for(processes, gateway_port),
    ):
        registration = processes["registration"].url
        slug = f"fuzz-{uuid.uuid4().hex[:6]}"
        httpx.post(
            f"{registration}/editions",
            headers=headers,
            json={"slug": slug, "title": "T", "date": "2030-05-01"},
        )
        org = httpx.post(
            f"{registration}/organizations", headers=headers, json={"name": "O", "size": "small"}
        ).json()["id"]
        yield {
            "processes": processes,
            "headers": headers,
            "ids": {"slug": slug, "org_id": org, "org_a": org},
        }


@pytest.mark.parametrize("service", SERVICES)
def test_no_generated_request_gets_a_5xx_or_an_undeclared_answer(service, stack_for_fuzz) -> None:
    process = stack_for_fuzz["processes"][service]
    root = process.url.removesuffix(f"/{service}")
    schema = schemathesis.openapi.from_dict(httpx.get(f"{process.url}/openapi.json").json())
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {p.name for p in operation.path_parameters}
        fixed = {k: v for k, v in stack_for_fuzz["ids"].items() if k in names}
        strategies = [operation.as_strategy(generation_mode=mode) for mode in MODES]
        if fixed:
            strategies.append(operation.as_strategy(path_parameters=fixed))

        @settings(
            max_examples=EXAMPLES * len(strategies),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(strategies))
        def fuzz(case) -> None:
            response = case.call(base_url=root, headers=stack_for_fuzz["headers"], timeout=15)
            try:
                case.validate_response(response, checks=CHECKS)
            except FailureGroup as found:
                failures.append(f"{response.status_code} {case.as_curl_command()}\n  {found}")

        fuzz()
    assert failures == [], "\n".join(failures[:20])
