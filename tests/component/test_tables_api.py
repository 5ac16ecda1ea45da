"""Synergy tables through the API, on the demo's impact day: everyone seated,
the obvious partners together, the same plan when asked again, partners apart
on request, and a CSV for printing."""

import csv
import io

from synergi_shared.runtime import unheard_of
from synergi_shared.tools.demo import OBVIOUS, run_demo

E = "indsatsdag-tables"
T = f"/matching/editions/{E}/tables"


async def test_the_day_is_seated_with_the_obvious_partners_together(api, organizer) -> None:
    api.headers.update(organizer)
    result = await run_demo(api, E)
    ids = {org.id for org in result.organizations}

    plan = (await api.get(T, params={"min_size": 4, "max_size": 6})).json()
    seated = [seat["id"] for table in plan["tables"] for seat in table["members"]]
    assert sorted(seated) == sorted(ids) and plan["organizations"] == 30
    assert all(4 <= len(table["members"]) <= 6 for table in plan["tables"])
    at = {seat["id"]: table["number"] for table in plan["tables"] for seat in table["members"]}
    for needing, helping, _, _ in OBVIOUS:
        assert at[needing.id] == at[helping.id], f"{needing.name} and {helping.name} apart"
    assert all(table["why"] and table["score"] > 0 for table in plan["tables"])
    assert (await api.get(T, params={"min_size": 4, "max_size": 6})).json() == plan

    danish = await api.get(T, headers={"Accept-Language": "da"})
    assert danish.headers["content-language"] == "da"
    assert any("Stærkeste match" in table["why"] for table in danish.json()["tables"])

    # Once a pair is a partnership, they may be kept apart to meet someone new.
    needing, helping = OBVIOUS[0][0], OBVIOUS[0][1]
    recorded = await api.put(
        f"/matching/editions/{E}/recommendations/{needing.id}/{helping.id}/outcome",
        json={"status": "partnership"},
    )
    assert recorded.status_code == 200
    apart = (await api.get(T, params={"keep_partners_apart": "true"})).json()
    at = {seat["id"]: table["number"] for table in apart["tables"] for seat in table["members"]}
    assert at[needing.id] != at[helping.id]
    assert apart["keep_partners_apart"] is True

    printed = await api.get(f"{T}.csv", params={"min_size": 4, "max_size": 6})
    assert printed.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(printed.text.lstrip("\ufeff"))))
    assert rows[0] == ["table", "theme", "organization_id", "organization_name", "why"]
    assert sorted(row[2] for row in rows[1:]) == sorted(ids)


async def test_sizes_the_day_cannot_fill_are_refused_with_a_sentence(
    api, organizer, monkeypatch
) -> None:
    api.headers.update(organizer)
    await run_demo(api, E)
    too_big = await api.get(T, params={"min_size": 20, "max_size": 20})
    assert too_big.status_code == 422
    assert too_big.json()["detail"] == "30 organisations cannot fill tables of 20 to 20"
    upside_down = await api.get(T, params={"min_size": 6, "max_size": 4})
    assert upside_down.status_code == 422
    assert (await api.get(T, params={"min_size": 1})).status_code == 422
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)  # not "not yet": never
    assert (await api.get("/matching/editions/nope/tables")).status_code == 404
