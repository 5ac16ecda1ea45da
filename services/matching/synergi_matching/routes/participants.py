"""HTTP route of what matching keeps about one participant (the right of access)."""

from fastapi import APIRouter

from synergi_matching.routes.dependencies import Store
from synergi_matching.schemas import HeldCheckIn, HeldEvaluation, MatchingHeld
from synergi_shared.runtime.auth import CurrentPrincipal, require_exporter, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter(tags=["participants"])


@router.get(
    "/participants/{participant_id}/export",
    responses=error_responses(forbidden="The organiser, or the participant's organisation"),
)
async def export_participant(
    participant_id: str, principal: CurrentPrincipal, store: Store
) -> MatchingHeld:
    """*Added* 2026-12: the facts matching keeps about the person to score
    pairs: the workshops they were checked in at and what their evaluations
    said, as ids and themes (never their words). Registration's export
    gathers it. Matching knows a person only from those facts: before any, the
    answer is empty for any organisation's token (there is nothing to show)."""
    held = await store.facts.held_about(participant_id)
    owners = {doc["organization_id"] for docs in held.values() for doc in docs}
    if len(owners) > 1:  # a person is one organisation's: anything else is the organiser's
        require_role(principal, "organizer")
    else:
        require_exporter(principal, next(iter(owners), None))
    return MatchingHeld(
        participant_id=participant_id,
        check_ins=[
            HeldCheckIn(edition=doc["edition"], workshop_id=doc["workshop_id"])
            for doc in sorted(held["attendance"], key=lambda d: d["_id"])
        ],
        evaluations=[
            HeldEvaluation(
                edition=doc["edition"],
                version=doc["version"],
                wishes=doc.get("wishes", []),
                tip_themes=[tip["theme"] for tip in doc.get("tips", [])],
                ambitions=doc.get("ambitions", []),
            )
            for doc in sorted(held["feedback"], key=lambda d: (d["edition"], d["version"]))
        ],
    )
