"""An organisation that has not answered its follow-up round 14 days after
it was asked gets one reminder, one mail per person; one that answered gets
none, and no round is reminded twice."""

from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest

from synergi_matching.usecases import follow_ups
from synergi_registration.settings import RegistrationSettings
from synergi_shared.runtime.settings import Settings
from tests.helpers import settles

E = "reminder-day"
M = f"/matching/editions/{E}"
PROFILES = {
    "Mor-Barn Fyn": {"needs": ["impact-measurement"], "offers": ["volunteer-training"]},
    "Effektlab": {"offers": ["impact-measurement"], "needs": ["volunteer-training"]},
}
PEOPLE = {
    "Mor-Barn Fyn": [
        {"name": "Anna", "email": "anna@example.org"},
        {"name": "Bo", "email": "bo@example.org"},
    ],
    "Effektlab": [{"name": "Carl", "email": "carl@example.org"}],
}


@pytest.fixture
def settings(settings: Settings, inbox) -> RegistrationSettings:
    """The test's settings, with registration's mail going to the inbox."""
    _, port = inbox
    return RegistrationSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )


async def _mails(api, kind: str) -> list[dict]:
    return (await api.get("/registration/mail-log", params={"kind": kind})).json()


async def test_one_reminder_to_those_who_did_not_answer(api, gateway, organizer, auth, inbox):
    api.headers.update(organizer)
    edition = {"slug": E, "title": "Indsatsdag", "date": "2030-05-01"}
    assert (await api.post("/registration/editions", json=edition)).status_code == 201
    ids = {}
    for name, profile in PROFILES.items():
        made = await api.post(
            "/registration/organizations",
            json={"name": name, "size": "small", "regions": ["fyn"], **profile},
        )
        ids[name] = made.json()["id"]
        registered = await api.post(
            f"/registration/editions/{E}/registrations",
            json={"organization_id": ids[name], "participants": PEOPLE[name]},
        )
        assert registered.status_code == 201, registered.text
    mor_barn, effektlab = ids["Mor-Barn Fyn"], ids["Effektlab"]

    async def listed():
        answer = await api.get(f"{M}/organizations/{mor_barn}/recommendations")
        return answer.status_code == 200 and answer.json()["recommendations"]

    assert await settles(listed)
    for org, partner in ((mor_barn, effektlab), (effektlab, mor_barn)):
        met = await api.put(
            f"{M}/recommendations/{org}/{partner}/outcome",
            json={"status": "met"},
            headers=auth("organization", org),
        )
        assert met.status_code == 200, met.text
    assert (await api.post(f"{M}/follow-ups/3")).json() == {"months": 3, "organizations": 2}
    assert await settles(lambda: len_is(api, "follow-up", 3))
    # Effektlab answers; Mor-Barn Fyn does not.
    answered = await api.put(
        f"{M}/organizations/{effektlab}/follow-ups/3/{mor_barn}",
        json={"indicators": ["knowledge-exchange"]},
        headers=auth("organization", effektlab),
    )
    assert answered.status_code == 200, answered.text

    matching = gateway.apps["matching"].state.store
    now = datetime.now(UTC)
    assert await follow_ups.remind_unanswered(matching, now + timedelta(days=13)) == 0
    assert await follow_ups.remind_unanswered(matching, now + timedelta(days=15)) == 1
    assert await follow_ups.remind_unanswered(matching, now + timedelta(days=16)) == 0

    # The organiser sees, per round, who was asked, answered and reminded.
    summary = (await api.get(f"{M}/follow-ups")).json()
    three = next(r for r in summary["rounds"] if r["months"] == 3)
    assert three["asked"] == [
        {"organization_id": effektlab, "name": "Effektlab", "answered": True, "reminded": False},
        {"organization_id": mor_barn, "name": "Mor-Barn Fyn", "answered": False, "reminded": True},
    ]
    assert three["organizations_asked"] == 2 and three["organizations_answered"] == 1

    assert await settles(lambda: len_is(api, "follow-up-reminder", 2))
    reminded = await _mails(api, "follow-up-reminder")
    assert sorted(m["recipient_name"] for m in reminded) == ["Anna", "Bo"]
    handler, _ = inbox
    texts = [(m["To"], m.get_payload(decode=True).decode()) for m in handler.messages]
    reminders = sorted((to, text) for to, text in texts if "enkelt påmindelse" in text)
    # Not Carl: Effektlab answered.
    assert [to for to, _ in reminders] == ["anna@example.org", "bo@example.org"]
    assert '  - "Effektlab"' in reminders[0][1]
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in handler.messages]
    assert sum(subject.startswith("Påmindelse: ") for subject in subjects) == 2


async def len_is(api, kind: str, count: int) -> bool:
    """Whether `count` mails of `kind` are sent (not merely being sent)."""
    return [m["status"] for m in await _mails(api, kind)] == ["sent"] * count
