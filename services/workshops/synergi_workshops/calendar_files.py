"""An organisation's schedule as a calendar file (RFC 5545, `icalendar`), in
Danish time with the time zone in the file: each agreed meeting at its slot
and table (or its time after the day), and each workshop place at its
round's time (an all-day entry where the organiser gave the round no time)."""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

TIME_ZONE = ZoneInfo("Europe/Copenhagen")
PRODUCT = "-//Synergi//Synergi//DA"


def schedule_calendar(schedule: dict[str, Any], names: dict[str, str], stamp: datetime) -> bytes:
    """`names`: each partner's public name, by id."""
    calendar = icalendar.Calendar.new(prodid=PRODUCT)
    day = date.fromisoformat(schedule["date"]) if schedule.get("date") else None
    me = schedule["organization_id"]
    for meeting in schedule["meetings"]:
        partner = meeting["partner"] if meeting["requester"] == me else meeting["requester"]
        if meeting.get("starts_at") and day:
            start = datetime.combine(day, time.fromisoformat(meeting["starts_at"]), TIME_ZONE)
            end = datetime.combine(day, time.fromisoformat(meeting["ends_at"]), TIME_ZONE)
            place = f"Bord {meeting['table']}" if meeting.get("table") else None
        elif meeting.get("proposed_at"):
            start = meeting["proposed_at"].astimezone(TIME_ZONE)
            end, place = start + timedelta(hours=1), "Online" if meeting.get("online") else None
        else:
            continue
        calendar.add_component(
            icalendar.Event.new(
                uid=f"meeting-{meeting['id']}@synergi",
                summary=f"Møde: {names.get(partner, partner)}",
                location=place,
                start=start,
                end=end,
                stamp=stamp,
            )
        )
    for place in schedule["workshops"] if day else []:
        if place["status"] != "confirmed":
            continue
        room = f", {place['room']}" if place.get("room") else ""
        start: date | datetime = day
        end: date | datetime = day + timedelta(days=1)
        if place.get("starts_at"):
            start = datetime.combine(day, time.fromisoformat(place["starts_at"]), TIME_ZONE)
            end = datetime.combine(day, time.fromisoformat(place["ends_at"]), TIME_ZONE)
        calendar.add_component(
            icalendar.Event.new(
                uid=f"workshop-{place['workshop_id']}-{place['participant_id']}@synergi",
                summary=f"{place['title']} (runde {place['round']}){room}",
                start=start,
                end=end,
                stamp=stamp,
            )
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
