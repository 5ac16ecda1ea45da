"""The organiser's meeting board: per slot of the day (and after the day),
how many meetings are requested, agreed, declined, called off and expired;
who has no agreed meeting at all; every meeting, for a CSV."""

from collections import Counter
from typing import Any

from synergi_workshops.store import WorkshopsStore
from synergi_workshops.usecases.meetings import slots_of, with_slot

STATUSES = ("requested", "accepted", "declined", "cancelled", "expired")


async def meeting_board(store: WorkshopsStore, edition: str) -> dict[str, Any]:
    await store.require_edition(edition)
    slots, day = await slots_of(store, edition), await store.directory.edition_date(edition)
    docs = await store.meetings.in_edition(edition)
    registered = await store.directory.registered_organizations(edition)
    profiles = await store.directory.profiles_of(sorted(registered))
    counts: dict[int | None, Counter] = {slot.number: Counter() for slot in slots}
    counts[None] = Counter()
    meeting: set[str] = set()
    for doc in docs:
        counts.setdefault(doc.get("slot") if doc["at_day"] else None, Counter())[doc["status"]] += 1
        if doc["status"] == "accepted":
            meeting |= {doc["requester"], doc["partner"]}

    def row(counter: Counter) -> dict[str, int]:
        return {status: counter[status] for status in STATUSES}

    return {
        "edition": edition,
        "slots": [
            {
                "number": slot.number,
                "starts_at": f"{slot.starts:%H:%M}",
                "ends_at": f"{slot.ends:%H:%M}",
                "tables": slot.tables,
                **row(counts.get(slot.number, Counter())),
            }
            for slot in slots
        ],
        # Requests for any free slot not yet answered, and meetings after the day.
        "unplaced": row(counts[None]),
        "without_meeting": [
            {"organization_id": org, "name": profiles.get(org, {}).get("name")}
            for org in sorted(registered - meeting)
        ],
        "meetings": [
            {**with_slot(doc, slots, day), "names": _names(doc, profiles)} for doc in docs
        ],
    }


def _names(doc: dict[str, Any], profiles: dict[str, dict[str, Any]]) -> dict[str, str | None]:
    return {org: profiles.get(org, {}).get("name") for org in (doc["requester"], doc["partner"])}
