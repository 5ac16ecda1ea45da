"""Each edition's pairs, mirrored in this process the way a tool mirrors them
through the pull API: read whole once, then only the changes since the last
number seen. A read is as fresh as one from the store (it first takes every
change up to the edition's last number) and costs what changed, not the
edition's thousands of documents (about 0.2 ms each on FerretDB v1).

The instance that holds an edition fills the mirror as it works: from the
read that loads the edition, and from each write, so its reads find nothing
new to fetch. Any other instance catches up by change number."""

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from synergi_matching.store import numbered
from synergi_shared.runtime.outbox import OUTBOX

# Editions kept at once, the least recently read let go first.
EDITIONS = 4
# Loading an edition mirrors it only up to this many pairs (a day of a few
# hundred organisations keeps some thousands); a national one, 100,000 pairs
# and hundreds of MB, is mirrored when current-pairs is first asked for.
MIRRORED_ON_LOAD = 20_000
PAGE = 1000


class _Edition:
    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], dict[str, Any]] = {}
        self.seen = -1  # -1: not read yet
        self.lock = asyncio.Lock()

    def keep(self, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            pair = (doc["organization_a"], doc["organization_b"])
            if pair not in self.pairs or self.pairs[pair]["seq"] < doc["seq"]:
                self.pairs[pair] = doc


def _contiguous(docs: list[dict[str, Any]], after: int) -> bool:
    return [doc["seq"] for doc in docs] == list(range(after + 1, after + 1 + len(docs)))


class PairMirror:
    def __init__(
        self, pairs: AsyncCollection, last_number: Callable[[str], Awaitable[int]]
    ) -> None:
        self._collection = pairs
        self._last_number = last_number
        self._editions: OrderedDict[str, _Edition] = OrderedDict()

    def loaded(self, edition: str, docs: list[dict[str, Any]], last: int) -> None:
        """`docs`, every pair of the edition read after its last number was `last`."""
        if len(docs) > MIRRORED_ON_LOAD and edition not in self._editions:
            return
        mirrored = _Edition()
        mirrored.keep(docs)
        mirrored.seen = last
        self._editions.pop(edition, None)
        self._editions[edition] = mirrored
        self._evict()

    def written(self, edition: str, docs: list[dict[str, Any]]) -> None:
        """`docs` written by this process, in change-number order."""
        mirrored = self._editions.get(edition)
        if mirrored is None or mirrored.seen < 0:
            return
        mirrored.keep(docs)
        # The next numbers after the last seen: nothing in between to fetch.
        if _contiguous(docs, mirrored.seen):
            mirrored.seen = docs[-1]["seq"]

    def _evict(self) -> None:
        while len(self._editions) > EDITIONS:
            self._editions.popitem(last=False)

    async def pairs(self, edition: str) -> list[dict[str, Any]]:
        """Every pair of the edition stored up to its last change number
        (withdrawn ones included), in no particular order."""
        mirrored = self._editions.pop(edition, None) or _Edition()
        self._editions[edition] = mirrored
        self._evict()
        async with mirrored.lock:
            last = await self._last_number(edition)
            if mirrored.seen < 0:
                # Read whole by the edition, one equality. Anything numbered
                # above `last` read here is read again later: the newest wins.
                found = self._collection.find({"edition": edition}, {OUTBOX: 0})
                mirrored.keep(await found.to_list(None))
                mirrored.seen = last
            while mirrored.seen < last:
                docs = await numbered.after(
                    self._collection, edition, "seq", mirrored.seen, PAGE, last, {OUTBOX: 0}
                )
                mirrored.keep(docs)
                mirrored.seen = docs[-1]["seq"] if len(docs) == PAGE else last
            return list(mirrored.pairs.values())
