"""A cap on request bodies, JSON bodies only, and no NUL characters, enforced
before the app sees a request.

Every body Synergi accepts is a small JSON document; a larger one is a mistake
or an attack, and parsing it would cost memory first. A declared
Content-Length over the cap is refused at once; otherwise the body is read here
(at most the cap, so buffering it costs little) and handed on whole.

Every body Synergi takes is JSON: a body sent as anything else (curl's `-d`
sends it as a form unless told otherwise) is a 415 that says what to send,
not a 422 about a dictionary the client never saw.

No text Synergi takes has a use for U+0000, and PostgreSQL (under FerretDB)
cannot store it in a document or even compare with it: refused here with a
422, rather than failing in a query with a 500. A body nested deeper than the
JSON parser goes is a 400 here, rather than a RecursionError (a 500) later.
"""

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class RequestGuard:
    """ASGI middleware: 413 for a request body over `max_bytes`, 415 for a body
    that is not declared JSON, 400 for one nested too deeply to parse, 422 for
    a NUL character in the path, query or JSON body."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        form_paths: frozenset[str] = frozenset(),
        larger: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Where a form body is the standard (RFC 8058's one-click unsubscribe).
        self.form_paths = form_paths
        # Where a body may be larger (a spreadsheet to import), by path.
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await self._refuse(send, limit)
                return
            if not message.get("more_body", False):
                break
        if body and not _declared_json(scope) and scope.get("path") not in self.form_paths:
            await _answer(
                send,
                415,
                "the request body must be JSON, sent with the header "
                "Content-Type: application/json",
            )
            return
        try:
            parsed = json.loads(body) if body else None
        except RecursionError:  # nested deeper than the parser goes (no body of ours is)
            await _answer(send, 400, "the JSON body is nested too deeply")
            return
        except ValueError:
            parsed = None  # not JSON: the app says so
        if _holds_nul(scope, bytes(body), parsed):
            await _answer(send, 422, "text may not contain the NUL character (U+0000)")
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, limit: int) -> None:
        await _answer(send, 413, f"request body too large: at most {limit} bytes are accepted")


def _declared_json(scope: Scope) -> bool:
    declared = dict(scope["headers"]).get(b"content-type", b"")
    media_type = declared.split(b";")[0].strip().lower()
    return media_type == b"application/json" or media_type.endswith(b"+json")


def _holds_nul(scope: Scope, body: bytes, parsed: Any) -> bool:
    if "\x00" in scope.get("path", "") or b"\x00" in unquote_to_bytes(scope["query_string"]):
        return True
    # JSON can only carry it escaped.
    return b"\\u0000" in body and _any_nul(parsed)


def _any_nul(value: Any) -> bool:
    """Whether any string in `value`, key or value at any depth, holds U+0000
    (walked with a list, not recursion)."""
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            waiting += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            waiting += item
    return False


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
