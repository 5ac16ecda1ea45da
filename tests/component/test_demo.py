"""`synergi demo` through the public HTTP API of an in-memory Synergi: the pairs
a person would obviously connect rank in each other's top three."""

import httpx
import pytest

from synergi_shared.contracts.concepts import concept_label
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.demo import OBVIOUS, DemoTimeout, report, run_demo, wait_for_matching
from tests.helpers import mailing_to


@pytest.fixture
def settings(settings: Settings, inbox) -> Settings:
    """The demo's mail (invitations, meetings) is sent, as on `make run`."""
    return mailing_to(settings, inbox[1])


async def test_obvious_pairs_rank_in_each_others_top_three(api, organizer) -> None:
    api.headers.update(organizer)
    result = await run_demo(api, "indsatsdag-test")

    assert len(result.organizations) == 30
    for needing, helping, resource, _ in OBVIOUS:
        for me, partner in ((needing, helping), (helping, needing)):
            top = [rec["partner_id"] for rec in result.recommendations[me.id]]
            assert partner.id in top, f"{partner.name} not in {me.name}'s top three"
        [rec] = [r for r in result.recommendations[needing.id] if r["partner_id"] == helping.id]
        kinds = {reason["kind"] for reason in rec["reasons"]}
        assert {"complementary", "met-at-workshop", "follow-up-wish", "insight-match"} <= kinds
        # The resource by its label (`volunteer-training` reads "volunteer training").
        label = concept_label(resource, "en")
        assert any(label in reason["detail"] for reason in rec["reasons"])
    # Every organisation has someone to talk to.
    assert all(result.recommendations[org.id] for org in result.organizations)

    printed = report(result)
    assert "The 10 strongest recommendations:" in printed
    assert f"{OBVIOUS[0][0].name}: {OBVIOUS[0][1].name}" in printed
    assert "both want to follow up with each other" in printed


async def test_a_second_demo_brings_the_same_organisations_to_another_edition(
    api, organizer
) -> None:
    """Names are unique, so a second run (another edition) finds the first
    run's organisations instead of failing on a duplicate name."""
    api.headers.update(organizer)
    first = await run_demo(api, "indsatsdag-first")
    second = await run_demo(api, "indsatsdag-second")

    ids = sorted(org.id for org in first.organizations)
    assert sorted(org.id for org in second.organizations) == ids
    directory = await api.get("/registration/organizations", params={"limit": 200})
    assert directory.headers["x-total-count"] == "30"
    for edition in ("indsatsdag-first", "indsatsdag-second"):
        registered = await api.get(
            f"/registration/editions/{edition}/registrations", params={"limit": 50}
        )
        assert sorted(r["organization_id"] for r in registered.json()) == ids


async def test_the_demo_gives_up_saying_how_far_matching_is_behind() -> None:
    lag = {"group": "matching", "lag": 7, "partitions": []}
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=lag))
    said: list[str] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
        with pytest.raises(DemoTimeout, match=r"after 1 s \(7 events of group 'matching'"):
            await wait_for_matching(client, catch_up_seconds=0.6, progress=said.append)
    assert said and said[-1] == "matching: 7 events still to take in"


async def test_the_demo_waits_until_the_lag_is_zero_and_stays_so() -> None:
    answers = iter([3, 1, 0, 0, 0, 0, 0, 0, 0, 0])

    def lag(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"group": "m", "lag": next(answers), "partitions": []})

    said: list[str] = []
    async with httpx.AsyncClient(
        transport=httpx.MockTransport(lag), base_url="http://synergi"
    ) as client:
        await wait_for_matching(
            client, catch_up_seconds=10, progress=said.append, quiet_seconds=0.5
        )
    assert said[:2] == [
        "matching: 3 events still to take in",
        "matching: 1 events still to take in",
    ]
    assert said[-1].startswith("matching has caught up")
