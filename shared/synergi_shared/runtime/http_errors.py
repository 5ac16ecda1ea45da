"""How a refusal becomes an answer: one handler maps every `Refused` (and a
malformed body, and an unreachable database) to its status and sentence, and
each route's OpenAPI lists the errors it answers with."""

import json
import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure

from synergi_shared.contracts.errors import (
    Conflict,
    Gone,
    NotFound,
    Refused,
    Unauthorized,
    Unprocessable,
)

# What a 503 asks: the database or Kafka is away, usually for seconds.
UNAVAILABLE_RETRY_SECONDS = "5"

logger = logging.getLogger(__name__)


# A 422 names the field and says what is wrong; it echoes what was sent only
# up to this long, so a large or personal body is not sent back whole.
ECHOED_CHARACTERS = 100


def _capped(value: Any) -> Any:
    text = value if isinstance(value, str) else json.dumps(jsonable_encoder(value))
    if len(text) <= ECHOED_CHARACTERS:
        return value
    return text[:ECHOED_CHARACTERS] + f"… ({len(text)} characters)"


# The one mapping from what a rule refuses to what the caller is told.
_STATUS_OF_REFUSAL: dict[type[Refused], int] = {
    NotFound: status.HTTP_404_NOT_FOUND,
    Unprocessable: status.HTTP_422_UNPROCESSABLE_CONTENT,
    Unauthorized: status.HTTP_401_UNAUTHORIZED,
    Gone: status.HTTP_410_GONE,
    Conflict: status.HTTP_409_CONFLICT,
}


def status_of(error: Refused) -> int:
    return next(code for kind, code in _STATUS_OF_REFUSAL.items() if isinstance(error, kind))


def add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = [
            {**e, "input": _capped(e["input"])} if "input" in e else e for e in error.errors()
        ]
        return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)

    @app.exception_handler(Refused)
    async def refused(_: Request, error: Refused) -> JSONResponse:
        retry_after = getattr(error, "retry_after", None)
        return JSONResponse(
            {"detail": str(error)},
            status_code=status_of(error),
            headers={"Retry-After": str(retry_after)} if retry_after else None,
        )

    @app.exception_handler(ConnectionFailure)
    async def database_unavailable(_: Request, error: ConnectionFailure) -> JSONResponse:
        logger.warning("database unreachable: %r", error)
        return JSONResponse(
            {"detail": "the database is unreachable; nothing was changed, try again shortly"},
            status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": UNAVAILABLE_RETRY_SECONDS},
        )


_RETRY_AFTER = {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}
# Every route that uses the store can answer so; declared for each route behind
# a token below, and by hand on the one that takes none (registration's sessions).
DATABASE_UNREACHABLE: dict[str, Any] = {
    "description": "The database is unreachable; nothing was changed",
    "headers": {"Retry-After": _RETRY_AFTER},
}
# What the middleware and the error handlers answer, wherever it can happen.
_COMMON_ANSWERS: dict[str, tuple[bool, dict[str, Any]]] = {
    # status: (only for a request with a body, the response)
    "400": (True, {"description": "The body cannot be read (not UTF-8, not JSON)"}),
    "413": (True, {"description": "The request body is over the size cap"}),
    "415": (True, {"description": "The body is not sent as Content-Type: application/json"}),
    "503": (False, DATABASE_UNREACHABLE),
}


_MESSAGE = {
    "title": "Message",
    "type": "object",
    "properties": {"detail": {"type": "string", "description": "What went wrong, in a sentence"}},
    "required": ["detail"],
}


def declare_common_answers(app: FastAPI) -> None:
    """Put into every operation's OpenAPI the answers no route declares itself
    (400, 413 and 415 where a body is sent; 503 where the store is used, which
    is every route behind a token), and the body every error comes with: a
    sentence in `detail`, or for a 422 either that or FastAPI's list of the
    fields at fault."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            schema.setdefault("components", {}).setdefault("schemas", {})["Message"] = _MESSAGE
            for path_item in schema["paths"].values():
                for operation in path_item.values():
                    _complete(operation)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(operation: dict[str, Any]) -> None:
    answers = operation.setdefault("responses", {})
    for code, (with_body, answer) in _COMMON_ANSWERS.items():
        if ("requestBody" if with_body else "security") in operation:
            answers.setdefault(code, answer)
    message = {"$ref": "#/components/schemas/Message"}
    fields = {"$ref": "#/components/schemas/HTTPValidationError"}
    for code, answer in answers.items():
        if code == "422":
            answer["content"] = {"application/json": {"schema": {"anyOf": [fields, message]}}}
        elif code.startswith(("4", "5")) and "content" not in answer:
            answer["content"] = {"application/json": {"schema": message}}


_STATUS_OF = {
    "not_modified": 304,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "gone": 410,
    "unprocessable": 422,
}
_BEHIND_A_TOKEN = {
    "unauthorized": "Missing or invalid bearer token",
    "forbidden": "The token may not do this",
}


NOT_YET = (
    "With Retry-After: an edition, participant or registration this service has not "
    "heard of yet (its event may be on its way); send again after that many seconds"
)


def error_responses(*, not_yet: bool = False, **why: str) -> dict[int | str, dict[str, Any]]:
    """A route's OpenAPI `responses` besides success, each named with why it
    happens (`not_found="Unknown edition"`). Every service route sits behind a
    bearer token, so 401 and 403 are always there (`forbidden=` says who may).
    `not_yet` for a route that names what its service learns from events: it
    may answer "not yet" (`synergi_shared.runtime.unheard_of.require_known`)."""
    described = {**_BEHIND_A_TOKEN, **why}
    if not_yet:
        own = described.get("conflict")
        described["conflict"] = f"{own}; or: {NOT_YET[0].lower()}{NOT_YET[1:]}" if own else NOT_YET
    return {
        _STATUS_OF[name]: {"description": described[name]}
        for name in sorted(described, key=_STATUS_OF.__getitem__)
    }
