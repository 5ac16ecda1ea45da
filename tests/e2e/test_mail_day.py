"""A day's mail on `synergi run` (real Kafka, FerretDB, the four services,
the gateway and the local SMTP server), from the invitation to the reminder
to evaluate: five organisations invited, each link signs in; they register
and sign up, and a waitlisted person moves up; registration is killed with
SIGKILL and the platform started again on its kept data; people check in,
the organiser closes the day, each checked-in person's link opens their own
evaluation; and one reminder goes to each who did not answer. No mail is
sent twice: counted by Message-ID and by recipient and kind.

The reminder's three days are shortened to seconds by its setting
(`SYNERGI_EVALUATION_REMINDER_DAYS`), as a clock that moves on."""

import os
import signal
import subprocess
import time
from collections import Counter

import httpx

from synergi_shared.runtime.auth import mint_token
from tests.helpers import TEST_SECRET
from tests.helpers.mailbox import Mailbox, calendar_in, kind_of, link_in, until
from tests.helpers.platform import Run

SLUG = "mail-day"
REMINDER_SECONDS = 20


def registration_pid(env: dict[str, str], port: int) -> int:
    command = f"serve registration --host 127.0.0.1 --port {port + 1}"
    listed = subprocess.run(["pgrep", "-f", command], capture_output=True, text=True)
    (pid,) = [int(p) for p in listed.stdout.split()]
    return pid


def test_a_days_mail_from_invitation_to_evaluation(platform_env, tmp_path) -> None:
    env = {
        **platform_env,
        "SYNERGI_EVALUATION_REMINDER_DAYS": str(REMINDER_SECONDS / 86400),
        "SYNERGI_EVALUATION_CHECK_SECONDS": "1",
    }
    port = int(env["GATEWAY_PORT"])
    mail = Mailbox(env["SYNERGI_DATA_DIR"])
    organizer = {"Authorization": f"Bearer {mint_token(TEST_SECRET, 'organizer')}"}
    first = Run(env, port, tmp_path / "first.log")
    try:
        first.wait_until_running()
        api = httpx.Client(base_url=first.base, headers=organizer, timeout=30)
        day = {
            "slug": SLUG,
            "title": "Indsatsdag",
            "date": "2030-05-01",
            "venue": "Hotel Nyborg Strand",
            "starts_at": "09:30",
            "ends_at": "16:00",
        }
        assert api.post("/registration/editions", json=day).status_code == 201
        orgs = []
        for n in range(5):
            made = api.post(
                "/registration/organizations", json={"name": f"Org {n}", "size": "small"}
            )
            orgs.append(made.json()["id"])
            contact = {"name": f"Kontakt {n}", "email": f"kontakt{n}@example.org", "language": "da"}
            assert api.put(
                f"/registration/organizations/{orgs[-1]}/contact", json=contact
            ).is_success
        invited = api.post(
            f"/registration/editions/{SLUG}/invitations", json={"organization_ids": orgs}
        )
        assert sorted(invited.json()["invited"]) == sorted(orgs)
        invitations = mail.wait_for("invitation", 5)

        # Killed with no warning, the moment the invitations are out (their
        # events perhaps not yet committed), and started again on its data.
        os.kill(registration_pid(env, port), signal.SIGKILL)
        assert first.process.wait(timeout=120) != 0  # `synergi run` stops with it
    finally:
        if first.process.poll() is None:
            first.interrupt()
    second = Run(env, port, tmp_path / "second.log")
    try:
        second.wait_until_running()
        api = httpx.Client(base_url=second.base, headers=organizer, timeout=30)
        time.sleep(3)
        assert len(mail.of_kind("invitation")) == 5  # none again

        # Each contact's link signs its organisation in; it registers a person.
        people = {}
        for n, invitation in enumerate(invitations):
            assert calendar_in(invitation)["UID"] == f"edition-{SLUG}@synergi"
            assert str(calendar_in(invitation).start.tzinfo) == "Europe/Copenhagen"
            session = api.post("/registration/sessions", json={"code": link_in(invitation)})
            assert session.status_code == 201
            org = session.json()["organization_id"]
            own = {"Authorization": f"Bearer {session.json()['token']}"}
            person = {"name": f"Person {n}", "email": f"person{n}@example.org"}
            made = api.post(
                f"/registration/editions/{SLUG}/registrations",
                json={"organization_id": org, "participants": [person]},
                headers=own,
            )
            assert made.status_code == 201, made.text
            people[person["email"]] = (org, made.json()["participants"][0]["id"])
        ids = [pid for _, pid in people.values()]

        def workshop(title: str, round_: int, capacity: int) -> str:
            body = {"title": title, "theme": "co-creation", "round": round_, "capacity": capacity}
            path = f"/workshops/editions/{SLUG}/workshops"
            return until(lambda: api.post(path, json=body), lambda r: r.status_code == 201).json()[
                "id"
            ]

        small, large = workshop("Samskabelse", 1, 1), workshop("Måling", 2, 10)

        def sign_up(workshop_id: str, pid: str) -> httpx.Response:
            path = f"/workshops/editions/{SLUG}/workshops/{workshop_id}/signups"
            return until(
                lambda: api.post(path, json={"participant_id": pid}),
                lambda r: "Retry-After" not in r.headers,
            )

        assert sign_up(small, ids[0]).json()["status"] == "confirmed"
        assert sign_up(small, ids[1]).json()["status"] == "waitlisted"
        # Person 0's organisation gives the place up (the organiser taking it
        # would tell person 0 too): person 1 moves up.
        giving = mint_token(TEST_SECRET, "organization", people["person0@example.org"][0])
        giver = {"Authorization": f"Bearer {giving}"}
        left = api.delete(
            f"/workshops/editions/{SLUG}/workshops/{small}/signups/{ids[0]}", headers=giver
        )
        assert left.status_code == 204, left.text
        notices = mail.wait_for("waitlist", 2)  # the person moved up, and their contact
        mover_org = next(org for org, pid in people.values() if pid == ids[1])
        contact_of_mover = f"kontakt{orgs.index(mover_org)}@example.org"
        assert sorted(m["To"] for m in notices) == sorted(["person1@example.org", contact_of_mover])
        for notice in notices:
            place = calendar_in(notice)
            assert place["UID"] == f"workshop-{small}-{ids[1]}@synergi"
            assert place.start.isoformat() == "2030-05-01T09:30:00+02:00"

        # The day: four of the five check in; the organiser closes it.
        checkins = f"/workshops/editions/{SLUG}/workshops/{large}/checkins"
        for pid in ids[:4]:
            until(
                lambda p=pid: api.post(checkins, json={"participant_id": p}), lambda r: r.is_success
            )
        counts = f"/registration/editions/{SLUG}/evaluation-mails"
        until(lambda: api.get(counts), lambda r: r.json()["checked_in"] == 4)
        assert api.post(f"/registration/editions/{SLUG}/close").status_code == 200
        evaluations = mail.wait_for("evaluation", 4)
        assert sorted(m["To"] for m in evaluations) == [f"person{n}@example.org" for n in range(4)]

        # Each link opens that person's own evaluation; two of them answer.
        for n, evaluation in enumerate(sorted(evaluations, key=lambda m: m["To"])):
            session = api.post("/registration/sessions", json={"code": link_in(evaluation)})
            assert session.json()["role"] == "participant"
            assert session.json()["participant_id"] == people[evaluation["To"]][1]
            if n < 2:
                own = {"Authorization": f"Bearer {session.json()['token']}"}
                path = f"/feedback/editions/{SLUG}/responses/{session.json()['participant_id']}"
                until(
                    lambda p=path, o=own: api.put(p, json={"day_rating": 5}, headers=o),
                    lambda r: r.status_code == 200,
                )
        until(lambda: api.get(counts), lambda r: r.json()["answered"] == 2)

        # The reminder's time comes: one to each who did not answer.
        reminders = mail.wait_for("evaluation-reminder", 2, seconds=REMINDER_SECONDS + 60)
        assert sorted(m["To"] for m in reminders) == ["person2@example.org", "person3@example.org"]
        assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in reminders)

        everything = mail.all()
        assert len(everything) == 5 + 2 + 4 + 2
        ids_sent = Counter(m["Message-ID"] for m in everything)
        assert max(ids_sent.values()) == 1
        by_person_and_kind = Counter((m["To"], kind_of(m)) for m in everything)
        assert max(by_person_and_kind.values()) == 1
        log = api.get("/registration/mail-log", params={"edition": SLUG, "limit": 100}).json()
        assert len(log) == 13 and {m["status"] for m in log} == {"sent"}
    finally:
        assert second.interrupt() == 0, second.output()[-3000:]
