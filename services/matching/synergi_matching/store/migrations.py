"""Changes to stored documents made once per database, at start: the
`migrations` collection records each by name, so later starts skip its read."""

from collections.abc import Awaitable, Callable

from pymongo.asynchronous.database import AsyncDatabase


async def once(db: AsyncDatabase, name: str, migrate: Callable[[], Awaitable[int]]) -> int:
    """Run `migrate` (it returns how many documents it changed) unless it ran
    before; how many it changed now. Idempotent, so two instances starting at
    once may both run it."""
    done = db["migrations"]
    if await done.find_one({"_id": name}) is not None:
        return 0
    changed = await migrate()
    await done.update_one({"_id": name}, {"$set": {"documents": changed}}, upsert=True)
    return changed
