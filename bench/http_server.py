"""The server of the `http` benchmark: the registration service as it runs in
production, plus a bare endpoint that only validates the same body."""

from fastapi import FastAPI, status

from synergi_registration.app import create_app
from synergi_registration.schemas import RegistrationCreate


def create() -> FastAPI:
    app = create_app()  # settings from SYNERGI_* variables, as `synergi serve` does

    @app.post("/bare/editions/{slug}/registrations", status_code=status.HTTP_201_CREATED)
    async def bare(slug: str, body: RegistrationCreate) -> dict[str, str]:
        return {"edition": slug, "organization_id": body.organization_id}

    return app
