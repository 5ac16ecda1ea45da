"""Request and response bodies of the workshops API."""

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from synergi_shared.contracts.text import SingleLine
from synergi_workshops.commands import AddTheme, ScheduleWorkshop


class ThemeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64, examples=["volunteering"])
    name_en: SingleLine = Field(min_length=1, max_length=200)
    name_da: SingleLine = Field(min_length=1, max_length=200)

    def command(self) -> AddTheme:
        return AddTheme(**self.model_dump())


class ThemePublic(ThemeCreate):
    model_config = ConfigDict(extra="ignore")

    default: bool


class WorkshopCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: SingleLine = Field(min_length=1, max_length=200)
    theme: str = Field(examples=["measurement-documentation"])
    round: int = Field(ge=1, le=20, description="The time slot: a participant takes one per round")
    capacity: int = Field(ge=1, le=10000)
    room: SingleLine | None = Field(default=None, max_length=100)
    facilitator: SingleLine | None = Field(default=None, max_length=200)

    def command(self) -> ScheduleWorkshop:
        return ScheduleWorkshop(**self.model_dump())


class WorkshopPublic(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    edition: str
    title: str
    theme: str
    round: int
    capacity: int
    room: str | None = None
    facilitator: str | None = None
    seats_taken: int
    waitlist_length: int


class SignupCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participant_id: str


class SignupPublic(BaseModel):
    workshop_id: str
    participant_id: str
    status: Literal["confirmed", "waitlisted"]
    position: int | None = Field(default=None, description="1-based place on the waitlist")


class CheckinCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    participant_id: str
    checked_in_at: AwareDatetime | None = Field(
        default=None,
        description="*Added* 2026-12: when it happened, for a check-in a tablet made offline "
        "and sends now (with its offset; not in the future); left out: now",
    )


class Attendance(BaseModel):
    workshop_id: str
    participant_id: str
    first_check_in: bool
    walk_in: bool


class RosterEntry(BaseModel):
    participant_id: str
    organization_id: str | None
    checked_in: bool
    checked_in_at: datetime | None = Field(
        default=None, description="*Added* 2026-12: when, the earliest any tablet said"
    )


class RosterPublic(BaseModel):
    workshop: WorkshopPublic
    confirmed: list[RosterEntry]
    waitlist: list[RosterEntry]


class HeldWorkshop(BaseModel):
    edition: str
    workshop_id: str
    title: str
    round: int
    status: Literal["confirmed", "waitlisted"] | None = Field(
        description="A seat or a waitlist place; none: checked in as a walk-in"
    )
    position: int | None = Field(default=None, description="1-based place on the waitlist")
    checked_in: bool


class WorkshopsHeld(BaseModel):
    """What the workshops service holds about one participant."""

    participant_id: str
    workshops: list[HeldWorkshop]
