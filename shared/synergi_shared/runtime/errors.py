"""Errors the domain and stores raise, which the HTTP layer maps to status
codes, and how a route documents the errors it answers with."""

from typing import Any


class NotFound(LookupError):
    """An unknown id (404)."""


class Unprocessable(ValueError):
    """A request the rules refuse whatever is stored (422, with a sentence)."""


class Unauthorized(PermissionError):
    """Credentials that prove nothing, such as a used sign-in code (401)."""


class Gone(LookupError):
    """An id that existed and was erased for good (410)."""


class Conflict(RuntimeError):
    """A request that contradicts what is stored, such as a duplicate (409).
    `retry_after` (seconds) when waiting may resolve it, e.g. an event on its way."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
    "With Retry-After: not heard of here yet (an edition, participant or registration "
    "whose event is on its way); send again after that many seconds"
)


def error_responses(*, not_yet: bool = False, **why: str) -> dict[int | str, dict[str, Any]]:
    """A route's OpenAPI `responses` besides success, each named with why it
    happens (`not_found="Unknown edition"`). Every service route sits behind a
    bearer token, so 401 and 403 are always there (`forbidden=` says who may).
    `not_yet` for a route that names what its service learns from events: it
    may answer "not yet" (`synergi_shared.runtime.directory.require_known`)."""
    described = {**_BEHIND_A_TOKEN, **why}
    if not_yet:
        own = described.get("conflict")
        described["conflict"] = f"{own}; or: {NOT_YET[0].lower()}{NOT_YET[1:]}" if own else NOT_YET
    return {
        _STATUS_OF[name]: {"description": described[name]}
        for name in sorted(described, key=_STATUS_OF.__getitem__)
    }
