"""HTTP route of importing the foundation's spreadsheet of organisations."""

from fastapi import APIRouter

from synergi_registration.routes.dependencies import Store
from synergi_registration.schemas import ImportResult, OrganizationImport
from synergi_registration.usecases.imports import import_organizations
from synergi_shared.runtime.auth import CurrentPrincipal, require_role
from synergi_shared.runtime.http_errors import error_responses

router = APIRouter()
# A spreadsheet of thousands of organisations, base64-encoded; the gateway's limit.
IMPORT_BYTES = 1024 * 1024


@router.post(
    "/organizations/imports",
    tags=["organizations"],
    responses=error_responses(
        forbidden="Organiser only",
        unprocessable="Not a CSV or XLSX file, no name column, or a mapping that does not fit",
    ),
)
async def import_spreadsheet(
    body: OrganizationImport, principal: CurrentPrincipal, store: Store
) -> ImportResult:
    """*Added* 2026-12: the foundation's spreadsheet of organisations and
    their contact persons (CSV in UTF-8, or XLSX: its first sheet). Headers
    in Danish or English are recognised (`navn`/`name`, `størrelse`/`size`,
    `regioner`, `målgrupper`, `tilbyder`, `behov`, `kontaktperson`, `e-mail`,
    `sprog`, …), or mapped with `mapping`. Every row is judged first: `new`,
    `same` as an organisation in the directory (by its name, case and
    spacing aside), `changed` (which fields), or `refused` with its reason;
    tags are read through the vocabulary. Without `commit` nothing is
    written; with it, new organisations are created and changed ones updated.
    Importing the same file again writes nothing."""
    require_role(principal, "organizer")
    result = await import_organizations(
        store, body.filename, body.content, dict(body.mapping), body.commit
    )
    return ImportResult.model_validate(result)
