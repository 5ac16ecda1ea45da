"""Meetings between recommended partners, in one process with a real SMTP
server on loopback: the organiser's meeting periods; a request, its answer
(accept, decline, another slot), a table per meeting and no one in two
meetings at once; the mails with a calendar file; "did you meet?" after the
meeting's time; expiry; and the outcomes matching records from them."""

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.message import Message

import httpx
import icalendar
import pytest

from synergi_registration.usecases import clock as registration_clock
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app
from synergi_workshops.usecases import clock, meetings
from tests.helpers import mailing_to, settles

SLUG = "impact-2030"
R, W = f"/registration/editions/{SLUG}", f"/workshops/editions/{SLUG}"
PERIODS = {
    "periods": [
        {"name": "Frokost", "starts": "12:00", "ends": "12:30", "slot_minutes": 15, "tables": 1},
        {"name": "Kaffe", "starts": "14:00", "ends": "14:30", "slot_minutes": 15, "tables": 2},
    ]
}


@pytest.fixture
async def platform(settings: Settings, inbox) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
    made = create_single_process_app(mailing_to(settings, inbox[1]))
    async with made.lifespan():
        transport = httpx.ASGITransport(app=made)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            yield client, made


async def mails_of(inbox, kind: str, count: int) -> list[Message]:
    handler, _ = inbox

    def found() -> list[Message]:
        return [m for m in handler.messages if m["Message-ID"].startswith(f"<{kind}-")]

    for _ in range(300):
        if len(found()) >= count:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)  # and no more come
    return found()


async def _day(api: httpx.AsyncClient, organizer) -> dict[str, str]:
    """A, B, C and E in Fyn, on each other's lists; D in Sjælland, on no one's.
    A's and B's contact persons take the mail."""
    await api.post(
        "/registration/editions",
        json={"slug": SLUG, "title": "Impact", "date": "2030-05-01", "venue": "Nyborg"},
        headers=organizer,
    )
    orgs = {}
    for name, profile in (
        ("A", {"regions": ["fyn"], "needs": ["data"]}),
        ("B", {"regions": ["fyn"], "offers": ["data"]}),
        ("C", {"regions": ["fyn"]}),
        ("D", {"regions": ["sjaelland"]}),
        ("E", {"regions": ["fyn"]}),
    ):
        org = (
            await api.post(
                "/registration/organizations",
                json={"name": name, "size": "small", **profile},
                headers=organizer,
            )
        ).json()["id"]
        await api.post(
            f"{R}/registrations",
            json={
                "organization_id": org,
                "participants": [{"name": f"{name}1", "email": f"p@{name.lower()}.dk"}],
            },
            headers=organizer,
        )
        orgs[name] = org
    for name, language in (("A", "da"), ("B", "en")):
        await api.put(
            f"/registration/organizations/{orgs[name]}/contact",
            json={"name": f"{name} kontakt", "email": f"k@{name.lower()}.dk", "language": language},
            headers=organizer,
        )
    periods = await settles(
        lambda: _ok(api.put(f"{W}/meeting-periods", json=PERIODS, headers=organizer))
    )
    assert [(s["number"], s["starts_at"], s["tables"]) for s in periods["slots"]] == [
        (1, "12:00", 1),
        (2, "12:15", 1),
        (3, "14:00", 2),
        (4, "14:15", 2),
    ]
    return orgs


async def _ok(call) -> dict | None:
    answer = await call
    return answer.json() if answer.status_code in (200, 201) else None


async def test_a_request_becomes_a_meeting_at_a_table_and_then_an_outcome(
    platform, organizer, auth, inbox, monkeypatch
) -> None:
    api, _ = platform
    orgs = await _day(api, organizer)
    a, b, c, d, e = (orgs[n] for n in "ABCDE")
    as_ = {name: auth("organization", org) for name, org in orgs.items()}

    def ask(asker: str, body: dict) -> httpx.Response:
        return api.post(f"{W}/organizations/{orgs[asker]}/meetings", json=body, headers=as_[asker])

    # A asks B for slot 2 once the lists are in; D is on no one's list.
    asked = await settles(lambda: _ok(ask("A", {"partner_id": b, "slot": 2, "note": "Frokost?"})))
    assert (asked["status"], asked["awaiting"], asked["starts_at"]) == ("requested", b, "12:15")

    async def refused() -> dict | None:  # once D's registration has reached workshops
        answer = await ask("A", {"partner_id": d, "slot": 2})
        return answer.json() if answer.status_code == 404 else None

    assert "not on the list" in (await settles(refused))["detail"]
    requests = await mails_of(inbox, "meeting-request", 2)
    assert sorted(m["To"] for m in requests) == ["k@a.dk", "k@b.dk"]
    assert all("Frokost?" not in m.as_string() for m in requests), "the note stays in workshops"

    again = await ask("A", {"partner_id": b, "slot": 2})
    assert again.status_code == 409 and "already have a meeting request" in again.json()["detail"]
    own = await api.post(f"{W}/organizations/{a}/meetings/{asked['id']}/accept", headers=as_["A"])
    assert own.status_code == 409 and f"waits for the answer of '{b}'" in own.json()["detail"]
    from_c = await settles(lambda: _ok(ask("C", {"partner_id": b, "slot": 2})))

    # B accepts A's: slot 2 at table 1, both mailed a calendar file.
    accepted = (
        await api.post(f"{W}/organizations/{b}/meetings/{asked['id']}/accept", headers=as_["B"])
    ).json()
    assert (accepted["status"], accepted["slot"], accepted["table"]) == ("accepted", 2, 1)
    agreed = await mails_of(inbox, "meeting-accepted", 2)
    assert sorted(m["To"] for m in agreed) == ["k@a.dk", "k@b.dk"]
    for message in agreed:
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
        assert event["UID"] == f"meeting-{asked['id']}@synergi"
        assert event.start.isoformat() == "2030-05-01T12:15:00+02:00"
        assert str(event["LOCATION"]) in ("table 1, Nyborg", "bord 1, Nyborg")

    # B cannot be in two meetings in slot 2; it proposes slot 1 to C instead.
    second = await api.post(
        f"{W}/organizations/{b}/meetings/{from_c['id']}/accept", headers=as_["B"]
    )
    assert second.status_code == 409
    assert second.json()["detail"] == f"'{b}' already has a meeting in slot 2 (12:15-12:30)"
    proposed = await api.post(
        f"{W}/organizations/{b}/meetings/{from_c['id']}/proposal",
        json={"slot": 1},
        headers=as_["B"],
    )
    assert proposed.json()["awaiting"] == c
    taken = await api.post(
        f"{W}/organizations/{c}/meetings/{from_c['id']}/accept", headers=as_["C"]
    )
    assert (taken.json()["slot"], taken.json()["table"]) == (1, 1)

    # Slot 1's one table is taken: A and E cannot meet there.
    to_e = await settles(lambda: _ok(ask("A", {"partner_id": e, "slot": 1})))
    full = await api.post(f"{W}/organizations/{e}/meetings/{to_e['id']}/accept", headers=as_["E"])
    assert full.status_code == 409
    assert full.json()["detail"] == "every table (1) is taken in slot 1 (12:00-12:15)"
    # E declines; A may not ask the same again, E may still ask A.
    await api.post(f"{W}/organizations/{e}/meetings/{to_e['id']}/decline", headers=as_["E"])
    repeated = await ask("A", {"partner_id": e, "slot": 3})
    assert repeated.status_code == 409 and "declined" in repeated.json()["detail"]
    assert (await ask("E", {"partner_id": a, "slot": 3})).status_code == 201

    # Both schedules hold the meeting; matching records "contacted" for both.
    for org in (a, b):
        held = (
            await api.get(f"{W}/organizations/{org}/meetings", headers=auth("organization", org))
        ).json()
        mine = next(m for m in held["meetings"] if m["id"] == asked["id"])
        assert (mine["status"], mine["slot"], mine["table"]) == ("accepted", 2, 1)
    # A's schedule, and as a calendar file.
    day = (await api.get(f"{W}/organizations/{a}/schedule", headers=as_["A"])).json()
    (meeting,) = [m for m in day["meetings"] if m["id"] == asked["id"]]
    assert (meeting["starts_at"], meeting["table"], meeting["names"][b]) == ("12:15", 1, "B")
    ics = await api.get(f"{W}/organizations/{a}/schedule.ics", headers=as_["A"])
    events = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    (entry,) = [e for e in events if e["UID"] == f"meeting-{asked['id']}@synergi"]
    assert entry.start.isoformat() == "2030-05-01T12:15:00+02:00" and entry["SUMMARY"] == "Møde: B"
    assert (await api.get(f"{W}/organizations/{a}/schedule", headers=as_["B"])).status_code == 403
    outcome = f"/matching/editions/{SLUG}/recommendations/{a}/{b}/outcome"

    async def status_is(expected: str) -> bool:
        answer = await api.get(outcome, headers=as_["A"])
        return answer.status_code == 200 and answer.json()["status"] == expected

    await settles(lambda: status_is("contacted"))

    # "Did you meet?" only after the slot; then the pair reads "met".
    held_path = f"{W}/organizations/{a}/meetings/{asked['id']}/held"
    early = await api.post(held_path, headers=as_["A"])
    assert early.status_code == 409 and "not over until" in early.json()["detail"]
    after_lunch = datetime(2030, 5, 1, 11, 0, tzinfo=UTC)  # 13:00 in Copenhagen
    monkeypatch.setattr(clock, "now", lambda: after_lunch)
    assert (await api.post(held_path, headers=as_["A"])).json()["held_by"] == [a]
    await settles(lambda: status_is("met"))


async def test_an_unanswered_request_expires_and_both_are_told(
    platform, organizer, auth, inbox, monkeypatch
) -> None:
    api, made = platform
    orgs = await _day(api, organizer)
    a, b = orgs["A"], orgs["B"]
    asked = await settles(
        lambda: _ok(
            api.post(
                f"{W}/organizations/{a}/meetings",
                json={"partner_id": b},  # any free slot
                headers=auth("organization", a),
            )
        )
    )
    assert asked["slot"] is None
    store = made.apps["workshops"].state.store
    assert await meetings.expire_due(store) == 0
    later = datetime.now(UTC) + timedelta(days=5, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert await meetings.expire_due(store) == 1
    assert await meetings.expire_due(store) == 0
    expired = await mails_of(inbox, "meeting-expired", 2)
    assert sorted(m["To"] for m in expired) == ["k@a.dk", "k@b.dk"]
    late = await api.post(
        f"{W}/organizations/{b}/meetings/{asked['id']}/accept", headers=auth("organization", b)
    )
    assert late.status_code == 409 and "is expired" in late.json()["detail"]


async def test_meeting_periods_that_overlap_are_refused(platform, organizer) -> None:
    api, _ = platform
    await _day(api, organizer)
    overlapping = {
        "periods": [
            {"name": "X", "starts": "12:00", "ends": "13:00", "slot_minutes": 15, "tables": 1},
            {"name": "Y", "starts": "12:30", "ends": "13:30", "slot_minutes": 15, "tables": 1},
        ]
    }
    answer = await api.put(f"{W}/meeting-periods", json=overlapping, headers=organizer)
    assert answer.status_code == 422 and "overlap" in answer.json()["detail"]
    kept = (await api.get(f"{W}/meeting-periods", headers=organizer)).json()
    assert len(kept["slots"]) == 4


async def test_the_organiser_proposes_a_plan_reviews_it_and_publishes_it(
    platform, organizer, auth, inbox
) -> None:
    api, _ = platform
    orgs = await _day(api, organizer)
    hostile = '=HYPERLINK("http://x")'
    await api.patch(
        f"/registration/organizations/{orgs['E']}", json={"name": hostile}, headers=organizer
    )

    async def proposed() -> dict | None:  # once every pair of A, B, C, E is listed both ways
        plan = await _ok(api.post(f"{W}/meeting-plan", headers=organizer))
        return plan if plan and plan["candidates"] == 6 and plan["sizes_known"] == 5 else None

    plan = await settles(proposed)
    assert plan["published_at"] is None
    # Four organisations can meet; D is on no one's list.
    assert plan["spread"]["with_meeting"] == 0.8
    assert plan["spread"]["with_meeting"] >= plan["greedy"]["with_meeting"]
    seen = [(m["slot"], org) for m in plan["meetings"] for org in (m["a"], m["b"])]
    assert len(seen) == len(set(seen)), "no one twice in a slot"
    board = (await api.get(f"{W}/meeting-board", headers=organizer)).json()
    assert sum(s["accepted"] for s in board["slots"]) == 0, "nothing agreed before publishing"

    published = (await api.post(f"{W}/meeting-plan/publish", headers=organizer)).json()
    assert published["placed"] == len(plan["meetings"]) and published["left_out"] == 0
    again = await api.post(f"{W}/meeting-plan/publish", headers=organizer)
    assert again.status_code == 409
    board = (await api.get(f"{W}/meeting-board", headers=organizer)).json()
    assert sum(s["accepted"] for s in board["slots"]) == len(plan["meetings"])
    assert [o["organization_id"] for o in board["without_meeting"]] == [orgs["D"]]
    # Each side sees its planned meetings; A's and B's contacts are mailed.
    a_meets = (
        await api.get(
            f"{W}/organizations/{orgs['A']}/meetings", headers=auth("organization", orgs["A"])
        )
    ).json()["meetings"]
    assert a_meets and all(m["status"] == "accepted" and m["table"] for m in a_meets)
    with_a_or_b = [m for m in plan["meetings"] if {m["a"], m["b"]} & {orgs["A"], orgs["B"]}]
    told = sum(len({m["a"], m["b"]} & {orgs["A"], orgs["B"]}) for m in with_a_or_b)
    assert len(await mails_of(inbox, "meeting-accepted", told)) == told
    # The CSV: one row per meeting, a name typed as a formula shown as text.
    csv = (await api.get(f"{W}/meeting-board.csv", headers=organizer)).text
    lines = csv.lstrip("\ufeff").strip().splitlines()
    assert len(lines) == 1 + len(plan["meetings"])
    assert hostile not in csv.replace("'" + hostile, "") and "'=HYPERLINK" in csv


def _after_lunch(monkeypatch) -> None:
    """13:00 in Copenhagen on the day, for the workshops and registration alike."""
    after = datetime(2030, 5, 1, 11, 0, tzinfo=UTC)
    monkeypatch.setattr(clock, "now", lambda: after)
    monkeypatch.setattr(registration_clock, "now", lambda: after)


def _text(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _met_link(message: Message) -> str | None:
    found = re.search(r"/workshops/meetings/met\?token=\S+", _text(message))
    return found.group(0) if found else None


async def _a_meets_b_in_slot_2(api: httpx.AsyncClient, organizer, auth, inbox):
    """The day, and A's meeting with B in slot 2 agreed and mailed."""
    orgs = await _day(api, organizer)
    a, b = orgs["A"], orgs["B"]
    asked = await settles(
        lambda: _ok(
            api.post(
                f"{W}/organizations/{a}/meetings",
                json={"partner_id": b, "slot": 2, "note": "Frokost?"},
                headers=auth("organization", a),
            )
        )
    )
    accepted = await api.post(
        f"{W}/organizations/{b}/meetings/{asked['id']}/accept", headers=auth("organization", b)
    )
    await mails_of(inbox, "meeting-accepted", 2)
    return orgs, accepted.json()


async def test_did_you_meet_is_asked_once_in_the_next_mail_and_one_click_records_it(
    platform, organizer, auth, inbox, monkeypatch
) -> None:
    api, _ = platform
    orgs, meeting = await _a_meets_b_in_slot_2(api, organizer, auth, inbox)
    a, b = orgs["A"], orgs["B"]
    # An invitation before the meeting is over asks nothing.
    await api.post(f"{R}/invitations", json={"organization_ids": [a]}, headers=organizer)
    (before,) = await mails_of(inbox, "invitation", 1)
    assert _met_link(before) is None

    _after_lunch(monkeypatch)
    await api.post(f"{R}/invitations", json={"organization_ids": [b]}, headers=organizer)
    after = [m for m in await mails_of(inbox, "invitation", 2) if m["To"] == "k@b.dk"]
    text = _text(after[0])
    assert 'Did you meet "A"? Say so with one click:' in text  # B reads English
    link = _met_link(after[0])

    # Opening the link only asks (a mail scanner opens links); the button says so.
    page = await api.get(link)
    assert page.status_code == 200 and "Did B and A meet?" in page.text
    assert (
        await api.get(f"{W}/organizations/{b}/meetings", headers=auth("organization", b))
    ).json()["meetings"][0]["held_by"] == []
    said = await api.post(link)
    assert said.status_code == 200 and "The meeting is recorded" in said.text
    assert (await api.post(link)).status_code == 200  # again: nothing changes
    mine = (
        await api.get(f"{W}/organizations/{b}/meetings", headers=auth("organization", b))
    ).json()
    assert mine["meetings"][0]["held_by"] == [b]
    outcome = f"/matching/editions/{SLUG}/recommendations/{b}/{a}/outcome"

    async def met() -> bool:
        answer = await api.get(outcome, headers=auth("organization", b))
        return answer.status_code == 200 and answer.json()["status"] == "met"

    await settles(met)
    forged = link.replace("token=", "token=x")
    assert (await api.post(forged)).status_code == 401
    session = auth("organization", b)["Authorization"].removeprefix("Bearer ")
    assert (await api.post(f"/workshops/meetings/met?token={session}")).status_code == 401

    # A's next mail (E asks for a meeting after the day) asks A, and only once;
    # B, who answered, is not asked again in the same mail.
    def after_the_day(partner: str):
        later = {"partner_id": partner, "proposed_at": "2030-06-01T10:00:00+02:00"}
        return api.post(
            f"{W}/organizations/{orgs['E']}/meetings",
            json=later | {"online": True},
            headers=auth("organization", orgs["E"]),
        )

    for partner in (a, b):
        assert (await after_the_day(partner)).status_code == 201
    requests = await mails_of(inbox, "meeting-request", 4)
    to_a = [m for m in requests if m["To"] == "k@a.dk" and "E" in m["Subject"]]
    to_b = [m for m in requests if m["To"] == "k@b.dk" and "E" in m["Subject"]]
    assert 'Mødtes I med "B"?' in _text(to_a[0])
    assert _met_link(to_b[0]) is None, "B answered: not asked again"
    assert meeting["status"] == "accepted"


async def test_a_meeting_called_off_is_cancelled_in_both_calendars_and_its_note_goes(
    platform, organizer, auth, inbox, monkeypatch
) -> None:
    api, made = platform
    orgs, meeting = await _a_meets_b_in_slot_2(api, organizer, auth, inbox)
    a = orgs["A"]
    off = await api.post(
        f"{W}/organizations/{a}/meetings/{meeting['id']}/decline", headers=auth("organization", a)
    )
    assert off.json()["status"] == "cancelled"
    cancelled = await mails_of(inbox, "meeting-cancelled", 2)
    assert sorted(m["To"] for m in cancelled) == ["k@a.dk", "k@b.dk"]
    for message in cancelled:
        part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
        calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
        (event,) = calendar.walk("VEVENT")
        assert (calendar["METHOD"], event["UID"], event["SEQUENCE"]) == (
            "CANCEL",
            f"meeting-{meeting['id']}@synergi",
            1,
        )
    to_b = next(m for m in cancelled if m["To"] == "k@b.dk")
    assert '"A" has called off the meeting' in _text(to_b)

    # After the slot, a meeting called off is not asked about.
    _after_lunch(monkeypatch)
    await api.post(f"{R}/invitations", json={"organization_ids": [a]}, headers=organizer)
    (invitation,) = await mails_of(inbox, "invitation", 1)
    assert _met_link(invitation) is None

    # The note is kept 30 days after the request ended, then erased.
    store = made.apps["workshops"].state.store
    assert await store.meetings.forget_notes(datetime.now(UTC)) == 0
    assert (await store.meetings.get(SLUG, meeting["id"]))["note"] == "Frokost?"
    assert await store.meetings.forget_notes(datetime.now(UTC) + timedelta(days=31)) == 1
    assert (await store.meetings.get(SLUG, meeting["id"]))["note"] is None


async def test_rounds_have_times_no_meeting_period_lies_across_one_and_schedules_show_them(
    platform, organizer, auth
) -> None:
    api, _ = platform
    orgs = await _day(api, organizer)
    rounds = [{"round": 1, "starts": "10:00", "ends": "11:00"}]
    across = {**PERIODS, "rounds": [*rounds, {"round": 2, "starts": "12:15", "ends": "13:15"}]}
    refused = await api.put(f"{W}/meeting-periods", json=across, headers=organizer)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "meeting period 'Frokost' (12:00-12:30) overlaps round 2 (12:15-13:15): "
        "meetings are outside or between the rounds"
    )
    assert (await api.get(f"{W}/meeting-periods", headers=organizer)).json()["rounds"] == []

    between = {**PERIODS, "rounds": [*rounds, {"round": 2, "starts": "13:00", "ends": "13:45"}]}
    saved = await api.put(f"{W}/meeting-periods", json=between, headers=organizer)
    assert [r["starts"] for r in saved.json()["rounds"]] == ["10:00:00", "13:00:00"]
    # The periods alone, as before rounds had times: the times are kept.
    again = await api.put(f"{W}/meeting-periods", json=PERIODS, headers=organizer)
    assert len(again.json()["rounds"]) == 2

    # A's person in a round-2 workshop: the schedule and its calendar say 13:00.
    a = orgs["A"]
    registrations = (await api.get(f"{R}/registrations", headers=organizer)).json()
    (person,) = next(r for r in registrations if r["organization_id"] == a)["participants"]
    body = {"title": "Samskabelse", "theme": "co-creation", "round": 2, "capacity": 5}
    workshop = (await api.post(f"{W}/workshops", json=body, headers=organizer)).json()["id"]
    signup = {"participant_id": person["id"]}
    joined = await api.post(
        f"{W}/workshops/{workshop}/signups", json=signup, headers=auth("organization", a)
    )
    assert joined.status_code == 201, joined.text
    day = (await api.get(f"{W}/organizations/{a}/schedule", headers=organizer)).json()
    assert [(p["round"], p["starts_at"], p["ends_at"]) for p in day["workshops"]] == [
        (2, "13:00", "13:45")
    ]
    ics = await api.get(f"{W}/organizations/{a}/schedule.ics", headers=organizer)
    (entry,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert entry.start.isoformat() == "2030-05-01T13:00:00+02:00"
