"""Shared pieces of the spreadsheet import/export (django-import-export 4.x).

Every resource of the project derives from :class:`BaseResource`, which gives the same rules to
every file an operator uploads:

* CSV (comma or semicolon, UTF-8 with or without BOM) and XLSX only;
* headers are matched case-insensitively, empty lines are ignored;
* every error names the spreadsheet line (the header is line 1) and the column;
* one bad row rolls back the whole file, validation errors included;
* rows are found by natural keys (NIP, kode), never by database ids;
* model validation (``full_clean``) runs on every row;
* exported text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from pontianak_mutasi.importing.admin import SpreadsheetImportExportMixin
from pontianak_mutasi.importing.formats import CSV, FORMATS, XLSX, CellError, ImportFileError
from pontianak_mutasi.importing.resources import BaseResource, import_errors
from pontianak_mutasi.importing.widgets import (
    ChoiceWidget,
    CodeListWidget,
    NaturalKeyWidget,
    NipWidget,
    PegawaiWidget,
    TextWidget,
    UnitWidget,
    escape_formula,
)

__all__ = [
    "CSV",
    "FORMATS",
    "XLSX",
    "BaseResource",
    "CellError",
    "ChoiceWidget",
    "CodeListWidget",
    "ImportFileError",
    "NaturalKeyWidget",
    "NipWidget",
    "PegawaiWidget",
    "SpreadsheetImportExportMixin",
    "TextWidget",
    "UnitWidget",
    "escape_formula",
    "import_errors",
]
