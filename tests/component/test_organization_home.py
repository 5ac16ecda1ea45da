"""An organisation's home lists its own editions and those open for
registration, the next first: not every edition on the platform."""

from datetime import UTC, datetime, timedelta

from synergi_registration.usecases import clock


async def test_its_own_editions_and_the_open_ones_the_next_first(
    api, organizer, auth, monkeypatch
) -> None:
    today = datetime.now(UTC).date()
    # The past ones were made, and one joined, when they were ahead.
    back_then = datetime.now(UTC) - timedelta(days=450)
    monkeypatch.setattr(clock, "now", lambda: back_then)

    def day(days: int) -> str:
        return (today + timedelta(days=days)).isoformat()

    editions = {
        "past-joined": {"date": day(-400)},
        "past-not-joined": {"date": day(-30)},
        "closed-not-joined": {
            "date": day(60),
            "registration_deadline": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        },
        "next-year": {"date": day(300)},
        "soon": {"date": day(20)},
    }
    for slug, fields in editions.items():
        if not slug.startswith("past"):
            monkeypatch.undo()
        made = await api.post(
            "/registration/editions",
            json={"slug": slug, "title": slug, **fields},
            headers=organizer,
        )
        assert made.status_code == 201, made.text
    org = (
        await api.post(
            "/registration/organizations",
            json={"name": "Mor-Barn Fyn", "size": "small"},
            headers=organizer,
        )
    ).json()["id"]
    for slug in ("past-joined", "next-year"):
        joined = await api.post(
            f"/registration/editions/{slug}/registrations",
            json={"organization_id": org, "participants": [{"name": "A", "email": "a@x.dk"}]},
            headers=organizer,
        )
        assert joined.status_code == 201, joined.text

    home = await api.get(
        f"/registration/organizations/{org}/editions", headers=auth("organization", org)
    )
    assert [(e["slug"], e["registered"], e["open"]) for e in home.json()] == [
        ("soon", False, True),
        ("next-year", True, True),
        ("past-joined", True, False),
    ]
