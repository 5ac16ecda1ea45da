"""A listed partner's contacts, for the organisation that has the pair on its list."""

from fastapi import APIRouter

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import PartnerContacts, PartnerContactsList
from synergi_shared.runtime.auth import CurrentPrincipal, require_the_organization
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()


@router.get(
    "/editions/{slug}/organizations/{org_id}/partner-contacts",
    tags=["partners"],
    responses=error_responses(
        forbidden="Not the organisation's own token",
        not_found="Unknown edition, or the organisation is not registered for it",
    ),
)
async def partner_contacts(
    slug: str, org_id: str, principal: CurrentPrincipal, store: Store
) -> PartnerContactsList:
    """*Added* 2026-12: the contacts each partner on the organisation's list
    shares with it: its people who consented (`share_contact`), and its
    contact person where the partner allows it (`share_with_partners`). A
    pair is on the list when either side lists it (matching's
    `recommendation-changed` events say so) and both are registered for the
    edition. Only the organisation itself reads them: not the organiser, not
    a tool, and never in the pull API, an export or an event. Consent
    withdrawn, a registration cancelled or a person erased is gone from the
    next read."""
    require_the_organization(principal, org_id)
    partners = await usecases.partner_contacts(store, slug, org_id)
    return PartnerContactsList(edition=slug, organization_id=org_id, partners=partners)


@router.get(
    "/editions/{slug}/organizations/{org_id}/partner-contacts/{partner_id}",
    tags=["partners"],
    responses=error_responses(
        forbidden="Not the organisation's own token",
        not_found="Unknown edition, or the partner is not on the organisation's list",
    ),
)
async def one_partner_contacts(
    slug: str, org_id: str, partner_id: str, principal: CurrentPrincipal, store: Store
) -> PartnerContacts:
    """*Added* 2026-12: what one partner shares, as in the list above; a 404
    with a sentence when the pair is not on the organisation's list."""
    require_the_organization(principal, org_id)
    (partner,) = await usecases.partner_contacts(store, slug, org_id, partner_id)
    return PartnerContacts.model_validate(partner)
