"""Export files written row by row to a temporary file: CSV (UTF-8 with BOM) or XLSX.

Used by the background exports, which may write 100,000 rows: nothing is held in memory
beyond a row, and every text cell is neutralised against formula injection here, whatever
the caller already did (escaping twice changes nothing).
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable
from typing import IO

from pontianak_mutasi.importing.widgets import escape_formula

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)


def write_table(rows: Iterable[list], fmt: str) -> IO[bytes]:
    """The rows (header first) as a ``fmt`` file, positioned at its start."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    # Returned open to the caller, who stores it and closes it (services._finish).
    out = tempfile.TemporaryFile()  # noqa: SIM115
    if fmt == "csv":
        # The BOM makes Excel read the file as UTF-8 instead of the Windows code page.
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        for row in rows:
            writer.writerow([escape_formula(v) for v in row])
        text.flush()
        text.detach()  # keep ``out`` open
    else:
        import openpyxl

        # write_only streams rows to disk instead of building the sheet in memory.
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in rows:
            sheet.append([escape_formula(v) for v in row])
        book.save(out)
    out.seek(0)
    return out
