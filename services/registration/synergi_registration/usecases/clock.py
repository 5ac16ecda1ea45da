"""The time and new ids the use cases stamp their changes with (a test
moves the time: `shift`, or by hand)."""

import uuid
from datetime import UTC, datetime, timedelta

_shift = timedelta()


def shift(seconds: float) -> None:
    """Run the clock `seconds` ahead (SYNERGI_CLOCK_SHIFT_SECONDS, tests only)."""
    global _shift
    _shift = timedelta(seconds=seconds)


def now() -> datetime:
    return datetime.now(UTC) + _shift


def new_id() -> str:
    return str(uuid.uuid4())
