"""The follow-up e-mail as a participant receives it, through a real SMTP
server on loopback: one message per person with a link of their own, sent
once however often the event arrives."""

import asyncio
import re
from datetime import UTC, datetime, timedelta

from mongomock_motor import AsyncMongoMockClient

from synergi_registration import usecases
from synergi_registration.schemas import (
    EditionCreate,
    OrganizationCreate,
    ParticipantCreate,
    RegistrationCreate,
)
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.events import FollowUpDue
from synergi_shared.runtime.settings import Settings


async def test_each_participant_gets_a_message_and_a_link_of_their_own(
    inbox, settings: Settings
) -> None:
    handler, port = inbox
    settings = RegistrationSettings(
        **settings.model_dump(), smtp_host="127.0.0.1", smtp_port=port, smtp_security="none"
    )
    store = RegistrationStore(AsyncMongoMockClient()["registration"])
    await usecases.create_edition(
        store, EditionCreate(slug="day", title="Indsatsdag", date="2030-05-01").command()
    )
    asked = await usecases.create_organization(
        store, OrganizationCreate(name="Mor-Barn Fyn", size="small").command()
    )
    partner = await usecases.create_organization(
        store, OrganizationCreate(name="Børnefonden", size="small").command()
    )
    people = [
        ParticipantCreate(name=name, email=f"{name.lower()}@example.org")
        for name in ("Anna", "Bo", "Carl")
    ]
    await usecases.register(
        store,
        "day",
        RegistrationCreate(organization_id=asked["organization_id"], participants=people).command(),
    )
    due = FollowUpDue(
        follow_up_id=f"day/3/{asked['organization_id']}",
        edition="day",
        organization_id=asked["organization_id"],
        months=3,
        partners=[partner["organization_id"]],
    )

    assert await usecases.send_follow_up(store, settings, due) == 3
    assert await usecases.send_follow_up(store, settings, due) == 0  # the event again
    await asyncio.sleep(0.1)

    assert sorted(m["To"] for m in handler.messages) == [
        "anna@example.org",
        "bo@example.org",
        "carl@example.org",
    ]
    codes = {
        re.search(r"/sign-in#code=(\S+)", m.get_payload(decode=True).decode())[1]
        for m in handler.messages
    }
    assert len(codes) == 3
    for code in codes:  # each a working link, once
        link = await usecases.sign_in(store, code)
        assert link["organization_id"] == asked["organization_id"]
    assert '  - "Børnefonden"' in handler.messages[0].get_payload(decode=True).decode()


async def test_follow_ups_recorded_before_the_mail_log_are_not_sent_again() -> None:
    """Kept data from before the one mail log: its records move into it."""
    db = AsyncMongoMockClient()["registration"]
    sent = datetime(2026, 11, 30, tzinfo=UTC)
    await db["follow_up_mails"].insert_many(
        [
            {"_id": "day/3/org-a/p1", "participant_id": "p1", "claimed_at": sent, "sent_at": sent},
            {"_id": "day/6/org-a", "claimed_at": sent, "sent_at": sent},  # one per round, once
        ]
    )
    store = RegistrationStore(db)
    await store.create_indexes()
    await store.create_indexes()  # a second instance starting: nothing twice

    now = datetime.now(UTC)
    about = {"kind": "follow-up", "edition": "day", "organization_id": "org-a"}
    stale = now - timedelta(minutes=10)
    for key in ("follow-up/day/3/org-a/p1", "follow-up/day/6/org-a"):
        assert await store.mail_log.claim(key, about, now, stale) is False  # sent already
    kept = await store.mail_log.sent_to("p1")
    assert [m["sent_at"].replace(tzinfo=UTC) for m in kept] == [sent]
    assert "follow_up_mails" not in await db.list_collection_names()
