"""A recommendation becomes a meeting, on `synergi run` (real Kafka, FerretDB,
the four services, the gateway and the local SMTP server), with six
organisations: A reads B's consented contact, not C's (who did not consent)
nor D's (not on A's list); A asks B for slot 2 and B accepts; both contact
persons get one mail with a calendar file; both schedules hold the meeting
at a table; asking again, or B accepting a second meeting in slot 2, is a
409 with a sentence; B's participant withdraws consent and A's next read has
no contact for them. Then Ctrl-C, and the platform again on its kept data
with its clock after the slot: A says they met, and the pair reads "met";
B's next mail (an expiry) asks whether it met A and F, and its link records it."""

import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
import icalendar

from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.mailbox import Mailbox, until
from tests.helpers.platform import Run

SLUG = "meeting-day"
R, W = f"/registration/editions/{SLUG}", f"/workshops/editions/{SLUG}"
# Slot 2 of the day ends at 12:30 Copenhagen time, 10:30 UTC.
AFTER_SLOT_2 = datetime(2030, 5, 1, 10, 45, tzinfo=UTC)


def as_org(org: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint_token(TEST_SECRET, 'organization', org)}"}


def _day(api: httpx.Client) -> dict[str, dict]:
    day = {"slug": SLUG, "title": "Indsatsdag", "date": "2030-05-01", "venue": "Nyborg"}
    assert api.post("/registration/editions", json=day).status_code == 201
    fyn = {"regions": ["fyn"]}
    people = {
        "A": [{"name": "Anna", "email": "anna@a.dk", "share_contact": True}],
        "B": [
            {"name": "Bo", "email": "bo@b.dk", "role": "leader", "share_contact": True},
            {"name": "Bea", "email": "bea@b.dk"},
        ],
        "C": [{"name": "Cy", "email": "cy@c.dk"}],
        "D": [{"name": "Di", "email": "di@d.dk", "share_contact": True}],
        "E": [{"name": "Eva", "email": "eva@e.dk"}],
        "F": [{"name": "Finn", "email": "finn@f.dk"}],
    }
    profiles = {
        "A": {**fyn, "needs": ["data"]},
        "B": {**fyn, "offers": ["data"]},
        "D": {"regions": ["bornholm"]},
    }
    orgs = {}
    for name, persons in people.items():
        org = api.post(
            "/registration/organizations",
            json={"name": f"Org {name}", "size": "small", **profiles.get(name, fyn)},
        ).json()["id"]
        registration = api.post(
            f"{R}/registrations", json={"organization_id": org, "participants": persons}
        ).json()
        orgs[name] = {"id": org, "registration": registration}
    for name in ("A", "B"):
        contact = {
            "name": f"Kontakt {name}",
            "email": f"kontakt@{name.lower()}.dk",
            "language": "da",
            "share_with_partners": True,
        }
        assert api.put(f"/registration/organizations/{orgs[name]['id']}/contact", json=contact)
    return orgs


def test_a_recommendation_becomes_a_meeting_and_the_meeting_an_outcome(
    platform_env, tmp_path
) -> None:
    port = int(platform_env["GATEWAY_PORT"])
    mail = Mailbox(platform_env["SYNERGI_DATA_DIR"])
    organizer = {"Authorization": f"Bearer {mint_token(TEST_SECRET, 'organizer')}"}
    first = Run(platform_env, port, tmp_path / "first.log")
    try:
        first.wait_until_running()
        api = httpx.Client(base_url=first.base, headers=organizer, timeout=30)
        orgs = _day(api)
        a, b, c, d = (orgs[n]["id"] for n in "ABCD")
        client = {
            n: httpx.Client(base_url=first.base, headers=as_org(o["id"]), timeout=30)
            for n, o in orgs.items()
        }

        # A sees B's consented contact, not C's, and D is not on its list.
        contacts = f"{R}/organizations/{a}/partner-contacts"
        listed = until(
            lambda: client["A"].get(contacts),
            lambda r: {b, c} <= {p["organization_id"] for p in r.json()["partners"]},
        ).json()["partners"]
        by_id = {p["organization_id"]: p for p in listed}
        assert d not in by_id
        assert by_id[b]["people"] == [{"name": "Bo", "role": "leader", "email": "bo@b.dk"}]
        assert by_id[b]["contact_person"] == {"name": "Kontakt B", "email": "kontakt@b.dk"}
        assert by_id[c]["people"] == [] and by_id[c]["contact_person"] is None
        assert client["A"].get(f"{contacts}/{d}").status_code == 404

        periods = {
            "periods": [
                {
                    "name": "Frokost",
                    "starts": "12:00",
                    "ends": "12:30",
                    "slot_minutes": 15,
                    "tables": 5,
                }
            ]
        }
        until(lambda: api.put(f"{W}/meeting-periods", json=periods), lambda r: r.is_success)

        # A asks B for slot 2; E asks B for it too; B accepts A's on its page.
        asked = until(
            lambda: client["A"].post(
                f"{W}/organizations/{a}/meetings", json={"partner_id": b, "slot": 2}
            ),
            lambda r: r.status_code == 201,
        ).json()
        assert sorted(m["To"] for m in mail.wait_for("meeting-request", 2)) == [
            "kontakt@a.dk",
            "kontakt@b.dk",
        ]
        e = orgs["E"]["id"]
        from_e = until(
            lambda: client["E"].post(
                f"{W}/organizations/{e}/meetings", json={"partner_id": b, "slot": 2}
            ),
            lambda r: r.status_code == 201,
        ).json()
        accepted = client["B"].post(f"{W}/organizations/{b}/meetings/{asked['id']}/accept")
        assert accepted.status_code == 200, accepted.text
        assert (accepted.json()["slot"], accepted.json()["table"]) == (2, 1)

        # One mail each, with a calendar file that parses, at 12:15 on the day.
        agreed = mail.wait_for("meeting-accepted", 2)
        assert sorted(m["To"] for m in agreed) == ["kontakt@a.dk", "kontakt@b.dk"]
        for message in agreed:
            (part,) = [
                p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
            ]
            (event,) = icalendar.Calendar.from_ical(part.get_content()).events
            assert event.start.isoformat() == "2030-05-01T12:15:00+02:00"

        # Both schedules show the meeting at its table.
        for name, org in (("A", a), ("B", b)):
            mine = client[name].get(f"{W}/organizations/{org}/meetings").json()["meetings"]
            agreed_here = [(m["status"], m["slot"], m["table"]) for m in mine]
            assert ("accepted", 2, 1) in agreed_here

        # A asking B again, or B accepting a second meeting in slot 2: 409, said why.
        again = client["A"].post(
            f"{W}/organizations/{a}/meetings", json={"partner_id": b, "slot": 2}
        )
        assert again.status_code == 409
        assert "already have a meeting in slot 2" in again.json()["detail"]
        second_in_2 = client["B"].post(f"{W}/organizations/{b}/meetings/{from_e['id']}/accept")
        assert second_in_2.status_code == 409
        assert (
            second_in_2.json()["detail"] == f"'{b}' already has a meeting in slot 2 (12:15-12:30)"
        )
        f = orgs["F"]["id"]
        from_f = until(
            lambda: client["F"].post(f"{W}/organizations/{f}/meetings", json={"partner_id": b}),
            lambda r: r.status_code == 201,
        ).json()
        taken = client["B"].post(f"{W}/organizations/{b}/meetings/{from_f['id']}/accept")
        assert taken.json()["slot"] == 1, "any free slot: B is free in slot 1 only"
        # F has no contact person: B's alone is told.
        told = sorted(m["To"] for m in mail.wait_for("meeting-accepted", 3))
        assert told == ["kontakt@a.dk", "kontakt@b.dk", "kontakt@b.dk"]
        early = client["A"].post(f"{W}/organizations/{a}/meetings/{asked['id']}/held")
        assert early.status_code == 409 and "not over" in early.json()["detail"]

        # Bo withdraws consent: A's next read has no contact for him.
        bo = orgs["B"]["registration"]["participants"][0]["id"]
        assert (
            client["B"]
            .put(f"/registration/participants/{bo}/consent", json={"share_contact": False})
            .is_success
        )
        assert client["A"].get(f"{contacts}/{b}").json()["people"] == []

        outcome = f"/matching/editions/{SLUG}/recommendations/{a}/{b}/outcome"
        until(lambda: client["A"].get(outcome), lambda r: r.json().get("status") == "contacted")
        assert first.interrupt() == 0
    finally:
        if first.process.poll() is None:
            first.interrupt()

    # Again on the kept data, its clock after slot 2: A says they met.
    shift = (AFTER_SLOT_2 - datetime.now(UTC)).total_seconds()
    second = Run(
        {**platform_env, "SYNERGI_CLOCK_SHIFT_SECONDS": str(shift)}, port, tmp_path / "second.log"
    )
    try:
        second.wait_until_running()
        a_client = httpx.Client(base_url=second.base, headers=as_org(a), timeout=30)
        met = a_client.post(f"{W}/organizations/{a}/meetings/{asked['id']}/held")
        assert met.status_code == 200, met.text
        assert met.json()["held_by"] == [a]
        until(lambda: a_client.get(outcome), lambda r: r.json().get("status") == "met")
        assert len(mail.of_kind("meeting-accepted")) == 3  # none again after the restart

        # B's next mail (E's request for slot 2 expired when the day began)
        # asks "did you meet?" for each of its meetings now over; its link,
        # through the gateway, says so in one click.
        (expired,) = mail.wait_for("meeting-expired", 1)
        assert expired["To"] == "kontakt@b.dk"  # E has no contact person
        text = expired.get_body(("plain",)).get_content()
        asked_about = dict(
            re.findall(r'Mødtes I med "(.+?)"\? Sig det med ét klik:\n  (\S+)', text)
        )
        assert sorted(asked_about) == ["Org A", "Org F"]
        link = urlsplit(asked_about["Org A"])
        met_link = f"{link.path}?{link.query}"
        page = httpx.get(f"{second.base}{met_link}")
        assert page.status_code == 200 and "Mødtes Org B og Org A?" in page.text
        said = httpx.post(f"{second.base}{met_link}")
        assert said.status_code == 200 and "Mødet er noteret" in said.text
        b_client = httpx.Client(base_url=second.base, headers=as_org(b), timeout=30)
        mine = b_client.get(f"{W}/organizations/{b}/meetings").json()["meetings"]
        assert sorted(next(m for m in mine if m["id"] == asked["id"])["held_by"]) == sorted([a, b])
    finally:
        assert second.interrupt() == 0
