"""Registration rules, free of I/O: the store reads and writes, these decide."""

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Literal

from synergi_shared.contracts.concepts import normalize_tag
from synergi_shared.contracts.dates import aware, months_after
from synergi_shared.contracts.errors import Conflict, NotFound, Unprocessable
from synergi_shared.contracts.themes import DEFAULT_THEMES

# Personal data is kept until 18 months after the last follow-up round of the
# default plan (12 months after the day): 30 months after the day.
# What an e-mail Synergi sends is for; docs/mail.md says when each goes, to whom.
MailKind = Literal[
    "follow-up",
    "follow-up-reminder",
    "invitation",
    "sign-in-link",
    "waitlist",
    "taken-off",
    "evaluation",
    "evaluation-reminder",
    "meeting-request",
    "meeting-accepted",
    "meeting-expired",
    "meeting-cancelled",
]

DEFAULT_RETENTION_MONTHS = 30
# Sign-in link records and sent-mail claims are kept this long.
OPERATIONAL_RECORDS_DAYS = 30


def erasure_due(edition: Mapping[str, Any], today: date) -> bool:
    """Whether the edition's personal data is due to be erased today (and is not yet)."""
    if edition.get("personal_data_erased_at"):
        return False
    months = edition.get("retention_months") or DEFAULT_RETENTION_MONTHS
    return months_after(date.fromisoformat(edition["date"]), months) <= today


def normalize_tags(tags: Iterable[str]) -> list[str]:
    """Normalised, without blanks or duplicates, in first-seen order."""
    return list(dict.fromkeys(t for t in map(normalize_tag, tags) if t))


def check_themes(themes: Iterable[str]) -> None:
    """Every challenge theme is one of the catalogue's."""
    unknown = [theme for theme in themes if theme not in DEFAULT_THEMES]
    if unknown:
        raise Unprocessable(
            f"unknown challenge theme(s): {', '.join(unknown)}; "
            "see the theme catalogue in the API description"
        )


def active_registration_key(edition: str, organization_id: str) -> str:
    """Unique among active registrations: one per organisation per edition."""
    return f"{edition}/{organization_id}"


def cancelled_registration_key(registration_id: str) -> str:
    """A cancelled registration keeps a key of its own, so the unique index lets
    the organisation register again."""
    return f"cancelled/{registration_id}"


def check_edition_dates(day: date, deadline: datetime | None, today: date) -> None:
    """An edition is planned, not recorded after the fact: its day is today or
    later, and registration closes before the day ends."""
    if day < today:
        raise Unprocessable(f"the edition's date {day.isoformat()} is in the past")
    if deadline is not None and deadline.date() > day:
        raise Unprocessable(
            f"the registration deadline {deadline.isoformat()} falls after the day itself "
            f"({day.isoformat()})"
        )


def contact_id(organization_id: str) -> str:
    """How the mail log names an organisation's contact person as a recipient."""
    return f"contact:{organization_id}"


def contact_of(recipient_id: str) -> str | None:
    """The organisation whose contact person `recipient_id` is, if it is one."""
    prefix, _, organization_id = recipient_id.partition(":")
    return organization_id if prefix == "contact" and organization_id else None


def check_day_times(starts_at: str | None, ends_at: str | None) -> None:
    """The day ends after it begins ("HH:MM", both Danish time)."""
    if starts_at and ends_at and ends_at <= starts_at:
        raise Unprocessable(f"the day cannot end ({ends_at}) before it begins ({starts_at})")


# What a calendar file of the day shows: a change to one of these is an update.
CALENDAR_FIELDS = ("title", "date", "venue", "starts_at", "ends_at")


def name_key(name: str) -> str:
    """The name as a person reading a list compares it: case and spacing aside."""
    return " ".join(name.casefold().split())


def open_for_registration(edition: Mapping[str, Any], now: datetime) -> bool:
    """The day is ahead (Danish date aside: today counts) and its deadline, if any, not passed."""
    if edition["date"] < now.date().isoformat():
        return False
    deadline = edition.get("registration_deadline")
    return deadline is None or aware(deadline) > now


def require_open(edition: Mapping[str, Any], now: datetime) -> None:
    """Registration closes at the edition's deadline, if it has one."""
    if deadline := edition.get("registration_deadline"):
        deadline = aware(deadline)
        if now > deadline:
            raise Conflict(f"registration for '{edition['_id']}' closed at {deadline.isoformat()}")


def require_active(registration: Mapping[str, Any]) -> None:
    if registration["status"] != "active":
        raise Conflict(f"registration '{registration['_id']}' is cancelled")


def participant_in(registration: Mapping[str, Any], participant_id: str) -> dict[str, Any]:
    for participant in registration["participants"]:
        if participant["id"] == participant_id:
            return participant  # type: ignore[no-any-return]
    raise NotFound(
        f"participant '{participant_id}' not found in registration '{registration['_id']}'"
    )


def without_participant(registration: Mapping[str, Any], participant_id: str) -> list[dict]:
    """The participants left once one is removed from an active registration,
    which keeps at least one who is not erased."""
    require_active(registration)
    participant_in(registration, participant_id)
    remaining = [p for p in registration["participants"] if p["id"] != participant_id]
    if not any("erased_at" not in p for p in remaining):
        raise Conflict(
            "a registration keeps at least one participant; cancel the registration instead"
        )
    return remaining
