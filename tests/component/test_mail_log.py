"""The mail log: every e-mail Synergi sends, as the organiser reads it, with
how it went, and nothing of a person once they are erased."""

import smtplib

import pytest
from aiosmtpd.controller import Controller

from synergi_registration import usecases
from synergi_registration.settings import RegistrationSettings
from synergi_shared.contracts.events import FollowUpDue
from synergi_shared.runtime.settings import Settings
from tests.helpers.processes import free_port

R = "/registration"
E = "mail-day"


async def _day(api) -> tuple[str, str, dict[str, str]]:
    edition = {"slug": E, "title": "Indsatsdag", "date": "2030-05-01"}
    assert (await api.post(f"{R}/editions", json=edition)).status_code == 201
    ids = []
    for name in ("Mor-Barn Fyn", "Effektlab"):
        made = await api.post(f"{R}/organizations", json={"name": name, "size": "small"})
        ids.append(made.json()["id"])
    people = [{"name": "Anna", "email": "anna@example.org"}, {"name": "Bo", "email": "bo@b.dk"}]
    registered = await api.post(
        f"{R}/editions/{E}/registrations",
        json={"organization_id": ids[0], "participants": people},
    )
    by_name = {p["name"]: p["id"] for p in registered.json()["participants"]}
    return ids[0], ids[1], by_name


class Refusing:
    """An SMTP server that knows no one."""

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        return f"550 no mailbox {address}"


def _smtp(settings: Settings, port: int) -> RegistrationSettings:
    return RegistrationSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )


async def test_the_log_says_what_was_sent_to_whom_and_what_failed_and_why(
    api, gateway, settings, inbox, auth, organizer
) -> None:
    api.headers.update(organizer)
    asked, partner, people = await _day(api)
    store = gateway.apps["registration"].state.store
    due = FollowUpDue(
        follow_up_id=f"{E}/3/{asked}",
        edition=E,
        organization_id=asked,
        months=3,
        partners=[partner],
    )
    with pytest.raises(OSError):  # no server there: the delivery fails, and is kept
        await usecases.send_follow_up(store, _smtp(settings, free_port()), due)
    failed = (await api.get(f"{R}/mail-log")).json()
    assert [(m["status"], m["kind"]) for m in failed] == [("failed", "follow-up")]
    assert "Error" in failed[0]["failure"] and failed[0]["sent_at"] is None
    refusing = Controller(Refusing(), hostname="127.0.0.1", port=free_port())
    refusing.start()
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            await usecases.send_follow_up(store, _smtp(settings, refusing.port), due)
    finally:
        refusing.stop()
    why = (await api.get(f"{R}/mail-log")).json()[0]["failure"]
    assert "<recipient>" in why and "@" not in why  # the server's words, not the address
    assert {m["status"] for m in (await api.get(f"{R}/mail-log")).json()} == {"failed"}
    # A third failure, as the consumer's last delivery would meet: the event
    # now waits in the dead-letter topic, and the log says so.
    with pytest.raises(OSError):
        await usecases.send_follow_up(store, _smtp(settings, free_port()), due)
    assert (await api.get(f"{R}/mail-log")).json()[0]["status"] == "dead-lettered"

    handler, port = inbox
    assert await usecases.send_follow_up(store, _smtp(settings, port), due) == 2
    assert await usecases.send_follow_up(store, _smtp(settings, port), due) == 0
    log = await api.get(f"{R}/mail-log", params={"edition": E})
    assert log.status_code == 200 and log.headers["X-Total-Count"] == "2"
    entries = sorted(log.json(), key=lambda m: m["recipient_name"])
    assert [(m["recipient_name"], m["to"], m["status"]) for m in entries] == [
        ("Anna", "anna@example.org", "sent"),
        ("Bo", "bo@b.dk", "sent"),
    ]
    assert {m["organization_name"] for m in entries} == {"Mor-Barn Fyn"}
    assert all(m["failure"] is None and m["sent_at"] for m in entries)
    assert len(handler.messages) == 2

    other = await api.get(f"{R}/mail-log", params={"edition": "another-day"})
    assert other.json() == [] and other.headers["X-Total-Count"] == "0"
    assert (await api.get(f"{R}/mail-log", params={"kind": "spam"})).status_code == 422
    organisation = auth("organization", asked)
    assert (await api.get(f"{R}/mail-log", headers=organisation)).status_code == 403

    assert (await api.delete(f"{R}/participants/{people['Anna']}")).status_code == 204
    after = {m["recipient_id"]: m for m in (await api.get(f"{R}/mail-log")).json()}
    anna = after[people["Anna"]]
    assert (anna["recipient_name"], anna["to"], anna["status"]) == (None, None, "sent")
