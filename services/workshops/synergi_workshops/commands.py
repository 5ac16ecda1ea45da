"""What a caller asks the workshops service to do, as the use cases take it:
plain frozen data, checked for shape by the HTTP layer (`schemas`) and for
meaning by the rules."""

from dataclasses import dataclass


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
