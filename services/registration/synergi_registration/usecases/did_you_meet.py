"""After an agreed meeting's time, each side is asked once "did you meet?"
in the next mail it gets (its page in the app asks too). The question rides
on the first mail to any of the organisation's people after the meeting is
over, to each of that mail's recipients, with a one-click link that
workshops, which owns meetings, reads (`synergi_shared.runtime.met_links`)."""

from synergi_registration.calendar_files import meeting_span
from synergi_registration.domain import MailKind
from synergi_registration.settings import RegistrationSettings
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases import clock
from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.errors import NotFound
from synergi_shared.runtime.met_links import MetAnswer, met_token

# A new sign-in link is what its reader asked for, and only that.
NOT_ASKED_IN: frozenset[MailKind] = frozenset({"sign-in-link"})


async def questions_for(
    store: RegistrationStore,
    settings: RegistrationSettings,
    kind: MailKind,
    intent: str,
    organization_id: str | None,
) -> list[tuple[str, str]]:
    """For a mail of `kind` and `intent` to the organisation's people: each
    partner it is to be asked about (its name) with the link that says "we
    met". A question is taken by the first mail that asks it; that mail's
    other recipients, and a send of it again, ask it too."""
    if organization_id is None or kind in NOT_ASKED_IN:
        return []
    now, mail = clock.now(), f"{kind}/{intent}"
    asked = []
    for question in await store.meeting_questions.open_of(organization_id):
        if question["asked_in"] not in (None, mail):
            continue
        try:
            day = (await store.get_edition(question["edition"]))["date"]
        except NotFound:
            continue
        # The database gives a time back without its zone: it is UTC.
        proposed = aware(question["proposed_at"]) if question["proposed_at"] else None
        span = meeting_span(day, question["starts_at"], question["ends_at"], proposed)
        if span is None or span[1] > now:  # not over yet (an agreed meeting has a time)
            continue
        if question["asked_in"] is None and not await store.meeting_questions.ask_in(
            question["_id"], mail
        ):
            continue
        asked.append(question)
    links = []
    secret = settings.jwt_secret.get_secret_value()
    for question in asked:
        try:
            partner = (await store.get_organization(question["partner_id"]))["name"]
        except NotFound:
            continue
        answer = MetAnswer(question["edition"], question["meeting_id"], organization_id)
        token = met_token(secret, answer, now)
        links.append(
            (partner, f"{settings.public_url.rstrip('/')}/workshops/meetings/met?token={token}")
        )
    return links
