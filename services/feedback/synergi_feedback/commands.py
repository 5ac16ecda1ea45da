"""What a caller asks the feedback service to do, as the use cases take it:
plain frozen data, checked for shape by the HTTP layer (`schemas`) and for
meaning by the rules (`domain`)."""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class WorkshopRated:
    workshop_id: str
    rating: int
    insight: str | None = None
    insight_kind: Literal["tip", "ambition"] | None = None


@dataclass(frozen=True)
class FollowUpWished:
    organization_id: str
    topic: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Evaluate:
    """A participant's evaluation of the day, replacing any earlier one."""

    day_rating: int
    workshops: tuple[WorkshopRated, ...] = ()
    follow_ups: tuple[FollowUpWished, ...] = ()
    comment: str | None = None
    may_quote: bool = False
