"""Bearer-token auth: HS256 JWTs with a `role` claim and, for organisations, an `org` claim;
for a participant (a session from their evaluation link: it may evaluate and read
its own evaluation, nothing else) `org` and `participant` claims; for the door (a
volunteer's session from a door link: it checks people in at one edition, nothing
else) `edition` and `door` (the link's id) claims."""

import time
import uuid
from collections.abc import Mapping
from typing import Annotated, Literal

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, ValidationError

Role = Literal["organizer", "organization", "tool", "participant", "door"]
ALGORITHM = "HS256"


class Principal(BaseModel):
    role: Role
    org: str | None = None
    participant: str | None = Field(default=None, description="A participant session's person")
    edition: str | None = Field(default=None, description="A door session's edition")
    door: str | None = Field(default=None, description="A door session's link")
    jti: str | None = Field(default=None, description="The session's id")
    iat: float = 0
    exp: float = 0

    @property
    def key(self) -> str:
        """Whose sessions these are: the organisation's id, the participant's
        (`participant:{id}`), or the role."""
        if self.role == "participant":
            return f"participant:{self.participant}"
        if self.role == "door":
            return f"door:{self.door}"
        return self.org if self.role == "organization" and self.org else self.role

    def may_act_for(self, organization_id: str) -> bool:
        return self.role == "organizer" or (
            self.role == "organization" and self.org == organization_id
        )


class InvalidToken(ValueError):
    pass


def mint_token(
    secret: str,
    role: Role,
    org: str | None = None,
    ttl_seconds: int = 12 * 3600,
    participant: str | None = None,
    door: tuple[str, str] | None = None,
) -> str:
    """`door`: a door session's edition and link id."""
    if role in ("organization", "participant") and not org:
        raise ValueError("an organization token needs the organisation id (--org)")
    if (role == "participant") != (participant is not None):
        raise ValueError("a participant token, and only one, names its participant")
    if (role == "door") != (door is not None):
        raise ValueError("a door token, and only one, names its edition and link")
    now = time.time()
    claims: dict[str, object] = {
        "role": role,
        # To the millisecond (a NumericDate may have a fraction), so a session
        # begun just after a "log out everywhere" is told from one begun before.
        "iat": round(now, 3),
        "exp": int(now) + ttl_seconds,
        "jti": uuid.uuid4().hex,  # the session's id, for logging out
    }
    if org:
        claims["org"] = org
    if participant:
        claims["participant"] = participant
    if door:
        claims["edition"], claims["door"] = door
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def decode_token(
    secret: str, token: str, max_seconds: Mapping[str, int] | None = None
) -> Principal:
    """The token's principal; `InvalidToken` for a bad signature, an expired
    token, or one that lasts longer than `max_seconds` allows its role."""
    try:
        claims = jwt.decode(
            token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "iat"]}
        )
        principal = Principal.model_validate(claims)
    except (jwt.InvalidTokenError, ValidationError) as error:
        raise InvalidToken(str(error)) from error
    if principal.role == "organization" and not principal.org:
        raise InvalidToken("an organization token must carry an 'org' claim")
    if principal.role == "participant" and not (principal.org and principal.participant):
        raise InvalidToken("a participant token must carry 'org' and 'participant' claims")
    if principal.role == "door" and not (principal.edition and principal.door):
        raise InvalidToken("a door token must carry 'edition' and 'door' claims")
    longest = (max_seconds or {}).get(principal.role)
    if longest is not None and principal.exp - principal.iat > longest:
        raise InvalidToken(f"a {principal.role} token may last at most {longest} s")
    return principal


_bearer = HTTPBearer(auto_error=False, description="A JWT minted with `synergi token`")


def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing bearer token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    settings = request.app.state.settings
    secret = settings.jwt_secret.get_secret_value()
    try:
        principal = decode_token(secret, credentials.credentials, settings.token_max_seconds())
    except InvalidToken as error:
        raise _invalid(f"invalid bearer token: {error}") from error
    if request.app.state.sessions.is_ended(principal.key, principal.jti, principal.iat):
        raise _invalid("this session has ended (logged out): sign in again")
    if principal.role == "door":
        _check_door(request, principal)
    return principal


# All a door session may reach (docs/security.md), and only at its own
# edition: the door's list, the programme and each person's places, the
# check-in, and its own logout. Anything else is a 403, whatever the
# endpoint itself would allow "any token".
DOOR_MAY = frozenset(
    {
        ("GET", "/registration/editions/{slug}"),
        ("GET", "/registration/editions/{slug}/door-list"),
        ("POST", "/registration/sessions/logout"),
        ("GET", "/workshops/editions/{slug}/workshops"),
        ("GET", "/workshops/editions/{slug}/organizations/{org_id}/schedule"),
        ("POST", "/workshops/editions/{slug}/workshops/{workshop_id}/checkins"),
    }
)


def _check_door(request: Request, principal: Principal) -> None:
    route = getattr(request.scope.get("route"), "path", "")
    prefix = f"/{getattr(request.app.state, 'service_name', '')}"
    if not route.startswith(prefix + "/"):  # the route as its service's router holds it
        route = prefix + route
    if (request.method, route) not in DOOR_MAY:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "a door session may only find and check in people"
        )
    slug = request.path_params.get("slug")
    if slug is not None and slug != principal.edition:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"this door session is for edition '{principal.edition}' only",
        )


def _invalid(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def require_role(principal: Principal, *roles: Role) -> None:
    if principal.role not in roles:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"a {principal.role} token may not do this; allowed: {', '.join(roles)}",
        )


def require_acting_for(principal: Principal, organization_id: str, *also: Role) -> None:
    """Allow the organiser, the organisation itself, and any extra roles given
    (a door session only where `DOOR_MAY` lets it in, at its own edition)."""
    if principal.may_act_for(organization_id) or principal.role in also:
        return
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        "this token may only act for its own organisation"
        if principal.role == "organization"
        else f"a {principal.role} token may not do this",
    )


def require_the_organization(principal: Principal, organization_id: str) -> None:
    """Allow the organisation itself and no one else, not even the organiser:
    for what a partner shared with it alone (its contacts)."""
    if principal.role == "organization" and principal.org == organization_id:
        return
    raise HTTPException(
        status.HTTP_403_FORBIDDEN,
        "this token may only act for its own organisation"
        if principal.role == "organization"
        else "only the organisation itself may read what its partners share with it",
    )


def require_acting_for_participant(
    principal: Principal, organization_id: str, participant_id: str
) -> None:
    """Allow the organiser, the person's organisation, and the person's own
    participant session (from their evaluation link)."""
    if principal.role == "participant" and principal.participant == participant_id:
        return
    require_acting_for(principal, organization_id)


def require_exporter(principal: Principal, owner: str | None) -> None:
    """Who may read what a service holds about a person (the right of access):
    the organiser, or the person's own organisation; `owner` None when the
    service holds nothing about them (an empty answer then tells no one anything)."""
    require_role(principal, "organizer", "organization")
    if owner is not None:
        require_acting_for(principal, owner)
