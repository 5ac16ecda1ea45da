"""After the day, on FerretDB: what a later edition inherits is read from the
store by a fresh instance too; the ledger is numbered and read back in order;
a follow-up round is stored (and announced) once; a follow-up e-mail is
claimed once."""

from datetime import UTC, date, datetime, timedelta

from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.events import (
    EditionCreated,
    FollowUpDue,
    FollowUpReminderDue,
    OrganizationRegistered,
)
from synergi_shared.runtime.outbox import OUTBOX
from tests.helpers import matching_events as make

LAST, THIS = "y2026", "y2027"


def _edition(slug: str, year: int) -> EditionCreated:
    return EditionCreated(edition=slug, title=slug, date=date(year, 5, 1))


def _registered(org: str, edition: str) -> OrganizationRegistered:
    return OrganizationRegistered(
        edition=edition, registration_id=f"{edition}-{org}", organization_id=org, participants=[]
    )


async def _pair(store: MatchingStore, edition: str) -> dict:
    return await store.recommendations.pairs.find_one({"_id": f"{edition}/a/b"})


async def test_a_fresh_instance_inherits_last_years_partnership_and_its_lapse(
    matching_store,
) -> None:
    store = matching_store
    first = Editions(store, make.publish_nowhere)
    await first.handle(
        [
            _edition(LAST, 2026),
            _edition(THIS, 2027),
            make.profile("a", needs=["impact-measurement"], regions=["fyn"]),
            make.profile("b", offers=["impact-measurement"], regions=["fyn"]),
            *(_registered(org, slug) for org in "ab" for slug in (LAST, THIS)),
        ]
    )
    assert (await _pair(store, THIS))["earlier"] is None
    await first.record_outcome(LAST, ("a", "b"), "a", "partnership", "Fra august")
    await first.record_outcome(LAST, ("b", "a"), "b", "partnership", None)
    now = await _pair(store, THIS)
    assert now["outcome"] == "partnership"
    assert now["earlier"] == {"edition": LAST, "status": "partnership"}

    # Another instance loads the later edition from the store: the same.
    second = Editions(store, make.publish_nowhere)
    await second.handle([make.profile("c", regions=["fyn"]), _registered("c", THIS)])
    assert (await _pair(store, THIS))["version"] == now["version"]
    await second.record_answer(
        {
            "_id": f"{LAST}/3/b/a",
            "edition": LAST,
            "months": 3,
            "organization_id": "b",
            "partner_id": "a",
            "organization_a": "a",
            "organization_b": "b",
            "indicators": ["knowledge-exchange"],
            "still_partners": False,
            "note": None,
            "answered_at": datetime.now(UTC),
        }
    )
    lapsed = await _pair(store, THIS)
    assert lapsed["outcome"] is None and lapsed["reasons"]
    assert lapsed["earlier"] == {"edition": LAST, "status": "lapsed"}

    # The ledger, numbered in order, read by organisation, pair and cursor.
    entries = await store.ledger.page(0, 100, "a", "b")
    assert [(e["_id"], e["kind"], e["side"]) for e in entries] == [
        (1, "outcome", "organization_a"),
        (2, "outcome", "organization_b"),
        (3, "follow-up", "organization_b"),
    ]
    assert entries[0]["note"] == "Fra august" and entries[1]["pair_status"] == "partnership"
    assert [e["_id"] for e in await store.ledger.page(1, 100, None, None)] == [2, 3]
    assert await store.ledger.page(0, 100, "c", None) == []


async def test_a_round_is_stored_with_its_event_once(matching_store) -> None:
    store = matching_store
    due = FollowUpDue(
        follow_up_id=f"{LAST}/3/a", edition=LAST, organization_id="a", months=3, partners=["b"]
    )
    assert await store.follow_ups.schedule(due, "2026-08-01") is True
    assert await store.follow_ups.schedule(due, "2026-08-01") is False
    [doc] = await store.follow_ups.rounds.find({}).to_list(None)
    assert [entry["type"] for entry in doc[OUTBOX]] == ["synergi.matching.follow-up-due.v1"]
    assert await store.follow_ups.scheduled(LAST) == {f"{LAST}/3/a"}


async def test_a_rounds_reminder_is_decided_once_with_its_event(matching_store) -> None:
    store = matching_store
    for org in "ab":
        due = FollowUpDue(
            follow_up_id=f"{LAST}/3/{org}", edition=LAST, organization_id=org, months=3,
            partners=["c"],
        )  # fmt: skip
        await store.follow_ups.schedule(due, "2026-08-01")
    later = datetime.now(UTC) + timedelta(days=15)
    assert {d["_id"] for d in await store.follow_ups.not_reminded_before(later)} == {
        f"{LAST}/3/a",
        f"{LAST}/3/b",
    }
    reminder = FollowUpReminderDue(
        follow_up_id=f"{LAST}/3/a", edition=LAST, organization_id="a", months=3, partners=["c"]
    )
    assert await store.follow_ups.remind(f"{LAST}/3/a", reminder) is True
    assert await store.follow_ups.remind(f"{LAST}/3/a", reminder) is False  # decided
    assert await store.follow_ups.remind(f"{LAST}/3/b", None) is True  # none needed
    assert await store.follow_ups.not_reminded_before(later) == []
    a = await store.follow_ups.rounds.find_one({"_id": f"{LAST}/3/a"})
    b = await store.follow_ups.rounds.find_one({"_id": f"{LAST}/3/b"})
    assert [entry["type"] for entry in a[OUTBOX]] == [
        "synergi.matching.follow-up-due.v1",
        "synergi.matching.follow-up-reminder-due.v1",
    ]
    assert (a["reminder_sent"], b["reminder_sent"]) == (True, False)
    assert len(b[OUTBOX]) == 1


async def test_a_mail_is_claimed_once_and_again_only_after_it_failed(
    mongo_client, infra_settings
) -> None:
    mails = RegistrationStore(mongo_client[infra_settings.database_name("registration")]).mail_log
    about = {"kind": "follow-up", "edition": "r", "organization_id": "o", "recipient_id": "a"}
    now = datetime.now(UTC)
    stale = now - timedelta(minutes=10)
    assert await mails.claim("follow-up/r/3/o/a", about, now, stale) is True
    assert await mails.claim("follow-up/r/3/o/a", about, now, stale) is False  # being sent
    await mails.failed("follow-up/r/3/o/a", "SMTPServerDisconnected: gone", now, attempts=3)
    failed_once = (await mails.by_keys(["follow-up/r/3/o/a"]))["follow-up/r/3/o/a"]
    assert failed_once["failures"] == 1 and "dead_lettered" not in failed_once
    assert await mails.claim("follow-up/r/3/o/a", about, now, stale) is True
    await mails.sent("follow-up/r/3/o/a", now)
    later, later_stale = now + timedelta(hours=1), now + timedelta(minutes=50)
    assert await mails.claim("follow-up/r/3/o/a", about, later, later_stale) is False
    # A claim left by a process that stopped mid-send is taken over when stale.
    assert await mails.claim("follow-up/r/6/o/a", about, now - timedelta(hours=1), stale)
    assert await mails.claim("follow-up/r/6/o/a", about, now, stale) is True
    # Retention: a record goes 30 days after it was sent, or after its last failure.
    await mails.failed("follow-up/r/6/o/a", "SMTPServerDisconnected: gone", now, attempts=1)
    # Failed as often as its event is delivered: the event is dead-lettered.
    assert (await mails.by_keys(["follow-up/r/6/o/a"]))["follow-up/r/6/o/a"]["dead_lettered"]
    assert await mails.forget_before(now - timedelta(seconds=1)) == 0
    assert await mails.forget_before(now + timedelta(seconds=1)) == 2
    assert await mails.sent_to("a") == []


async def test_outcomes_recorded_before_the_ledger_enter_it_once_in_order(matching_store) -> None:
    store = matching_store
    day = datetime(2026, 6, 1, tzinfo=UTC)
    await store.facts.outcomes.insert_many(
        [
            {  # both sides, B first
                "_id": f"{LAST}/a/b",
                "edition": LAST,
                "organization_a": "a",
                "organization_b": "b",
                "views": {
                    "organization_a": {
                        "status": "partnership",
                        "note": "Fra august",
                        "updated_at": day + timedelta(days=2),
                    },
                    "organization_b": {
                        "status": "partnership",
                        "note": None,
                        "updated_at": day + timedelta(days=1),
                    },
                },
                "updated_at": day + timedelta(days=2),
            },
            {  # from before views were kept per side: the organiser's
                "_id": f"{LAST}/c/d",
                "edition": LAST,
                "organization_a": "c",
                "organization_b": "d",
                "status": "met",
                "note": None,
                "updated_at": day,
            },
        ]
    )
    assert await store.ledger.backfill(store.facts.outcomes) == 3
    entries = await store.ledger.page(0, 100, None, None)
    assert [(e["organization_a"], e["side"], e["status"], e["pair_status"]) for e in entries] == [
        ("c", "organizer", "met", "met"),
        ("a", "organization_b", "partnership", "met"),
        ("a", "organization_a", "partnership", "partnership"),
    ]
    assert entries[2]["note"] == "Fra august"
    assert await store.ledger.backfill(store.facts.outcomes) == 0
    assert len(await store.ledger.page(0, 100, None, None)) == 3
