"""Editions: created, listed, read and changed by the organiser."""

from fastapi import APIRouter, status

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import (
    EditionCreate,
    EditionOfOrganization,
    EditionPublic,
    EditionUpdate,
)
from synergi_registration.usecases.editions import editions_of_organization
from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()


@router.post(
    "/editions",
    status_code=status.HTTP_201_CREATED,
    tags=["editions"],
    responses=error_responses(
        conflict="The slug is taken",
        unprocessable="A date in the past, or a deadline after the day",
    ),
)
async def create_edition(
    body: EditionCreate, principal: CurrentPrincipal, store: Store
) -> EditionPublic:
    require_role(principal, "organizer")
    doc = await usecases.create_edition(store, body.command())
    return EditionPublic.model_validate(doc)


@router.get("/editions", tags=["editions"], responses=error_responses())
async def list_editions(principal: CurrentPrincipal, store: Store) -> list[EditionPublic]:
    return [EditionPublic.model_validate(doc) for doc in await store.list_editions()]


@router.get("/editions/{slug}", tags=["editions"], responses=error_responses(not_found="Unknown"))
async def get_edition(slug: str, principal: CurrentPrincipal, store: Store) -> EditionPublic:
    return EditionPublic.model_validate(await store.get_edition(slug))


@router.patch(
    "/editions/{slug}",
    tags=["editions"],
    responses=error_responses(
        not_found="Unknown edition",
        unprocessable="A date in the past, or a deadline after the day",
    ),
)
async def update_edition(
    slug: str, body: EditionUpdate, principal: CurrentPrincipal, store: Store
) -> EditionPublic:
    """*Added*: change the title, venue, date or registration deadline (only the
    fields sent). The slug and K stay: the other services know the edition by
    them, so no event is sent."""
    require_role(principal, "organizer")
    return EditionPublic.model_validate(await usecases.update_edition(store, slug, body.command()))


@router.get(
    "/organizations/{org_id}/editions",
    tags=["editions"],
    responses=error_responses(forbidden="Only its own", not_found="Unknown organisation"),
)
async def editions_of(
    org_id: str, principal: CurrentPrincipal, store: Store
) -> list[EditionOfOrganization]:
    """*Added* 2026-12: the editions an organisation's home lists: those it
    is registered for and those open for registration, each marked so; the
    coming ones first (the next first), then past ones (the latest first)."""
    require_acting_for(principal, org_id)
    return [
        EditionOfOrganization.model_validate(doc)
        for doc in await editions_of_organization(store, org_id)
    ]
