"""One-click unsubscribe (RFC 8058) from a kind of mail, by the link in it:
no sign-in. Opening the link only asks (mail scanners open links); the
button, or a mail program's one-click POST, unsubscribes."""

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store
from synergi_registration.settings import RegistrationSettings
from synergi_shared.runtime.dependencies import settings_of

router = APIRouter()

Token = Annotated[str, Query(max_length=2000, description="From the mail's link")]

_KINDS = {
    "invitation": ("invitationer", "invitations"),
    "follow-up-reminder": ("påmindelser om opfølgning", "follow-up reminders"),
    "evaluation-reminder": ("påmindelser om evaluering", "evaluation reminders"),
}


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        f'<!doctype html><html lang="da"><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width"><body>{body}</body></html>'
    )


@router.get(
    "/unsubscribe",
    tags=["mail"],
    response_class=HTMLResponse,
    responses={401: {"description": "The link is not valid"}},
)
async def ask_to_unsubscribe(
    token: Token, settings: Annotated[RegistrationSettings, Depends(settings_of)]
) -> HTMLResponse:
    """*Added* 2026-12, no token needed: a page with one button that
    unsubscribes from the kind of mail the link came in."""
    danish, english = _KINDS.get(usecases.unsubscribing_from(settings, token), ("mails", "mails"))
    return _page(
        "Afmeld / Unsubscribe",
        f"<h1>Afmeld {danish} fra Synergi?</h1><p>Unsubscribe from {english}?</p>"
        f'<form method="post" action="?token={escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Afmeld / Unsubscribe</button></form>',
    )


@router.post(
    "/unsubscribe",
    tags=["mail"],
    response_class=HTMLResponse,
    responses={401: {"description": "The link is not valid"}},
)
async def unsubscribe(
    token: Token,
    store: Store,
    settings: Annotated[RegistrationSettings, Depends(settings_of)],
) -> HTMLResponse:
    """*Added* 2026-12, no token needed: the one-click unsubscribe of RFC 8058
    (`List-Unsubscribe=One-Click` in the body, which is not needed): no more
    mail of the link's kind to its recipient. Idempotent."""
    kind = await usecases.unsubscribe(store, settings, token)
    danish, english = _KINDS.get(kind, ("mails", "mails"))
    return _page(
        "Afmeldt / Unsubscribed",
        f"<h1>Du får ikke flere {danish} fra Synergi.</h1><p>You will get no more {english}.</p>",
    )
