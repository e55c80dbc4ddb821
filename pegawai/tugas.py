"""Background jobs about employees (handlers named in pontianak_mutasi.tugas.services):
the employee import, the employee-list export and the rotation-report export.

Each handler runs in the task worker as the job's owner: exports read through the owner's
scope *at run time* (an operator moved to another agency meanwhile gets their new agency's
data, never the old one's), and the import checks the owner's role again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutasi.models import AturanMutasi
from pegawai import laporan
from pegawai.filters import PegawaiFilter
from pegawai.resources import PegawaiBulkResource, PegawaiResource
from pegawai.selectors import pegawai_list_for_user
from pontianak_mutasi.importing import CSV, XLSX, ImportFileError
from pontianak_mutasi.importing.tables import write_table
from pontianak_mutasi.models import Role, TahapTugas
from pontianak_mutasi.tugas.services import Hasil, TugasGagal

if TYPE_CHECKING:
    from import_export.results import Result

    from pontianak_mutasi.models import Tugas, User
    from pontianak_mutasi.tugas.progress import ProgressReporter

IMPORT_FORMATS = {".csv": CSV, ".xlsx": XLSX}
#: Errors kept with a failed import; the count says how many there were in all.
MAX_ERRORS = 500


def can_import_pegawai(user: User) -> bool:
    """HR administrators (Admin Kepegawaian) and superusers, not agency operators: an import
    writes employees of every agency."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.has_role(Role.ADMIN_KEPEGAWAIAN) and user.has_perms(
        ["pegawai.add_pegawai", "pegawai.change_pegawai"]
    )


# -- import ----------------------------------------------------------------------------------


def _strip(message: str, prefix: str) -> str:
    return message[len(prefix) :] if prefix and message.startswith(prefix) else message


def import_errors_located(result: Result) -> list[dict]:
    """Every error of an import as ``{"row", "column", "message"}`` (row and column empty
    when the error is about the whole file or row). The messages carry "Row 3, column nip: …"
    for other uses; here row and column are their own fields, so that prefix is dropped."""
    errors: list[dict] = [
        {"row": None, "column": "", "message": str(e.error)} for e in result.base_errors
    ]
    located: list[tuple[int, dict]] = []
    for invalid in result.invalid_rows:
        for column, messages in invalid.error_dict.items():
            column = "" if column == NON_FIELD_ERRORS else column
            cell = _("Row %(row)s, column %(column)s: %(message)s") % {
                "row": invalid.number,
                "column": column,
                "message": "",
            }
            whole_row = _("Row %(row)s: %(message)s") % {"row": invalid.number, "message": ""}
            for message in messages:
                text = _strip(_strip(str(message), cell), whole_row)
                located.append(
                    (invalid.number, {"row": invalid.number, "column": column, "message": text})
                )
    for line, row_errors in result.row_errors():
        for e in row_errors:
            located.append((line, {"row": line, "column": "", "message": str(e.error)}))
    located.sort(key=lambda item: item[0])
    return errors + [error for _line, error in located]


def _import_summary(result: Result) -> dict:
    errors = import_errors_located(result)
    return {
        "rows": result.total_rows,
        "new": result.totals.get("new", 0),
        "update": result.totals.get("update", 0),
        "skip": result.totals.get("skip", 0),
        "error_count": len(errors),
        "errors": errors[:MAX_ERRORS],
    }


def _refuse(result: Result) -> TugasGagal:
    """Refused at either step, nothing was written: the check writes nothing, and the import
    rolls its transaction back (BaseResource: any error, validation included)."""
    summary = _import_summary(result)
    message = ngettext(
        "The file has %(count)s error; nothing was imported. Correct the file and upload it "
        "again, or try again once the missing data exists.",
        "The file has %(count)s errors; nothing was imported. Correct the file and upload it "
        "again, or try again once the missing data exists.",
        summary["error_count"],
    ) % {"count": summary["error_count"]}
    return TugasGagal(message, summary)


def _read_dataset(tugas: Tugas):
    suffix = "." + tugas.input_name.rsplit(".", 1)[-1].lower() if "." in tugas.input_name else ""
    fmt = IMPORT_FORMATS.get(suffix)
    if fmt is None:
        raise TugasGagal(_("Only CSV and XLSX files can be imported."))
    if not tugas.input_file:
        raise TugasGagal(_("The uploaded file is missing; upload it again."))
    # The upload form checks the size too; a job created otherwise, or a limit lowered since,
    # is refused here before a byte is parsed.
    limit = settings.SIMUTASI["IMPORT_MAX_MB"]
    if tugas.input_file.size > limit * 1024 * 1024:
        raise TugasGagal(_("The file is larger than %(limit)s MB.") % {"limit": limit})
    try:
        with tugas.input_file.open("rb") as f:
            dataset = fmt().create_dataset(f.read())
    except ImportFileError as exc:
        raise TugasGagal(str(exc)) from exc
    except Exception as exc:
        raise TugasGagal(
            _("The file cannot be read as %(format)s (%(error)s).")
            % {"format": suffix[1:].upper(), "error": type(exc).__name__}
        ) from exc
    if not dataset.headers or not len(dataset):
        raise TugasGagal(_("The file has no rows under its header line."))
    return dataset


def impor_pegawai(tugas: Tugas, report: ProgressReporter) -> Hasil:
    """Read the file, check every row without writing, then import all rows in one
    transaction. Any error at either step: nothing is written, every error is listed."""
    if not can_import_pegawai(tugas.owner):
        raise TugasGagal(_("You may no longer import employees."))
    report.step(TahapTugas.READ)
    dataset = _read_dataset(tugas)
    summary = pegawai_import_dataset(
        dataset, user=tugas.owner, file_name=tugas.input_name, report=report
    )
    return Hasil(summary=summary)


def pegawai_import_dataset(
    dataset, *, user: User | None, file_name: str, report: ProgressReporter | None = None
) -> dict:
    """The core of the import job, for a dataset already read (also measured by
    ``pontianak_mutasi.bench.impor``): check every row, then import them all in one
    transaction. Returns the summary; raises :class:`TugasGagal` with every error."""
    if report is not None:
        report.step(TahapTugas.VALIDATE, len(dataset))
    resource = PegawaiBulkResource(progress=report)
    checked = resource.validate_data(dataset)
    if checked.has_errors() or checked.has_validation_errors():
        raise _refuse(checked)
    if not len(dataset):  # only blank lines under the header (dropped by the check)
        raise TugasGagal(_("The file has no rows under its header line."))

    # validate_data() dropped the empty lines: len(dataset) is now the real row count.
    if report is not None:
        report.step(TahapTugas.IMPORT, len(dataset))
    result = resource.import_checked(checked, dataset, user=user, file_name=file_name)
    if result.has_errors() or result.has_validation_errors():
        raise _refuse(result)
    return _import_summary(result)


# -- exports ---------------------------------------------------------------------------------


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


def _format(tugas: Tugas) -> str:
    fmt = tugas.params.get("format")
    if fmt not in ("csv", "xlsx"):
        raise TugasGagal(_("Unknown export format."))
    return fmt


def _counted(rows, report: ProgressReporter, total: int):
    """Pass the rows through, reporting each one (the header is not counted)."""
    for i, row in enumerate(rows):
        if i:
            report(i, total)
        yield row


def pegawai_export_filter(user: User, data: QueryDict) -> PegawaiFilter:
    """The employee-list filter as the list page builds it, for ``user``."""
    return PegawaiFilter(data, queryset=pegawai_list_for_user(user), user=user)


def ekspor_pegawai(tugas: Tugas, report: ProgressReporter) -> Hasil:
    """The employee list with the filters it had when the export was asked, in the owner's
    scope, as the import file format (same columns: the file can be edited and imported)."""
    fmt = _format(tugas)
    data = QueryDict(mutable=True)
    for key, values in (tugas.params.get("filter") or {}).items():
        data.setlist(key, [str(v) for v in values])
    filterset = pegawai_export_filter(tugas.owner, data)
    if not filterset.is_valid():
        raise TugasGagal(_("The search of the employee list is not valid any more."))
    qs = filterset.qs
    total = qs.count()
    report.step(TahapTugas.EXPORT, total)
    resource = PegawaiResource()
    # Native dates and numbers in XLSX; text in CSV, as the import reads it back.
    native = fmt == "xlsx"
    rows = (
        resource.export_resource(p, force_native_type=native) for p in qs.iterator(chunk_size=2000)
    )
    out = write_table(_counted(_chain(resource.get_export_headers(), rows), report, total), fmt)
    return Hasil(
        summary={"rows": total, "format": fmt},
        file=out,
        filename=f"pegawai-{_stamp()}.{fmt}",
    )


def _chain(header: list, rows):
    yield header
    yield from rows


def ekspor_rotasi(tugas: Tugas, report: ProgressReporter) -> Hasil:
    """The rotation report as filtered when the export was asked, in the owner's scope."""
    fmt = _format(tugas)
    try:
        ambang, _scope, _instansi, status, rows = laporan.rotasi_query(
            tugas.owner,
            AturanMutasi.load(),
            kode=tugas.params.get("instansi") or "",
            status=tugas.params.get("status") or "",
        )
    except Http404 as exc:
        raise TugasGagal(_("The agency of this report is outside your scope.")) from exc
    total = rows.count()
    report.step(TahapTugas.EXPORT, total)
    out = write_table(_counted(laporan.rotasi_rows_iter(rows, ambang), report, total), fmt)
    return Hasil(
        summary={"rows": total, "format": fmt},
        file=out,
        filename=f"rotasi-{status}-{ambang.on:%Y%m%d}.{fmt}",
    )
