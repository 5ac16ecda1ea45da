"""Invitations to an edition, and the day as a calendar file."""

from fastapi import APIRouter, Response, status

from synergi_registration import usecases
from synergi_registration.calendar_files import edition_calendar
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import InvitationCreate, InvitationPublic, InvitationsMade
from synergi_registration.usecases import clock
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()


@router.post(
    "/editions/{slug}/invitations",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["mail"],
    responses=error_responses(
        forbidden="Organiser only",
        not_found="Unknown edition",
        unprocessable="An organisation id that is not in the directory: no one is invited",
    ),
)
async def invite(
    slug: str, body: InvitationCreate, principal: CurrentPrincipal, store: Store
) -> InvitationsMade:
    """*Added* 2026-12: invite organisations to the edition: those named, or
    every one in the directory. Each contact person gets one mail (in their
    language) with the day's title, date, venue and deadline, the day as a
    calendar file and a personal sign-in link (14 days, once), sent within
    seconds. An organisation invited less than 7 days ago is not invited
    again; one with no contact person, or whose contact turned invitations
    off, is not invited: the answer says which."""
    require_role(principal, "organizer")
    done = await usecases.invite(store, slug, body.organization_ids)
    return InvitationsMade.model_validate(done, from_attributes=True)


@router.get(
    "/editions/{slug}/invitations",
    tags=["mail"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown edition"),
)
async def list_invitations(
    slug: str, principal: CurrentPrincipal, store: Store
) -> list[InvitationPublic]:
    """*Added* 2026-12: every organisation invited to the edition, by name:
    when it was last invited, how often, how the mail went, whether it has
    registered, and whether its contact turned invitations off."""
    require_role(principal, "organizer")
    await store.get_edition(slug)
    return [InvitationPublic.model_validate(r) for r in await usecases.invitations_in(store, slug)]


@router.get(
    "/editions/{slug}/calendar.ics",
    tags=["editions"],
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "An iCalendar file"},
        **error_responses(not_found="Unknown edition"),
    },
)
async def edition_calendar_file(slug: str, _: CurrentPrincipal, store: Store) -> Response:
    """*Added* 2026-12: the day as a calendar file (RFC 5545), the same the
    invitation carries: Danish time with its zone, one UID per edition, and
    a higher SEQUENCE after each change of date, time, title or venue. Any role."""
    edition = await store.get_edition(slug)
    return Response(
        edition_calendar(edition, clock.now()),
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{slug}.ics"'},
    )
