"""What "did you meet?" in the next mail needs: per agreed meeting and side,
when the meeting is (times only), whether the side answered, and the mail it
was asked in. Ids and times only; from workshops' events."""

import contextlib
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from synergi_shared.contracts.events import MeetingAccepted


class MeetingQuestions:
    def __init__(self, db: AsyncDatabase) -> None:
        self.questions: AsyncCollection = db["meeting_questions"]

    async def create_indexes(self) -> None:
        await self.questions.create_index([("organization_id", ASCENDING)])
        await self.questions.create_index([("meeting_id", ASCENDING)])
        await self.questions.create_index([("edition", ASCENDING)])

    async def agreed(self, event: MeetingAccepted) -> None:
        """Each side of the meeting is to be asked once it is over. A meeting
        is agreed once: the event delivered again changes nothing."""
        for side, partner in ((event.requester, event.partner), (event.partner, event.requester)):
            question = {
                "_id": f"{event.meeting_id}/{side}",
                "edition": event.edition,
                "meeting_id": event.meeting_id,
                "organization_id": side,
                "partner_id": partner,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "proposed_at": event.proposed_at,
                "answered": False,
                "asked_in": None,
            }
            with contextlib.suppress(DuplicateKeyError):
                await self.questions.insert_one(question)

    async def answered(self, meeting_id: str, organization_id: str) -> None:
        await self.questions.update_one(
            {"_id": f"{meeting_id}/{organization_id}"}, {"$set": {"answered": True}}
        )

    async def forget_meeting(self, meeting_id: str) -> None:
        await self.questions.delete_many({"meeting_id": meeting_id})

    async def open_of(self, organization_id: str) -> list[dict[str, Any]]:
        """The organisation's questions not answered yet (by index)."""
        query = {"organization_id": organization_id, "answered": False}
        return await self.questions.find(query).to_list(None)

    async def ask_in(self, question_id: str, mail: str) -> bool:
        """Ask the question in `mail` (a kind and intent); False when another
        mail asked it first."""
        taken = await self.questions.update_one(
            {"_id": question_id, "asked_in": None}, {"$set": {"asked_in": mail}}
        )
        return taken.modified_count == 1

    async def forget_edition(self, edition: str) -> int:
        gone = await self.questions.delete_many({"edition": edition})
        return gone.deleted_count
