"""One-click unsubscribe (RFC 8058) from a kind of mail that is not
transactional: the link in the mail's `List-Unsubscribe` header and text
carries a signed token naming the recipient and the kind, so no sign-in is
needed, and it cannot be used for anything else (a session token is refused
here, and this one as a session: its audience is `unsubscribe`)."""

from typing import Any

import jwt

from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import Unauthorized

AUDIENCE = "unsubscribe"


def unsubscribe_token(
    settings: RegistrationSettings, recipient_id: str, organization_id: str | None, kind: str
) -> str:
    claims = {"aud": AUDIENCE, "sub": recipient_id, "org": organization_id, "kind": kind}
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm="HS256")


def _read(settings: RegistrationSettings, token: str) -> dict[str, Any]:
    try:
        return jwt.decode(
            token,
            settings.jwt_secret.get_secret_value(),
            algorithms=["HS256"],
            audience=AUDIENCE,
            options={"require": ["aud", "sub", "kind"]},
        )
    except jwt.InvalidTokenError as error:
        raise Unauthorized("this unsubscribe link is not valid") from error


def unsubscribing_from(settings: RegistrationSettings, token: str) -> str:
    """The kind of mail a valid token unsubscribes from; `Unauthorized` if
    it is not one of ours."""
    return str(_read(settings, token)["kind"])


async def unsubscribe(store: RegistrationStore, settings: RegistrationSettings, token: str) -> str:
    """The token's recipient gets no more mail of its kind. Idempotent.
    Returns the kind."""
    claims = _read(settings, token)
    await store.contacts.unsubscribe(claims["sub"], claims.get("org"), claims["kind"], clock.now())
    return str(claims["kind"])
