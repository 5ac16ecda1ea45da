"""A participant's own: consent, erasure, and the export of all Synergi holds on them."""

from typing import Any

import httpx
from fastapi import APIRouter, HTTPException, Request, status

from synergi_registration import domain, usecases
from synergi_registration.routes.dependencies import ParticipantsRegistration, Store
from synergi_registration.schemas import (
    ConsentUpdate,
    FollowUpMailSent,
    HeldBy,
    ParticipantExport,
    ParticipantPublic,
    RegistrationHeld,
    RegistrationSummary,
)
from synergi_registration.store import RegistrationStore
from synergi_shared.runtime.auth import CurrentPrincipal
from synergi_shared.runtime.dependencies import gateway_client
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()

# How long the export waits for each other service's part.
EXPORT_SECONDS = 30


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
    mails = await store.mail_log.sent_to(participant["id"], kind="follow-up")
    return RegistrationHeld(
        participant=ParticipantPublic.model_validate(participant),
        consent_history=participant.get("consent_history", []),
        registration=RegistrationSummary.model_validate(
            {**registration, "id": registration["_id"]}
        ),
        organization_name=organization["name"],
        follow_up_emails=[
            FollowUpMailSent(follow_up_id=_follow_up_of(m["_id"]), sent_at=m["sent_at"])
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


def _follow_up_of(key: str) -> str:
    """`follow-up/{edition}/{months}/{organization_id}/{participant_id}`: the round."""
    return key.split("/", 1)[1].rsplit("/", 1)[0]
