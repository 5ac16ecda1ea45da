"""HTTP routes of the matching service: the pull API."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from synergi_matching.store import MatchingStore
from synergi_shared.auth import CurrentPrincipal, require_acting_for
from synergi_shared.errors import NotFound
from synergi_shared.events import Reason


def get_store(request: Request) -> MatchingStore:
    return request.app.state.store  # type: ignore[no-any-return]


Store = Annotated[MatchingStore, Depends(get_store)]

router = APIRouter(tags=["recommendations"])


class Recommendation(BaseModel):
    partner_id: str
    score: float
    reasons: list[Reason]
    updated_at: datetime


class OrganizationRecommendations(BaseModel):
    organization_id: str
    recommendations: list[Recommendation]


def _for(organization_id: str, doc: dict[str, Any]) -> Recommendation:
    partner = (
        doc["organization_b"] if doc["organization_a"] == organization_id else doc["organization_a"]
    )
    return Recommendation(
        partner_id=partner, score=doc["score"], reasons=doc["reasons"], updated_at=doc["updated_at"]
    )


@router.get(
    "/editions/{slug}/organizations/{org_id}/recommendations",
    responses={
        401: {"description": "Missing or invalid bearer token"},
        403: {"description": "Another organisation's recommendations"},
        404: {"description": "Edition or registration not (yet) known to matching"},
    },
)
async def organization_recommendations(
    slug: str,
    org_id: str,
    principal: CurrentPrincipal,
    store: Store,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> OrganizationRecommendations:
    """The organisation's best partners, best first."""
    require_acting_for(principal, org_id, "tool")
    if not await store.edition_known(slug):
        raise NotFound(f"edition '{slug}' not found")
    if not await store.is_registered(slug, org_id):
        raise NotFound(
            f"organisation '{org_id}' has no active registration for '{slug}' known to matching "
            "(a registration made a moment ago may still be on its way)"
        )
    docs = await store.recommendations_for(slug, org_id, limit)
    return OrganizationRecommendations(
        organization_id=org_id, recommendations=[_for(org_id, doc) for doc in docs]
    )
