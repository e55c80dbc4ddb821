"""A corpus of hostile import files, built in the tests (no binaries in the repository).

Each file goes through the background employee import (the job runs inline in tests) and,
where the admin offers the same import, through django-import-export's admin view. Every
file must end in a failed job (or a form error) with a message naming what is wrong, and
nothing may be written. Files that are fine except for formula-looking text are imported
as text: that text is neutralised on export (see test_exports_neutralise_formulae).
"""

from __future__ import annotations

import csv
import functools
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from instansi.models import Instansi
from pegawai.models import Pegawai
from pontianak_mutasi.models import JenisTugas, StatusTugas, Tugas
from pontianak_mutasi.tugas import services
from tests.factories import UnitKerjaFactory

EN = {"accept-language": "en"}
HEADER = ["nip", "nama", "tanggal_lahir", "jenis_kelamin", "golongan", "instansi", "unit"]
BUDI = ["198503122010011003", "Budi Santoso", "12-03-1985", "L", "III/b", "1.02.01", "SEK"]
SITI = ["199001252015032001", "Siti Aminah", "25-01-1990", "P", "III/c", "1.02.01", ""]


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def zip_bomb(inner_mb: int = 250) -> bytes:
    """A valid-looking XLSX whose sheet XML inflates to ``inner_mb`` MB (a few hundred KB
    compressed): one huge run of blank characters inside a cell."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, BUDI])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in good.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, good.read(item))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><sheetData><row><c t="inlineStr"><is><t>')
            chunk = b" " * (1024 * 1024)
            for _ in range(inner_mb):
                sheet.write(chunk)
            sheet.write(b"</t></is></c></row></sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture
def referensi(dinkes):
    UnitKerjaFactory(instansi=dinkes, kode="SEK", nama="Sekretariat")
    return dinkes


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner


def impor(run_jobs, owner, data: bytes, name: str) -> Tugas:
    with run_jobs():
        tugas = services.tugas_create(
            owner=owner,
            jenis=JenisTugas.IMPOR_PEGAWAI,
            input_file=SimpleUploadedFile(name, data),
        )
    tugas.refresh_from_db()
    return tugas


def messages(tugas: Tugas) -> list[tuple]:
    return [(e["row"], e["column"], e["message"]) for e in (tugas.summary or {}).get("errors", [])]


# (name, file name, bytes or a callable building them, expected error text in the job,
#  the (row, column) the error must name or None for a whole-file error)
CORPUS = [
    (
        "latin1",
        "a.csv",
        lambda: csv_bytes([HEADER, [*BUDI[:1], "José Ñúñez", *BUDI[2:]]], "latin-1"),
        "not UTF-8",
        None,
    ),
    ("utf16", "a.csv", lambda: csv_bytes([HEADER, BUDI], "utf-16"), "not UTF-8", None),
    (
        "nip_scientific",
        "a.csv",
        lambda: csv_bytes([HEADER, ["1.98503E+17", *BUDI[1:]]]),
        "1.98503E+17",
        (2, "nip"),
    ),
    (
        "nip_float_text",
        "a.csv",
        lambda: csv_bytes([HEADER, ["198503122010011003.0", *BUDI[1:]]]),
        "",
        (2, "nip"),
    ),
    (
        "nip_float_cell",
        "a.xlsx",
        lambda: xlsx_bytes([HEADER, [198503122010011003.0, *BUDI[1:]]]),
        "",
        (2, "nip"),
    ),
    (
        "nip_leading_zero_lost",
        "a.csv",
        # An NIP of someone born in 2000s ("0...") cannot start with 0; a shortened one can.
        lambda: csv_bytes([HEADER, ["98503122010011003", *BUDI[1:]]]),
        "",
        (2, "nip"),
    ),
    (
        "duplicate_nip",
        "a.csv",
        lambda: csv_bytes([HEADER, BUDI, SITI, [BUDI[0], "Budi Kembar", *BUDI[2:]]]),
        "line 2",
        (4, "nip"),
    ),
    (
        "duplicate_nip_spelled_differently",
        "a.csv",
        lambda: csv_bytes([HEADER, BUDI, ["19850312 201001 1 003", "Budi Lagi", *BUDI[2:]]]),
        "line 2",
        (3, "nip"),
    ),
    (
        "unknown_agency",
        "a.csv",
        lambda: csv_bytes([HEADER, [*BUDI[:5], "9.99.99", ""]]),
        "9.99.99",
        (2, "instansi"),
    ),
    (
        "unknown_unit",
        "a.csv",
        lambda: csv_bytes([HEADER, [*BUDI[:6], "NOPE"]]),
        "NOPE",
        (2, "unit"),
    ),
    (
        "formula_in_agency_code",
        "a.csv",
        lambda: csv_bytes([HEADER, [*BUDI[:5], '=HYPERLINK("http://evil","x")', ""]]),
        "HYPERLINK",
        (2, "instansi"),
    ),
    (
        "formula_in_date",
        "a.xlsx",
        # openpyxl reads a formula cell's cached value: none, so the date is missing.
        lambda: xlsx_bytes([HEADER, [*BUDI[:2], "=TODAY()", *BUDI[3:]]]),
        "",
        (2, "tanggal_lahir"),
    ),
    ("empty", "a.csv", lambda: b"", "no rows", None),
    ("empty_xlsx", "a.xlsx", lambda: xlsx_bytes([]), "no rows", None),
    ("header_only", "a.csv", lambda: csv_bytes([HEADER]), "no rows", None),
    ("header_only_xlsx", "a.xlsx", lambda: xlsx_bytes([HEADER]), "no rows", None),
    ("blank_lines_only", "a.csv", lambda: csv_bytes([HEADER, [], ["", ""]]), "no rows", None),
    ("not_a_zip", "a.xlsx", lambda: csv_bytes([HEADER, BUDI]), "not an XLSX file", None),
    (
        "truncated_zip",
        "a.xlsx",
        lambda: xlsx_bytes([HEADER, BUDI])[:300],
        "not an XLSX file",
        None,
    ),
    ("zip_bomb", "a.xlsx", zip_bomb, "expands", None),
    (
        "other_columns",
        "a.csv",
        lambda: csv_bytes([["id", "name", "email"], ["1", "Budi", "b@example.org"]]),
        "nip",
        None,
    ),
    ("binary_garbage", "a.csv", lambda: bytes(range(256)) * 4, "not UTF-8", None),
    (
        "nul_bytes",
        "a.csv",
        lambda: csv_bytes([HEADER, [BUDI[0], "Bu\x00di", *BUDI[2:]]]),
        "NUL",
        (2, "nama"),
    ),
]


@pytest.mark.parametrize(
    ("name", "filename", "make", "expected", "where"), CORPUS, ids=[c[0] for c in CORPUS]
)
def test_bad_file_fails_the_job_with_a_clear_error_and_writes_nothing(
    admin_kepegawaian, referensi, run_jobs, name, filename, make, expected, where
):
    before = (Pegawai.objects.count(), Instansi.objects.count())
    tugas = impor(run_jobs, admin_kepegawaian, make(), filename)

    assert tugas.status == StatusTugas.FAILED, (tugas.summary, tugas.error)
    found = messages(tugas)
    text = " ".join([tugas.error, *(m for _r, _c, m in found)])
    assert expected in text, text
    if where is not None:
        assert where in {(r, c) for r, c, _m in found}, found
    assert (Pegawai.objects.count(), Instansi.objects.count()) == before


def test_errors_are_in_indonesian_for_the_job_owner(client, admin_kepegawaian, referensi, run_jobs):
    """The job page is read in Indonesian: the error and the located messages are translated."""
    from django.utils import translation

    with translation.override("id"):
        tugas = impor(
            run_jobs, admin_kepegawaian, csv_bytes([HEADER, [*BUDI[:5], "9.99.99", ""]]), "a.csv"
        )
    assert tugas.status == StatusTugas.FAILED
    client.force_login(admin_kepegawaian)
    page = client.get(reverse("tugas:detail", args=[tugas.pk])).content.decode()
    assert "9.99.99" in page
    assert "nothing was imported" not in page  # the Indonesian text, not the English source


def test_oversized_file_is_refused_before_parsing(client, admin_kepegawaian, settings, monkeypatch):
    """Over SIMUTASI_IMPORT_MAX_MB the upload form refuses the file; no job, nothing read."""
    from pontianak_mutasi.importing import formats

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed an oversized file")

    monkeypatch.setattr(formats.CSV, "create_dataset", must_not_parse)
    settings.SIMUTASI = {**settings.SIMUTASI, "IMPORT_MAX_MB": 1}
    big = csv_bytes([HEADER]) + csv_bytes([BUDI]) * (1024 * 1024 // len(csv_bytes([BUDI])) + 10)
    assert len(big) > 1024 * 1024
    client.force_login(admin_kepegawaian)
    response = client.post(
        reverse("pegawai:impor"), {"berkas": SimpleUploadedFile("big.csv", big)}, headers=EN
    )
    assert response.status_code == 200
    assert "The file is larger than 1 MB." in response.content.decode()
    assert Tugas.objects.count() == 0
    assert Pegawai.objects.count() == 0


def test_oversized_file_is_refused_by_the_job_too(admin_kepegawaian, run_jobs, settings):
    """A job created another way (or a limit lowered since) still refuses before reading."""
    settings.SIMUTASI = {**settings.SIMUTASI, "IMPORT_MAX_MB": 1}
    big = b"nip,nama\n" + b"198503122010011003,Budi\n" * 50_000
    tugas = impor(run_jobs, admin_kepegawaian, big, "big.csv")
    assert tugas.status == StatusTugas.FAILED
    assert "larger than 1 MB" in tugas.error
    assert Pegawai.objects.count() == 0


def test_zip_bomb_is_refused_on_the_upload_page(client, admin_kepegawaian):
    client.force_login(admin_kepegawaian)
    response = client.post(
        reverse("pegawai:impor"), {"berkas": SimpleUploadedFile("a.xlsx", zip_bomb())}, headers=EN
    )
    assert response.status_code == 200
    assert "expands" in response.content.decode()
    assert Tugas.objects.count() == 0


def test_formula_text_is_stored_as_text(admin_kepegawaian, referensi, run_jobs):
    """A name that looks like a formula is a (strange) name, not an error: kept verbatim,
    shown escaped, and neutralised in every export (test_exports_neutralise_formulae)."""
    nama = '=HYPERLINK("http://evil","x")'
    # CSV: openpyxl would write "=…" to an XLSX as a real formula.
    tugas = impor(
        run_jobs,
        admin_kepegawaian,
        csv_bytes([HEADER, [BUDI[0], nama, *BUDI[2:]], [SITI[0], "@SUM(A1)", *SITI[2:]]]),
        "a.csv",
    )
    assert tugas.status == StatusTugas.DONE, tugas.summary
    assert set(Pegawai.objects.values_list("nama", flat=True)) == {nama, "@SUM(A1)"}


# -- the admin import (django-import-export's two-step view) --------------------------------


# A file of blank lines gets an empty preview there (confirming it writes nothing).
ADMIN_CORPUS = [c for c in CORPUS if c[0] not in ("zip_bomb", "blank_lines_only")]
ADMIN_REFUSED = (
    "errorlist",
    "Some rows failed to validate",
    "No valid data to import",
    "The submitted file is empty",
    "Errors",
)


def admin_import(client, data: bytes, filename: str):
    fmt = 1 if filename.endswith(".xlsx") else 0  # index into FORMATS: CSV, XLSX
    return client.post(
        reverse("admin:pegawai_pegawai_import"),
        {"import_file": SimpleUploadedFile(filename, data), "format": fmt},
        headers=EN,
    )


@pytest.mark.parametrize(
    ("name", "filename", "make", "expected", "where"),
    ADMIN_CORPUS,
    ids=[c[0] for c in ADMIN_CORPUS],
)
def test_bad_file_in_the_admin_import_shows_errors_and_writes_nothing(
    client, admin, referensi, name, filename, make, expected, where
):
    client.force_login(admin)
    before = Pegawai.objects.count()
    response = admin_import(client, make(), filename)
    assert response.status_code == 200
    page = response.content.decode()
    assert any(marker in page for marker in ADMIN_REFUSED)
    assert 'name="confirm"' not in page  # no way to go on to the writing step
    if expected and expected != "no rows":
        assert escape(expected) in page
    assert Pegawai.objects.count() == before


def test_zip_bomb_in_the_admin_import_is_refused(client, admin):
    client.force_login(admin)
    response = admin_import(client, zip_bomb(), "a.xlsx")
    assert response.status_code == 200
    assert "expands" in response.content.decode()
    assert Pegawai.objects.count() == 0
