"""One rule for what a service learns from another's events (issue 32, step
6): an edition this service has not heard of is "not yet" (409 with
Retry-After) while its event may be on its way, then "never" (404); once the
event arrives, it is known."""

import json
from pathlib import Path

import pytest

from synergi_shared.runtime import unheard_of
from tests.helpers import settles

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"
PATHS = (
    "/workshops/editions/{slug}/workshops",
    "/feedback/editions/{slug}/summary",
    "/matching/editions/{slug}/quality",
)


@pytest.mark.parametrize("template", PATHS)
async def test_an_unknown_edition_is_not_yet_then_never(
    api, organizer, template, monkeypatch
) -> None:
    path = template.format(slug="never-made")
    first = await api.get(path, headers=organizer)
    assert first.status_code == 409, first.text
    assert first.headers["retry-after"] and "is not known to this service yet" in first.text
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)
    final = await api.get(path, headers=organizer)
    assert final.status_code == 404 and "never arrived" in final.text


@pytest.mark.parametrize("template", PATHS)
async def test_an_edition_made_a_moment_ago_is_known_once_its_event_arrives(
    api, organizer, template
) -> None:
    body = {"slug": "just-made", "title": "Indsatsdag", "date": "2030-05-01"}
    assert (await api.post("/registration/editions", json=body, headers=organizer)).is_success
    path = template.format(slug="just-made")

    async def known():
        answer = await api.get(path, headers=organizer)
        assert answer.status_code in (200, 409), answer.text  # never a 404 meanwhile
        return answer.status_code == 200

    assert await settles(known)


@pytest.mark.parametrize("service", ["workshops", "feedback", "matching"])
def test_every_edition_route_documents_its_not_yet(service) -> None:
    """A front-end developer reading the OpenAPI document sees the 409 coming."""
    document = json.loads((DOCS / f"{service}.json").read_text())
    undocumented = [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        if "/editions/{slug}" in path
        for method, operation in operations.items()
        if "Retry-After" not in operation["responses"].get("409", {}).get("description", "")
    ]
    assert undocumented == []
