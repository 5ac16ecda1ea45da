"""HTTP routes of the registration service."""

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

import httpx
from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from synergi_registration import domain, usecases
from synergi_registration.schemas import (
    ConsentUpdate,
    EditionCreate,
    EditionPublic,
    EditionUpdate,
    FollowUpMailSent,
    HeldBy,
    LinksRevoked,
    OrganizationCreate,
    OrganizationPublic,
    OrganizationUpdate,
    ParticipantCreate,
    ParticipantExport,
    ParticipantPublic,
    RegistrationCreate,
    RegistrationHeld,
    RegistrationPublic,
    RegistrationSummary,
    Session,
    SessionCreate,
    SignInLink,
    SignInLinkCreate,
)
from synergi_registration.store import RegistrationStore
from synergi_shared.runtime.auth import (
    CurrentPrincipal,
    mint_token,
    require_acting_for,
    require_role,
)
from synergi_shared.runtime.errors import Conflict, error_responses
from synergi_shared.runtime.paging import PAGE_HEADERS, Page
from synergi_shared.runtime.service import (
    DATABASE_UNREACHABLE,
    gateway_client,
    sessions_of,
    settings_of,
    store_of,
)
from synergi_shared.runtime.sessions import EndedSessions
from synergi_shared.runtime.settings import Settings

Store = Annotated[RegistrationStore, Depends(store_of)]
# How long the export waits for each other service's part.
EXPORT_SECONDS = 30
Sessions = Annotated[EndedSessions, Depends(sessions_of)]

router = APIRouter()


def _organization(doc: dict[str, Any]) -> OrganizationPublic:
    return OrganizationPublic.model_validate({**doc, "id": doc["organization_id"]})


def _registration(doc: dict[str, Any]) -> RegistrationPublic:
    return RegistrationPublic.model_validate({**doc, "id": doc["_id"]})


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
    doc = await usecases.create_edition(store, body)
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
    return EditionPublic.model_validate(await usecases.update_edition(store, slug, body))


@router.post(
    "/organizations",
    status_code=status.HTTP_201_CREATED,
    tags=["organizations"],
    responses=error_responses(conflict="An organisation of that name exists (it is named)"),
)
async def create_organization(
    body: OrganizationCreate,
    principal: CurrentPrincipal,
    store: Store,
    allow_duplicate_name: Annotated[
        bool, Query(description="Create it even if an organisation of that name exists")
    ] = False,
) -> OrganizationPublic:
    require_role(principal, "organizer")
    doc = await usecases.create_organization(store, body, allow_duplicate_name)
    return _organization(doc)


@router.get(
    "/organizations",
    tags=["organizations"],
    responses={**error_responses(forbidden="Organiser and tools only"), **PAGE_HEADERS},
)
async def list_organizations(
    principal: CurrentPrincipal,
    store: Store,
    page: Page,
    q: Annotated[
        str | None, Query(max_length=200, description="Part of the name, case aside")
    ] = None,
) -> list[OrganizationPublic]:
    """*Added*: the organisation directory, by name, each at its current profile;
    `q` finds names that contain it. Paged as the registrations list is."""
    require_role(principal, "organizer", "tool")
    docs, total = await store.list_organizations(q, page.limit, page.offset)
    page.tell(total, len(docs))
    return [_organization(doc) for doc in docs]


@router.get(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses=error_responses(
        forbidden="Another organisation's profile", not_found="Unknown organisation"
    ),
)
async def get_organization(
    org_id: str, principal: CurrentPrincipal, store: Store
) -> OrganizationPublic:
    """The organiser, the organisation itself and tools (to show a name for an id)."""
    require_acting_for(principal, org_id, "tool")
    return _organization(await store.get_organization(org_id))


@router.patch(
    "/organizations/{org_id}",
    tags=["organizations"],
    responses=error_responses(not_found="Unknown organisation"),
)
async def update_organization(
    org_id: str,
    body: OrganizationUpdate,
    principal: CurrentPrincipal,
    store: Store,
) -> OrganizationPublic:
    require_acting_for(principal, org_id)
    doc = await usecases.update_organization(store, org_id, body)
    return _organization(doc)


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
    unknown = domain.unknown_themes(body.challenge_themes)
    if unknown:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"unknown challenge theme(s): {', '.join(unknown)}; "
            "see the theme catalogue in the API description",
        )
    doc = await usecases.register(store, slug, body)
    return _registration(doc)


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
    return [_registration(doc) for doc in docs]


async def _own_registration(
    slug: str, registration_id: str, principal: CurrentPrincipal, store: Store
) -> dict[str, Any]:
    """The registration, for its organisation's token (or the organiser's)."""
    doc = await store.get_registration(slug, registration_id)
    require_acting_for(principal, doc["organization_id"])
    return doc


OwnRegistration = Annotated[dict[str, Any], Depends(_own_registration)]


@router.get(
    "/editions/{slug}/registrations/{registration_id}",
    tags=["registrations"],
    responses=error_responses(not_found="Unknown edition or registration"),
)
async def get_registration(registration: OwnRegistration) -> RegistrationPublic:
    return _registration(registration)


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
    return _registration(doc)


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
    participant = await usecases.add_participant(store, slug, registration_id, body)
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


async def _participants_registration(
    participant_id: str, principal: CurrentPrincipal, store: Store
) -> dict[str, Any]:
    doc = await store.registration_of_participant(participant_id)
    require_acting_for(principal, doc["organization_id"])
    return doc


ParticipantsRegistration = Annotated[dict[str, Any], Depends(_participants_registration)]


@router.put(
    "/participants/{participant_id}/consent",
    tags=["participants"],
    responses=error_responses(not_found="Unknown participant", conflict="Erased"),
)
async def set_consent(
    participant_id: str, body: ConsentUpdate, _: ParticipantsRegistration, store: Store
) -> ParticipantPublic:
    """Whether the person's name and e-mail may be shared with recommended
    partners. Every answer is kept with its time (see the export)."""
    return ParticipantPublic.model_validate(
        await usecases.set_consent(store, participant_id, body.share_contact)
    )


@router.delete(
    "/participants/{participant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["participants"],
    responses=error_responses(not_found="Unknown participant"),
)
async def erase_participant(participant_id: str, _: ParticipantsRegistration, store: Store) -> None:
    """Erasure: the person's name, e-mail and consent records are deleted (not
    flagged) and a `participant erased` event tells the other services."""
    await usecases.erase_participant(store, participant_id)


@router.get(
    "/participants/{participant_id}/export",
    tags=["participants"],
    responses={
        **error_responses(not_found="Unknown participant"),
        502: {"description": "Another service did not answer: the export would be incomplete"},
    },
)
async def export_participant(
    participant_id: str,
    registration: ParticipantsRegistration,
    principal: CurrentPrincipal,
    request: Request,
    store: Store,
) -> ParticipantExport:
    """Everything stored about the person, as JSON (the right of access,
    GDPR art. 15): (*changed* 2026-12) in every service, and in every edition
    the same e-mail address was registered for (an organisation: those it
    registered), each part under the service that holds it."""
    asked = domain.participant_in(registration, participant_id)
    found = await store.registrations_with_email(asked["email"]) if asked.get("email") else []
    people = {participant_id: (registration, asked)}
    for doc in found:
        if principal.role == "organizer" or doc["organization_id"] == principal.org:
            for person in doc["participants"]:
                if person.get("email") == asked["email"]:
                    people.setdefault(person["id"], (doc, person))
    held = {pid: await _held_by_registration(store, *people[pid]) for pid in people}
    try:
        elsewhere = await _held_elsewhere(request, list(people))
    except (httpx.HTTPError, ValueError) as error:
        detail = f"the export could not be completed: {error}"
        raise HTTPException(status.HTTP_502_BAD_GATEWAY, detail) from error
    mine = held[participant_id]
    return ParticipantExport(
        participant=mine.participant,
        consent_history=mine.consent_history,
        registration=mine.registration,
        organization_name=mine.organization_name,
        same_person=list(people),
        held_by=HeldBy(registration=held, **elsewhere),
    )


async def _held_by_registration(
    store: RegistrationStore, registration: dict[str, Any], participant: dict[str, Any]
) -> RegistrationHeld:
    organization = await store.get_organization(registration["organization_id"])
    mails = await store.follow_up_mails.sent_to(participant["id"])
    return RegistrationHeld(
        participant=ParticipantPublic.model_validate(participant),
        consent_history=participant.get("consent_history", []),
        registration=RegistrationSummary.model_validate(
            {**registration, "id": registration["_id"]}
        ),
        organization_name=organization["name"],
        follow_up_emails=[
            FollowUpMailSent(follow_up_id=m["_id"].rsplit("/", 1)[0], sent_at=m["sent_at"])
            for m in mails
        ],
    )


# Each of the other services answers for what it holds (with the caller's token).
EXPORTING_SERVICES = ("workshops", "feedback", "matching")


async def _held_elsewhere(
    request: Request, participant_ids: list[str]
) -> dict[str, dict[str, dict[str, Any]]]:
    held: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in EXPORTING_SERVICES}
    async with gateway_client(request, EXPORT_SECONDS) as client:
        for service in EXPORTING_SERVICES:
            for participant_id in participant_ids:
                answer = await client.get(f"/{service}/participants/{participant_id}/export")
                if answer.status_code != 200:
                    raise ValueError(
                        f"{service} answered {answer.status_code}: {answer.text[:200]}"
                    )
                held[service][participant_id] = answer.json()
    return held


# --- sign-in links ------------------------------------------------------------


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
    settings: Annotated[Settings, Depends(settings_of)],
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
    "/sessions",
    status_code=status.HTTP_201_CREATED,
    tags=["sign-in"],
    responses={
        401: {"description": "The code is unknown, used, expired or revoked"},
        503: DATABASE_UNREACHABLE,
    },
)
async def start_session(
    body: SessionCreate, store: Store, settings: Annotated[Settings, Depends(settings_of)]
) -> Session:
    """*Added*, no token needed: exchange a sign-in link's code, once, for a
    bearer token valid for `SYNERGI_JWT_TTL_SECONDS` (12 hours by default)."""
    link = await usecases.sign_in(store, body.code)
    token = mint_token(
        settings.jwt_secret.get_secret_value(),
        link["role"],
        link["organization_id"],
        ttl_seconds=settings.jwt_ttl_seconds,
    )
    return Session(
        token=token,
        role=link["role"],
        organization_id=link["organization_id"],
        expires_at=datetime.now(UTC) + timedelta(seconds=settings.jwt_ttl_seconds),
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
    settings: Annotated[Settings, Depends(settings_of)],
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
    settings: Annotated[Settings, Depends(settings_of)],
) -> LinksRevoked:
    """*Added* 2026-12: the organiser's unused links stop working, and every
    organiser session but the caller's ends, everywhere (a link sent to the
    wrong person, a laptop lost)."""
    require_role(principal, "organizer")
    revoked = await usecases.revoke_sign_in_links(
        store, sessions, None, settings.jwt_ttl_seconds, keep_session=principal.jti
    )
    return LinksRevoked(revoked=revoked)
