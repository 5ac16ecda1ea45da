"""Importing the foundation's spreadsheet of organisations: every row
previewed against the directory before anything is written, then, when the
organiser confirms, the new ones created and the changed ones updated (a
profile version each, with its event; the contact person set). Importing
the same file again finds every row the same and writes nothing."""

from collections import Counter
from dataclasses import asdict
from typing import Any

from synergi_registration.commands import ChangeOrganization, CreateOrganization
from synergi_registration.domain import name_key, spreadsheet
from synergi_registration.store import RegistrationStore
from synergi_registration.usecases.contacts import set_contact
from synergi_registration.usecases.organizations import create_organization, update_organization


async def _directory_of(
    store: RegistrationStore, rows: list[spreadsheet.Row]
) -> dict[str, dict[str, Any]]:
    """The organisations the rows name, by name key, with their contact person."""
    known: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = name_key(row.name)
        if row.status == "refused" or key in known:
            continue
        for existing in await store.organizations_named(key):
            contacts = await store.contacts.of([existing["organization_id"]])
            known[key] = {**existing, "contact": contacts.get(existing["organization_id"])}
            break
    return known


def _tuples(profile: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in profile.items()}


async def import_organizations(
    store: RegistrationStore,
    filename: str,
    content: bytes,
    mapping: dict[str, str | None],
    commit: bool,
) -> dict[str, Any]:
    """What importing the file does, row by row; with `commit`, done."""
    headers, table = spreadsheet.read_rows(filename, content)
    columns = spreadsheet.recognise(headers, mapping)
    rows = [spreadsheet.read_row(n + 2, cells, columns) for n, cells in enumerate(table)]
    spreadsheet.judge(rows, await _directory_of(store, rows))
    written = 0
    for row in rows if commit else []:
        if row.status == "new":
            created = await create_organization(
                store, CreateOrganization(name=row.name, **_tuples(row.profile))
            )
            row.organization_id = created["organization_id"]
        elif row.status == "changed":
            changed = {f: row.profile[f] for f in row.changes if f != "contact"}
            await update_organization(
                store, row.organization_id, ChangeOrganization(**_tuples(changed))
            )
        else:
            continue
        if row.contact and (row.status == "new" or "contact" in row.changes):
            await set_contact(store, row.organization_id, **row.contact)
        written += 1
    return {
        "filename": filename,
        "columns": [{"header": h, "field": columns.get(i)} for i, h in enumerate(headers)],
        "rows": [
            {k: v for k, v in asdict(row).items() if k not in ("profile", "contact")}
            for row in rows
        ],
        "counts": {
            status: Counter(r.status for r in rows)[status]
            for status in ("new", "same", "changed", "refused")
        },
        "written": written,
    }
