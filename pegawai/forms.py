"""Forms of the employee screens."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pegawai.tugas import IMPORT_FORMATS
from pontianak_mutasi.importing.formats import ImportFileError, check_xlsx_archive

# An XLSX file is a ZIP archive: it starts with these bytes whatever it is called.
ZIP_MAGIC = b"PK\x03\x04"


class PegawaiImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_berkas(self):
        """Cheap checks only (name, size, XLSX signature); the rows are the job's work."""
        berkas = self.cleaned_data["berkas"]
        name = berkas.name.lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        if suffix not in IMPORT_FORMATS:
            raise forms.ValidationError(_("Only CSV and XLSX files can be imported."))
        limit = settings.SIMUTASI["IMPORT_MAX_MB"]
        if berkas.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": limit}
            )
        if suffix == ".xlsx":
            head = berkas.read(4)
            berkas.seek(0)
            if head != ZIP_MAGIC:
                raise forms.ValidationError(_("This is not an XLSX file; save it again as XLSX."))
            # Reads only the ZIP directory: a zip bomb is refused here, before any job.
            try:
                check_xlsx_archive(berkas)
            except ImportFileError as exc:
                raise forms.ValidationError(str(exc)) from None
            finally:
                berkas.seek(0)
        return berkas
