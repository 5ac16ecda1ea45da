"""Errors the domain and stores raise; the HTTP layer maps them to status codes."""


class NotFound(LookupError):
    """An unknown id (404)."""


class Conflict(RuntimeError):
    """A request that contradicts what is stored, such as a duplicate (409)."""
