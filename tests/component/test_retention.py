"""The retention schedule (GDPR art. 5(1)(e)), on a clock the test moves:
an edition's personal data is erased when its retention runs out, through
erasure as a person would ask for it, so every service follows and the
anonymous figures stay; sign-in link and sent-mail records go after 30 days
(security review, finding 7)."""

from datetime import UTC, datetime, timedelta

from synergi_registration.usecases import apply_retention
from synergi_shared.contracts.events import MeetingAccepted
from tests.helpers import settles
from tests.helpers.evaluation_day import F, answer, put

R = "/registration"


def _at(day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


async def test_personal_data_goes_when_its_time_is_up_and_the_figures_stay(
    api, gateway, organizer, day
) -> None:
    store = gateway.apps["registration"].state.store
    assert (await put(api, day, "Anna", answer(day), organizer)).status_code == 200
    summary = (await api.get(f"{F}/summary", headers=organizer)).json()
    edition = (await api.get(f"{R}/editions/impact-2026", headers=organizer)).json()
    assert edition["retention_months"] == 30 and edition["personal_data_erased_at"] is None
    changed = await api.patch(
        f"{R}/editions/impact-2026", json={"retention_months": 6}, headers=organizer
    )
    assert changed.json()["retention_months"] == 6

    # What "did you meet?" keeps about a meeting goes with the edition's people.
    meeting = MeetingAccepted(
        edition="impact-2026", meeting_id="m1", requester="o1", partner="o2", slot=1, table=1
    )
    await store.meeting_questions.agreed(meeting)

    # The day is 2030-05-01: the day before six months have passed, nothing goes.
    assert (await apply_retention(store, _at("2030-10-31")))["participants_erased"] == 0
    assert len(await store.meeting_questions.open_of("o1")) == 1
    anna = day["people"]["Anna"]
    kept = await api.get(f"{R}/participants/{anna}/export", headers=organizer)
    assert kept.json()["participant"]["email"] == "anna@example.org"

    done = await apply_retention(store, _at("2030-11-01"))
    assert done["participants_erased"] == 3  # Anna, Carl and Bo
    assert await store.meeting_questions.open_of("o1") == []
    assert (await apply_retention(store, _at("2030-11-02")))["participants_erased"] == 0
    edition = (await api.get(f"{R}/editions/impact-2026", headers=organizer)).json()
    assert edition["personal_data_erased_at"].startswith("2030-11-01")
    registrations = (
        await api.get(f"{R}/editions/impact-2026/registrations", headers=organizer)
    ).json()
    people = [p for r in registrations for p in r["participants"]]
    assert len(people) == 3 and all(p["erased_at"] and p["email"] is None for p in people)

    # Every service follows, as after a person's own request: the evaluation's
    # words are gone, its counts stay.
    async def feedback_followed():
        gone = await api.get(f"{F}/responses/{anna}", headers=organizer)
        return gone.status_code in (404, 410)

    assert await settles(feedback_followed)
    assert (await api.get(f"{F}/insights", headers=organizer)).json() == []
    after = (await api.get(f"{F}/summary", headers=organizer)).json()
    assert after["responses"] == summary["responses"] == 1
    assert after["day"] == summary["day"] and after["checked_in"] == summary["checked_in"]


async def test_link_and_mail_records_go_after_30_days(api, gateway, organizer) -> None:
    store = gateway.apps["registration"].state.store
    made = await api.post(f"{R}/sign-in-links", json={}, headers=organizer)
    assert made.status_code == 201
    now = datetime.now(UTC)
    about = {"kind": "follow-up", "edition": "d", "organization_id": "o", "recipient_id": "p"}
    assert await store.mail_log.claim("follow-up/d/3/o/p", about, now, now - timedelta(minutes=10))
    await store.mail_log.sent("follow-up/d/3/o/p", now)

    kept = await apply_retention(store, now + timedelta(days=29))
    assert (kept["sign_in_links_forgotten"], kept["mail_records_forgotten"]) == (0, 0)
    gone = await apply_retention(store, now + timedelta(days=31))
    assert (gone["sign_in_links_forgotten"], gone["mail_records_forgotten"]) == (1, 1)
    assert await store.mail_log.sent_to("p") == []
