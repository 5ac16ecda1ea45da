"""Importing the foundation's spreadsheet: a 300-row XLSX with Danish
headers, 10 organisations the directory has already and 5 bad rows, is
previewed (285 new, 10 the same, 5 refused, each with its reason) with
nothing written; then imported; then imported again, writing nothing."""

import base64
import io

from openpyxl import Workbook

HEADERS = [
    "Navn",
    "Størrelse",
    "Regioner",
    "Målgrupper",
    "Tilbyder",
    "Kontaktperson",
    "E-mail",
    "Sprog",
]
BAD = {
    295: ["", "lille", "Fyn", "", "", "", "", ""],
    296: ["Kæmpeforeningen", "kæmpe", "Fyn", "", "", "", "", ""],
    297: ["Postløs Forening", "lille", "Fyn", "", "", "Eva", "ikke-en-mail", "da"],
    298: ["forening 007", "lille", "Fyn", "", "", "", "", ""],  # row 9's organisation again
    299: ["Fransk Forening", "lille", "Fyn", "", "", "Luc", "luc@x.fr", "fransk"],
}


def _row(n: int) -> list[str]:
    return [
        f"Forening {n:03d}",
        ["lille", "mellem", "stor"][n % 3],
        "Region Syddanmark; Fyn",
        "unge mødre, udsatte børn",
        "mentorordning",
        f"Kontakt {n}",
        f"kontakt{n}@forening{n}.dk",
        "da",
    ]


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for n in range(300):
        sheet.append(BAD.get(n, _row(n)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _known(api, organizer) -> None:
    """The first 10 rows' organisations, as the spreadsheet has them."""
    for n in range(10):
        name, size, *_, contact, email, _ = _row(n)
        org = await api.post(
            "/registration/organizations",
            json={
                "name": name.upper(),  # the name rule: case and spacing aside
                "size": {"lille": "small", "mellem": "medium", "stor": "large"}[size],
                "regions": ["syddanmark", "fyn"],
                "target_groups": ["unge mødre", "udsatte børn"],
                "offers": ["mentorordning"],
            },
            headers=organizer,
        )
        assert org.status_code == 201, org.text
        await api.put(
            f"/registration/organizations/{org.json()['id']}/contact",
            json={"name": contact, "email": email, "language": "da"},
            headers=organizer,
        )


async def _import(api, organizer, content: bytes, commit: bool) -> dict:
    body = {
        "filename": "tilskudsmodtagere.xlsx",
        "content": base64.b64encode(content).decode(),
        "commit": commit,
    }
    answer = await api.post("/registration/organizations/imports", json=body, headers=organizer)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_spreadsheet_is_previewed_then_imported_once(api, organizer) -> None:
    await _known(api, organizer)
    content = _xlsx()
    preview = await _import(api, organizer, content, commit=False)
    assert [c["field"] for c in preview["columns"]] == [
        "name", "size", "regions", "target_groups", "offers",
        "contact_name", "contact_email", "contact_language",
    ]  # fmt: skip
    assert preview["counts"] == {"new": 285, "same": 10, "changed": 0, "refused": 5}
    assert preview["written"] == 0
    refused = {r["number"]: r["reason"] for r in preview["rows"] if r["status"] == "refused"}
    assert refused == {
        297: "no name",
        298: "size 'kæmpe' is not small, medium or large",
        299: "'ikke-en-mail' is not an e-mail address",
        300: "the same organisation as row 9",
        301: "language 'fransk' is not da or en",
    }
    directory = await api.get("/registration/organizations", params={"limit": 1}, headers=organizer)
    assert directory.headers["x-total-count"] == "10", "a preview writes nothing"

    done = await _import(api, organizer, content, commit=True)
    assert done["written"] == 285
    directory = await api.get("/registration/organizations", params={"limit": 1}, headers=organizer)
    assert directory.headers["x-total-count"] == "295"
    new = next(r for r in done["rows"] if r["name"] == "Forening 123")
    profile = (
        await api.get(f"/registration/organizations/{new['organization_id']}", headers=organizer)
    ).json()
    assert profile["size"] == "small" and profile["regions"] == ["syddanmark", "fyn"]
    contact = await api.get(
        f"/registration/organizations/{new['organization_id']}/contact", headers=organizer
    )
    assert contact.json()["email"] == "kontakt123@forening123.dk"

    again = await _import(api, organizer, content, commit=True)
    assert again["written"] == 0
    assert again["counts"] == {"new": 0, "same": 295, "changed": 0, "refused": 5}


async def test_a_changed_row_and_a_mapped_column(api, organizer) -> None:
    csv = b"Forening;Str.;Behov\nMor-Barn Fyn;lille;Data\n"
    body = {
        "filename": "liste.csv",
        "content": base64.b64encode(csv).decode(),
        "mapping": {"Str.": "size"},
        "commit": True,
    }
    first = await api.post("/registration/organizations/imports", json=body, headers=organizer)
    assert first.json()["counts"]["new"] == 1
    body["content"] = base64.b64encode(csv.replace(b"Data", b"Data, Frivillige")).decode()
    second = (
        await api.post("/registration/organizations/imports", json=body, headers=organizer)
    ).json()
    assert [(r["status"], r["changes"]) for r in second["rows"]] == [("changed", ["needs"])]
    wrong = await api.post(
        "/registration/organizations/imports",
        json={**body, "filename": "liste.pdf"},
        headers=organizer,
    )
    assert wrong.status_code == 422 and "csv or an .xlsx" in wrong.json()["detail"]
