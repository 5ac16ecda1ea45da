"""`synergi demo` through the public HTTP API of an in-memory Synergi: the pairs
a person would obviously connect rank in each other's top three."""

from synergi_shared.demo import OBVIOUS, report, run_demo


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
        assert any(resource in reason["detail"] for reason in rec["reasons"])
    # Every organisation has someone to talk to.
    assert all(result.recommendations[org.id] for org in result.organizations)

    printed = report(result)
    assert "The 10 strongest recommendations:" in printed
    assert f"{OBVIOUS[0][0].name}: {OBVIOUS[0][1].name}" in printed
    assert "both want to follow up with each other" in printed
