"""Errors and file formats of the spreadsheet import/export: CSV (sniffed delimiter, BOM) and XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import IO

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats import base_formats

# -- errors -------------------------------------------------------------------------------


class ImportFileError(ValueError):
    """The uploaded file cannot be read at all (wrong encoding, not a spreadsheet)."""


class CellError(ValueError):
    """A cell value is wrong; ``column`` names the cell when it is not the field's own column.

    A formasi, for instance, is found from three columns: an unknown agency code is reported
    on the ``instansi`` column even though the field that failed reads ``jabatan``.
    """

    def __init__(self, message: str, *, column: str | None = None) -> None:
        super().__init__(message)
        self.column = column


def line_number(row_number: int) -> int:
    """django-import-export counts data rows from 1; a spreadsheet shows the header as line 1."""
    return row_number + 1


# -- formats ------------------------------------------------------------------------------


class CSV(base_formats.CSV):
    """CSV with a comma or a semicolon delimiter, UTF-8 with or without BOM.

    Indonesian Excel writes ``;`` (the decimal separator is ``,``), most other tools ``,``;
    the header line decides. The file is read as bytes so the encoding is checked here, with a
    message the operator can act on, instead of failing in the temporary storage.
    """

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                text = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise ImportFileError(
                    _("The file is not UTF-8 text; in Excel use “Save as → CSV UTF-8”.")
                ) from exc
        else:
            text = in_stream.removeprefix("\ufeff")
        kwargs.setdefault("delimiter", sniff_delimiter(text))
        return super().create_dataset(text, **kwargs)

    def export_data(self, dataset, **kwargs):
        # The BOM makes Excel read the file as UTF-8 instead of the Windows code page.
        return "\ufeff" + super().export_data(dataset, **kwargs)


def sniff_delimiter(text: str) -> str:
    """The delimiter of the header line: ``;`` or ``,`` (``,`` for a one-column file)."""
    header = next((line for line in io.StringIO(text) if line.strip()), "")
    try:
        # The csv module understands quoted headers; counting characters is the fallback.
        return csv.Sniffer().sniff(header, delimiters=",;").delimiter
    except csv.Error:
        return ";" if header.count(";") > header.count(",") else ","


def check_xlsx_archive(data: bytes | IO[bytes]) -> None:
    """Refuse an XLSX that is not a ZIP or that would inflate far beyond its size.

    openpyxl inflates the sheet XML as it reads it: a "zip bomb" (a few hundred KB that
    expands to gigabytes) would take the worker's memory and time. The ZIP directory lists
    every member's uncompressed size, so it is checked before anything is inflated. Real
    workbooks compress about 5-20 times; the limit is generous for them.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportFileError(_("This is not an XLSX file; save it again as XLSX.")) from exc
    limit_mb = xlsx_expanded_limit_mb()
    expanded = sum(m.file_size for m in members)
    if expanded > limit_mb * 1024 * 1024 or len(members) > 1000:
        raise ImportFileError(
            _(
                "The workbook expands to more than %(limit)s MB when opened; it was refused. "
                "Save it again as a plain XLSX, or split it into smaller files."
            )
            % {"limit": limit_mb}
        )


def xlsx_expanded_limit_mb() -> int:
    """Uncompressed size allowed for an XLSX: ten times the upload limit."""
    return 10 * settings.SIMUTASI["IMPORT_MAX_MB"]


class XLSX(base_formats.XLSX):
    """XLSX, with the ZIP checked before openpyxl opens it (see check_xlsx_archive)."""

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            check_xlsx_archive(in_stream)
        try:
            return super().create_dataset(in_stream, **kwargs)
        except StopIteration:
            return tablib.Dataset()  # a workbook without a single row


# Only these two: ODS/JSON/YAML/… would be more ways for a file to go wrong.
FORMATS = [CSV, XLSX]
