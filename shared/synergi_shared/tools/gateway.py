"""Routing by the first path segment, as the container stack's gateway does,
for running every service in one process; the web app, when built, at every
other path."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send


class WebApp:
    """The built web app (web/dist): the file a path names, else its
    index.html (the app shows the page the path names), as nginx's
    `try_files $uri /index.html` does in the real gateway."""

    def __init__(self, folder: Path) -> None:
        self.files = StaticFiles(directory=folder)
        self.index = folder / "index.html"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"].lstrip("/")
        response: Response
        try:
            response = (
                await self.files.get_response(path, scope) if path else FileResponse(self.index)
            )
        except HTTPException:
            response = FileResponse(self.index)
        await response(scope, receive, send)


class PathPrefixGateway:
    """An ASGI app that hands `/<service>/...` to that service's app, path unchanged."""

    def __init__(
        self,
        apps: dict[str, FastAPI],
        lifespan: Callable[[], AbstractAsyncContextManager[None]] | None = None,
        web: Path | None = None,
    ) -> None:
        self.apps = apps
        self._extra_lifespan = lifespan
        self.web = WebApp(web) if web is not None and (web / "index.html").is_file() else None

    @asynccontextmanager
    async def lifespan(self) -> AsyncIterator[None]:
        # The shared resources (the in-memory broker) first, so they outlive
        # every service's background work on the way out.
        async with AsyncExitStack() as stack:
            if self._extra_lifespan:
                await stack.enter_async_context(self._extra_lifespan())
            for app in self.apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._serve_lifespan(receive, send)
            return
        segment = scope.get("path", "/").lstrip("/").split("/", 1)[0]
        app = self.apps.get(segment)
        if app is not None:
            await app(scope, receive, send)
            return
        if self.web is not None and scope["type"] == "http":
            await self.web(scope, receive, send)
            return
        response = JSONResponse(
            {
                "detail": f"no service at /{segment}" if segment else "Synergi",
                "services": {name: f"/{name}/docs" for name in self.apps},
            },
            status_code=404 if segment else 200,
        )
        await response(scope, receive, send)

    async def _serve_lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        started = False
        try:
            async with self.lifespan():
                await send({"type": "lifespan.startup.complete"})
                started = True
                await receive()  # lifespan.shutdown
        except BaseException as error:
            phase = "shutdown" if started else "startup"
            await send({"type": f"lifespan.{phase}.failed", "message": repr(error)})
            raise
        await send({"type": "lifespan.shutdown.complete"})
