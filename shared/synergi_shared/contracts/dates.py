"""Calendar arithmetic the services share: follow-up rounds and retention are
counted in months after an edition's day."""

import calendar
from datetime import date


def months_after(day: date, months: int) -> date:
    """The day `months` after `day` (the month's last day if it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
