"""What a service has not heard of: an id whose event may still be on its
way, or one that never existed. The one rule that tells them apart, for
editions, participants and registrations alike (`require_known`): for
`PENDING_SECONDS` after an id was first asked about here, the answer is 409
with Retry-After ("not yet"); after that it is 404 ("never")."""

import time
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.errors import Conflict, NotFound

# Seconds a client should wait before asking again for what has not reached
# this service yet.
NOT_YET_RETRY_SECONDS = 2
# How long an id unknown here counts as "not yet" (see above): events reach
# every service within seconds; a minute covers a consumer's restart.
PENDING_SECONDS = 60
# First asks are forgotten after a day (swept at most once a minute), so
# the collection stays small; an id asked about again later starts anew.
FORGET_ASKED = timedelta(days=1)
SWEEP_SECONDS = 60.0


class FirstAsked:
    """When an id this service has not heard of was first asked about."""

    def __init__(self, db: AsyncDatabase) -> None:
        self.pending: AsyncCollection = db["pending_lookups"]
        self._swept = float("-inf")

    async def still_pending(self, key: str) -> bool:
        """Whether `key` (what a request needs and this service has not heard
        of) was first asked about less than `PENDING_SECONDS` ago, so that
        its event may still be on its way."""
        now = first = datetime.now(UTC)
        if time.monotonic() - self._swept > SWEEP_SECONDS:
            self._swept = time.monotonic()
            await self.pending.delete_many({"first_asked": {"$lt": now - FORGET_ASKED}})
        try:
            await self.pending.insert_one({"_id": key, "first_asked": now})
        except DuplicateKeyError:
            if (doc := await self.pending.find_one({"_id": key})) is not None:
                first = doc["first_asked"]
        return now - first < timedelta(seconds=PENDING_SECONDS)


async def require_known(known: bool, first_asked: FirstAsked, what: str) -> None:
    """The one rule for what a service learns from another's events (an
    edition, a participant, a registration): unknown here, it is 409 with
    Retry-After for `PENDING_SECONDS` after it was first asked about (its
    event may still be on its way), and 404 after that."""
    if known:
        return
    unknown = f"{what} is not known to this service"
    if await first_asked.still_pending(what):
        raise not_yet(unknown)
    raise NotFound(f"{unknown}: it does not exist, or its event never arrived")


def not_yet(unknown: str) -> Conflict:
    """The 409 for what may still be on its way (see `still_pending`)."""
    return Conflict(
        f"{unknown} yet; if it was made a moment ago, its event is still on its way: "
        f"try again (after {PENDING_SECONDS} s without it, the answer is final)",
        retry_after=NOT_YET_RETRY_SECONDS,
    )
