"""An organisation's contact person: set, read (all that is held), erased."""

from fastapi import APIRouter, status

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import ContactPublic, ContactUpdate
from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()


@router.put(
    "/organizations/{org_id}/contact",
    tags=["organizations"],
    responses=error_responses(not_found="Unknown organisation"),
)
async def set_contact(
    org_id: str, body: ContactUpdate, principal: CurrentPrincipal, store: Store
) -> ContactPublic:
    """*Added* 2026-12: whom Synergi writes to about the organisation
    (invitations, waitlist notices, new sign-in links), and in which
    language, and whether organisations that have this one on their list may
    see them (`share_with_partners`, default no). Personal data: kept in
    registration alone, never in an event or an export, and erased on
    request (`DELETE`). The organiser or the organisation itself."""
    require_acting_for(principal, org_id)
    await usecases.set_contact(
        store,
        org_id,
        body.name,
        str(body.email),
        body.language,
        share_with_partners=body.share_with_partners,
    )
    return ContactPublic.model_validate(await usecases.contact_held(store, org_id))


@router.get(
    "/organizations/{org_id}/contact",
    tags=["organizations"],
    responses=error_responses(not_found="Unknown organisation, or it has no contact person"),
)
async def get_contact(org_id: str, principal: CurrentPrincipal, store: Store) -> ContactPublic:
    """*Added* 2026-12: the contact person, with everything held on them: the
    mails sent to them and the kinds they turned off (the right of access).
    The organiser or the organisation itself."""
    require_acting_for(principal, org_id)
    return ContactPublic.model_validate(await usecases.contact_held(store, org_id))


@router.delete(
    "/organizations/{org_id}/contact",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["organizations"],
    responses=error_responses(not_found="Unknown organisation, or it has no contact person"),
)
async def erase_contact(org_id: str, principal: CurrentPrincipal, store: Store) -> None:
    """*Added* 2026-12: erasure of the contact person: name, address and
    language are deleted, not flagged. The organiser or the organisation."""
    require_acting_for(principal, org_id)
    await usecases.erase_contact(store, org_id)
