"""What the matching routes depend on: the store, the in-memory editions,
the reader's language, and a known edition."""

from typing import Annotated

from fastapi import Depends, Header

from synergi_matching.domain.language import negotiate
from synergi_matching.store import MatchingStore
from synergi_matching.usecases import Editions
from synergi_shared.runtime.errors import NotFound
from synergi_shared.runtime.service import application_of, store_of

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
    if not await store.facts.edition_known(slug):
        raise NotFound(f"edition '{slug}' not found")
