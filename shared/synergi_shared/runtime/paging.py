"""Paged lists: `limit` and `offset` in, `X-Total-Count` and a `Link` to the
next page out (declared in OpenAPI by `PAGE_HEADERS`)."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request, Response

MAX_PAGE = 200
MAX_OFFSET = 10**9  # the database takes 64-bit integers; no edition comes near this


@dataclass(frozen=True)
class _Page:
    """The page a list request asks for, and where its headers go."""

    limit: int
    offset: int
    request: Request
    response: Response

    def tell(self, total: int, count: int) -> None:
        """`X-Total-Count`, and a `Link` to the next page while there is one."""
        self.response.headers["X-Total-Count"] = str(total)
        if self.offset + count < total:
            # A reference from the path on, resolved against the request's own
            # URL: no Host header a client sends can point it elsewhere.
            url = self.request.url.include_query_params(offset=self.offset + self.limit)
            self.response.headers["Link"] = f'<{url.path}?{url.query}>; rel="next"'


def _page(
    request: Request,
    response: Response,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> _Page:
    return _Page(limit, offset, request, response)


Page = Annotated[_Page, Depends(_page)]


PAGE_HEADERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One page",
        "headers": {
            "X-Total-Count": {"description": "How many match", "schema": {"type": "integer"}},
            "Link": {
                "description": 'The next page, as `</path?query>; rel="next"` (relative to '
                "the request's URL), while there is one",
                "schema": {"type": "string"},
            },
        },
    }
}
