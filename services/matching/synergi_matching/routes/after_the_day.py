"""HTTP routes of what comes after the day: the partnership ledger across
editions, the follow-up plan, the organisations' follow-ups and answers."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from synergi_matching.domain.outcomes import side_of
from synergi_matching.routes.dependencies import (
    EditionsInMemory,
    Language,
    Store,
    known_edition,
    reasons_in,
)
from synergi_matching.schemas import (
    FollowUpAnswer,
    FollowUpAnswerIn,
    FollowUpPlan,
    FollowUpRound,
    FollowUpSent,
    FollowUpSummary,
    LedgerEntry,
    LedgerPage,
)
from synergi_matching.usecases import follow_ups
from synergi_shared.runtime.auth import (
    CurrentPrincipal,
    Principal,
    require_acting_for,
    require_role,
)
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()

# What an entry says that only its own side (and the organiser) may read.
_OWN_WORDS = ("status", "note", "indicators", "still_partners")


def _entry(doc: dict[str, Any], principal: Principal, language: str) -> LedgerEntry:
    """The entry as `principal` may read it: the organiser all of it; an
    organisation its own side's words, and of the other side's only that
    something was recorded; a tool no notes."""
    entry = {**doc, "seq": doc["_id"], "reasons": reasons_in(doc, language)}
    if principal.role == "organization":
        pair = (doc["organization_a"], doc["organization_b"])
        if doc["side"] != side_of(pair, principal.org):
            entry |= dict.fromkeys(_OWN_WORDS)
    elif principal.role != "organizer":
        entry["note"] = None
    return LedgerEntry.model_validate(entry)


@router.get(
    "/ledger",
    tags=["ledger"],
    response_model=LedgerPage,
    responses=error_responses(forbidden="Another organisation's pairs"),
)
async def ledger(
    principal: CurrentPrincipal,
    store: Store,
    language: Language,
    organization: Annotated[
        str | None, Query(description="Only this organisation's pairs (an organisation: its own)")
    ] = None,
    partner: Annotated[
        str | None, Query(description="With `organization`: only the pair with this partner")
    ] = None,
    cursor: Annotated[
        str, Query(pattern=r"^\d{0,18}$", description="From the last page's next_cursor")
    ] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LedgerPage:
    """Every outcome and follow-up answer recorded for a pair, in every
    edition, oldest first: each with the recommendation's score and reasons
    at the time and the pair's status after it. Tools pull it with
    `next_cursor`, like the recommendations; an organisation reads its own
    pairs (`organization` defaults to it)."""
    if principal.role == "organization":
        organization = organization or principal.org
    if organization is not None:
        require_acting_for(principal, organization, "tool")
    else:
        require_role(principal, "organizer", "tool")
    after = int(cursor or 0)
    docs = await store.ledger.page(after, limit, organization, partner)
    return LedgerPage(
        items=[_entry(doc, principal, language) for doc in docs],
        next_cursor=str(docs[-1]["_id"] if docs else after),
    )


@router.get(
    "/editions/{slug}/follow-up-plan",
    tags=["follow-ups"],
    response_model=FollowUpPlan,
    responses=error_responses(not_yet=True, not_found="Unknown edition"),
)
async def get_plan(slug: str, principal: CurrentPrincipal, store: Store) -> dict[str, Any]:
    """When organisations are asked what came of their recommendations, and
    the impact indicators they answer in (3, 6 and 12 months and four
    indicators until the organiser sets a plan)."""
    await known_edition(store, slug)
    return await follow_ups.plan_of(store, slug)


@router.put(
    "/editions/{slug}/follow-up-plan",
    tags=["follow-ups"],
    response_model=FollowUpPlan,
    responses=error_responses(
        not_yet=True,
        forbidden="Organiser only",
        not_found="Unknown edition",
        unprocessable="A month or an indicator twice, or a month outside 1 to 60",
    ),
)
async def put_plan(
    slug: str, body: FollowUpPlan, principal: CurrentPrincipal, store: Store
) -> dict[str, Any]:
    """Set the edition's follow-up months and indicators. Rounds already
    sent stay sent; a new month's round goes out when its day comes."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    return await follow_ups.set_plan(store, slug, body.model_dump())


@router.get(
    "/editions/{slug}/follow-ups",
    tags=["follow-ups"],
    response_model=FollowUpSummary,
    responses=error_responses(
        not_yet=True, forbidden="Organiser and tools only", not_found="Unknown edition"
    ),
)
async def summary(slug: str, principal: CurrentPrincipal, store: Store) -> dict[str, Any]:
    """Per follow-up month: organisations asked and answering, and how many
    answers named each indicator."""
    require_role(principal, "organizer", "tool")
    await known_edition(store, slug)
    return await follow_ups.follow_up_summary(store, slug)


@router.post(
    "/editions/{slug}/follow-ups/{months}",
    tags=["follow-ups"],
    response_model=FollowUpSent,
    responses=error_responses(
        not_yet=True,
        forbidden="Organiser only",
        not_found="Unknown edition, or no such month in its plan",
    ),
)
async def send_round_now(
    slug: str, months: int, principal: CurrentPrincipal, store: Store
) -> FollowUpSent:
    """Ask the round now rather than on its day: each organisation with
    partners to ask about and not asked this round yet gets its e-mail (once,
    whenever this is sent again). Rounds otherwise go out by themselves."""
    require_role(principal, "organizer")
    await known_edition(store, slug)
    return FollowUpSent(months=months, organizations=await follow_ups.send_now(store, slug, months))


@router.get(
    "/editions/{slug}/organizations/{org_id}/follow-ups",
    tags=["follow-ups"],
    response_model=list[FollowUpRound],
    responses=error_responses(
        not_yet=True, forbidden="Another organisation's", not_found="Unknown edition"
    ),
)
async def organization_follow_ups(
    slug: str, org_id: str, principal: CurrentPrincipal, store: Store
) -> list[FollowUpRound]:
    """The follow-ups the organisation has been asked so far, each partner
    with the organisation's answer once given."""
    require_acting_for(principal, org_id)
    await known_edition(store, slug)
    rounds = await follow_ups.rounds_for(store, slug, org_id)
    names = await store.facts.names({p for doc in rounds for p in doc["partners"]})
    return [
        FollowUpRound(
            edition=slug,
            months=doc["months"],
            due_on=doc["due_on"],
            partners=[
                {"partner_id": p, "partner_name": names.get(p), "answer": doc["answers"][p]}
                for p in doc["partners"]
            ],
        )
        for doc in rounds
    ]


@router.put(
    "/editions/{slug}/organizations/{org_id}/follow-ups/{months}/{partner_id}",
    tags=["follow-ups"],
    response_model=FollowUpAnswer,
    responses=error_responses(
        not_yet=True,
        forbidden="Another organisation's",
        not_found="Unknown edition, no such follow-up month, or a partner not asked about",
        conflict="The follow-up has not opened yet",
        unprocessable="An indicator not in the edition's plan",
    ),
)
async def answer(
    slug: str,
    org_id: str,
    months: int,
    partner_id: str,
    body: FollowUpAnswerIn,
    principal: CurrentPrincipal,
    store: Store,
    editions: EditionsInMemory,
) -> dict[str, Any]:
    """What came of the recommendation: the indicators that apply, whether a
    partnership still runs, and a note. Answering again replaces the answer;
    each answer is also written in the ledger."""
    require_acting_for(principal, org_id)
    await known_edition(store, slug)
    return await follow_ups.answer(
        store, editions, slug, months, org_id, partner_id, body.model_dump()
    )
