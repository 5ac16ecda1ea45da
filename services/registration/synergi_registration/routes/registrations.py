"""Registrations: an organisation registers its participants; cancelled; a participant added
or removed."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from synergi_registration import usecases
from synergi_registration.routes.dependencies import OwnRegistration, Store, registration_public
from synergi_registration.schemas import (
    ParticipantCreate,
    ParticipantPublic,
    RegistrationCreate,
    RegistrationPublic,
)
from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for
from synergi_shared.runtime.http_errors import error_responses
from synergi_shared.runtime.paging import PAGE_HEADERS, Page

router = APIRouter()


@router.post(
    "/editions/{slug}/registrations",
    status_code=status.HTTP_201_CREATED,
    tags=["registrations"],
    responses=error_responses(
        not_found="Unknown edition or organisation",
        conflict="The organisation is already registered for this edition",
    ),
)
async def register(
    slug: str,
    body: RegistrationCreate,
    principal: CurrentPrincipal,
    store: Store,
) -> RegistrationPublic:
    require_acting_for(principal, body.organization_id)
    doc = await usecases.register(store, slug, body.command())
    return registration_public(doc)


@router.get(
    "/editions/{slug}/registrations",
    tags=["registrations"],
    responses={
        **error_responses(
            forbidden="The organiser, or an organisation asking for its own (organization_id)",
            not_found="Unknown edition",
        ),
        **PAGE_HEADERS,
    },
)
async def list_registrations(
    slug: str,
    principal: CurrentPrincipal,
    store: Store,
    page: Page,
    status_filter: Annotated[Literal["active", "cancelled"] | None, Query(alias="status")] = None,
    organization_id: str | None = None,
) -> list[RegistrationPublic]:
    """Oldest first. `X-Total-Count` tells how many match; `Link: <...>; rel="next"`
    gives the next page while there is one. An organisation lists its own
    (`organization_id` its own id), to find its registration."""
    if principal.role != "organizer":
        require_acting_for(principal, organization_id or "")
    docs, total = await store.list_registrations(
        slug,
        status=status_filter,
        organization_id=organization_id,
        limit=page.limit,
        offset=page.offset,
    )
    page.tell(total, len(docs))
    return [registration_public(doc) for doc in docs]


@router.get(
    "/editions/{slug}/registrations/{registration_id}",
    tags=["registrations"],
    responses=error_responses(not_found="Unknown edition or registration"),
)
async def get_registration(registration: OwnRegistration) -> RegistrationPublic:
    return registration_public(registration)


@router.post(
    "/editions/{slug}/registrations/{registration_id}/cancel",
    tags=["registrations"],
    responses=error_responses(not_found="Unknown edition or registration"),
)
async def cancel_registration(
    slug: str, registration_id: str, _: OwnRegistration, store: Store
) -> RegistrationPublic:
    """Cancelling twice is harmless: the second call changes nothing."""
    doc = await usecases.cancel(store, slug, registration_id)
    return registration_public(doc)


@router.post(
    "/editions/{slug}/registrations/{registration_id}/participants",
    status_code=status.HTTP_201_CREATED,
    tags=["participants"],
    responses=error_responses(
        not_found="Unknown edition or registration", conflict="The registration is cancelled"
    ),
)
async def add_participant(
    slug: str,
    registration_id: str,
    body: ParticipantCreate,
    _: OwnRegistration,
    store: Store,
) -> ParticipantPublic:
    participant = await usecases.add_participant(store, slug, registration_id, body.command())
    return ParticipantPublic.model_validate(participant)


@router.delete(
    "/editions/{slug}/registrations/{registration_id}/participants/{participant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["participants"],
    responses=error_responses(
        not_found="Unknown registration or participant",
        conflict="Cancelled registration, or its last participant",
    ),
)
async def remove_participant(
    slug: str,
    registration_id: str,
    participant_id: str,
    _: OwnRegistration,
    store: Store,
) -> None:
    """Takes the participant off the registration. To erase a person's data, use
    DELETE /registration/participants/{participant_id}."""
    await usecases.remove_participant(store, slug, registration_id, participant_id)
