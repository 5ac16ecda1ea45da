"""What a rule says when it refuses a request: the domain and the stores raise
these, and the HTTP layer answers each with its status and the sentence
(`synergi_shared.runtime.http_errors`). They sit below every service's domain,
which may raise them without knowing of HTTP."""


class Refused(Exception):
    """A request refused, with a sentence saying why."""


class NotFound(Refused, LookupError):
    """An unknown id (404)."""


class Unprocessable(Refused, ValueError):
    """A request the rules refuse whatever is stored (422, with a sentence)."""


class Unauthorized(Refused, PermissionError):
    """Credentials that prove nothing, such as a used sign-in code (401)."""


class Gone(Refused, LookupError):
    """An id that existed and was erased for good (410)."""


class Conflict(Refused, RuntimeError):
    """A request that contradicts what is stored, such as a duplicate (409).
    `retry_after` (seconds) when waiting may resolve it, e.g. an event on its way."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
