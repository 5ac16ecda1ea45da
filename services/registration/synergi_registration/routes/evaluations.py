"""The day closed, and the evaluation links after it."""

from fastapi import APIRouter

from synergi_registration import usecases
from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import EditionPublic, EvaluationMails
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()


@router.post(
    "/editions/{slug}/close",
    tags=["editions"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown edition"),
)
async def close_day(slug: str, principal: CurrentPrincipal, store: Store) -> EditionPublic:
    """*Added* 2026-12: the day is over. Each participant checked in gets one
    mail with a personal link to the evaluation form (14 days, once), which
    signs them in as themselves alone (a `participant` session). After
    `SYNERGI_EVALUATION_REMINDER_DAYS` (3), one reminder to each who has not
    answered. Closing again changes nothing and sends nothing."""
    require_role(principal, "organizer")
    return EditionPublic.model_validate(await usecases.close_day(store, slug))


@router.get(
    "/editions/{slug}/evaluation-mails",
    tags=["mail"],
    responses=error_responses(forbidden="Organiser only", not_found="Unknown edition"),
)
async def evaluation_mails(slug: str, principal: CurrentPrincipal, store: Store) -> EvaluationMails:
    """*Added* 2026-12: how the evaluation is going: checked in, links sent,
    links opened, answered, reminders sent."""
    require_role(principal, "organizer")
    return EvaluationMails.model_validate(await usecases.evaluation_mails(store, slug))
