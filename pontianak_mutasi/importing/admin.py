"""Admin mixin for the spreadsheet import/export."""

from __future__ import annotations

from import_export.admin import ImportExportMixin

from pontianak_mutasi.importing.formats import FORMATS, ImportFileError

# -- admin --------------------------------------------------------------------------------


class SpreadsheetImportExportMixin(ImportExportMixin):
    """django-import-export admin views restricted to CSV and XLSX, with readable file errors.

    Mixed into a ``ModelAdmin`` (before it). The import keeps the library's two steps: a dry
    run shows the preview (or the errors, line and column), and only "Confirm import" writes.
    """

    formats = FORMATS
    import_formats = FORMATS
    export_formats = FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
