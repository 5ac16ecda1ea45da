"""Organisation profiles: created, listed, read and changed."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store, organization_public
from synergi_registration.schemas import OrganizationCreate, OrganizationPublic, OrganizationUpdate
from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for, require_role
from synergi_shared.runtime.http_errors import error_responses
from synergi_shared.runtime.paging import PAGE_HEADERS, Page

router = APIRouter()


@router.post(
    "/organizations",
    status_code=status.HTTP_201_CREATED,
    tags=["organizations"],
    responses=error_responses(conflict="An organisation of that name exists (it is named)"),
)
async def create_organization(
    body: OrganizationCreate,
    principal: CurrentPrincipal,
    store: Store,
    allow_duplicate_name: Annotated[
        bool, Query(description="Create it even if an organisation of that name exists")
    ] = False,
) -> OrganizationPublic:
    require_role(principal, "organizer")
    doc = await usecases.create_organization(store, body.command(), allow_duplicate_name)
    return organization_public(doc)


@router.get(
    "/organizations",
    tags=["organizations"],
    responses={**error_responses(forbidden="Organiser and tools only"), **PAGE_HEADERS},
)
async def list_organizations(
    principal: CurrentPrincipal,
    store: Store,
    page: Page,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of the name, case aside")
    ] = None,
) -> list[OrganizationPublic]:
    """*Added*: the organisation directory, by name, each at its current profile;
    `q` finds names that contain it. Paged as the registrations list is."""
    require_role(principal, "organizer", "tool")
    docs, total = await store.list_organizations(q, page.limit, page.offset)
    page.tell(total, len(docs))
    return [organization_public(doc) for doc in docs]


@router.get(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses=error_responses(
        forbidden="Another organisation's profile", not_found="Unknown organisation"
    ),
)
async def get_organization(
    org_id: str, principal: CurrentPrincipal, store: Store
) -> OrganizationPublic:
    """The organiser, the organisation itself and tools (to show a name for an id)."""
    require_acting_for(principal, org_id, "tool")
    return organization_public(await store.get_organization(org_id))


@router.patch(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses=error_responses(not_found="Unknown organisation"),
)
async def update_organization(
    org_id: str,
    body: OrganizationUpdate,
    principal: CurrentPrincipal,
    store: Store,
) -> OrganizationPublic:
    require_acting_for(principal, org_id)
    doc = await usecases.update_organization(store, org_id, body.command())
    return organization_public(doc)
