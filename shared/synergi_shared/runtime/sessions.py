"""Sessions ended before their tokens expire, as each service knows them.

A token is checked where it arrives, without asking registration, so every
service keeps the ended sessions in memory: a logout ends one session (its
`jti`), "log out everywhere" every session of an organisation (or of the
organiser) begun before a moment. Registration records each in its database
and announces it (`sessions-ended`); every other service records it in its own
database as it consumes the event. Each instance holds the whole set, which is
small (an entry is forgotten once every token it ends has expired), and reads
it again every `REFRESH_SECONDS`, so instances of a service that did not
consume the event learn it too. A request costs no database round trip.
"""

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from synergi_shared.contracts.dates import aware
from synergi_shared.contracts.events import SessionsEnded
from synergi_shared.runtime.outbox import Outbox, outbox_entries, push_outbox

logger = logging.getLogger(__name__)

REFRESH_SECONDS = 2.0
_FIELDS = {"principal": 1, "session_id": 1, "not_before": 1, "except_session": 1, "until": 1}


def document_of(ended: SessionsEnded) -> dict[str, Any]:
    """Its stored form: one document per session ended, and one per principal
    for the latest "everywhere" (a later one covers an earlier)."""
    key = f"session/{ended.session_id}" if ended.session_id else f"principal/{ended.principal}"
    return {"_id": key, **ended.model_dump()}


class EndedSessions:
    """The ended sessions of one service instance: recorded in the service's
    database (`ended_sessions`), held in memory for every request's check."""

    def __init__(self, db: AsyncDatabase, outbox: Outbox) -> None:
        self.docs: AsyncCollection = db["ended_sessions"]
        self._outbox = outbox
        self._sessions: set[str] = set()
        self._not_before: dict[str, tuple[datetime, str | None]] = {}

    async def create_indexes(self) -> None:
        await self.docs.create_index([("until", ASCENDING)])

    def is_ended(self, principal: str, session_id: str | None, issued_at: float) -> bool:
        """Whether the session of a token (its `jti`, issued at `iat`) was ended."""
        if session_id is not None and session_id in self._sessions:
            return True
        cut = self._not_before.get(principal)
        if cut is None or (session_id is not None and session_id == cut[1]):
            return False
        return datetime.fromtimestamp(issued_at, UTC) < cut[0]

    async def end(self, ended: SessionsEnded) -> None:
        """End sessions here and announce it to every other service, in one
        write (the outbox)."""
        await self.record(ended, announce=True)

    async def record(self, ended: SessionsEnded, announce: bool = False) -> None:
        """Keep what a `sessions-ended` event says (again: no change)."""
        doc = document_of(ended)
        key = doc.pop("_id")
        if ended.not_before is not None:
            # An earlier "everywhere" arriving late does not undo a later one.
            current = await self.docs.find_one({"_id": key}, _FIELDS)
            if current and aware(current["not_before"]) >= ended.not_before:
                return
        entries = outbox_entries(ended) if announce else []
        await self.docs.update_one(
            {"_id": key}, {"$set": doc, **(push_outbox(entries) if entries else {})}, upsert=True
        )
        if entries:
            self._outbox.written(self.docs, key, entries)
        self._learn(doc)

    def _learn(self, doc: dict[str, Any]) -> None:
        if doc.get("session_id"):
            self._sessions.add(doc["session_id"])
        elif doc.get("not_before") is not None:
            self._not_before[doc["principal"]] = (
                aware(doc["not_before"]),
                doc.get("except_session"),
            )

    async def refresh(self) -> None:
        """Read the set again (what other instances recorded), forgetting the
        entries whose tokens have all expired."""
        await self.docs.delete_many({"until": {"$lt": datetime.now(UTC)}})
        docs = await self.docs.find({}, _FIELDS).to_list(None)
        self._sessions, self._not_before = set(), {}
        for doc in docs:
            self._learn(doc)

    async def keep_current(self) -> None:
        """Refresh every `REFRESH_SECONDS` for the app's life."""
        while True:
            await asyncio.sleep(REFRESH_SECONDS)
            try:
                await self.refresh()
            except Exception:  # the database away for a moment: keep what is known
                logger.warning("ended sessions not refreshed", exc_info=True)
