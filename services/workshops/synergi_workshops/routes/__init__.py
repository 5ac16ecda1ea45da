"""HTTP routes of the workshops service: the programme, sign-ups and
check-ins here; meetings in `meetings`, the day's plan and board in
`meeting_plan`, an organisation's schedule in `schedule`."""

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from synergi_shared.runtime.auth import (
    CurrentPrincipal,
    require_acting_for,
    require_exporter,
    require_role,
)
from synergi_shared.runtime.dependencies import store_of
from synergi_shared.runtime.http_errors import error_responses
from synergi_workshops import usecases
from synergi_workshops.routes import meeting_plan, meetings, met_link, schedule
from synergi_workshops.schemas import (
    Attendance,
    CheckinCreate,
    HeldWorkshop,
    RosterEntry,
    RosterPublic,
    SignupCreate,
    SignupPublic,
    ThemeCreate,
    ThemePublic,
    WorkshopCreate,
    WorkshopPublic,
    WorkshopsHeld,
)
from synergi_workshops.store import WorkshopsStore, roster_of

Store = Annotated[WorkshopsStore, Depends(store_of)]

router = APIRouter()
router.include_router(meetings.router)
router.include_router(met_link.router)
router.include_router(meeting_plan.router)
router.include_router(schedule.router)
_errors = partial(error_responses, not_yet=True, not_found="Unknown edition, workshop or sign-up")
_SEAT_CONFLICT = "Another workshop in the round, or a full room"


def _workshop(doc: dict[str, Any]) -> WorkshopPublic:
    return WorkshopPublic.model_validate(
        {
            **doc,
            "id": doc["_id"],
            "seats_taken": len(doc["confirmed"]),
            "waitlist_length": len(doc["waitlist"]),
        }
    )


@router.get(
    "/editions/{slug}/themes",
    tags=["themes"],
    responses=_errors(),
)
async def list_themes(slug: str, principal: CurrentPrincipal, store: Store) -> list[ThemePublic]:
    """The default themes and those the organiser added for this edition."""
    return [ThemePublic.model_validate(theme) for theme in await store.themes_of(slug)]


@router.post(
    "/editions/{slug}/themes",
    status_code=status.HTTP_201_CREATED,
    tags=["themes"],
    responses=_errors(conflict="The theme exists"),
)
async def add_theme(
    slug: str, body: ThemeCreate, principal: CurrentPrincipal, store: Store
) -> ThemePublic:
    require_role(principal, "organizer")
    return ThemePublic.model_validate(await usecases.add_theme(store, slug, body.command()))


@router.post(
    "/editions/{slug}/workshops",
    status_code=status.HTTP_201_CREATED,
    tags=["workshops"],
    responses=_errors(),
)
async def create_workshop(
    slug: str, body: WorkshopCreate, principal: CurrentPrincipal, store: Store
) -> WorkshopPublic:
    require_role(principal, "organizer")
    doc = await usecases.create_workshop(store, slug, body.command())
    return _workshop(doc)


@router.get(
    "/editions/{slug}/workshops",
    tags=["workshops"],
    responses=_errors(),
)
async def list_workshops(
    slug: str, principal: CurrentPrincipal, store: Store
) -> list[WorkshopPublic]:
    """By round, then title, with seats taken and waitlist length."""
    return [_workshop(doc) for doc in await store.list_workshops(slug)]


@router.get(
    "/editions/{slug}/workshops/{workshop_id}",
    tags=["workshops"],
    responses=_errors(),
)
async def get_workshop(
    slug: str, workshop_id: str, principal: CurrentPrincipal, store: Store
) -> WorkshopPublic:
    return _workshop(await store.get_workshop(slug, workshop_id))


@router.get(
    "/editions/{slug}/workshops/{workshop_id}/roster",
    tags=["workshops"],
    responses=_errors(),
)
async def roster(
    slug: str, workshop_id: str, principal: CurrentPrincipal, store: Store
) -> RosterPublic:
    """Who has a seat and who waits, in order, for the organiser."""
    require_role(principal, "organizer")
    doc = await store.get_workshop(slug, workshop_id)
    organizations = await store.directory.organizations_of([*doc["confirmed"], *doc["waitlist"]])

    def entries(ids: list[str]) -> list[RosterEntry]:
        return [
            RosterEntry(
                participant_id=p,
                organization_id=organizations.get(p),
                checked_in=p in doc["checked_in"],
                checked_in_at=(doc.get("checked_in_at") or {}).get(p),
            )
            for p in ids
        ]

    return RosterPublic(
        workshop=_workshop(doc),
        confirmed=entries(doc["confirmed"]),
        waitlist=entries(doc["waitlist"]),
    )


@router.post(
    "/editions/{slug}/workshops/{workshop_id}/signups",
    status_code=status.HTTP_201_CREATED,
    tags=["sign-ups"],
    responses=_errors(
        conflict=_SEAT_CONFLICT,
    ),
)
async def sign_up(
    slug: str,
    workshop_id: str,
    body: SignupCreate,
    principal: CurrentPrincipal,
    store: Store,
) -> SignupPublic:
    """A seat while one is free, else a place on the waitlist (`position`)."""
    doc = await store.get_workshop(slug, workshop_id)
    participant = await store.directory.require_participant(body.participant_id, slug)
    require_acting_for(principal, participant["organization_id"])
    outcome = await usecases.sign_up(store, doc, participant)
    return SignupPublic(
        workshop_id=workshop_id,
        participant_id=body.participant_id,
        status=outcome.status,
        position=outcome.position,
    )


@router.get(
    "/editions/{slug}/participants/{participant_id}/signups",
    tags=["sign-ups"],
    responses=_errors(
        conflict="A participant no longer registered",
        gone="An erased participant",
    ),
)
async def signups_of(
    slug: str, participant_id: str, principal: CurrentPrincipal, store: Store
) -> list[SignupPublic]:
    """*Added*: the participant's seats and waitlist places in the edition, by
    round; for the organiser and the participant's own organisation."""
    participant = await store.directory.require_participant(participant_id, slug)
    require_acting_for(principal, participant["organization_id"])
    docs = sorted(await store.workshops_with(participant_id), key=lambda doc: doc["round"])
    places = [(doc["_id"], roster_of(doc).place_of(participant_id)) for doc in docs]
    return [
        SignupPublic(
            workshop_id=workshop_id,
            participant_id=participant_id,
            status=place.status,
            position=place.position,
        )
        for workshop_id, place in places
        if place is not None  # checked in as a walk-in only
    ]


@router.delete(
    "/editions/{slug}/workshops/{workshop_id}/signups/{participant_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    tags=["sign-ups"],
    responses=_errors(),
)
async def cancel_signup(
    slug: str,
    workshop_id: str,
    participant_id: str,
    principal: CurrentPrincipal,
    store: Store,
) -> None:
    """Frees the seat; the first on the waitlist moves up (and is mailed a
    notice). (*Added* 2026-12) Cancelled by the organiser, the participant
    was taken off: they and their organisation's contact are mailed too."""
    doc = await store.get_workshop(slug, workshop_id)
    organization = (await store.directory.organizations_of([participant_id])).get(participant_id)
    if organization is None:
        require_role(principal, "organizer")
    else:
        require_acting_for(principal, organization)
    taken_off = principal.role == "organizer"
    await usecases.cancel_signup(store, doc, participant_id, taken_off)


@router.post(
    "/editions/{slug}/workshops/{workshop_id}/checkins",
    tags=["attendance"],
    responses=_errors(
        conflict=_SEAT_CONFLICT,
    ),
)
async def check_in(
    slug: str,
    workshop_id: str,
    body: CheckinCreate,
    principal: CurrentPrincipal,
    store: Store,
    response: Response,
) -> Attendance:
    """Idempotent: a second check-in changes nothing. A walk-in without a seat
    is let in while one is free; a full room answers 409. (*Added* 2026-12)
    The organiser, or a door session of this edition, which may send a
    check-in made offline with the time it happened (`checked_in_at`): the
    roster keeps the earliest time any tablet gave."""
    require_role(principal, "organizer", "door")
    doc = await store.get_workshop(slug, workshop_id)
    participant = await store.directory.require_participant(body.participant_id, slug)
    at = usecases.check_in_time(body.checked_in_at)
    first, walk_in = await usecases.check_in(store, doc, participant, at)
    if first:
        response.status_code = status.HTTP_201_CREATED
    return Attendance(
        workshop_id=workshop_id,
        participant_id=body.participant_id,
        first_check_in=first,
        walk_in=walk_in,
    )


@router.get(
    "/participants/{participant_id}/export",
    tags=["participants"],
    responses=error_responses(forbidden="The organiser, or the participant's organisation"),
)
async def export_participant(
    participant_id: str, principal: CurrentPrincipal, store: Store
) -> WorkshopsHeld:
    """*Added* 2026-12: everything this service holds about the person, in
    every edition: seats, waitlist places and check-ins. Registration's
    export (the right of access) gathers it with the other services'."""
    owner = (await store.directory.organizations_of([participant_id])).get(participant_id)
    require_exporter(principal, owner)
    held = []
    for doc in sorted(await store.workshops_with(participant_id), key=lambda d: d["round"]):
        place = roster_of(doc).place_of(participant_id)
        held.append(
            HeldWorkshop(
                edition=doc["edition"],
                workshop_id=doc["_id"],
                title=doc["title"],
                round=doc["round"],
                status=place.status if place else None,
                position=place.position if place else None,
                checked_in=participant_id in doc.get("checked_in", []),
            )
        )
    return WorkshopsHeld(participant_id=participant_id, workshops=held)
