"""Errors the domain and stores raise; the HTTP layer maps them to status codes."""


class NotFound(LookupError):
    """An unknown id (404)."""


class Conflict(RuntimeError):
    """A request that contradicts what is stored, such as a duplicate (409).
    `retry_after` (seconds) when waiting may resolve it, e.g. an event on its way."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
