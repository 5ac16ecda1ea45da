"""The mail `synergi run` sent, as its local SMTP server keeps it (a Maildir
in the data folder), and waiting on the platform."""

import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import icalendar


class Mailbox:
    """The local SMTP server's Maildir: every mail the platform sent."""

    def __init__(self, data: str) -> None:
        self.new = Path(data) / "mail" / "new"

    def all(self) -> list[EmailMessage]:
        paths = sorted(self.new.iterdir()) if self.new.exists() else []
        return [message_from_bytes(p.read_bytes(), policy=policy.default) for p in paths]

    def of_kind(self, kind: str) -> list[EmailMessage]:
        return [m for m in self.all() if kind_of(m) == kind]

    def wait_for(self, kind: str, count: int, seconds: float = 60) -> list[EmailMessage]:
        deadline = time.monotonic() + seconds
        while len(self.of_kind(kind)) < count:
            assert time.monotonic() < deadline, (
                f"{len(self.of_kind(kind))} {kind} mails, not {count}"
            )
            time.sleep(0.3)
        time.sleep(2)  # and no more come
        found = self.of_kind(kind)
        assert len(found) == count, f"{len(found)} {kind} mails, not {count}"
        return found


def kind_of(mail: EmailMessage) -> str:
    """`<{kind}-{digest}@synergi>`: every mail's Message-ID names its kind."""
    return mail["Message-ID"].strip("<>").split("@")[0].rsplit("-", 1)[0]


def link_in(mail: EmailMessage) -> str:
    text = mail.get_body(("plain",)).get_content()
    return text.split("/sign-in#code=", 1)[1].split()[0]


def calendar_in(mail: EmailMessage) -> icalendar.Event:
    (part,) = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    return icalendar.Calendar.from_ical(part.get_content()).events[0]


def until(call, done, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while not done(answer := call()):
        assert time.monotonic() < deadline, answer.text
        time.sleep(0.3)
    return answer
