"""The time the use cases go by (a test moves it)."""

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
