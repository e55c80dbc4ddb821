"""Admin mixin for the spreadsheet import/export."""

from __future__ import annotations

from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from pontianak_mutasi.importing.formats import CSV, FORMATS, ImportFileError

# -- admin --------------------------------------------------------------------------------


class SpreadsheetImportExportMixin(ImportExportMixin):
    """django-import-export admin views restricted to CSV and XLSX, with readable file errors.

    Mixed into a ``ModelAdmin`` (before it). The import keeps the library's two steps: a dry
    run shows the preview (or the errors, line and column), and only "Confirm import" writes.
    """

    formats = FORMATS
    import_formats = FORMATS
    # The library writes native dates and numbers only for its own XLSX class (an exact type
    # check); ours adds nothing to writing, only the zip-bomb check to reading.
    export_formats = [CSV, base_formats.XLSX]

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
