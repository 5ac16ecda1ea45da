"""Calendar arithmetic the services share: follow-up rounds and retention are
counted in months after an edition's day; and stored times read back with
their zone."""

import calendar
from datetime import UTC, date, datetime


def aware(moment: datetime) -> datetime:
    """A stored time with its zone: a client that is not tz-aware (a test's,
    mongomock's) reads BSON dates without one, and they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def months_after(day: date, months: int) -> date:
    """The day `months` after `day` (the month's last day if it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
