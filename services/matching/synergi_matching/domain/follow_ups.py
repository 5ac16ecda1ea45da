"""Follow-ups after the day: when each is due, whom it asks about what, and
what an answer may say. Pure.

At each of an edition's follow-up months (3, 6 and 12 by default) every
organisation that marked a recommendation contacted, met or partnership (or
whose contact the organiser recorded) is asked what came of it, in terms of
the edition's impact indicators.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from synergi_matching.domain.outcomes import STEPS, status_of, views
from synergi_shared.contracts.dates import months_after

DEFAULT_MONTHS = (3, 6, 12)
# (id, Danish, English): what the foundation hopes partnerships lead to.
DEFAULT_INDICATORS = (
    ("shared-activity", "Fælles aktivitet sat i gang", "Shared activity started"),
    ("knowledge-exchange", "Viden udvekslet", "Knowledge exchanged"),
    ("joint-application", "Fælles ansøgning", "Joint application"),
    ("more-families", "Flere familier nået", "More families reached"),
)

Document = dict[str, Any]
# An organisation that has not answered its round this long after it was
# asked gets one reminder; not once the round is this old (rounds asked
# before reminders existed, or while matching was stopped, are not dug up).
REMINDER_AFTER = timedelta(days=14)
REMINDER_TOO_LATE = timedelta(days=60)


def due_on(edition_date: date, months: int) -> date:
    """The day `months` after the edition (the month's last day if shorter)."""
    return months_after(edition_date, months)


def rounds_due(edition_date: date, months: Iterable[int], today: date) -> list[int]:
    """The follow-up months whose day has come."""
    return sorted(m for m in set(months) if due_on(edition_date, m) <= today)


def needs_reminder(round_: Document, answers: Iterable[Document], now: datetime) -> bool:
    """Whether the round was asked `REMINDER_AFTER` ago or longer (but less
    than `REMINDER_TOO_LATE`), and the organisation has answered nothing in
    it (about any partner)."""
    asked = round_["scheduled_at"]
    answered = any(answer["months"] == round_["months"] for answer in answers)
    return not answered and REMINDER_AFTER <= now - asked < REMINDER_TOO_LATE


def partners_to_ask(outcomes: Iterable[Document]) -> dict[str, list[str]]:
    """Each organisation's partners it is asked about: every pair that got as
    far as contacted, met or partnership and was never declined, asked of an
    organisation that said so itself, or whose contact the organiser recorded
    (from what organisations tell by phone). The partner's word alone does not
    make the foundation write to anyone: one side could name any organisation.
    Each side is asked on its own: each may tell a different story."""
    asked: dict[str, set[str]] = {}
    for doc in outcomes:
        if status_of(doc) not in STEPS:
            continue
        said = {side: view["status"] in STEPS for side, view in views(doc).items()}
        pair = {"organization_a": doc["organization_b"], "organization_b": doc["organization_a"]}
        for side, partner in pair.items():
            if said.get(side) or said.get("organizer"):
                asked.setdefault(doc[side], set()).add(partner)
    return {org: sorted(partners) for org, partners in sorted(asked.items())}


def check_plan(months: list[int], indicators: list[str]) -> str | None:
    """Why a follow-up plan cannot be used, or None (the form of each month
    and id is the HTTP model's to check)."""
    if len(set(months)) != len(months):
        return "each follow-up month once"
    if len(set(indicators)) != len(indicators):
        return "each indicator id once"
    return None
