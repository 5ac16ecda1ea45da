"""Sign-in links (single use, only their hash kept) and the sessions they
give: logging out, and revoking an organisation's links and sessions."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.errors import Unauthorized
from synergi_shared.contracts.events import SessionsEnded
from synergi_shared.runtime.sessions import EndedSessions


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def make_sign_in_link(
    store: RegistrationStore,
    organization_id: str | None,
    ttl_seconds: int,
    evaluating: tuple[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """A new single-use code and its link: for the organisation, or (None)
    for the organiser; with `evaluating` (an edition and one of the
    organisation's participants), for that participant alone, to evaluate
    the day. The code is returned once; only its hash is kept."""
    if organization_id is not None:
        await store.require_organization(organization_id)
    code = secrets.token_urlsafe(24)
    role = "organizer" if organization_id is None else "organization"
    link = {
        "_id": code_hash(code),
        "role": "participant" if evaluating else role,
        "organization_id": organization_id,
        "edition": evaluating[0] if evaluating else None,
        "participant_id": evaluating[1] if evaluating else None,
        "created_at": clock.now(),
        "expires_at": clock.now() + timedelta(seconds=ttl_seconds),
        "used_at": None,
        "revoked_at": None,
    }
    await store.sign_in_links.insert(link)
    return code, link


async def sign_in(store: RegistrationStore, code: str) -> dict[str, Any]:
    """The link a code belongs to, now used; or a door link (role `door`),
    which is not used up. `Unauthorized` for a code that is unknown, used,
    expired or revoked (which, is not said)."""
    now = clock.now()
    link = await store.sign_in_links.use(code_hash(code), now)
    if link is None and (door := await store.door_links.valid(code_hash(code), now)):
        return {**door, "role": "door", "organization_id": None}
    if link is None:
        raise Unauthorized(
            "this sign-in link is unknown, used already, expired or revoked: ask for a new one"
        )
    if link.get("participant_id"):  # an evaluation link: the console counts it opened
        await store.evaluations.opened(link["edition"], link["participant_id"], now)
    return link


async def revoke_sign_in_links(
    store: RegistrationStore,
    sessions: EndedSessions,
    organization_id: str | None,
    session_seconds: int,
    keep_session: str | None = None,
) -> int:
    """The unused links of an organisation (None: of the organiser) stop
    working, and every session they gave ends, everywhere, but `keep_session`
    (the organiser's own, who asked). How many links were revoked."""
    if organization_id is not None:
        await store.require_organization(organization_id)
    now = clock.now()
    revoked = await store.sign_in_links.revoke(organization_id, now)
    ended = SessionsEnded(
        principal=organization_id or "organizer",
        not_before=now,
        except_session=keep_session,
        until=now + timedelta(seconds=session_seconds),
    )
    await sessions.end(ended)
    return revoked


async def log_out(sessions: EndedSessions, principal: str, session_id: str, expires: float) -> None:
    """End one session everywhere: its token is refused by every service."""
    until = datetime.fromtimestamp(expires, UTC)
    await sessions.end(SessionsEnded(principal=principal, session_id=session_id, until=until))
