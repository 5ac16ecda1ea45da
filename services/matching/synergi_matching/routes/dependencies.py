"""What the matching routes depend on: the store, the in-memory editions,
the reader's language, and a known edition; and the reasons in that language."""

from typing import Annotated, Any

from fastapi import Depends, Header

from synergi_matching.domain.language import negotiate
from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.contracts.events import Reason
from synergi_shared.runtime.dependencies import application_of, store_of
from synergi_shared.runtime.unheard_of import require_known

Store = Annotated[MatchingStore, Depends(store_of)]
EditionsInMemory = Annotated[Editions, Depends(application_of)]


def get_language(
    accept_language: Annotated[
        str | None,
        Header(description="`da` for the reasons in Danish; English otherwise"),
    ] = None,
) -> str:
    return negotiate(accept_language)


Language = Annotated[str, Depends(get_language)]


async def known_edition(store: MatchingStore, slug: str) -> None:
    known = await store.facts.edition_known(slug)
    await require_known(known, store.first_asked, f"edition '{slug}'")


def reasons_in(doc: dict[str, Any], language: str) -> list[Reason]:
    """A stored pair's reasons, with the sentence in the reader's language."""
    return [
        Reason(
            kind=r["kind"],
            weight=r["weight"],
            detail=r.get("detail_da", r["detail"]) if language == "da" else r["detail"],
        )
        for r in doc["reasons"]
    ]
