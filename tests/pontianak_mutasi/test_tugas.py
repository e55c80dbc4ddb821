"""Background jobs (Tugas): lifecycle, live progress, failure and retry, the employee import
(all or nothing, errors by row and column), the exports (content, formula neutralisation,
scoping), access control, the download's headers and the htmx partial.

Test settings run tasks inline (ImmediateBackend); a job is queued on commit, so creating
one runs it inside ``django_capture_on_commit_callbacks(execute=True)``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pegawai.models import Pegawai
from pegawai.resources import PegawaiResource
from pontianak_mutasi.models import JenisTugas, StatusTugas, TahapTugas, Tugas
from pontianak_mutasi.tugas import progress as progress_module
from pontianak_mutasi.tugas import services
from pontianak_mutasi.tugas.selectors import tugas_can_retry
from tests.factories import (
    InstansiFactory,
    PegawaiFactory,
    UnitKerjaFactory,
)

ROOT = Path(__file__).resolve().parents[2]
EN = {"accept-language": "en"}
HX = {"accept-language": "en", "HX-Request": "true"}

HEADER = ["nip", "nama", "tanggal_lahir", "jenis_kelamin", "golongan", "instansi", "unit"]
ROWS = [
    ["19850312 201001 1 003", "Budi Santoso", "12-03-1985", "L", "III/b", "1.02.01", "SEK"],
    ["199001252015032001", "Siti Aminah", "25/01/1990", "P", "31", "1.02.01", ""],
    ["197812302005011002", "Andi Wijaya", "1978-12-30", "L", "IV/a", "1.02.01", "SEK"],
]


def csv_bytes(rows: list[list], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_table(data: bytes, fmt: str) -> list[list]:
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def unit_sek(dinkes):
    return UnitKerjaFactory(instansi=dinkes, kode="SEK", nama="Sekretariat")


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the jobs queued inside the block (on commit), as the worker would."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner


def create(run_jobs, **kwargs) -> Tugas:
    with run_jobs():
        tugas = services.tugas_create(**kwargs)
    tugas.refresh_from_db()
    return tugas


def upload(data: bytes, name: str = "pegawai.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def impor(run_jobs, owner, data: bytes, name: str = "pegawai.csv") -> Tugas:
    return create(
        run_jobs, owner=owner, jenis=JenisTugas.IMPOR_PEGAWAI, input_file=upload(data, name)
    )


# -- lifecycle -------------------------------------------------------------------------------


def test_job_waits_until_commit_then_runs_to_done(
    verifikator_bkd, dinkes, run_jobs, django_capture_on_commit_callbacks
):
    PegawaiFactory(instansi=dinkes)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        tugas = services.tugas_create(
            owner=verifikator_bkd, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
        )
    # Nothing runs inside the transaction that created the job: the worker must find the row.
    assert len(queued) == 1
    tugas.refresh_from_db()
    assert (tugas.status, tugas.attempts, tugas.started_at) == (StatusTugas.PENDING, 0, None)
    assert tugas.percent == 0
    queued[0]()
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.DONE
    assert tugas.attempts == 1 and tugas.task_id
    assert tugas.started_at <= tugas.finished_at
    assert tugas.percent == 100
    assert tugas.summary == {"rows": 1, "format": "csv"}
    assert tugas.result_file and tugas.result_name.endswith(".csv")


def test_a_job_is_run_once(verifikator_bkd, run_jobs):
    tugas = create(
        run_jobs, owner=verifikator_bkd, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
    )
    finished = tugas.finished_at
    services.tugas_run(tugas_id=tugas.pk)  # a second delivery of the same task
    tugas.refresh_from_db()
    assert (tugas.attempts, tugas.finished_at) == (1, finished)


def test_percent_spans_the_steps():
    tugas = Tugas(jenis=JenisTugas.IMPOR_PEGAWAI, status=StatusTugas.RUNNING)
    tugas.phase, tugas.progress_done, tugas.progress_total = TahapTugas.VALIDATE, 50, 100
    assert tugas.step_number == 2 and tugas.percent == 50  # (1 + 0.5) / 3
    tugas.phase, tugas.progress_done = TahapTugas.IMPORT, 100
    assert tugas.percent == 99  # never full before it is done
    tugas.status = StatusTugas.DONE
    assert tugas.percent == 100


# -- progress while running ------------------------------------------------------------------


def test_progress_is_visible_to_the_browser_while_the_import_runs(
    client, admin_kepegawaian, unit_sek, run_jobs, monkeypatch
):
    """The worker reports rows through the cache; the status partial shows them while the
    job's transaction is still open and the job row itself still says row 0."""
    monkeypatch.setattr(progress_module, "REPORT_INTERVAL", 0)
    client.force_login(admin_kepegawaian)
    seen: list[tuple] = []
    pages: list[str] = []
    write = progress_module.progress_write

    def spy(tugas_id, attempt, *, phase, done, total):
        write(tugas_id, attempt, phase=phase, done=done, total=total)
        seen.append((phase, done, total))
        if phase == TahapTugas.IMPORT and done == 2:
            row = Tugas.objects.get(pk=tugas_id)
            assert (row.status, row.phase, row.progress_done) == ("running", "import", 0)
            url = reverse("tugas:detail", args=[tugas_id])
            pages.append(client.get(url, headers=HX).content.decode())

    monkeypatch.setattr(progress_module, "progress_write", spy)
    tugas = impor(run_jobs, admin_kepegawaian, csv_bytes([HEADER, *ROWS]))

    assert tugas.status == StatusTugas.DONE, tugas.error
    assert seen[0] == ("read", 0, 0)
    assert ("validate", 3, 3) in seen and ("import", 3, 3) in seen
    steps = [phase for phase, _done, _total in seen]
    assert steps == sorted(steps, key=["read", "validate", "import"].index)
    # Within a step the row count only grows.
    imported = [done for phase, done, _total in seen if phase == "import"]
    assert imported == sorted(imported)
    assert len(pages) == 1
    page = pages[0]
    assert "Step 3 of 3: Importing the rows" in page
    assert "Row 2 of 3" in page
    assert 'value="88"' in page  # (2 + 2/3) / 3 of the whole job
    assert "hx-trigger" in page  # still polling
    # The cache entry is gone once the job is finished: the row holds the outcome.
    assert progress_module.progress_read(tugas) is None


# -- failure and retry -----------------------------------------------------------------------


def test_unexpected_failure_is_shown_and_retry_runs_it_again(
    client, operator_dinkes, dinkes, run_jobs, monkeypatch
):
    PegawaiFactory(instansi=dinkes, nama="Satu")
    import pegawai.tugas

    real = pegawai.tugas.write_table
    calls = []

    def flaky(rows, fmt):
        calls.append(fmt)
        if len(calls) == 1:
            raise OSError("disk full")
        return real(rows, fmt)

    monkeypatch.setattr(pegawai.tugas, "write_table", flaky)
    client.force_login(operator_dinkes)
    with run_jobs():
        response = client.post(reverse("pegawai:ekspor", args=["xlsx"]), headers=EN)
    tugas = Tugas.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tugas:detail", args=[tugas.pk])
    assert tugas.status == StatusTugas.FAILED
    assert "unexpected error" in tugas.error and "OSError: disk full" in tugas.error
    assert not tugas.result_file
    page = client.get(reverse("tugas:detail", args=[tugas.pk]), headers=EN).content.decode()
    assert "disk full" in page and "Try again" in page and 'role="alert"' in page

    with run_jobs():
        response = client.post(reverse("tugas:retry", args=[tugas.pk]), headers=EN)
    assert response.status_code == 302
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.DONE
    assert (tugas.attempts, tugas.error) == (2, "")
    assert tugas.summary["rows"] == 1


def test_a_result_that_cannot_be_stored_fails_the_job(verifikator_bkd, run_jobs, monkeypatch):
    storage = Tugas._meta.get_field("result_file").storage

    def full(name, content, max_length=None):
        raise OSError("No space left on device")

    monkeypatch.setattr(storage, "save", full)
    tugas = create(
        run_jobs, owner=verifikator_bkd, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
    )
    assert tugas.status == StatusTugas.FAILED  # not left "running" for ever
    assert "No space left on device" in tugas.error
    assert tugas_can_retry(tugas)


def test_retry_is_post_only_and_only_for_failed_jobs(client, verifikator_bkd, run_jobs):
    tugas = create(
        run_jobs, owner=verifikator_bkd, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
    )
    client.force_login(verifikator_bkd)
    url = reverse("tugas:retry", args=[tugas.pk])
    assert client.get(url).status_code == 405
    with run_jobs() as queued:
        response = client.post(url, headers=EN, follow=True)
    assert "Only a failed job can be tried again." in response.content.decode()
    assert queued == []
    tugas.refresh_from_db()
    assert (tugas.status, tugas.attempts) == (StatusTugas.DONE, 1)


def test_a_running_job_whose_worker_died_can_be_retried(verifikator_bkd, run_jobs, settings):
    tugas = Tugas.objects.create(
        owner=verifikator_bkd,
        jenis=JenisTugas.EKSPOR_PEGAWAI,
        params={"format": "csv"},
        status=StatusTugas.RUNNING,
        attempts=1,
    )
    assert not tugas_can_retry(tugas)  # it reported a moment ago
    old = tugas.updated_at - dt.timedelta(minutes=settings.SIMUTASI["TUGAS_STALE_MINUTES"] + 1)
    Tugas.objects.filter(pk=tugas.pk).update(updated_at=old)
    tugas.refresh_from_db()
    assert tugas_can_retry(tugas)
    with run_jobs():
        services.tugas_retry(actor=verifikator_bkd, tugas=tugas)
    tugas.refresh_from_db()
    assert (tugas.status, tugas.attempts) == (StatusTugas.DONE, 2)


def test_the_outcome_of_a_superseded_attempt_is_not_written(verifikator_bkd, run_jobs):
    tugas = create(
        run_jobs, owner=verifikator_bkd, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
    )
    # A worker thought dead finishes late, after the job was taken again (attempt 2).
    Tugas.objects.filter(pk=tugas.pk).update(status=StatusTugas.RUNNING, attempts=2)
    stale = Tugas.objects.get(pk=tugas.pk)
    stale.attempts = 1
    report = progress_module.ProgressReporter(stale)
    services._finish(stale, report, StatusTugas.FAILED, error="late")
    tugas.refresh_from_db()
    assert (tugas.status, tugas.error) == (StatusTugas.RUNNING, "")


# -- the employee import ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_import_creates_then_updates(admin_kepegawaian, unit_sek, run_jobs, fmt):
    data = csv_bytes([HEADER, *ROWS]) if fmt == "csv" else xlsx_bytes([HEADER, *ROWS])
    tugas = impor(run_jobs, admin_kepegawaian, data, f"pegawai.{fmt}")
    assert tugas.status == StatusTugas.DONE, (tugas.error, tugas.summary)
    assert (tugas.summary["new"], tugas.summary["update"], tugas.summary["rows"]) == (3, 0, 3)
    assert tugas.summary["errors"] == []
    budi = Pegawai.objects.get(nip="198503122010011003")
    assert (budi.nama, budi.golongan, budi.unit) == ("Budi Santoso", "32", unit_sek)

    changed = [list(r) for r in ROWS]
    changed[0][1] = "Budi Santoso, S.Kom."
    data = csv_bytes([HEADER, *changed]) if fmt == "csv" else xlsx_bytes([HEADER, *changed])
    again = impor(run_jobs, admin_kepegawaian, data, f"pegawai.{fmt}")
    assert again.status == StatusTugas.DONE
    assert (again.summary["new"], again.summary["update"], again.summary["skip"]) == (0, 1, 2)
    assert Pegawai.objects.count() == 3


def test_import_with_errors_writes_nothing_and_names_row_and_column(
    client, admin_kepegawaian, dinkes, unit_sek, run_jobs
):
    existing = PegawaiFactory(nip="198503122010011003", nama="Nama Lama", instansi=dinkes)
    bad = [
        ROWS[0],  # valid: would update the existing employee
        ROWS[1],  # valid: would add one
        ["197812302005011002", "Andi", "1978-12-30", "L", "IX/z", "1.02.01", "XYZ"],
    ]
    tugas = impor(run_jobs, admin_kepegawaian, csv_bytes([HEADER, *bad]))

    assert tugas.status == StatusTugas.FAILED
    assert tugas.error.startswith("The file has 2 errors; nothing was imported.")
    errors = {(e["row"], e["column"]): e["message"] for e in tugas.summary["errors"]}
    assert set(errors) == {(4, "golongan"), (4, "unit")}
    assert "IX/z" in errors[(4, "golongan")]
    assert not errors[(4, "golongan")].startswith("Row")  # row and column have their fields
    assert "XYZ" in errors[(4, "unit")]
    # Nothing written: no new employee, the existing one unchanged.
    assert Pegawai.objects.count() == 1
    existing.refresh_from_db()
    assert existing.nama == "Nama Lama"
    # Stopped at the check, before the import step.
    assert tugas.phase == TahapTugas.VALIDATE

    client.force_login(admin_kepegawaian)
    page = client.get(reverse("tugas:detail", args=[tugas.pk]), headers=EN).content.decode()
    assert "Errors in the file" in page
    assert '<td class="mono">golongan</td>' in page and '<td class="num">4</td>' in page


def test_an_error_in_the_import_step_rolls_every_row_back(
    admin_kepegawaian, unit_sek, run_jobs, monkeypatch
):
    """The check passed, then the third row fails while writing: rows 1-2 are rolled back."""

    def fail_on_andi(self, instance, row, **kwargs):
        if not kwargs.get("dry_run") and instance.nama == "Andi Wijaya":
            raise RuntimeError("connection lost")

    monkeypatch.setattr(PegawaiResource, "after_save_instance", fail_on_andi)
    tugas = impor(run_jobs, admin_kepegawaian, csv_bytes([HEADER, *ROWS]))
    assert tugas.status == StatusTugas.FAILED
    assert tugas.phase == TahapTugas.IMPORT
    assert tugas.summary["errors"] == [{"row": 4, "column": "", "message": "connection lost"}]
    assert Pegawai.objects.count() == 0


def test_import_of_an_unreadable_file_fails_with_a_message(admin_kepegawaian, run_jobs):
    tugas = impor(run_jobs, admin_kepegawaian, b"PK\x03\x04 not really a workbook", "a.xlsx")
    assert tugas.status == StatusTugas.FAILED
    assert tugas.error == "This is not an XLSX file; save it again as XLSX."
    latin1 = impor(run_jobs, admin_kepegawaian, "nip,nama\n1,José\n".encode("cp1252"))
    assert latin1.status == StatusTugas.FAILED
    assert "not UTF-8" in latin1.error
    header_only = impor(run_jobs, admin_kepegawaian, b"nip,nama\n")
    assert header_only.error == "The file has no rows under its header line."


def test_import_missing_the_nip_column_is_refused(admin_kepegawaian, run_jobs):
    tugas = impor(run_jobs, admin_kepegawaian, csv_bytes([["nama"], ["Budi"]]))
    assert tugas.status == StatusTugas.FAILED
    assert "nip" in tugas.summary["errors"][0]["message"]
    assert tugas.summary["errors"][0]["row"] is None


def test_import_checks_the_owner_role_when_it_runs(admin_kepegawaian, unit_sek, run_jobs):
    with run_jobs():
        tugas = services.tugas_create(
            owner=admin_kepegawaian,
            jenis=JenisTugas.IMPOR_PEGAWAI,
            input_file=upload(csv_bytes([HEADER, *ROWS])),
        )
        # The role is taken away after the upload, before the worker runs the job.
        admin_kepegawaian.groups.clear()
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.FAILED
    assert tugas.error == "You may no longer import employees."
    assert Pegawai.objects.count() == 0


# -- the import page --------------------------------------------------------------------------


def test_import_page_is_for_hr_administrators(client, operator_dinkes, verifikator_bkd, admin):
    url = reverse("pegawai:impor")
    for user in (operator_dinkes, verifikator_bkd):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"berkas": upload(b"nip\n1\n")}).status_code == 403
    client.force_login(admin)
    assert client.get(url).status_code == 200
    assert Tugas.objects.count() == 0


def test_import_page_queues_the_file_and_opens_its_job(
    client, admin_kepegawaian, unit_sek, run_jobs
):
    client.force_login(admin_kepegawaian)
    page = client.get(reverse("pegawai:list"), headers=EN).content.decode()
    assert reverse("pegawai:impor") in page
    with run_jobs():
        response = client.post(
            reverse("pegawai:impor"),
            {"berkas": upload(csv_bytes([HEADER, *ROWS], delimiter=";"), "Data Pegawai.csv")},
            headers=EN,
        )
    tugas = Tugas.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tugas:detail", args=[tugas.pk])
    assert (tugas.owner, tugas.input_name, tugas.status) == (
        admin_kepegawaian,
        "Data Pegawai.csv",
        StatusTugas.DONE,
    )
    # Stored under a random name in private media, not under the uploaded name.
    assert "Data Pegawai" not in tugas.input_file.name
    assert Pegawai.objects.count() == 3


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("pegawai.ods", b"x", "Only CSV and XLSX files can be imported."),
        ("pegawai.xlsx", b"nip,nama\n", "This is not an XLSX file"),
    ],
)
def test_import_page_refuses_other_files(client, admin_kepegawaian, name, data, message):
    client.force_login(admin_kepegawaian)
    response = client.post(reverse("pegawai:impor"), {"berkas": upload(data, name)}, headers=EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Tugas.objects.count() == 0


def test_import_page_size_limit(client, admin_kepegawaian, settings):
    settings.SIMUTASI = {**settings.SIMUTASI, "IMPORT_MAX_MB": 0}
    client.force_login(admin_kepegawaian)
    response = client.post(reverse("pegawai:impor"), {"berkas": upload(b"nip\n1\n")}, headers=EN)
    assert "The file is larger than 0 MB." in response.content.decode()


# -- exports ---------------------------------------------------------------------------------


def _download(client, tugas: Tugas):
    response = client.get(reverse("tugas:download", args=[tugas.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content), response


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_employee_export_is_filtered_scoped_and_neutralised(
    client, operator_dinkes, dinkes, diskominfo, run_jobs, fmt
):
    upt = InstansiFactory(induk=dinkes, nama="UPT Labkesda")
    evil = PegawaiFactory(instansi=dinkes, nama="=HYPERLINK(1)", golongan="31")
    child = PegawaiFactory(instansi=upt, nama="Anak UPT", golongan="31")
    PegawaiFactory(instansi=dinkes, nama="Lain Golongan", golongan="41")
    PegawaiFactory(instansi=diskominfo, nama="Orang Kominfo", golongan="31")
    client.force_login(operator_dinkes)
    with run_jobs():
        client.post(reverse("pegawai:ekspor", args=[fmt]) + "?golongan=31&page=3&x=1", headers=EN)
    tugas = Tugas.objects.get()
    assert tugas.status == StatusTugas.DONE, tugas.error
    assert tugas.params["filter"] == {"golongan": ["31"]}  # the page number is not a filter
    assert ["Golongan", "III/a – Penata Muda"] in tugas.params["keterangan"]
    data, _response = _download(client, tugas)
    rows = read_table(data, fmt)
    assert rows[0][:3] == ["nip", "nama", "gelar_depan"]  # the import's own columns
    names = {r[1] for r in rows[1:]}
    assert names == {"'=HYPERLINK(1)", "Anak UPT"}
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["'=HYPERLINK(1)"][0].replace(" ", "") == evil.nip  # NIP as text
    assert by_name["Anak UPT"][0].replace(" ", "") == child.nip
    assert tugas.summary == {"rows": 2, "format": fmt}


def test_employee_export_file_can_be_imported_again(
    client, admin_kepegawaian, dinkes, unit_sek, run_jobs
):
    """Export → edit → import: the export has exactly the import's columns and formats."""
    PegawaiFactory(instansi=dinkes, unit=unit_sek, nama="Budi", golongan="32")
    client.force_login(admin_kepegawaian)
    with run_jobs():
        client.post(reverse("pegawai:ekspor", args=["csv"]))
    data, _response = _download(client, Tugas.objects.get())
    rows = read_table(data, "csv")
    rows[1][1] = "Budi Santoso"
    tugas = impor(run_jobs, admin_kepegawaian, csv_bytes(rows))
    assert tugas.status == StatusTugas.DONE, tugas.summary
    assert (tugas.summary["update"], tugas.summary["new"]) == (1, 0)
    assert Pegawai.objects.get().nama == "Budi Santoso"


def test_invalid_search_is_not_exported(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    response = client.post(reverse("pegawai:ekspor", args=["csv"]) + "?q=1.98503E%2B17")
    assert response.status_code == 302 and response["Location"].startswith(reverse("pegawai:list"))
    assert Tugas.objects.count() == 0


def test_export_format_and_method(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    assert client.post(reverse("pegawai:ekspor", args=["ods"])).status_code == 404
    assert client.get(reverse("pegawai:ekspor", args=["csv"])).status_code == 405
    assert client.get(reverse("pegawai:laporan_rotasi_ekspor", args=["csv"])).status_code == 405


def test_export_reads_the_owner_scope_when_it_runs(operator_dinkes, dinkes, diskominfo, run_jobs):
    """An operator moved to another agency before the job ran gets the new agency's rows."""
    PegawaiFactory(instansi=dinkes, nama="Orang Dinkes")
    PegawaiFactory(instansi=diskominfo, nama="Orang Kominfo")
    with run_jobs():
        tugas = services.tugas_create(
            owner=operator_dinkes, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
        )
        operator_dinkes.instansi = diskominfo
        operator_dinkes.save()
    tugas.refresh_from_db()
    with tugas.result_file.open("rb") as f:
        rows = read_table(f.read(), "csv")
    assert [r[1] for r in rows[1:]] == ["Orang Kominfo"]


def test_rotation_export_job_runs_in_constant_queries(verifikator_bkd, dinkes, run_jobs):
    def export() -> int:
        with run_jobs(), CaptureQueriesContext(connection) as queries:
            services.tugas_create(
                owner=verifikator_bkd,
                jenis=JenisTugas.EKSPOR_ROTASI,
                params={"format": "xlsx", "status": "all"},
            )
        return len(queries)

    PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2018, 1, 1))
    few = export()
    for i in range(10):
        PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2015 + i % 5, 1, 1), jabatan=None)
    assert export() == few
    assert Tugas.objects.filter(status=StatusTugas.DONE).count() == 2


# -- access ----------------------------------------------------------------------------------


@pytest.fixture
def done_export(operator_dinkes, dinkes, run_jobs) -> Tugas:
    PegawaiFactory(instansi=dinkes)
    return create(
        run_jobs, owner=operator_dinkes, jenis=JenisTugas.EKSPOR_PEGAWAI, params={"format": "csv"}
    )


@pytest.mark.parametrize("name", ["detail", "download", "retry"])
def test_another_users_job_is_not_found(
    client, done_export, operator_diskominfo, verifikator_bkd, name
):
    url = reverse(f"tugas:{name}", args=[done_export.pk])
    for user in (operator_diskominfo, verifikator_bkd):  # province-wide role: still not theirs
        client.force_login(user)
        response = client.post(url) if name == "retry" else client.get(url)
        assert response.status_code == 404


@pytest.mark.parametrize("name", ["list", "detail", "download"])
def test_jobs_need_a_login(client, done_export, name):
    url = reverse(f"tugas:{name}", args=[] if name == "list" else [done_export.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_list_shows_own_jobs_and_superusers_see_all(
    client, done_export, operator_diskominfo, admin, run_jobs
):
    mine = create(
        run_jobs,
        owner=operator_diskominfo,
        jenis=JenisTugas.EKSPOR_ROTASI,
        params={"format": "csv"},
    )
    client.force_login(operator_diskominfo)
    page = client.get(reverse("tugas:list"), headers=EN).content.decode()
    assert reverse("tugas:detail", args=[mine.pk]) in page
    assert reverse("tugas:detail", args=[done_export.pk]) not in page
    client.force_login(admin)
    page = client.get(reverse("tugas:list"), headers=EN).content.decode()
    assert reverse("tugas:detail", args=[mine.pk]) in page
    assert reverse("tugas:detail", args=[done_export.pk]) in page
    assert "operator_dinkes" in page  # the owner column
    assert client.get(reverse("tugas:download", args=[done_export.pk])).status_code == 200


def test_list_shows_import_counts_and_decrees_still_rendering(
    client, admin_kepegawaian, unit_sek, run_jobs, operator_dinkes
):
    from mutasi.models import SuratKeputusan

    impor(run_jobs, admin_kepegawaian, csv_bytes([HEADER, *ROWS]))
    sk = SuratKeputusan.objects.create(
        jenis="kolektif",
        tanggal_penetapan="2026-11-28",
        tmt="2027-01-01",
        penandatangan_nama="Gubernur",
        penandatangan_jabatan="GUBERNUR KALIMANTAN BARAT",
        status="terbit",
        nomor="800.1.3/0001/BKD/2026",
        urutan=1,
        tahun=2026,
        render_status="failed",
        dibuat_oleh=admin_kepegawaian,
    )
    client.force_login(admin_kepegawaian)
    page = client.get(reverse("tugas:list"), headers=EN).content.decode()
    assert "3 new, 0 updated" in page
    assert "Decree PDFs being produced" in page
    assert reverse("mutasi:sk_detail", args=[sk.pk]) in page
    # An operator sees no decree of another agency there.
    client.force_login(operator_dinkes)
    page = client.get(reverse("tugas:list"), headers=EN).content.decode()
    assert reverse("mutasi:sk_detail", args=[sk.pk]) not in page


def test_download_headers(client, done_export, operator_dinkes):
    client.force_login(operator_dinkes)
    data, response = _download(client, done_export)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert done_export.result_name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert data.startswith("\ufeff".encode())


def test_no_download_before_the_job_is_done(client, operator_dinkes):
    tugas = Tugas.objects.create(owner=operator_dinkes, jenis=JenisTugas.EKSPOR_PEGAWAI)
    client.force_login(operator_dinkes)
    assert client.get(reverse("tugas:download", args=[tugas.pk])).status_code == 404


# -- the result page and its htmx partial ----------------------------------------------------


def test_running_job_polls_and_finished_job_stops(client, operator_dinkes, done_export):
    running = Tugas.objects.create(
        owner=operator_dinkes,
        jenis=JenisTugas.IMPOR_PEGAWAI,
        status=StatusTugas.RUNNING,
        phase=TahapTugas.VALIDATE,
        progress_done=10,
        progress_total=40,
        attempts=1,
    )
    client.force_login(operator_dinkes)
    url = reverse("tugas:detail", args=[running.pk])

    full = client.get(url, headers=EN)
    page = full.content.decode()
    assert page.lstrip().startswith("<!doctype html>")
    assert "Background jobs" in page  # breadcrumb
    assert '<meta http-equiv="refresh"' in page  # without JavaScript: reloads
    assert "HX-Request" in full["Vary"]

    partial = client.get(url, headers=HX).content.decode()
    assert "<html" not in partial
    assert 'id="tugas-status"' in partial and 'aria-live="polite"' in partial
    assert f'hx-get="{url}"' in partial and 'hx-trigger="every 1500ms"' in partial
    assert '<label for="tugas-progress">Step 2 of 3: Checking every row</label>' in partial
    assert '<progress id="tugas-progress" max="100" value="41">' in partial
    assert "Row 10 of 40" in partial

    done = client.get(reverse("tugas:detail", args=[done_export.pk]), headers=HX)
    html = done.content.decode()
    assert "hx-trigger" not in html
    assert "The file is ready: 1 row." in html
    assert reverse("tugas:download", args=[done_export.pk]) in html
    assert (
        '<meta http-equiv="refresh"'
        not in client.get(reverse("tugas:detail", args=[done_export.pk])).content.decode()
    )


def test_pages_link_to_background_exports(client, verifikator_bkd, dinkes):
    PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2010, 1, 1))
    client.force_login(verifikator_bkd)
    page = client.get(reverse("pegawai:list") + "?golongan=32", headers=EN).content.decode()
    assert f'formaction="{reverse("pegawai:ekspor", args=["xlsx"])}?golongan=32"' in page
    assert reverse("pegawai:impor") not in page  # not an HR administrator
    rotasi = client.get(reverse("pegawai:laporan_rotasi"), headers=EN).content.decode()
    assert reverse("pegawai:laporan_rotasi_ekspor", args=["csv"]) in rotasi
    assert reverse("tugas:list") in rotasi  # the menu


# -- configuration ---------------------------------------------------------------------------


def _cache_backend(**env) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    environ = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
    environ.update(env, DJANGO_SETTINGS_MODULE="pontianak_mutasi.settings")
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_cache_is_shared_between_processes():
    """Progress crosses from the worker to the web server: never a per-process cache."""
    assert _cache_backend() == "django.core.cache.backends.filebased.FileBasedCache"
    assert _cache_backend(REDIS_URL="redis://127.0.0.1:6379/1") == (
        "django.core.cache.backends.redis.RedisCache"
    )
