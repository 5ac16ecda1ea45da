"""The mail log: what Synergi sent to whom and when, for the organiser."""

from typing import Annotated

from fastapi import APIRouter, Query

from synergi_registration.domain import MailKind
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import MailLogEntry
from synergi_registration.usecases.mail import mail_log_page
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.http_errors import error_responses
from synergi_shared.runtime.paging import PAGE_HEADERS, Page

router = APIRouter()


@router.get(
    "/mail-log",
    tags=["mail"],
    responses={**error_responses(forbidden="Organiser only"), **PAGE_HEADERS},
)
async def mail_log(
    principal: CurrentPrincipal,
    store: Store,
    page: Page,
    edition: Annotated[str | None, Query(description="Only this edition's mails")] = None,
    kind: Annotated[MailKind | None, Query(description="Only mails of this kind")] = None,
) -> list[MailLogEntry]:
    """*Added* 2026-12: every e-mail Synergi sent or is sending, newest first:
    kind, edition, organisation, recipient (name and address as registration
    holds them now), and how it went. Paged (`limit`, `offset`,
    `X-Total-Count`, `Link`). Records go 30 days after sending, with the
    other operational records (docs/security.md)."""
    require_role(principal, "organizer")
    entries, total = await mail_log_page(store, edition, kind, page.offset, page.limit)
    page.tell(total, len(entries))
    return [MailLogEntry.model_validate(entry) for entry in entries]
