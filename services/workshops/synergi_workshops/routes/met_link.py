"""The "we met" link in a mail (registration adds it to the next mail an
organisation gets after a meeting's time): no sign-in. Opening the link only
asks, since mail scanners open links; the button records that this side met."""

from html import escape
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import HTMLResponse

from synergi_shared.contracts.errors import Conflict, NotFound
from synergi_shared.runtime.met_links import MetAnswer, read_met_token
from synergi_workshops.routes.meetings import Settings, Store
from synergi_workshops.usecases import meetings

router = APIRouter()

Token = Annotated[str, Query(max_length=2000, description="From the mail's link")]


def _page(title: str, body: str, status_code: int = status.HTTP_200_OK) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="da"><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width"><body>{body}</body></html>',
        status_code,
    )


async def _names(store: Store, answer: MetAnswer) -> tuple[str, str]:
    """The side answering and its partner, as their profiles name them (escaped)."""
    doc = await store.meetings.get(answer.edition, answer.meeting_id)
    partner = doc["partner"] if doc["requester"] == answer.organization_id else doc["requester"]
    profiles = await store.directory.profiles_of([answer.organization_id, partner])
    return tuple(  # type: ignore[return-value]
        escape(profiles.get(org, {}).get("name") or org)
        for org in (answer.organization_id, partner)
    )


@router.get(
    "/meetings/met",
    tags=["meetings"],
    response_class=HTMLResponse,
    responses={401: {"description": "The link is not valid, or too old"}},
)
async def ask_whether_met(token: Token, store: Store, settings: Settings) -> HTMLResponse:
    """*Added* 2026-12, no token needed: a page with one button that says
    this side met its partner."""
    answer = read_met_token(settings.jwt_secret.get_secret_value(), token)
    try:
        side, partner = await _names(store, answer)
    except NotFound as error:
        return _page("Synergi", f"<p>{escape(str(error))}</p>", status.HTTP_404_NOT_FOUND)
    return _page(
        "Mødtes I? / Did you meet?",
        f"<h1>Mødtes {side} og {partner}?</h1><p>Did {side} and {partner} meet?</p>"
        f'<form method="post" action="?token={escape(token)}">'
        '<button type="submit">Ja, vi mødtes / Yes, we met</button></form>',
    )


@router.post(
    "/meetings/met",
    tags=["meetings"],
    response_class=HTMLResponse,
    responses={
        401: {"description": "The link is not valid, or too old"},
        404: {"description": "The meeting is gone"},
        409: {"description": "The meeting was called off, or its time is not over"},
    },
)
async def say_met(token: Token, store: Store, settings: Settings) -> HTMLResponse:
    """*Added* 2026-12, no token needed: this side met its partner, as the
    `…/held` endpoint records it (matching records "met" as its view).
    Saying it again changes nothing."""
    answer = read_met_token(settings.jwt_secret.get_secret_value(), token)
    try:
        await meetings.met(store, answer.edition, answer.meeting_id, answer.organization_id)
    except (Conflict, NotFound) as error:
        code = status.HTTP_409_CONFLICT if isinstance(error, Conflict) else 404
        return _page("Synergi", f"<p>{escape(str(error))}</p>", code)
    return _page(
        "Tak / Thank you",
        "<h1>Tak. Mødet er noteret.</h1><p>Thank you. The meeting is recorded.</p>",
    )
