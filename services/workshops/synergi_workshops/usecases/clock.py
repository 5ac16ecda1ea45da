"""The time the use cases go by (a test moves it: `shift`, or by hand)."""

from datetime import UTC, datetime, timedelta

_shift = timedelta()


def shift(seconds: float) -> None:
    """Run the clock `seconds` ahead (SYNERGI_CLOCK_SHIFT_SECONDS, tests only)."""
    global _shift
    _shift = timedelta(seconds=seconds)


def now() -> datetime:
    return datetime.now(UTC) + _shift
