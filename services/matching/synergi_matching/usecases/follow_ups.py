"""Follow-ups after the day: the organiser's plan, the rounds that fall due
(each stored once, with the event registration e-mails from), and the
organisations' answers, which go into the ledger."""

import asyncio
import logging
from datetime import UTC, date, datetime
from typing import Any

from synergi_matching.domain.documents import keep_newest_profiles
from synergi_matching.domain.facts import Profile
from synergi_matching.domain.follow_ups import (
    DEFAULT_INDICATORS,
    DEFAULT_MONTHS,
    REMINDER_AFTER,
    check_plan,
    due_on,
    needs_reminder,
    partners_to_ask,
    rounds_due,
)
from synergi_matching.settings import MatchingSettings
from synergi_matching.store import MatchingStore
from synergi_matching.usecases.editions import Editions
from synergi_shared.contracts.errors import Conflict, NotFound, Unprocessable
from synergi_shared.contracts.events import FollowUpDue, FollowUpReminderDue

logger = logging.getLogger(__name__)


def default_plan() -> dict[str, Any]:
    return {
        "months": list(DEFAULT_MONTHS),
        "indicators": [
            {"id": i, "label_da": da, "label_en": en} for i, da, en in DEFAULT_INDICATORS
        ],
    }


async def plan_of(store: MatchingStore, edition: str) -> dict[str, Any]:
    """The edition's follow-up plan, the default until the organiser sets one."""
    plan = await store.follow_ups.plan(edition) or default_plan()
    return {"months": plan["months"], "indicators": plan["indicators"]}


async def set_plan(store: MatchingStore, edition: str, plan: dict[str, Any]) -> dict[str, Any]:
    problem = check_plan(plan["months"], [i["id"] for i in plan["indicators"]])
    if problem:
        raise Unprocessable(problem)
    await store.follow_ups.save_plan(edition, plan)
    return plan


async def schedule_due(store: MatchingStore, today: date) -> int:
    """Store every follow-up round whose day has come and which is not stored
    yet, each with its `follow-up due` event; how many were new. Safe to run
    anywhere at any time: a round is stored (and announced) once."""
    new = 0
    for edition, held in sorted((await store.facts.edition_dates()).items()):
        for month in rounds_due(held, (await plan_of(store, edition))["months"], today):
            new += await _schedule(store, edition, held, month)
    if new:
        logger.info("follow-up rounds due", extra={"rounds": new})
    return new


async def remind_unanswered(store: MatchingStore, now: datetime) -> int:
    """One reminder for each round not answered `REMINDER_AFTER` after it was
    asked, with its `follow-up reminder due` event; a round answered by then
    needs none. Decided once per round, anywhere, at any time; how many
    reminders are due now."""
    reminded = 0
    for doc in await store.follow_ups.not_reminded_before(now - REMINDER_AFTER):
        answers = await store.facts.answers_of(doc["edition"], doc["organization_id"])
        event = None
        if needs_reminder(doc, answers, now):
            event = FollowUpReminderDue(
                follow_up_id=doc["_id"],
                edition=doc["edition"],
                organization_id=doc["organization_id"],
                months=doc["months"],
                partners=doc["partners"],
            )
        reminded += await store.follow_ups.remind(doc["_id"], event) and event is not None
    if reminded:
        logger.info("follow-up reminders due", extra={"rounds": reminded})
    return reminded


async def send_now(store: MatchingStore, edition: str, months: int) -> int:
    """The organiser's: ask the edition's `months` round now, before its day
    (to those not asked it yet); how many organisations were asked."""
    dates = await store.facts.edition_dates()
    if edition not in dates:
        raise Conflict(f"the creation of '{edition}' has not reached matching yet", retry_after=2)
    if months not in (await plan_of(store, edition))["months"]:
        raise NotFound(f"'{edition}' has no follow-up {months} months after the day")
    return await _schedule(store, edition, dates[edition], months)


async def _schedule(store: MatchingStore, edition: str, held: date, month: int) -> int:
    """Store the round `month` for each organisation with partners to ask about."""
    asked = partners_to_ask(await store.facts.outcomes_of(edition))
    scheduled, new = await store.follow_ups.scheduled(edition), 0
    for org, partners in asked.items():
        event = FollowUpDue(
            follow_up_id=f"{edition}/{month}/{org}",
            edition=edition,
            organization_id=org,
            months=month,
            partners=partners,
        )
        if event.follow_up_id not in scheduled:
            new += await store.follow_ups.schedule(event, due_on(held, month).isoformat())
    return new


async def rounds_for(store: MatchingStore, edition: str, organization_id: str) -> list[dict]:
    """The organisation's rounds so far, each partner with its answer if given."""
    answers = {
        (a["months"], a["partner_id"]): a
        for a in await store.facts.answers_of(edition, organization_id)
    }
    return [
        {
            **doc,
            "answers": {
                partner: answers.get((doc["months"], partner)) for partner in doc["partners"]
            },
        }
        for doc in await store.follow_ups.rounds_of(edition, organization_id)
    ]


async def answer(
    store: MatchingStore,
    editions: Editions,
    edition: str,
    months: int,
    organization_id: str,
    partner_id: str,
    body: dict[str, Any],
) -> dict[str, Any]:
    """Record what came of `organization_id`'s recommendation of `partner_id`,
    in the round `months` after the edition: one it was asked, about a
    partner it was asked about, in indicators of the edition's plan."""
    asked = {
        doc["months"]: doc for doc in await store.follow_ups.rounds_of(edition, organization_id)
    }
    if months not in asked:
        raise NotFound(
            f"'{organization_id}' was not asked a {months}-month follow-up in '{edition}'"
        )
    if partner_id not in asked[months]["partners"]:
        raise NotFound(f"'{organization_id}' was not asked about '{partner_id}' in '{edition}'")
    plan = await plan_of(store, edition)
    known = {i["id"] for i in plan["indicators"]}
    unknown = sorted(set(body["indicators"]) - known)
    if unknown:
        raise Unprocessable(f"not an indicator of '{edition}': {', '.join(unknown)}")
    a, b = sorted((organization_id, partner_id))
    return await editions.record_answer(
        {
            "_id": f"{edition}/{months}/{organization_id}/{partner_id}",
            "edition": edition,
            "months": months,
            "organization_id": organization_id,
            "partner_id": partner_id,
            "organization_a": a,
            "organization_b": b,
            "indicators": sorted(set(body["indicators"])),
            "still_partners": body.get("still_partners"),
            "note": body.get("note"),
            "answered_at": datetime.now(UTC),
        }
    )


async def follow_up_summary(store: MatchingStore, edition: str) -> dict[str, Any]:
    """Per follow-up month: the organisations asked, which answered and which
    were reminded, and how many answers named each indicator (for the
    organiser and the report)."""
    plan = await plan_of(store, edition)
    answers = await store.facts.answers_of(edition)
    answered = {(a["months"], a["organization_id"]) for a in answers}
    asked_in = await store.follow_ups.rounds_in(edition)
    profiles: dict[str, Profile] = {}
    keep_newest_profiles(
        profiles, await store.facts.profiles_of({doc["organization_id"] for doc in asked_in})
    )
    rounds = []
    for month in plan["months"]:
        asked = [
            {
                "organization_id": doc["organization_id"],
                "name": profiles[doc["organization_id"]].name
                if doc["organization_id"] in profiles
                else None,
                "answered": (month, doc["organization_id"]) in answered,
                "reminded": bool(doc.get("reminder_sent")),
            }
            for doc in asked_in
            if doc["months"] == month
        ]
        asked.sort(key=lambda org: (org["name"] or "", org["organization_id"]))
        mine = [a for a in answers if a["months"] == month]
        rounds.append(
            {
                "months": month,
                "organizations_asked": len(asked),
                "asked": asked,
                "organizations_answered": len({a["organization_id"] for a in mine}),
                "answers": len(mine),
                "indicators": {
                    i["id"]: sum(i["id"] in a["indicators"] for a in mine)
                    for i in plan["indicators"]
                },
                "still_partners": sum(a.get("still_partners") is True for a in mine),
                "no_longer_partners": sum(a.get("still_partners") is False for a in mine),
            }
        )
    return {"edition": edition, "indicators": plan["indicators"], "rounds": rounds}


async def keep_scheduling(store: MatchingStore, settings: MatchingSettings) -> None:
    """Look for due follow-up rounds, and rounds due a reminder, now and every
    `follow_up_check_seconds`; a failed look is logged and tried again at the next."""
    while True:
        try:
            now = datetime.now(UTC)
            await schedule_due(store, now.date())
            await remind_unanswered(store, now)
        except Exception:
            logger.exception("looking for due follow-ups failed; trying again later")
        await asyncio.sleep(settings.follow_up_check_seconds)
