"""HTTP routes of the registration service."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status

from synergi_registration import domain
from synergi_registration.schemas import (
    EditionCreate,
    EditionPublic,
    OrganizationCreate,
    OrganizationPublic,
    OrganizationUpdate,
    RegistrationCreate,
    RegistrationPublic,
)
from synergi_registration.store import RegistrationStore
from synergi_shared.auth import CurrentPrincipal, require_acting_for, require_role


def get_store(request: Request) -> RegistrationStore:
    return request.app.state.store  # type: ignore[no-any-return]


Store = Annotated[RegistrationStore, Depends(get_store)]

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or invalid bearer token"},
    403: {"description": "The token may not do this"},
}


def _published(request: Request) -> None:
    request.app.state.relay.notify()


def _organization(doc: dict[str, Any]) -> OrganizationPublic:
    return OrganizationPublic.model_validate({**doc, "id": doc["organization_id"]})


def _registration(doc: dict[str, Any]) -> RegistrationPublic:
    return RegistrationPublic.model_validate({**doc, "id": doc["_id"]})


@router.post(
    "/editions",
    status_code=status.HTTP_201_CREATED,
    tags=["editions"],
    responses={**_ERRORS, 409: {"description": "The slug is taken"}},
)
async def create_edition(
    body: EditionCreate, principal: CurrentPrincipal, store: Store, request: Request
) -> EditionPublic:
    require_role(principal, "organizer")
    doc = await store.create_edition(body)
    _published(request)
    return EditionPublic.model_validate(doc)


@router.get("/editions", tags=["editions"], responses=_ERRORS)
async def list_editions(principal: CurrentPrincipal, store: Store) -> list[EditionPublic]:
    return [EditionPublic.model_validate(doc) for doc in await store.list_editions()]


@router.get(
    "/editions/{slug}", tags=["editions"], responses={**_ERRORS, 404: {"description": "Unknown"}}
)
async def get_edition(slug: str, principal: CurrentPrincipal, store: Store) -> EditionPublic:
    return EditionPublic.model_validate(await store.get_edition(slug))


@router.post(
    "/organizations", status_code=status.HTTP_201_CREATED, tags=["organizations"], responses=_ERRORS
)
async def create_organization(
    body: OrganizationCreate, principal: CurrentPrincipal, store: Store, request: Request
) -> OrganizationPublic:
    require_role(principal, "organizer")
    doc = await store.create_organization(body)
    _published(request)
    return _organization(doc)


@router.get(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses={**_ERRORS, 404: {"description": "Unknown organisation"}},
)
async def get_organization(
    org_id: str, principal: CurrentPrincipal, store: Store
) -> OrganizationPublic:
    require_acting_for(principal, org_id)
    return _organization(await store.get_organization(org_id))


@router.patch(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses={**_ERRORS, 404: {"description": "Unknown organisation"}},
)
async def update_organization(
    org_id: str,
    body: OrganizationUpdate,
    principal: CurrentPrincipal,
    store: Store,
    request: Request,
) -> OrganizationPublic:
    require_acting_for(principal, org_id)
    doc = await store.update_organization(org_id, body)
    _published(request)
    return _organization(doc)


@router.post(
    "/editions/{slug}/registrations",
    status_code=status.HTTP_201_CREATED,
    tags=["registrations"],
    responses={
        **_ERRORS,
        404: {"description": "Unknown edition or organisation"},
        409: {"description": "The organisation is already registered for this edition"},
    },
)
async def register(
    slug: str,
    body: RegistrationCreate,
    principal: CurrentPrincipal,
    store: Store,
    request: Request,
) -> RegistrationPublic:
    require_acting_for(principal, body.organization_id)
    unknown = domain.unknown_themes(body.challenge_themes)
    if unknown:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"unknown challenge theme(s): {', '.join(unknown)}; "
            "see the theme catalogue in the API description",
        )
    doc = await store.register(slug, body)
    _published(request)
    return _registration(doc)


@router.get(
    "/editions/{slug}/registrations",
    tags=["registrations"],
    responses={**_ERRORS, 404: {"description": "Unknown edition"}},
)
async def list_registrations(
    slug: str, principal: CurrentPrincipal, store: Store
) -> list[RegistrationPublic]:
    require_role(principal, "organizer")
    return [_registration(doc) for doc in await store.list_registrations(slug)]
