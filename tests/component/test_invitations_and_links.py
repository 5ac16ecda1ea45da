"""The mail Synergi writes itself, as people meet it: an organisation's
contact person, invitations with a sign-in link and the day as a calendar
file, one-click unsubscribe, "send me a new link", the notice of a place
won from the waitlist, and the evaluation links after the day. Everything
through HTTP and the in-process events, into a real SMTP server on loopback."""

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.message import Message

import httpx
import icalendar
import pytest
from mongomock_motor import AsyncMongoMockClient

from synergi_registration import usecases
from synergi_registration.schemas import EditionCreate, OrganizationCreate
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_registration.usecases.mail import mail_log_page
from synergi_shared.contracts.events import InvitationRequested
from synergi_shared.runtime.settings import Settings
from synergi_shared.tools.single_process import create_single_process_app

R, W = "/registration", "/workshops"
E = "impact-2027"


@pytest.fixture
async def api(settings: Settings, inbox) -> AsyncIterator[httpx.AsyncClient]:
    """Every service in one process, registration mailing to `inbox`."""
    _, port = inbox
    mailing = RegistrationSettings(
        **settings.model_dump(),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        evaluation_check_seconds=0.1,
        close_days_after_hours=2,
    )
    made = create_single_process_app(mailing)
    async with made.lifespan():
        transport = httpx.ASGITransport(app=made)
        async with httpx.AsyncClient(transport=transport, base_url="http://synergi") as client:
            yield client


async def mails(inbox, count: int) -> list[Message]:
    """The inbox once it holds `count` messages (and a moment more, to see no more come)."""
    handler, _ = inbox
    for _ in range(200):
        if len(handler.messages) >= count:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.3)
    return handler.messages


def text_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def calendar_of(message: Message) -> icalendar.Calendar:
    part = next(p for p in message.walk() if p.get_content_type() == "text/calendar")
    return icalendar.Calendar.from_ical(part.get_payload(decode=True))


def subject_of(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def code_in(message: Message) -> str:
    return re.search(r"/sign-in#code=(\S+)", text_of(message))[1]


async def invitations(api, path: str, organizer) -> dict[str, dict]:
    return {row["organization_id"]: row for row in (await api.get(path, headers=organizer)).json()}


async def edition_and_organisations(api, organizer, names: list[str]) -> list[str]:
    day = {
        "slug": E,
        "title": 'Indsatsdag "2027"',
        "date": "2030-05-01",
        "venue": "Hotel Nyborg Strand",
        "starts_at": "09:30",
        "ends_at": "16:00",
        "registration_deadline": "2030-04-15T23:59:00+02:00",
    }
    assert (await api.post(f"{R}/editions", json=day, headers=organizer)).status_code == 201
    ids = []
    for name in names:
        made = await api.post(
            f"{R}/organizations", json={"name": name, "size": "small"}, headers=organizer
        )
        ids.append(made.json()["id"])
    return ids


async def test_a_contact_person_is_the_organisations_own_and_erased_on_request(
    api, organizer, auth
) -> None:
    mine, other = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn", "Effektlab"])
    own = auth("organization", mine)
    path = f"{R}/organizations/{mine}/contact"
    assert (await api.get(path, headers=own)).status_code == 404
    contact = {"name": "Anna Holm", "email": "anna@morbarn.dk", "language": "da"}
    set_ = await api.put(path, json=contact, headers=own)
    assert set_.status_code == 200, set_.text
    assert {k: set_.json()[k] for k in contact} == contact
    assert set_.json()["mails"] == [] and set_.json()["unsubscribed"] == []
    assert (await api.get(path, headers=organizer)).json()["email"] == "anna@morbarn.dk"
    theirs = auth("organization", other)
    assert (await api.get(path, headers=theirs)).status_code == 403
    assert (await api.put(path, json=contact, headers=theirs)).status_code == 403
    assert (await api.get(path, headers=auth("tool"))).status_code == 403
    bad = await api.put(path, json={**contact, "name": "Anna\r\nBcc: x@y.z"}, headers=own)
    assert bad.status_code == 422
    assert (await api.put(path, json={**contact, "language": "de"}, headers=own)).status_code == 422
    missing = await api.put(f"{R}/organizations/nobody/contact", json=contact, headers=organizer)
    assert missing.status_code == 404
    # The profile (which events carry) says nothing of the contact.
    profile = (await api.get(f"{R}/organizations/{mine}", headers=own)).json()
    assert "anna@morbarn.dk" not in str(profile)

    assert (await api.delete(path, headers=own)).status_code == 204
    assert (await api.get(path, headers=organizer)).status_code == 404
    assert (await api.delete(path, headers=own)).status_code == 404


async def test_an_invitation_is_one_mail_per_contact_with_a_link_and_the_day(
    api, organizer, auth, inbox, monkeypatch
) -> None:
    danish, english, silent = await edition_and_organisations(
        api, organizer, ["Mor-Barn Fyn", "Effektlab", "Ingen Kontakt"]
    )
    for org, email, language in ((danish, "anna@morbarn.dk", "da"), (english, "ben@lab.org", "en")):
        contact = {"name": "Anna" if language == "da" else "Ben", "email": email}
        put = await api.put(
            f"{R}/organizations/{org}/contact",
            json={**contact, "language": language},
            headers=organizer,
        )
        assert put.status_code == 200
    path = f"{R}/editions/{E}/invitations"
    assert (await api.post(path, json={}, headers=auth("organization", danish))).status_code == 403
    unknown = await api.post(path, json={"organization_ids": [danish, "nobody"]}, headers=organizer)
    assert unknown.status_code == 422 and "nobody" in unknown.text
    assert (await api.get(path, headers=organizer)).json() == []  # nothing recorded

    made = await api.post(path, json={"organization_ids": None}, headers=organizer)
    assert made.status_code == 202, made.text
    assert sorted(made.json()["invited"]) == sorted([danish, english])
    assert made.json()["no_contact"] == [silent]
    sent = await mails(inbox, 2)
    assert sorted(m["To"] for m in sent) == ["anna@morbarn.dk", "ben@lab.org"]
    by_to = {m["To"]: m for m in sent}
    da, en = by_to["anna@morbarn.dk"], by_to["ben@lab.org"]
    assert da["Subject"] == 'Invitation: "Indsatsdag "2027""'
    assert 'Kære "Anna"' in text_of(da) and "1. maj 2030, kl. 09:30\u201316:00" in text_of(da)
    assert "Tilmelding senest: 15. april 2030" in text_of(da)
    assert '"Hotel Nyborg Strand"' in text_of(da)
    assert 'Dear "Ben"' in text_of(en) and "Register by: 15 April 2030" in text_of(en)
    for message in sent:
        event = calendar_of(message).events[0]
        assert str(event.start.tzinfo) == "Europe/Copenhagen"
        assert event.start.isoformat() == "2030-05-01T09:30:00+02:00"
        assert event["UID"] == f"edition-{E}@synergi" and event["SEQUENCE"] == 0
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Each link signs its own organisation in, once.
    session = await api.post(f"{R}/sessions", json={"code": code_in(da)})
    assert session.status_code == 201 and session.json()["organization_id"] == danish
    assert (await api.post(f"{R}/sessions", json={"code": code_in(da)})).status_code == 401

    again = await api.post(path, json={"organization_ids": [danish]}, headers=organizer)
    assert again.json()["invited_lately"] == [danish] and again.json()["invited"] == []
    assert len(await mails(inbox, 3)) == 2

    registration = {"organization_id": danish, "participants": [{"name": "A", "email": "a@b.dk"}]}
    await api.post(f"{R}/editions/{E}/registrations", json=registration, headers=organizer)
    listed = await invitations(api, path, organizer)
    assert listed[danish]["registered"] and not listed[english]["registered"]
    assert {row["mail"] for row in listed.values()} == {"sent"}
    assert listed[danish]["times"] == 1

    # Ben unsubscribes with his mail's one-click link: no invitation again.
    link = re.fullmatch(r"<(\S+)>", en["List-Unsubscribe"])[1]
    link = link.removeprefix("http://127.0.0.1:8000")
    asked = await api.get(link)
    assert asked.status_code == 200 and "<form" in asked.text
    assert len((await api.get(path, headers=organizer)).json()) == 2  # a GET changed nothing
    done = await api.post(link, content="List-Unsubscribe=One-Click")
    assert done.status_code == 200
    assert (await api.post(link.replace("token=", "token=x"))).status_code == 401
    session_token = organizer["Authorization"].removeprefix("Bearer ")
    as_session = await api.post(f"{R}/unsubscribe", params={"token": session_token})
    assert as_session.status_code == 401  # a session is no unsubscribe link
    unsubscribe_token = link.split("token=")[1]
    as_bearer = {"Authorization": f"Bearer {unsubscribe_token}"}
    assert (await api.get(f"{R}/editions", headers=as_bearer)).status_code == 401  # nor the reverse
    later = clock.now() + timedelta(days=8)
    monkeypatch.setattr(clock, "now", lambda: later)
    week_on = await api.post(path, json={}, headers=organizer)
    assert week_on.json()["invited"] == [danish] and week_on.json()["unsubscribed"] == [english]
    sent = await mails(inbox, 3)
    assert [m["To"] for m in sent[2:]] == ["anna@morbarn.dk"]
    listed = await invitations(api, path, organizer)
    assert listed[english]["unsubscribed"] and listed[danish]["times"] == 2
    contact = (await api.get(f"{R}/organizations/{english}/contact", headers=organizer)).json()
    assert contact["unsubscribed"] == ["invitation"] and len(contact["mails"]) == 1


async def test_the_days_calendar_file_is_updated_not_added_to(api, organizer, auth) -> None:
    (org,) = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn"])
    path = f"{R}/editions/{E}/calendar.ics"
    first = await api.get(path, headers=auth("organization", org))
    assert first.status_code == 200 and first.headers["content-type"].startswith("text/calendar")
    before = icalendar.Calendar.from_ical(first.content).events[0]
    await api.patch(f"{R}/editions/{E}", json={"venue": "Roskilde"}, headers=organizer)
    await api.patch(f"{R}/editions/{E}", json={"retention_months": 40}, headers=organizer)
    after = icalendar.Calendar.from_ical((await api.get(path, headers=organizer)).content).events[0]
    assert after["UID"] == before["UID"] and (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after["LOCATION"] == "Roskilde"
    ends_first = await api.patch(f"{R}/editions/{E}", json={"ends_at": "08:00"}, headers=organizer)
    assert ends_first.status_code == 422
    assert (await api.get(f"{R}/editions/nope/calendar.ics", headers=organizer)).status_code == 404


async def test_a_new_link_goes_to_a_known_address_only_and_the_answer_says_nothing(
    api, organizer, inbox
) -> None:
    org, _ = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn", "Effektlab"])
    contact = {"name": "Anna", "email": "anna@morbarn.dk", "language": "da"}
    await api.put(f"{R}/organizations/{org}/contact", json=contact, headers=organizer)
    person = {"name": "Bo", "email": "bo@morbarn.dk"}
    registration = {"organization_id": org, "participants": [person]}
    await api.post(f"{R}/editions/{E}/registrations", json=registration, headers=organizer)

    path = f"{R}/sign-in-links/requests"
    known = await api.post(path, json={"email": "anna@morbarn.dk"})
    unknown = await api.post(path, json={"email": "nobody@example.org"})
    assert (known.status_code, unknown.status_code) == (202, 202)
    assert known.json() == unknown.json()
    assert (await api.post(path, json={"email": "not an address"})).status_code == 422
    sent = await mails(inbox, 1)
    assert [m["To"] for m in sent] == ["anna@morbarn.dk"]
    session = await api.post(f"{R}/sessions", json={"code": code_in(sent[0])})
    assert session.status_code == 201 and session.json()["organization_id"] == org

    await api.post(path, json={"email": "bo@morbarn.dk"})
    sent = await mails(inbox, 2)
    assert sent[1]["To"] == "bo@morbarn.dk" and "Dear" in text_of(sent[1])  # Danish, then English
    for _ in range(5):  # the address's hour is used up after three
        assert (await api.post(path, json={"email": "bo@morbarn.dk"})).status_code == 202
    assert len(await mails(inbox, 5)) == 4


async def test_a_place_won_or_taken_away_is_told_to_the_person_and_the_contact(
    api, organizer, auth, inbox
) -> None:
    org, other = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn", "Effektlab"])
    contact = {"name": "Anna", "email": "anna@morbarn.dk", "language": "en"}
    await api.put(f"{R}/organizations/{org}/contact", json=contact, headers=organizer)
    people = {}
    for owner, person in ((other, "carl@lab.org"), (org, "bo@morbarn.dk")):
        registration = {"organization_id": owner, "participants": [{"name": "P", "email": person}]}
        made = await api.post(
            f"{R}/editions/{E}/registrations", json=registration, headers=organizer
        )
        people[person] = made.json()["participants"][0]["id"]
    workshop = {"title": "Måling & dokumentation", "theme": "measurement-documentation"}
    made = await api.post(
        f"{W}/editions/{E}/workshops",
        json={**workshop, "round": 1, "capacity": 1, "room": "Lokale 2"},
        headers=organizer,
    )
    for _ in range(100):  # until workshops has heard of the edition
        if made.status_code == 201:
            break
        await asyncio.sleep(0.02)
        made = await api.post(
            f"{W}/editions/{E}/workshops",
            json={**workshop, "round": 1, "capacity": 1, "room": "Lokale 2"},
            headers=organizer,
        )
    assert made.status_code == 201, made.text
    signups = f"{W}/editions/{E}/workshops/{made.json()['id']}/signups"
    for person in ("carl@lab.org", "bo@morbarn.dk"):
        for _ in range(100):
            signed = await api.post(
                signups, json={"participant_id": people[person]}, headers=organizer
            )
            if "Retry-After" not in signed.headers:
                break
            await asyncio.sleep(0.02)
        assert signed.status_code == 201, signed.text
    assert signed.json()["status"] == "waitlisted"
    # Carl's own organisation cancels his place: Bo moves up; Carl is not
    # written to (his organisation did it).
    carls = auth("organization", other)
    assert (
        await api.delete(f"{signups}/{people['carl@lab.org']}", headers=carls)
    ).status_code == 204

    sent = await mails(inbox, 2)
    assert sorted(m["To"] for m in sent) == ["anna@morbarn.dk", "bo@morbarn.dk"]
    for message in sent:
        assert '"Måling & dokumentation"' in text_of(message)
        assert '"Lokale 2"' in text_of(message)
        event = calendar_of(message).events[0]
        assert str(event.start.tzinfo) == "Europe/Copenhagen"
        assert event["LOCATION"] == "Lokale 2, Hotel Nyborg Strand"
        assert event["UID"] == f"workshop-{made.json()['id']}-{people['bo@morbarn.dk']}@synergi"
    contact_mail = next(m for m in sent if m["To"] == "anna@morbarn.dk")
    assert "Dear" in text_of(contact_mail) and "Kære" not in text_of(contact_mail)

    # The organiser takes Bo off: he and Anna are told, and the calendar
    # entry they were sent is cancelled (same UID, a higher SEQUENCE).
    assert (await api.delete(f"{signups}/{people['bo@morbarn.dk']}", headers=organizer)).is_success
    sent = (await mails(inbox, 4))[2:]
    assert sorted(m["To"] for m in sent) == ["anna@morbarn.dk", "bo@morbarn.dk"]
    bos = text_of(next(m for m in sent if m["To"] == "bo@morbarn.dk"))
    assert "Kære" in bos and "Dear" in bos  # a participant: Danish, then English
    for message in sent:
        assert '"Måling & dokumentation"' in text_of(message)
        cancelled = calendar_of(message)
        assert cancelled["METHOD"] == "CANCEL"
        event = cancelled.events[0]
        assert event["UID"] == f"workshop-{made.json()['id']}-{people['bo@morbarn.dk']}@synergi"
        assert (event["SEQUENCE"], event["STATUS"]) == (1, "CANCELLED")


async def until(call, done) -> httpx.Response:
    for _ in range(200):
        answer = await call()
        if done(answer):
            return answer
        await asyncio.sleep(0.02)
    return answer


async def checked_in(api, organizer, participant_ids: list[str]) -> None:
    """A workshop, and the people checked in at it (once it knows of them)."""
    body = {"title": "Måling", "theme": "measurement-documentation", "round": 1, "capacity": 9}
    workshop = await until(
        lambda: api.post(f"{W}/editions/{E}/workshops", json=body, headers=organizer),
        lambda r: r.status_code == 201,
    )
    checkins = f"{W}/editions/{E}/workshops/{workshop.json()['id']}/checkins"
    for participant_id in participant_ids:
        checked = await until(
            lambda p=participant_id: api.post(
                checkins, json={"participant_id": p}, headers=organizer
            ),
            lambda r: r.is_success,
        )
        assert checked.is_success, checked.text


async def test_after_the_day_each_checked_in_person_gets_a_link_to_evaluate_and_one_reminder(
    api, organizer, inbox, monkeypatch
) -> None:
    first, second = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn", "Effektlab"])
    people = {}
    for org, names in ((first, ["anna", "bo"]), (second, ["carl"])):
        registration = {
            "organization_id": org,
            "participants": [{"name": n.title(), "email": f"{n}@example.org"} for n in names],
        }
        made = await api.post(
            f"{R}/editions/{E}/registrations", json=registration, headers=organizer
        )
        people |= {p["email"].split("@")[0]: p["id"] for p in made.json()["participants"]}
    await checked_in(api, organizer, [people["anna"], people["carl"]])  # Bo stays at home
    counts = f"{R}/editions/{E}/evaluation-mails"
    await until(lambda: api.get(counts, headers=organizer), lambda r: r.json()["checked_in"] == 2)

    closed = await api.post(f"{R}/editions/{E}/close", headers=organizer)
    assert closed.status_code == 200 and closed.json()["closed_at"], closed.text
    sent = await mails(inbox, 2)
    assert sorted(m["To"] for m in sent) == ["anna@example.org", "carl@example.org"]
    assert all(m["List-Unsubscribe"] is None for m in sent)  # transactional
    assert (await api.post(f"{R}/editions/{E}/close", headers=organizer)).status_code == 200
    assert len(await mails(inbox, 3)) == 2  # closed again: nothing sent again

    # Anna's link signs her in as herself alone: she may evaluate, nothing else.
    anna_mail = next(m for m in sent if m["To"] == "anna@example.org")
    session = (await api.post(f"{R}/sessions", json={"code": code_in(anna_mail)})).json()
    assert (session["role"], session["participant_id"], session["edition"]) == (
        "participant",
        people["anna"],
        E,
    )
    anna = {"Authorization": f"Bearer {session['token']}"}
    own = f"/feedback/editions/{E}/responses/{people['anna']}"
    answered = await until(
        lambda: api.put(own, json={"day_rating": 5}, headers=anna),
        lambda r: "Retry-After" not in r.headers,
    )
    assert answered.status_code == 200, answered.text
    assert (await api.get(own, headers=anna)).status_code == 200
    bo = f"/feedback/editions/{E}/responses/{people['bo']}"
    assert (await api.put(bo, json={"day_rating": 1}, headers=anna)).status_code == 403
    for path in (
        f"{R}/editions/{E}/registrations",
        f"{R}/organizations/{first}",
        f"/matching/editions/{E}/organizations/{first}/recommendations",
        f"{R}/participants/{people['anna']}/export",
    ):
        assert (await api.get(path, headers=anna)).status_code == 403, path
    progress = await until(
        lambda: api.get(counts, headers=organizer), lambda r: r.json()["answered"] == 1
    )
    assert {k: progress.json()[k] for k in ("checked_in", "sent", "opened", "answered")} == {
        "checked_in": 2,
        "sent": 2,
        "opened": 1,
        "answered": 1,
    }

    # Three days on, one reminder, to Carl alone, with a new link; never again.
    later = clock.now() + timedelta(days=3, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    sent = await mails(inbox, 3)
    assert [m["To"] for m in sent[2:]] == ["carl@example.org"]
    assert subject_of(sent[2]).startswith("Påmindelse:") and sent[2]["List-Unsubscribe"]
    assert code_in(sent[2]) != code_in(sent[0]) and code_in(sent[2]) != code_in(sent[1])
    await asyncio.sleep(0.5)
    assert len(await mails(inbox, 4)) == 3
    reminded = (await api.get(counts, headers=organizer)).json()
    assert reminded["reminded"] == 1 and reminded["reminder_at"]

    # Asking for a new link: Carl, checked in, gets his own evaluation link
    # again; Bo, who stayed at home, his organisation's.
    for address in ("carl@example.org", "bo@example.org"):
        asked = await api.post(f"{R}/sign-in-links/requests", json={"email": address})
        assert asked.status_code == 202
    carl, bo = sorted((await mails(inbox, 5))[3:], key=lambda m: m["To"], reverse=True)
    assert subject_of(carl).startswith("Dit nye link til evalueringen af")
    as_carl = (await api.post(f"{R}/sessions", json={"code": code_in(carl)})).json()
    assert (as_carl["role"], as_carl["participant_id"]) == ("participant", people["carl"])
    as_bo = (await api.post(f"{R}/sessions", json={"code": code_in(bo)})).json()
    assert (as_bo["role"], as_bo["organization_id"]) == ("organization", first)


async def test_a_kind_of_mail_turned_off_is_not_sent_until_it_is_on_again(
    settings: Settings, inbox
) -> None:
    handler, port = inbox
    off = RegistrationSettings(
        **settings.model_dump(),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        mail_off=frozenset({"invitation"}),
    )
    store = RegistrationStore(AsyncMongoMockClient()["registration"])
    await usecases.create_edition(
        store, EditionCreate(slug=E, title="Indsatsdag", date="2030-05-01").command()
    )
    org = (
        await usecases.create_organization(
            store, OrganizationCreate(name="Mor-Barn Fyn", size="small").command()
        )
    )["organization_id"]
    await usecases.set_contact(store, org, "Anna", "anna@morbarn.dk", "da")
    asked = InvitationRequested(invitation_id=f"{E}/{org}/1", edition=E, organization_id=org)

    assert await usecases.send_invitation(store, off, asked) is False
    await asyncio.sleep(0.1)
    assert handler.messages == []
    assert (await mail_log_page(store, E, None, 0, 10))[1] == 0  # nothing recorded
    on = off.model_copy(update={"mail_off": frozenset()})
    assert await usecases.send_invitation(store, on, asked) is True
    await asyncio.sleep(0.1)
    assert [m["To"] for m in handler.messages] == ["anna@morbarn.dk"]


async def test_a_day_left_open_closes_itself_hours_after_it_ends(
    api, organizer, inbox, monkeypatch
) -> None:
    (org,) = await edition_and_organisations(api, organizer, ["Mor-Barn Fyn"])  # ends 16:00
    last_month = {"slug": "long-ago", "title": "T", "date": "2030-04-01"}
    assert (await api.post(f"{R}/editions", json=last_month, headers=organizer)).is_success
    registration = {"organization_id": org, "participants": [{"name": "A", "email": "a@b.dk"}]}
    made = await api.post(f"{R}/editions/{E}/registrations", json=registration, headers=organizer)
    anna = made.json()["participants"][0]["id"]
    await checked_in(api, organizer, [anna])
    counts = f"{R}/editions/{E}/evaluation-mails"
    await until(lambda: api.get(counts, headers=organizer), lambda r: r.json()["checked_in"] == 1)

    at = datetime(2030, 5, 1, 15, 30, tzinfo=UTC)  # 17:30 in Denmark: 1.5 hours after the end
    monkeypatch.setattr(clock, "now", lambda: at)
    await asyncio.sleep(0.5)
    assert (await api.get(counts, headers=organizer)).json()["closed_at"] is None
    at = datetime(2030, 5, 1, 16, 1, tzinfo=UTC)  # 18:01: two hours after
    sent = await mails(inbox, 1)
    assert [m["To"] for m in sent] == ["a@b.dk"]
    assert (await api.get(counts, headers=organizer)).json()["closed_at"]
    # A month-old day left open is the organiser's to close, not the clock's.
    long_ago = await api.get(f"{R}/editions/long-ago", headers=organizer)
    assert long_ago.json()["closed_at"] is None
