"""What registration does: editions, organisation profiles, registrations and
their participants. Builds each change and the events it causes from the
rules in `domain`; the store writes them."""

import asyncio
import hashlib
import logging
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from datetime import date as Date
from email.message import EmailMessage
from typing import Any

from synergi_registration import domain
from synergi_registration.schemas import (
    EditionCreate,
    EditionUpdate,
    OrganizationCreate,
    OrganizationUpdate,
    ParticipantCreate,
    RegistrationCreate,
)
from synergi_registration.store import RegistrationStore
from synergi_shared.contracts.events import (
    EditionCreated,
    Event,
    FollowUpDue,
    OrganizationProfileUpdated,
    OrganizationRegistered,
    ParticipantAdded,
    ParticipantErased,
    ParticipantRemoved,
    RegisteredParticipant,
    RegistrationCancelled,
    SessionsEnded,
)
from synergi_shared.runtime.errors import Conflict, Unauthorized
from synergi_shared.runtime.mail import send_mail
from synergi_shared.runtime.sessions import EndedSessions
from synergi_shared.runtime.settings import Settings

logger = logging.getLogger(__name__)

# Attempts at a profile update while others write the same profile, before a 409.
PROFILE_UPDATE_ATTEMPTS = 5


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return str(uuid.uuid4())


# --- organisation profiles ----------------------------------------------------
# Each version of a profile is a document of its own, keyed by organisation
# and version, so the history is kept and inserting the next version is the
# concurrency guard: of two simultaneous updates exactly one can insert
# version n+1, the other finds it taken and tries again on top of it.


def _profile_version(profile: dict[str, Any], version: int) -> dict[str, Any]:
    return {
        "_id": f"{profile['organization_id']}@{version}",
        **profile,
        "version": version,
        "created_at": _now(),
    }


async def create_edition(store: RegistrationStore, body: EditionCreate) -> dict[str, Any]:
    domain.check_edition_dates(body.date, body.registration_deadline, _now().date())
    doc = {
        "_id": body.slug,
        **body.model_dump(mode="json"),
        "registration_deadline": body.registration_deadline,  # a BSON date, comparable
        "created_at": _now(),
    }
    event = EditionCreated(
        edition=body.slug,
        title=body.title,
        date=body.date,
        recommendations_per_organization=body.recommendations_per_organization,
    )
    if not await store.insert_edition(doc, event):
        raise Conflict(f"an edition with slug '{body.slug}' already exists")
    return doc


async def update_edition(
    store: RegistrationStore, slug: str, body: EditionUpdate
) -> dict[str, Any]:
    """Title, venue, date and deadline; the dates checked as at creation. K and
    the slug stay: other services know the edition by them."""
    current = await store.get_edition(slug)
    # A title or date sent as null changes nothing; a venue or deadline is cleared.
    changes = {
        k: v
        for k, v in body.model_dump(exclude_unset=True).items()
        if v is not None or k in ("venue", "registration_deadline")
    }
    if "date" in changes or "registration_deadline" in changes:
        day = changes.get("date") or Date.fromisoformat(current["date"])
        deadline = changes.get("registration_deadline", current.get("registration_deadline"))
        domain.check_edition_dates(day, deadline, _now().date())
    fields = {k: v.isoformat() if k == "date" else v for k, v in changes.items()}
    return await store.update_edition(slug, fields) if fields else current


async def create_organization(
    store: RegistrationStore, body: OrganizationCreate, allow_duplicate_name: bool = False
) -> dict[str, Any]:
    if not allow_duplicate_name:
        for existing in await store.organizations_named(domain.name_key(body.name)):
            raise Conflict(
                f"an organisation named '{existing['name']}' exists already "
                f"(id {existing['organization_id']}); to create another of that name, "
                "send allow_duplicate_name=true"
            )
    doc = _profile_version({"organization_id": _new_id(), **body.model_dump()}, 1)
    # A new organisation id: its version 1 cannot be taken.
    await store.insert_profile_version(doc, OrganizationProfileUpdated.model_validate(doc))
    return doc


async def update_organization(
    store: RegistrationStore, organization_id: str, body: OrganizationUpdate
) -> dict[str, Any]:
    changes = body.model_dump(exclude_unset=True)
    for _ in range(PROFILE_UPDATE_ATTEMPTS):
        current = await store.get_organization(organization_id)
        profile = {k: v for k, v in current.items() if k not in ("_id", "version", "created_at")}
        if {**profile, **changes} == profile:
            return current  # nothing changes: no new version, no event
        doc = _profile_version({**profile, **changes}, current["version"] + 1)
        if await store.insert_profile_version(doc, OrganizationProfileUpdated.model_validate(doc)):
            return doc
        # Someone else wrote that version first: apply ours on top.
    raise Conflict("the profile is being changed by many at once; try again")


async def register(
    store: RegistrationStore, edition: str, body: RegistrationCreate
) -> dict[str, Any]:
    domain.require_open(await store.get_edition(edition), _now())
    await store.require_organization(body.organization_id)
    registration_id = _new_id()
    participants = [_new_participant(p) for p in body.participants]
    doc = {
        "_id": registration_id,
        "edition": edition,
        "organization_id": body.organization_id,
        "status": "active",
        "participants": participants,
        "challenge_themes": list(dict.fromkeys(body.challenge_themes)),
        "expectations": body.expectations,
        "created_at": _now(),
        "revision": 1,
        "active_key": domain.active_registration_key(edition, body.organization_id),
    }
    event = OrganizationRegistered(
        edition=edition,
        registration_id=registration_id,
        organization_id=body.organization_id,
        participants=[
            RegisteredParticipant(participant_id=p["id"], role=p["role"]) for p in participants
        ],
        challenge_themes=doc["challenge_themes"],
    )
    if not await store.insert_registration(doc, event):
        raise Conflict(
            f"organisation '{body.organization_id}' already has an active registration "
            f"for edition '{edition}'"
        )
    return doc


async def cancel(store: RegistrationStore, edition: str, registration_id: str) -> dict[str, Any]:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        if doc["status"] == "cancelled":
            return {}, []  # cancelling twice changes nothing
        fields = {
            "status": "cancelled",
            "cancelled_at": _now(),
            "active_key": domain.cancelled_registration_key(doc["_id"]),
        }
        event = RegistrationCancelled(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
        )
        return fields, [event]

    return await store.change_registration(
        await store.get_registration(edition, registration_id), change
    )


async def add_participant(
    store: RegistrationStore, edition: str, registration_id: str, body: ParticipantCreate
) -> dict[str, Any]:
    participant = _new_participant(body)

    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        domain.require_active(doc)
        event = ParticipantAdded(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
            participant_id=participant["id"],
            role=participant["role"],
        )
        return {"participants": [*doc["participants"], participant]}, [event]

    await store.change_registration(await store.get_registration(edition, registration_id), change)
    return participant


async def remove_participant(
    store: RegistrationStore, edition: str, registration_id: str, participant_id: str
) -> None:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        remaining = domain.without_participant(doc, participant_id)
        event = ParticipantRemoved(
            edition=edition,
            registration_id=doc["_id"],
            organization_id=doc["organization_id"],
            participant_id=participant_id,
        )
        return {"participants": remaining}, [event]

    await store.change_registration(await store.get_registration(edition, registration_id), change)


async def set_consent(
    store: RegistrationStore, participant_id: str, share_contact: bool
) -> dict[str, Any]:
    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        participant = domain.participant_in(doc, participant_id)
        if "erased_at" in participant:
            raise Conflict(f"participant '{participant_id}' was erased")
        consent = {"share_contact": share_contact, "recorded_at": _now()}
        updated = {
            **participant,
            "consent": consent,
            "consent_history": [*participant.get("consent_history", []), consent],
        }
        return {"participants": _replace(doc, updated)}, []

    doc = await store.change_registration(
        await store.registration_of_participant(participant_id), change
    )
    return domain.participant_in(doc, participant_id)


async def erase_participant(store: RegistrationStore, participant_id: str) -> None:
    """Name, e-mail and consent records are removed, not flagged; the id and
    role stay so counts and other services' references still add up."""

    def change(doc: dict[str, Any]) -> tuple[dict[str, Any], list[Event]]:
        participant = domain.participant_in(doc, participant_id)
        if "erased_at" in participant:
            return {}, []  # erased already
        stub = {"id": participant_id, "role": participant.get("role"), "erased_at": _now()}
        event = ParticipantErased(
            participant_id=participant_id, organization_id=doc["organization_id"]
        )
        return {"participants": _replace(doc, stub)}, [event]

    await store.change_registration(await store.registration_of_participant(participant_id), change)


def _new_participant(body: ParticipantCreate) -> dict[str, Any]:
    consent = {"share_contact": body.share_contact, "recorded_at": _now()}
    return {
        "id": _new_id(),
        "name": body.name,
        "email": str(body.email),
        "role": domain.normalize_tag(body.role) if body.role else None,
        "consent": consent,
        "consent_history": [consent],
    }


def _replace(doc: dict[str, Any], updated: dict[str, Any]) -> list[dict[str, Any]]:
    return [updated if p["id"] == updated["id"] else p for p in doc["participants"]]


# --- sign-in links ------------------------------------------------------------


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


async def make_sign_in_link(
    store: RegistrationStore, organization_id: str | None, ttl_seconds: int
) -> tuple[str, dict[str, Any]]:
    """A new single-use code and its link: for the organisation, or (None)
    for the organiser. The code is returned once; only its hash is kept."""
    if organization_id is not None:
        await store.require_organization(organization_id)
    code = secrets.token_urlsafe(24)
    link = {
        "_id": _hash(code),
        "role": "organizer" if organization_id is None else "organization",
        "organization_id": organization_id,
        "created_at": _now(),
        "expires_at": _now() + timedelta(seconds=ttl_seconds),
        "used_at": None,
        "revoked_at": None,
    }
    await store.sign_in_links.insert(link)
    return code, link


async def sign_in(store: RegistrationStore, code: str) -> dict[str, Any]:
    """The link a code belongs to, now used; `Unauthorized` for a code that
    is unknown, used, expired or revoked (which, is not said)."""
    link = await store.sign_in_links.use(_hash(code), _now())
    if link is None:
        raise Unauthorized(
            "this sign-in link is unknown, used already, expired or revoked: ask for a new one"
        )
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
    now = _now()
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


# --- follow-up e-mails ---------------------------------------------------------

# A follow-up's sign-in link lasts longer than an ordinary one: mail is read late.
FOLLOW_UP_LINK_SECONDS = 14 * 24 * 3600
# A claim older than this was left by a process that stopped mid-send.
STALE_CLAIM = timedelta(minutes=10)


async def send_follow_up(store: RegistrationStore, settings: Settings, due: FollowUpDue) -> int:
    """E-mail each of the organisation's participants in the edition the
    follow-up `due` asks, one message per person with a sign-in link of their
    own: once per person per round, however often the event arrives. Returns
    how many were sent now. A failed send is let go, to be tried again; the
    people written to already are not written to twice."""
    registrations, _ = await store.list_registrations(
        due.edition, status="active", organization_id=due.organization_id
    )
    people = [p for r in registrations for p in r["participants"] if p.get("email")]
    if not people:
        logger.warning("follow-up not sent: no one to write to", extra={"id": due.follow_up_id})
        return 0
    organization = await store.get_organization(due.organization_id)
    partners = [(await store.get_organization(p))["name"] for p in due.partners]
    edition = await store.get_edition(due.edition)
    sent = 0
    for person in people:
        key = f"{due.follow_up_id}/{person['id']}"
        now = _now()
        if not await store.follow_up_mails.claim(key, now, now - STALE_CLAIM, person["id"]):
            continue  # sent already, or being sent
        try:
            code, _ = await make_sign_in_link(store, due.organization_id, FOLLOW_UP_LINK_SECONDS)
            subject, text = domain.follow_up_mail(
                organization["name"],
                edition["title"],
                due.months,
                partners,
                f"{settings.public_url.rstrip('/')}/sign-in#code={code}",
            )
            message = EmailMessage()
            message["To"] = person["email"]
            message["Subject"] = subject
            # The same id however often it is sent, so a copy after a crash
            # between sending and recording it is recognisably the same e-mail.
            digest = hashlib.sha256(key.encode()).hexdigest()[:32]
            message["Message-ID"] = f"<follow-up-{digest}@synergi>"
            message.set_content(text)
            await send_mail(settings, message)
        except BaseException:
            await store.follow_up_mails.release(key)
            raise
        await store.follow_up_mails.sent(key, _now())
        sent += 1
    logger.info("follow-up sent", extra={"id": due.follow_up_id, "recipients": sent})
    return sent


# --- retention ------------------------------------------------------------------


async def apply_retention(store: RegistrationStore, now: datetime) -> dict[str, int]:
    """Erase what has been kept long enough (docs/security.md): every
    participant of an edition whose retention has run out, through erasure as
    a person would ask for it (so every service and the ledger follow), and the
    records of sign-in links and sent mails older than 30 days. How many of each."""
    erased = 0
    for edition in await store.list_editions():
        if not domain.erasure_due(edition, now.date()):
            continue
        for registration in await store.registrations_in(edition["_id"]):
            for participant in registration["participants"]:
                if "erased_at" not in participant:
                    await erase_participant(store, participant["id"])
                    erased += 1
        await store.update_edition(edition["_id"], {"personal_data_erased_at": now})
        logger.info("retention: personal data erased", extra={"edition": edition["_id"]})
    cutoff = now - timedelta(days=domain.OPERATIONAL_RECORDS_DAYS)
    return {
        "participants_erased": erased,
        "sign_in_links_forgotten": await store.sign_in_links.forget_before(cutoff),
        "mail_records_forgotten": await store.follow_up_mails.forget_before(cutoff),
    }


async def keep_retention(store: RegistrationStore, every_seconds: float) -> None:
    """Apply the retention schedule every `every_seconds` for the app's life."""
    while True:
        try:
            await apply_retention(store, _now())
        except Exception:  # the database away for a moment: the next round catches up
            logger.warning("retention not applied this round", exc_info=True)
        await asyncio.sleep(every_seconds)
