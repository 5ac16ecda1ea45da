"""What the feedback service does: take a participant's evaluation, checked
against the rules in `domain`, and forget a person who is erased."""

import uuid
from datetime import UTC, datetime
from typing import Any

from synergi_feedback import domain
from synergi_feedback.commands import Evaluate
from synergi_feedback.store import FeedbackStore
from synergi_shared.contracts.events import Event, FeedbackSubmitted
from synergi_shared.runtime.unheard_of import not_yet


async def submit_response(
    store: FeedbackStore, edition: str, participant: dict[str, Any], evaluation: Evaluate
) -> dict[str, Any]:
    """Replace the participant's response (the latest counts) and publish it
    with a version one higher. Raises `domain.Unacceptable` for a response the
    rules refuse, and a 409 with Retry-After while a workshop it rates was
    checked in too recently for this service to know it (see the directory)."""
    attended = await store.attended(participant["_id"])
    first_asked = store.directory.first_asked
    for item in evaluation.workshops:
        # A check-in made a moment ago may not have reached this service yet.
        key = f"attendance/{participant['_id']}/{item.workshop_id}"
        if item.workshop_id not in attended and await first_asked.still_pending(key):
            raise not_yet(
                f"a check-in of participant '{participant['_id']}' at workshop "
                f"'{item.workshop_id}' is not known to this service"
            )
    registered = await store.directory.registered_organizations(edition)
    known = registered | {participant["organization_id"]}
    for wish in evaluation.follow_ups:
        # So may an organisation's registration, the same rule (docs/api.md).
        key = f"registration/{edition}/{wish.organization_id}"
        if wish.organization_id not in known and await first_asked.still_pending(key):
            raise not_yet(
                f"a registration of organisation '{wish.organization_id}' for '{edition}' "
                "is not known to this service"
            )
    domain.check_response(
        edition,
        participant["organization_id"],
        [item.workshop_id for item in evaluation.workshops],
        [wish.organization_id for wish in evaluation.follow_ups],
        attended,
        registered,
    )
    answer = {
        "day_rating": evaluation.day_rating,
        "workshops": [
            {
                "workshop_id": item.workshop_id,
                "rating": item.rating,
                "insight": item.insight,
                "insight_kind": item.insight_kind,
                "theme": attended[item.workshop_id],
            }
            for item in evaluation.workshops
        ],
        "follow_ups": [
            {"organization_id": wish.organization_id, "topic": wish.topic, "note": wish.note}
            for wish in evaluation.follow_ups
        ],
        "comment": evaluation.comment,
        "may_quote": evaluation.may_quote,
    }
    return await save_answer(store, edition, participant, answer)


async def save_answer(
    store: FeedbackStore, edition: str, participant: dict[str, Any], answer: dict[str, Any]
) -> dict[str, Any]:
    """Store an answer the rules accepted, as the participant's response."""

    def replace(old: dict[str, Any] | None) -> tuple[dict[str, Any], list[Event]]:
        new = {
            "_id": domain.response_id(edition, participant["_id"]),
            "edition": edition,
            "participant_id": participant["_id"],
            "organization_id": participant["organization_id"],
            **answer,
            "version": (old["version"] if old else 0) + 1,
            "submitted_at": datetime.now(UTC),
        }
        # The event model drops the words (`NoLongerSent`): they stay here.
        return new, [FeedbackSubmitted.model_validate(new)]

    return await store.replace_response(domain.response_id(edition, participant["_id"]), replace)


async def erase(store: FeedbackStore, participant_id: str) -> None:
    """The person's free text goes; their ratings stay as an anonymous response
    (no participant id), so the counts still add up. The anonymous copy's id
    follows from the original's, so a retried erasure cannot copy it twice."""
    for doc in await store.responses_of(participant_id):
        anonymous = {
            "_id": f"{doc['edition']}/erased-{uuid.uuid5(uuid.NAMESPACE_URL, doc['_id'])}",
            "edition": doc["edition"],
            "participant_id": None,
            "organization_id": doc["organization_id"],
            "day_rating": doc["day_rating"],
            "workshops": [{**w, "insight": None} for w in doc.get("workshops", [])],
            "follow_ups": [{**f, "note": None, "topic": None} for f in doc.get("follow_ups", [])],
            "comment": None,
            "version": doc["version"],
            "submitted_at": doc["submitted_at"],
            "erased": True,
        }
        await store.replace_with_anonymous(doc, anonymous)
