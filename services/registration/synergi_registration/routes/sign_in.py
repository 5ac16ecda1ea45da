"""Sign-in links and sessions: a link made, exchanged for a session, revoked; a session
ended."""

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, status

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Sessions, Store
from synergi_registration.schemas import (
    LinksRevoked,
    NewLinkAnswer,
    NewLinkRequest,
    Session,
    SessionCreate,
    SignInLink,
    SignInLinkCreate,
)
from synergi_registration.settings import RegistrationSettings
from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.errors import Conflict
from synergi_shared.runtime.auth import CurrentPrincipal, mint_token, require_role
from synergi_shared.runtime.dependencies import settings_of
from synergi_shared.runtime.http_errors import DATABASE_UNREACHABLE, error_responses

router = APIRouter()


@router.post(
    "/sign-in-links",
    status_code=status.HTTP_201_CREATED,
    tags=["sign-in"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown organisation"),
)
async def make_sign_in_link(
    body: SignInLinkCreate,
    principal: CurrentPrincipal,
    store: Store,
    settings: Annotated[RegistrationSettings, Depends(settings_of)],
) -> SignInLink:
    """*Added*: a single-use sign-in link for an organisation, valid for
    `SYNERGI_SIGN_IN_LINK_TTL_SECONDS` (three days by default), or, without
    one, for the organiser, valid for `SYNERGI_ORGANIZER_SIGN_IN_LINK_TTL_SECONDS`
    (24 hours by default: it opens every organisation's data). The web app
    at `path` exchanges its code for a session: no passwords."""
    require_role(principal, "organizer")
    ttl = (
        settings.organizer_sign_in_link_ttl_seconds
        if body.organization_id is None
        else settings.sign_in_link_ttl_seconds
    )
    code, link = await usecases.make_sign_in_link(store, body.organization_id, ttl)
    return SignInLink.model_validate({**link, "code": code, "path": f"/sign-in#code={code}"})


@router.post(
    "/sign-in-links/requests",
    status_code=status.HTTP_202_ACCEPTED,
    tags=["sign-in"],
    responses={
        422: {"description": "Not an e-mail address"},
        429: {"description": "Too many requests from this client (the gateway)"},
        503: DATABASE_UNREACHABLE,
    },
)
async def request_new_link(body: NewLinkRequest, store: Store) -> NewLinkAnswer:
    """*Added* 2026-12, no token needed: "send me a new link". When the
    address is an organisation's contact person's, or a participant's in an
    active registration, a new sign-in link for the organisation is mailed
    to it (three days, once), or to a participant checked in at a day closed
    in the last 30 days their own evaluation link. The answer is the same
    whether or not the address is known. At most 3 requests an hour per address are acted on."""
    await usecases.request_new_link(store, str(body.email))
    return NewLinkAnswer(
        detail="if this address is known to Synergi, a new sign-in link is on its way to it"
    )


@router.post(
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    tags=["sign-in"],
    responses={
        401: {"description": "The code is unknown, used, expired or revoked"},
        503: DATABASE_UNREACHABLE,
    },
)
async def start_session(
    body: SessionCreate,
    store: Store,
    settings: Annotated[RegistrationSettings, Depends(settings_of)],
) -> Session:
    """*Added*, no token needed: exchange a sign-in link's code, once, for a
    bearer token valid for `SYNERGI_JWT_TTL_SECONDS` (12 hours by default).
    (*Added* 2026-12) An evaluation link gives a `participant` session, with
    its `participant_id` and `edition`: it may evaluate that edition and read
    its own evaluation, nothing else. (*Added* 2026-12) A door link's code,
    which is not used up, gives a `door` session for its `edition` until the
    link ends (`docs/security.md`)."""
    link = await usecases.sign_in(store, body.code)
    ttl = settings.jwt_ttl_seconds
    door = None
    if link["role"] == "door":  # no longer than the link itself
        door = (link["edition"], link["link_id"])
        ttl = min(ttl, int((aware(link["expires_at"]) - datetime.now(UTC)).total_seconds()))
    token = mint_token(
        settings.jwt_secret.get_secret_value(),
        link["role"],
        link["organization_id"],
        ttl_seconds=ttl,
        participant=link.get("participant_id"),
        door=door,
    )
    return Session(
        token=token,
        role=link["role"],
        organization_id=link["organization_id"],
        participant_id=link.get("participant_id"),
        edition=link.get("edition"),
        expires_at=datetime.now(UTC) + timedelta(seconds=ttl),
    )


@router.post(
    "/sessions/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["sign-in"],
    responses=error_responses(
        forbidden="Never: any token may end its own session",
        conflict="A token from before sessions had ids: it cannot be ended",
    ),
)
async def log_out(principal: CurrentPrincipal, sessions: Sessions) -> None:
    """*Added* 2026-12: end the caller's session. Its token is refused from
    now on by registration, and by every other service within seconds (they
    learn it from the `sessions-ended` event). Any role."""
    if principal.jti is None:
        raise Conflict("this token has no session id (it was made before logout existed)")
    await usecases.log_out(sessions, principal.key, principal.jti, principal.exp)


@router.delete(
    "/organizations/{org_id}/sign-in-links",
    tags=["sign-in"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown organisation"),
)
async def revoke_sign_in_links(
    org_id: str,
    principal: CurrentPrincipal,
    store: Store,
    sessions: Sessions,
    settings: Annotated[RegistrationSettings, Depends(settings_of)],
) -> LinksRevoked:
    """*Added*: the organisation's unused links stop working and (*changed*
    2026-12) it is logged out everywhere: every session begun before now
    ends, in every service within seconds."""
    require_role(principal, "organizer")
    revoked = await usecases.revoke_sign_in_links(store, sessions, org_id, settings.jwt_ttl_seconds)
    return LinksRevoked(revoked=revoked)


@router.delete(
    "/organizer/sign-in-links",
    tags=["sign-in"],
    responses=error_responses(forbidden="Organiser only"),
)
async def revoke_organizer_sign_in_links(
    principal: CurrentPrincipal,
    store: Store,
    sessions: Sessions,
    settings: Annotated[RegistrationSettings, Depends(settings_of)],
) -> LinksRevoked:
    """*Added* 2026-12: the organiser's unused links stop working, and every
    organiser session but the caller's ends, everywhere (a link sent to the
    wrong person, a laptop lost)."""
    require_role(principal, "organizer")
    revoked = await usecases.revoke_sign_in_links(
        store, sessions, None, settings.jwt_ttl_seconds, keep_session=principal.jti
    )
    return LinksRevoked(revoked=revoked)
