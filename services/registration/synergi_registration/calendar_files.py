"""Calendar files (RFC 5545, with `icalendar`): the day of an edition, and a
workshop place. Each item has a stable UID; a change of its time or place
is sent with the same UID and a higher SEQUENCE, so a calendar updates the
entry it has rather than adding another. Times are Danish (Europe/Copenhagen),
with the time zone in the file."""

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from synergi_shared.contracts.dates import aware

TIME_ZONE = ZoneInfo("Europe/Copenhagen")
PRODUCT = "-//Synergi//Synergi//DA"


def danish_date(moment: datetime) -> date:
    """The date in Denmark at `moment` (a stored time without a zone is UTC)."""
    return aware(moment).astimezone(TIME_ZONE).date()


def day_ends(edition: Mapping[str, Any]) -> datetime:
    """When the edition's day ends: its `ends_at`, or midnight, Danish time."""
    day = date.fromisoformat(edition["date"])
    if edition.get("ends_at"):
        return datetime.combine(day, time.fromisoformat(edition["ends_at"]), TIME_ZONE)
    return datetime.combine(day + timedelta(days=1), time(), TIME_ZONE)


def _calendar(event: icalendar.Event, method: str = "PUBLISH") -> bytes:
    calendar = icalendar.Calendar.new(prodid=PRODUCT, method=method)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _when(edition: Mapping[str, Any]) -> tuple[date | datetime, date | datetime]:
    """From `starts_at` to `ends_at` Danish time on the edition's date, or
    the whole day when the organiser gave no times."""
    day = date.fromisoformat(edition["date"])
    if not edition.get("starts_at"):
        return day, day + timedelta(days=1)
    start = datetime.combine(day, time.fromisoformat(edition["starts_at"]), TIME_ZONE)
    ends_at = edition.get("ends_at")
    return start, datetime.combine(
        day, time.fromisoformat(ends_at), TIME_ZONE
    ) if ends_at else start


def edition_calendar(edition: Mapping[str, Any], stamp: datetime) -> bytes:
    """The day itself."""
    start, end = _when(edition)
    event = icalendar.Event.new(
        uid=f"edition-{edition['slug']}@synergi",
        sequence=edition.get("calendar_sequence", 0),
        summary=edition["title"],
        location=edition.get("venue"),
        start=start,
        end=end,
        stamp=stamp,
    )
    return _calendar(event)


def workshop_calendar(
    edition: Mapping[str, Any],
    workshop: Mapping[str, Any],
    participant_id: str,
    stamp: datetime,
    cancelled: bool = False,
) -> bytes:
    """One person's place in a workshop: on the day of its edition (the
    programme has rounds, not clock times, so the entry spans the day's
    times, or the whole day), in its room. `cancelled`: the place is gone,
    and a calendar that has the entry removes it (METHOD:CANCEL, the same
    UID, a higher SEQUENCE)."""
    start, end = _when(edition)
    place = ", ".join(p for p in (workshop.get("room"), edition.get("venue")) if p)
    event = icalendar.Event.new(
        uid=f"workshop-{workshop['workshop_id']}-{participant_id}@synergi",
        sequence=1 if cancelled else 0,
        status="CANCELLED" if cancelled else "CONFIRMED",
        summary=f"{workshop['title']} (runde {workshop['round']})",
        location=place or None,
        start=start,
        end=end,
        stamp=stamp,
    )
    return _calendar(event, "CANCEL" if cancelled else "PUBLISH")


def meeting_span(
    day: str, starts_at: str | None, ends_at: str | None, proposed_at: datetime | None
) -> tuple[datetime, datetime] | None:
    """When a meeting is: its slot's local times on the day, or the time
    proposed after the day (an hour); None for "any free slot"."""
    if starts_at and ends_at:
        on = date.fromisoformat(day)
        return (
            datetime.combine(on, time.fromisoformat(starts_at), TIME_ZONE),
            datetime.combine(on, time.fromisoformat(ends_at), TIME_ZONE),
        )
    if proposed_at:
        start = proposed_at.astimezone(TIME_ZONE)
        return start, start + timedelta(hours=1)
    return None


def meeting_calendar(
    meeting_id: str,
    summary: str,
    start: datetime,
    end: datetime,
    place: str | None,
    stamp: datetime,
    cancelled: bool = False,
) -> bytes:
    """An agreed meeting between two organisations: its slot at the day (at
    a table), or its time after the day. `cancelled`: called off, and a
    calendar that has the entry removes it (the same UID, a higher SEQUENCE)."""
    event = icalendar.Event.new(
        uid=f"meeting-{meeting_id}@synergi",
        sequence=1 if cancelled else 0,
        status="CANCELLED" if cancelled else "CONFIRMED",
        summary=summary,
        location=place,
        start=start,
        end=end,
        stamp=stamp,
    )
    return _calendar(event, "CANCEL" if cancelled else "PUBLISH")
