"""Request and response bodies of the meetings API."""

from datetime import datetime, time
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from synergi_shared.contracts.text import SingleLine
from synergi_workshops.commands import ProposeInstead, RequestMeeting
from synergi_workshops.domain.meetings import MeetingPeriod, RoundTime, Slot

MeetingStatus = Literal["requested", "accepted", "declined", "cancelled", "expired"]


class MeetingPeriodBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: SingleLine = Field(min_length=1, max_length=100, examples=["Frokost"])
    starts: time = Field(
        description="Local time of the day (Europe/Copenhagen)", examples=["12:00"]
    )
    ends: time = Field(examples=["13:00"])
    slot_minutes: int = Field(ge=5, le=240, examples=[15])
    tables: int = Field(ge=1, le=500, examples=[10])

    def period(self) -> MeetingPeriod:
        return MeetingPeriod(
            self.name,
            self.starts.replace(second=0, microsecond=0, tzinfo=None),
            self.ends.replace(second=0, microsecond=0, tzinfo=None),
            self.slot_minutes,
            self.tables,
        )


class RoundTimeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    round: int = Field(ge=1, le=20, examples=[1])
    starts: time = Field(
        description="Local time of the day (Europe/Copenhagen)", examples=["10:00"]
    )
    ends: time = Field(examples=["11:00"])

    def round_time(self) -> RoundTime:
        return RoundTime(
            self.round,
            self.starts.replace(second=0, microsecond=0, tzinfo=None),
            self.ends.replace(second=0, microsecond=0, tzinfo=None),
        )


class MeetingPeriodsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    periods: list[MeetingPeriodBody] = Field(max_length=20)
    rounds: list[RoundTimeBody] | None = Field(
        default=None,
        max_length=20,
        description="*Added* 2026-12: when each workshop round runs; no meeting period may "
        "overlap one. Left out: the times kept as they are",
    )


class SlotPublic(BaseModel):
    number: int
    period: str
    starts_at: str = Field(description="HH:MM, local time of the day")
    ends_at: str
    tables: int

    @classmethod
    def of(cls, slot: Slot) -> "SlotPublic":
        return cls(
            number=slot.number,
            period=slot.period,
            starts_at=f"{slot.starts:%H:%M}",
            ends_at=f"{slot.ends:%H:%M}",
            tables=slot.tables,
        )


class MeetingPeriodsPublic(BaseModel):
    edition: str
    periods: list[MeetingPeriodBody]
    rounds: list[RoundTimeBody] = Field(
        default=[], description="The workshop rounds' times, where given, by round"
    )
    slots: list[SlotPublic] = Field(description="Every slot of the day, numbered in time order")


class MeetingCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    partner_id: str = Field(description="A partner on the organisation's list")
    slot: int | None = Field(
        default=None,
        ge=1,
        description="A slot of the day; left out (and no `proposed_at`): any free slot",
    )
    proposed_at: AwareDatetime | None = Field(
        default=None, description="A meeting after the day: when (with its UTC offset)"
    )
    online: bool = Field(default=False, description="A meeting after the day held online")
    note: SingleLine | None = Field(
        default=None,
        max_length=500,
        description="A short note to the partner; shown to the two organisations alone, "
        "never in an event or a mail",
    )

    def command(self) -> RequestMeeting:
        return RequestMeeting(
            partner=self.partner_id,
            slot=self.slot,
            proposed_at=self.proposed_at,
            online=self.online,
            note=self.note,
        )


class MeetingProposal(BaseModel):
    """Not then, but: another slot (or any free one), or a time after the day."""

    model_config = ConfigDict(extra="forbid")

    slot: int | None = Field(default=None, ge=1)
    proposed_at: AwareDatetime | None = None

    def command(self) -> ProposeInstead:
        return ProposeInstead(slot=self.slot, proposed_at=self.proposed_at)


class MeetingPublic(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    edition: str
    requester: str = Field(description="The organisation that asked")
    partner: str = Field(description="The organisation asked")
    awaiting: str = Field(description="Whose answer a request waits for")
    status: MeetingStatus
    at_day: bool = Field(description="At the day's meeting periods, or after the day")
    slot: int | None = None
    starts_at: str | None = Field(default=None, description="The slot's start, HH:MM")
    ends_at: str | None = None
    table: int | None = Field(default=None, description="Given when the meeting is agreed")
    proposed_at: datetime | None = None
    online: bool = False
    note: str | None = None
    held_by: list[str] = Field(description="The sides that said the meeting took place")
    planned: bool = Field(default=False, description="Made by the organiser's published plan")
    over_at: datetime | None = Field(
        default=None,
        description="When the meeting is over: from then on its sides are asked whether they met",
    )
    created_at: datetime
    expires_at: datetime = Field(description="When an unanswered request expires")
    answered_at: datetime | None = None


class MeetingsOf(BaseModel):
    edition: str
    organization_id: str
    meetings: list[MeetingPublic] = Field(description="Asked for and asked of it, oldest first")


class PlannedMeeting(BaseModel):
    a: str
    b: str
    slot: int
    score: float


class PlanSpread(BaseModel):
    with_meeting: float = Field(description="Share of registered organisations with a meeting")
    small_with_meeting: float = Field(description="The same among small organisations")
    per_organization: dict[int, int] = Field(
        description="How many organisations have 0, 1, 2, ... meetings (agreed ones counted)"
    )
    meetings: int
    total_score: float


class MeetingPlanPublic(BaseModel):
    model_config = ConfigDict(extra="ignore")

    edition: str
    proposed_at: datetime
    published_at: datetime | None = None
    meetings: list[PlannedMeeting] = Field(description="The plan's new meetings, by slot")
    spread: PlanSpread = Field(description="The plan, agreed meetings included")
    greedy: PlanSpread = Field(
        description="Best pairs first, each in its first free slot: for comparison"
    )
    candidates: int = Field(description="Pairs that list each other and have no meeting yet")
    sizes_known: int = Field(
        description="Organisations whose size workshops knows (from their profile events); "
        "one not known does not count as small"
    )
    placed: int | None = Field(default=None, description="On publishing: meetings agreed")
    left_out: int | None = Field(
        default=None, description="On publishing: planned meetings that no longer fit"
    )


class StatusCounts(BaseModel):
    requested: int
    accepted: int
    declined: int
    cancelled: int
    expired: int


class SlotOnBoard(StatusCounts):
    number: int
    starts_at: str
    ends_at: str
    tables: int


class OrganizationWithout(BaseModel):
    organization_id: str
    name: str | None = None


class MeetingOnBoard(MeetingPublic):
    names: dict[str, str | None] = Field(description="Each side's public name, by id")


class MeetingBoard(BaseModel):
    edition: str
    slots: list[SlotOnBoard]
    unplaced: StatusCounts = Field(
        description="Requests for any free slot not yet agreed, and meetings after the day"
    )
    without_meeting: list[OrganizationWithout] = Field(
        description="Registered organisations with no agreed meeting"
    )
    meetings: list[MeetingOnBoard]


class PlaceOnSchedule(BaseModel):
    participant_id: str
    workshop_id: str
    title: str
    round: int
    starts_at: str | None = Field(
        default=None, description="HH:MM, when the round starts, where the organiser gave it"
    )
    ends_at: str | None = None
    room: str | None = None
    status: Literal["confirmed", "waitlisted"]
    checked_in: bool


class Schedule(BaseModel):
    """An organisation's day: its people's workshop places and its agreed meetings."""

    edition: str
    organization_id: str
    date: str | None = Field(
        default=None, description="The day (ISO date), once workshops knows it"
    )
    workshops: list[PlaceOnSchedule] = Field(description="By round, each person's place")
    meetings: list[MeetingOnBoard] = Field(
        description="Agreed meetings, the day's by slot first, then those after the day"
    )
