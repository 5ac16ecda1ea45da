"""What the registration routes share: the store and sessions, who may see a
registration, and the public shape of a stored document."""

from typing import Annotated, Any

from fastapi import Depends

from synergi_registration.schemas import OrganizationPublic, RegistrationPublic
from synergi_registration.store import RegistrationStore
from synergi_shared.runtime.auth import CurrentPrincipal, require_acting_for
from synergi_shared.runtime.dependencies import sessions_of, store_of
from synergi_shared.runtime.sessions import EndedSessions

Store = Annotated[RegistrationStore, Depends(store_of)]
Sessions = Annotated[EndedSessions, Depends(sessions_of)]


def organization_public(doc: dict[str, Any]) -> OrganizationPublic:
    return OrganizationPublic.model_validate({**doc, "id": doc["organization_id"]})


def registration_public(doc: dict[str, Any]) -> RegistrationPublic:
    return RegistrationPublic.model_validate({**doc, "id": doc["_id"]})


async def _own_registration(
    slug: str, registration_id: str, principal: CurrentPrincipal, store: Store
) -> dict[str, Any]:
    """The registration, for its organisation's token (or the organiser's)."""
    doc = await store.get_registration(slug, registration_id)
    require_acting_for(principal, doc["organization_id"])
    return doc


OwnRegistration = Annotated[dict[str, Any], Depends(_own_registration)]


async def _participants_registration(
    participant_id: str, principal: CurrentPrincipal, store: Store
) -> dict[str, Any]:
    doc = await store.registration_of_participant(participant_id)
    require_acting_for(principal, doc["organization_id"])
    return doc


ParticipantsRegistration = Annotated[dict[str, Any], Depends(_participants_registration)]
