"""An organisation's schedule of the day: its people's workshop places and
its agreed meetings, with times and tables, for its page, a printed sheet
and a calendar file."""

from typing import Any

from synergi_workshops.domain.meetings import RoundTime
from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases.meetings import round_times_of, slots_of, with_slot


def _times_of(round_time: RoundTime | None) -> dict[str, str | None]:
    if round_time is None:
        return {"starts_at": None, "ends_at": None}
    return {"starts_at": f"{round_time.starts:%H:%M}", "ends_at": f"{round_time.ends:%H:%M}"}


async def schedule_of(store: WorkshopsStore, edition: str, organization: str) -> dict[str, Any]:
    await store.require_edition(edition)
    times = {r.round: r for r in await round_times_of(store, edition)}
    places = []
    for participant in await store.directory.participants_of(edition, organization):
        for status in ("confirmed", "waitlist"):
            for doc in await store.workshops_where(status, participant):
                if doc["edition"] != edition:
                    continue
                places.append(
                    {
                        "participant_id": participant,
                        "workshop_id": doc["_id"],
                        "title": doc["title"],
                        "round": doc["round"],
                        **_times_of(times.get(doc["round"])),
                        "room": doc.get("room"),
                        "status": "confirmed" if status == "confirmed" else "waitlisted",
                        "checked_in": participant in doc["checked_in"],
                    }
                )
    slots, day = await slots_of(store, edition), await store.directory.edition_date(edition)
    agreed = [
        with_slot(doc, slots, day)
        for doc in await store.meetings.of(edition, organization)
        if doc["status"] == "accepted"
    ]
    agreed.sort(key=lambda m: (not m["at_day"], m.get("slot") or 0, m.get("proposed_at") or 0))
    return {
        "edition": edition,
        "organization_id": organization,
        "date": day,
        "workshops": sorted(places, key=lambda p: (p["round"], p["title"], p["participant_id"])),
        "meetings": agreed,
    }
