"""The foundation's spreadsheet of organisations (CSV or XLSX), read into
rows, its headers recognised in Danish or English, and each row judged
against the directory: new, the same as an organisation there (by the
directory's name rule), changed, or refused with its reason. Pure: the use
case reads the directory and writes what the organiser confirms."""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email
from openpyxl import load_workbook

from synergi_registration.domain import name_key
from synergi_shared.contracts.concepts import concept_of
from synergi_shared.contracts.errors import Unprocessable
from synergi_shared.contracts.text import as_one_line

Field = Literal[
    "name",
    "size",
    "regions",
    "target_groups",
    "offers",
    "needs",
    "description",
    "contact_name",
    "contact_email",
    "contact_language",
]
Status = Literal["new", "same", "changed", "refused"]
PROFILE = ("size", "regions", "target_groups", "offers", "needs", "description")
TAGS = ("regions", "target_groups", "offers", "needs")
MAX_ROWS = 5000

# Headers as people write them, by field: compared case, spacing and
# punctuation aside.
HEADERS: Mapping[Field, tuple[str, ...]] = {
    "name": ("name", "navn", "organisation", "organization", "forening", "organisationens navn"),
    "size": ("size", "størrelse", "stoerrelse"),
    "regions": ("regions", "region", "regioner", "landsdel"),
    "target_groups": ("target groups", "target group", "målgrupper", "målgruppe"),
    "offers": ("offers", "tilbyder", "kan tilbyde", "tilbud"),
    "needs": ("needs", "behov", "har brug for"),
    "description": ("description", "beskrivelse", "om organisationen"),
    "contact_name": ("contact", "contact name", "contact person", "kontaktperson", "kontakt"),
    "contact_email": (
        "email",
        "e-mail",
        "mail",
        "contact email",
        "kontakt e-mail",
        "e-mailadresse",
    ),
    "contact_language": ("language", "sprog", "contact language"),
}
SIZES = {
    "small": "small", "lille": "small", "s": "small",
    "medium": "medium", "mellem": "medium", "mellemstor": "medium", "m": "medium",
    "large": "large", "stor": "large", "l": "large",
}  # fmt: skip
LANGUAGES = {
    "da": "da",
    "dansk": "da",
    "danish": "da",
    "en": "en",
    "engelsk": "en",
    "english": "en",
}


def _plain(header: str) -> str:
    return " ".join(re.sub(r"[^\w@-]+", " ", header.casefold()).split())


_KNOWN = {_plain(word): field for field, words in HEADERS.items() for word in words}


def read_rows(filename: str, content: bytes) -> tuple[list[str], list[list[str]]]:
    """The header row and the rows of a `.csv` (UTF-8, `;` or `,`) or
    `.xlsx` file (its first sheet), every cell as text; blank rows dropped."""
    if filename.casefold().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a file that is not one
            raise Unprocessable(f"'{filename}' is not an XLSX workbook Synergi can read") from error
        table = [
            ["" if cell is None else str(cell) for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif filename.casefold().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise Unprocessable(f"'{filename}' is not UTF-8 text: save it as CSV UTF-8") from error
        # A Danish spreadsheet program writes ";", others ","; the header row tells.
        header = text.split("\n", 1)[0]
        delimiter = max(";,\t", key=header.count)
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    else:
        raise Unprocessable("send a .csv or an .xlsx file")
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise Unprocessable(f"'{filename}' holds no rows")
    if len(table) - 1 > MAX_ROWS:
        raise Unprocessable(f"at most {MAX_ROWS} rows at a time; '{filename}' has {len(table) - 1}")
    return [cell.strip() for cell in table[0]], table[1:]


def recognise(headers: list[str], mapping: Mapping[str, str | None]) -> dict[int, Field]:
    """Which field each column holds: as `mapping` says (a header to a field,
    or None to leave it out), otherwise as its header reads."""
    columns: dict[int, Field] = {}
    for index, header in enumerate(headers):
        wanted = mapping[header] if header in mapping else _KNOWN.get(_plain(header))
        if wanted is None:
            continue
        if wanted not in HEADERS:
            raise Unprocessable(f"column '{header}': unknown field '{wanted}'")
        if wanted in columns.values():
            raise Unprocessable(f"two columns hold '{wanted}': map one of them to nothing")
        columns[index] = wanted  # type: ignore[assignment]
    if "name" not in columns.values():
        raise Unprocessable("no column holds the organisations' names: map one to 'name'")
    return columns


def _tags(cell: str) -> list[str]:
    """A cell's words, split at commas, semicolons or new lines, each as the
    vocabulary's concept where it knows the word."""
    return list(
        dict.fromkeys(concept_of(word) for word in re.split(r"[,;\n]", cell) if word.strip())
    )


@dataclass
class Row:
    """One row as read, and what importing it would do."""

    number: int  # as the spreadsheet numbers it (the header is row 1)
    name: str
    status: Status = "new"
    reason: str | None = None
    organization_id: str | None = None
    changes: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, str] | None = None


def read_row(number: int, cells: list[str], columns: Mapping[int, Field]) -> Row:
    """A row's profile and contact, or the reason it is refused."""
    given = {f: as_one_line(cells[i]).strip() if i < len(cells) else "" for i, f in columns.items()}
    row = Row(number, given.get("name", ""))
    if not row.name:
        return _refused(row, "no name")
    if len(row.name) > 200:
        return _refused(row, "the name is longer than 200 characters")
    # Only what the spreadsheet has a column for: a missing column keeps what is there.
    row.profile = {tag: _tags(given[tag]) for tag in TAGS if tag in given}
    if given.get("size"):
        size = SIZES.get(given["size"].casefold())
        if size is None:
            return _refused(row, f"size '{given['size']}' is not small, medium or large")
        row.profile["size"] = size
    if given.get("description"):
        row.profile["description"] = given["description"][:2000]
    email = given.get("contact_email", "")
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            return _refused(row, f"'{email}' is not an e-mail address")
        language = LANGUAGES.get(given.get("contact_language", "da").casefold() or "da")
        if language is None:
            return _refused(row, f"language '{given['contact_language']}' is not da or en")
        contact_name = given.get("contact_name") or row.name
        row.contact = {"name": contact_name, "email": email, "language": language}
    return row


def _refused(row: Row, reason: str) -> Row:
    row.status, row.reason = "refused", reason
    return row


def _as_read(profile: Mapping[str, Any], name: str) -> Any:
    """A stored profile's field as a row reads it: tags as the vocabulary's concepts."""
    if name in TAGS:
        return list(dict.fromkeys(concept_of(tag) for tag in profile.get(name) or []))
    return profile.get(name)


def judge(rows: list[Row], known: Mapping[str, Mapping[str, Any]]) -> list[Row]:
    """Each row against the directory (`known`: name key -> the organisation's
    current profile with its `contact`): new, the same, changed (which
    fields), or refused as a second row for one organisation."""
    seen: dict[str, int] = {}
    for row in rows:
        if row.status == "refused":
            continue
        key = name_key(row.name)
        if key in seen:
            _refused(row, f"the same organisation as row {seen[key]}")
            continue
        seen[key] = row.number
        existing = known.get(key)
        if existing is None:
            if "size" not in row.profile:
                _refused(row, "no size (small, medium or large) for a new organisation")
            continue
        row.organization_id = existing["organization_id"]
        row.changes = [
            f for f in PROFILE if f in row.profile and row.profile[f] != _as_read(existing, f)
        ]
        contact = existing.get("contact")
        if row.contact and (
            contact is None
            or (contact["name"], contact["email"], contact["language"])
            != (row.contact["name"], row.contact["email"], row.contact["language"])
        ):
            row.changes.append("contact")
        row.status = "changed" if row.changes else "same"
    return rows
