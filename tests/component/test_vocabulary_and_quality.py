"""Tags in Danish and English meet through the concept catalogue; the
organiser merges the tags no catalogue knows; the quality report describes the
lists as they are served."""

import httpx
import pytest

from synergi_shared.runtime import unheard_of
from tests.helpers import settles

E = "impact-2030"
M = f"/matching/editions/{E}"


@pytest.fixture
async def day(api: httpx.AsyncClient, organizer) -> dict[str, str]:
    """Five organisations in five regions: what they write is all they share."""
    await api.post(
        "/registration/editions",
        json={"slug": E, "title": "T", "date": "2030-05-01"},
        headers=organizer,
    )
    profiles = {
        "Mor-Barn Fyn": {"needs": ["Effektmåling"], "regions": ["odense"]},
        "Effektlab": {"offers": ["impact measurement"], "regions": ["aalborg"]},
        "Sms-huset": {"offers": ["sms reminders"], "regions": ["copenhagen"]},
        "Børnehjælpen": {"needs": ["sms-påmindelser"], "regions": ["aarhus"]},
        "Alene": {"needs": ["a-tag-no-one-offers"], "regions": ["zealand"]},
    }
    ids = {}
    for name, profile in profiles.items():
        answer = await api.post(
            "/registration/organizations",
            json={"name": name, "size": "small", **profile},
            headers=organizer,
        )
        ids[name] = answer.json()["id"]
        registered = await api.post(
            f"/registration/editions/{E}/registrations",
            headers=organizer,
            json={
                "organization_id": ids[name],
                "participants": [{"name": "P", "email": "p@example.org"}],
            },
        )
        assert registered.status_code == 201, registered.text
    return ids


async def _list(api, organizer, org: str, language: str = "en") -> list[dict]:
    answer = await api.get(
        f"{M}/organizations/{org}/recommendations",
        headers={**organizer, "Accept-Language": language},
    )
    return answer.json()["recommendations"] if answer.status_code == 200 else []


async def test_a_danish_need_meets_an_english_offer_named_in_the_readers_language(
    api, organizer, day
) -> None:
    mor_barn, effektlab = day["Mor-Barn Fyn"], day["Effektlab"]
    found = await settles(lambda: _list(api, organizer, mor_barn, "da"))
    assert [r["partner_id"] for r in found] == [effektlab]
    assert [r["detail"] for r in found[0]["reasons"]] == [
        "Effektlab tilbyder effektmåling, som Mor-Barn Fyn har brug for"
    ]
    english = await _list(api, organizer, mor_barn)
    assert english[0]["reasons"][0]["detail"] == (
        "Effektlab offers impact measurement, which Mor-Barn Fyn needs"
    )


async def test_the_organiser_merges_two_tags_and_the_pair_comes_and_goes(
    api, organizer, auth, day
) -> None:
    sms, children = day["Sms-huset"], day["Børnehjælpen"]
    tags = await settles(lambda: _all_tags(api, organizer))
    assert tags["effektmåling"]["concept"] == tags["impact-measurement"]["concept"]
    assert tags["effektmåling"]["label_da"] == "effektmåling"
    assert tags["odense"]["counts_as"] == "fyn" and tags["odense"]["label_da"] == "Fyn"
    assert tags["sms-reminders"]["counts_as"] == "sms-reminders"
    assert tags["sms-reminders"]["organizations"] == 1
    assert await _list(api, organizer, children) == []

    merged = await api.put(
        f"{M}/tag-merges/sms-reminders", json={"into": "SMS-påmindelser"}, headers=organizer
    )
    assert merged.status_code == 200
    assert merged.json() == {"concept": "sms-reminders", "into": "sms-påmindelser"}
    found = await settles(lambda: _list(api, organizer, children))
    assert [r["partner_id"] for r in found] == [sms]
    assert (
        found[0]["reasons"][0]["detail"]
        == "Sms-huset offers sms påmindelser, which Børnehjælpen needs"
    )
    tags = {t["tag"]: t for t in (await api.get(f"{M}/tags", headers=organizer)).json()}
    assert tags["sms-reminders"]["counts_as"] == "sms-påmindelser"
    assert (await api.get(f"{M}/tag-merges", headers=organizer)).json() == [
        {"concept": "sms-reminders", "into": "sms-påmindelser"}
    ]

    # A chain, a merge into itself, and another organisation's token change nothing.
    chained = await api.put(
        f"{M}/tag-merges/a-tag-no-one-offers", json={"into": "sms reminders"}, headers=organizer
    )
    assert chained.status_code == 409 and "sms-påmindelser" in chained.json()["detail"]
    into_merged = await api.put(
        f"{M}/tag-merges/sms-påmindelser", json={"into": "data"}, headers=organizer
    )
    assert into_merged.status_code == 409 and "undo" in into_merged.json()["detail"]
    itself = await api.put(
        f"{M}/tag-merges/effektmåling", json={"into": "Impact measurement"}, headers=organizer
    )
    assert itself.status_code == 422
    assert itself.json()["detail"] == (
        "both words are the concept 'impact-measurement' already: nothing to merge"
    )
    assert (
        await api.put(
            f"{M}/tag-merges/data",
            json={"into": "housing"},
            headers=auth("organization", org=sms),
        )
    ).status_code == 403
    assert len((await api.get(f"{M}/tag-merges", headers=organizer)).json()) == 1

    assert (await api.delete(f"{M}/tag-merges/sms-reminders", headers=organizer)).status_code == 204
    await settles(lambda: _empty(_list(api, organizer, children)))
    assert (await api.delete(f"{M}/tag-merges/sms-reminders", headers=organizer)).status_code == 404


async def _all_tags(api, organizer) -> dict[str, dict] | None:
    """The tags in use, once matching knows all five organisations."""
    tags = {t["tag"]: t for t in (await api.get(f"{M}/tags", headers=organizer)).json()}
    return tags if "a-tag-no-one-offers" in tags and "sms-påmindelser" in tags else None


async def _empty(listing) -> bool:
    return await listing == []


async def test_the_quality_report_describes_the_lists_as_served(
    api, organizer, auth, day, monkeypatch
) -> None:
    await settles(lambda: _all_tags(api, organizer))
    await settles(lambda: _list(api, organizer, day["Mor-Barn Fyn"]))
    report = (await api.get(f"{M}/quality", headers=organizer)).json()
    coverage, exposure = report["coverage"], report["exposure"]
    assert coverage["organizations"] == 5
    assert coverage["share_with_at_least_3"] == 0
    named = {org["name"] for org in coverage["with_none"]}
    assert named == {"Sms-huset", "Børnehjælpen", "Alene"}
    assert {org["name"] for org in coverage["fewer_than_3"]} == {"Mor-Barn Fyn", "Effektlab"}
    assert report["reciprocity"] == 1.0  # the one pair, listed both ways
    assert exposure["most_lists"] == 1 and exposure["largest_share"] == 0.5
    small = next(s for s in exposure["by_size"] if s["size"] == "small")
    assert small == {"size": "small", "share_of_exposure": 1.0, "share_of_edition": 1.0}
    assert report["scores"]["count"] == 2 and report["scores"]["median"] == 0.3
    assert report["model_version"] == "2026.7"

    assert (await api.get(f"{M}/quality", headers=auth("organization", org="x"))).status_code == 403
    monkeypatch.setattr(unheard_of, "PENDING_SECONDS", 0)  # not "not yet": never
    missing = await api.get("/matching/editions/nope/quality", headers=organizer)
    assert missing.status_code == 404
