"""CSV downloads: as spreadsheet programs read them, and safe to open."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response


class CsvResponse(Response):
    """A CSV download, as spreadsheet programs read it: UTF-8 with a byte-order
    mark (without one, Excel reads æ, ø and å as two characters each)."""

    media_type = "text/csv; charset=utf-8"


# What a CSV route answers with, for its OpenAPI operation.
CSV_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A CSV file (UTF-8 with a byte-order mark), first row the column names",
        "headers": {
            "Content-Disposition": {
                "description": 'attachment; filename="<edition>-<what>.csv"',
                "schema": {"type": "string"},
            }
        },
    }
}


# A spreadsheet reads a cell starting with one of these as a formula (or, TAB
# and CR, shifts it into one): OWASP's CSV injection guidance.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """Text an organisation typed, as a spreadsheet shows it and never runs
    it: a leading `'` before anything a spreadsheet would read as a formula.
    Numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_response(
    rows: Iterable[Sequence[Any]], filename: str, language: str | None = None
) -> CsvResponse:
    """Rows as a CSV download named `filename` (its text in `language`, if given),
    every text cell safe to open in a spreadsheet (`spreadsheet_safe`)."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out).writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if language:
        headers["Content-Language"] = language
    return CsvResponse(out.getvalue(), headers=headers)
