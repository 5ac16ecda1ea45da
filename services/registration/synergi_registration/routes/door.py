"""HTTP routes of the door: the organiser's door links for the volunteers,
and the list a door session checks people in from."""

from fastapi import APIRouter, HTTPException, status

from synergi_registration.routes.dependencies import Sessions, Store
from synergi_registration.schemas import (
    DoorLink,
    DoorLinkCreate,
    DoorLinkListed,
    DoorLinks,
    DoorList,
    DoorPerson,
)
from synergi_registration.usecases import door
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()
_LINKS = "/editions/{slug}/door-links"


@router.post(
    _LINKS,
    status_code=status.HTTP_201_CREATED,
    tags=["door"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown edition"),
)
async def make_door_link(
    slug: str, body: DoorLinkCreate, principal: CurrentPrincipal, store: Store
) -> DoorLink:
    """*Added* 2026-12: a door link for a volunteer's tablet. Its code signs
    in any number of times (`POST /registration/sessions`) until midnight
    after the edition's day, or until it is revoked, as a `door` session:
    it finds the edition's people by name or organisation, sees their
    workshops, and checks them in; nothing else (`docs/security.md`)."""
    require_role(principal, "organizer")
    code, link = await door.make_door_link(store, slug, body.label)
    return DoorLink.model_validate(
        {**link, "id": link["link_id"], "code": code, "path": f"/sign-in#code={code}"}
    )


@router.get(_LINKS, tags=["door"], responses=error_responses(forbidden="Organiser only"))
async def door_links(slug: str, principal: CurrentPrincipal, store: Store) -> DoorLinks:
    """*Added* 2026-12: the edition's door links, oldest first (no codes)."""
    require_role(principal, "organizer")
    return DoorLinks(
        items=[DoorLinkListed.of(doc) for doc in await door.door_links_of(store, slug)]
    )


@router.delete(
    _LINKS + "/{link_id}",
    tags=["door"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown door link"),
)
async def revoke_door_link(
    slug: str, link_id: str, principal: CurrentPrincipal, store: Store, sessions: Sessions
) -> DoorLinkListed:
    """*Added* 2026-12: the link signs in no more, and every session it gave
    ends at once in every service. Again: no change."""
    require_role(principal, "organizer")
    return DoorLinkListed.of(await door.revoke_door_link(store, sessions, slug, link_id))


@router.get(
    "/editions/{slug}/door-list",
    tags=["door"],
    responses=error_responses(forbidden="The organiser and this edition's door only"),
)
async def door_list(slug: str, principal: CurrentPrincipal, store: Store) -> DoorList:
    """*Added* 2026-12: each active participant of the edition with their
    organisation, for the check-in at the door: no e-mail address, no
    consent, no one erased."""
    if principal.role not in ("organizer", "door"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "the organiser and the door only")
    people = await door.door_list(store, slug)
    return DoorList(edition=slug, people=[DoorPerson.model_validate(p) for p in people])
