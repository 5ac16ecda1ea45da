"""The day's timetable: meeting periods and the rounds' times, checked so
that no one is asked to be at a meeting and at a workshop at once."""

import re
from datetime import time

import pytest

from synergi_shared.contracts.errors import Unprocessable
from synergi_workshops.domain.meetings import MeetingPeriod, RoundTime, check_timetable

LUNCH = MeetingPeriod("Frokost", time(12, 0), time(13, 0), 15, 10)


def test_periods_between_the_rounds_are_fine() -> None:
    check_timetable([LUNCH], [RoundTime(1, time(10), time(12)), RoundTime(2, time(13), time(14))])


@pytest.mark.parametrize(
    ("rounds", "refusal"),
    [
        (
            [RoundTime(2, time(12, 45), time(13, 30))],
            "meeting period 'Frokost' (12:00-13:00) overlaps round 2 (12:45-13:30)",
        ),
        ([RoundTime(1, time(11), time(10))], "round 1 (11:00-10:00) ends before it starts"),
        (
            [RoundTime(1, time(9), time(10, 30)), RoundTime(2, time(10), time(11))],
            "round 1 (09:00-10:30) and round 2 (10:00-11:00) overlap",
        ),
        (
            [RoundTime(1, time(9), time(10)), RoundTime(1, time(10), time(11))],
            "a round number is given twice",
        ),
    ],
)
def test_a_timetable_that_puts_someone_in_two_places_is_refused(rounds, refusal) -> None:
    with pytest.raises(Unprocessable, match=re.escape(refusal)):
        check_timetable([LUNCH], rounds)
