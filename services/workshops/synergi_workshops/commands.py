"""What a caller asks the workshops service to do, as the use cases take it:
plain frozen data, checked for shape by the HTTP layer (`schemas`) and for
meaning by the rules."""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AddTheme:
    """A theme of the edition's own, beside the default catalogue."""

    id: str
    name_en: str
    name_da: str


@dataclass(frozen=True)
class ScheduleWorkshop:
    title: str
    theme: str
    round: int
    capacity: int
    room: str | None = None
    facilitator: str | None = None


@dataclass(frozen=True)
class RequestMeeting:
    """A meeting asked of a listed partner: in a slot at the day (`slot`;
    none: any free slot), or after the day (`proposed_at`, in person or online)."""

    partner: str
    slot: int | None = None
    proposed_at: datetime | None = None
    online: bool = False
    note: str | None = None


@dataclass(frozen=True)
class ProposeInstead:
    """The answer "not then, but": another slot, or another time after the day."""

    slot: int | None = None
    proposed_at: datetime | None = None
