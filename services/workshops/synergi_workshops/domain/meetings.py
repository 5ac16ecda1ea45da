"""Meetings between organisations that list each other: the day's meeting
periods and their slots, and the rules for asking, answering and holding a
meeting. Pure: the store keeps what these decide."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.errors import Conflict, Unprocessable

DAY_ZONE = ZoneInfo("Europe/Copenhagen")
# A meeting that is asked for or agreed; any other status is over.
OPEN = ("requested", "accepted")
# A request's note is for arranging the meeting: it is kept this long after
# the meeting is over, or after the request ended without one.
NOTE_KEPT = timedelta(days=30)


@dataclass(frozen=True)
class MeetingPeriod:
    """A stretch of the day set aside for meetings, e.g. lunch, 12:00-13:00,
    slots of 15 minutes at 10 tables."""

    name: str
    starts: time
    ends: time
    slot_minutes: int
    tables: int


@dataclass(frozen=True)
class RoundTime:
    """When a workshop round runs, so no meeting slot lies across it."""

    round: int
    starts: time
    ends: time

    @property
    def label(self) -> str:
        return f"round {self.round} ({self.starts:%H:%M}-{self.ends:%H:%M})"


@dataclass(frozen=True)
class Slot:
    number: int  # 1, 2, ... across the day, in time order
    period: str
    starts: time
    ends: time
    tables: int

    @property
    def label(self) -> str:
        return f"slot {self.number} ({self.starts:%H:%M}-{self.ends:%H:%M})"


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def slots_of(periods: list[MeetingPeriod]) -> list[Slot]:
    """Every slot of the day, numbered in time order; a period's last slot
    that would run past its end is left out."""
    slots: list[Slot] = []
    for period in sorted(periods, key=lambda p: p.starts):
        start, end = _minutes(period.starts), _minutes(period.ends)
        while start + period.slot_minutes <= end:
            ends = start + period.slot_minutes
            slots.append(
                Slot(
                    len(slots) + 1,
                    period.name,
                    time(start // 60, start % 60),
                    time(ends // 60, ends % 60),
                    period.tables,
                )
            )
            start = ends
    return slots


def check_periods(periods: list[MeetingPeriod]) -> None:
    """Each period holds at least one slot, and no two overlap."""
    ordered = sorted(periods, key=lambda p: p.starts)
    for period in ordered:
        if _minutes(period.ends) - _minutes(period.starts) < period.slot_minutes:
            raise Unprocessable(
                f"meeting period '{period.name}' ({period.starts:%H:%M}-{period.ends:%H:%M}) "
                f"is shorter than one slot of {period.slot_minutes} minutes"
            )
    for before, after in itertools.pairwise(ordered):
        if after.starts < before.ends:
            raise Unprocessable(
                f"meeting periods '{before.name}' and '{after.name}' overlap: "
                f"'{after.name}' starts at {after.starts:%H:%M}, before {before.ends:%H:%M}"
            )


def check_timetable(periods: list[MeetingPeriod], rounds: list[RoundTime]) -> None:
    """The meeting periods as `check_periods` wants them; each round ends
    after it starts, no two rounds overlap or share a number, and no
    meeting period overlaps a round: a person is never asked to be at a
    meeting and at a workshop at once."""
    check_periods(periods)
    ordered = sorted(rounds, key=lambda r: r.starts)
    for round_ in ordered:
        if round_.ends <= round_.starts:
            raise Unprocessable(f"{round_.label} ends before it starts")
    if len({r.round for r in rounds}) < len(rounds):
        raise Unprocessable("each round has one time: a round number is given twice")
    for before, after in itertools.pairwise(ordered):
        if after.starts < before.ends:
            raise Unprocessable(f"{before.label} and {after.label} overlap")
    for period in periods:
        for round_ in ordered:
            if period.starts < round_.ends and round_.starts < period.ends:
                raise Unprocessable(
                    f"meeting period '{period.name}' ({period.starts:%H:%M}-{period.ends:%H:%M}) "
                    f"overlaps {round_.label}: meetings are outside or between the rounds"
                )


def slot_numbered(slots: list[Slot], number: int) -> Slot:
    if not 1 <= number <= len(slots):
        raise Unprocessable(
            f"there is no meeting slot {number}; the day has {len(slots)}"
            if slots
            else "the day has no meeting slots: the organiser sets the meeting periods first"
        )
    return slots[number - 1]


def at_day(day: str, moment: time) -> datetime:
    """A time of the edition's day as a moment (Copenhagen time)."""
    return datetime.combine(date.fromisoformat(day), moment, DAY_ZONE)


def expires_at(asked: datetime, days: float, day: str | None) -> datetime:
    """A request waits `days` for an answer, and never past the day's start."""
    wait = asked + timedelta(days=days)
    if day is None:
        return wait
    return min(wait, at_day(day, time(0, 0)))


def check_new_request(
    between: list[dict[str, Any]], requester: str, partner: str, edition: str
) -> None:
    """One open request or meeting per pair in an edition; a declined
    request is not sent again the same way (the other side may still ask)."""
    for meeting in between:
        if meeting["status"] == "requested":
            raise Conflict(
                f"'{requester}' and '{partner}' already have a meeting request waiting for "
                f"the answer of '{meeting['awaiting']}'; answer or wait for that one"
            )
        if meeting["status"] == "accepted":
            when = f"in slot {meeting['slot']}" if meeting.get("slot") else "after the day"
            raise Conflict(f"'{requester}' and '{partner}' already have a meeting {when}")
        if meeting["status"] == "declined" and meeting["requester"] == requester:
            raise Conflict(
                f"'{partner}' declined the meeting '{requester}' asked for in '{edition}'; "
                "it is not asked again this edition (it is not a declined partnership: "
                f"'{partner}' may still ask)"
            )


def check_answer(meeting: dict[str, Any], by: str) -> None:
    """Only a request waiting for `by`'s answer can be answered by it."""
    if meeting["status"] != "requested":
        raise Conflict(
            f"meeting '{meeting['_id']}' is {meeting['status']}, not waiting for an answer"
        )
    if meeting["awaiting"] != by:
        raise Conflict(
            f"meeting '{meeting['_id']}' waits for the answer of '{meeting['awaiting']}', "
            f"not of '{by}'"
        )


def other_side(meeting: dict[str, Any], side: str) -> str:
    return meeting["partner"] if side == meeting["requester"] else meeting["requester"]


def ends_of(meeting: dict[str, Any], slots: list[Slot], day: str | None) -> datetime | None:
    """When the meeting is over: its slot's end at the day, or the time
    proposed after it (an hour later); None when that cannot be told."""
    if meeting.get("slot") and day is not None and meeting["slot"] <= len(slots):
        return at_day(day, slots[meeting["slot"] - 1].ends)
    if meeting.get("proposed_at"):
        return aware(meeting["proposed_at"]) + timedelta(hours=1)
    return None
