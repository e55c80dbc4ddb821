"""The employee import of the background job (issue 8): the same checks and errors as the
row-by-row resource, a number of queries that does not grow with the file, bulk writes with
their audit rows, all or nothing, and the benchmark helper that measures it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pegawai.models import Pegawai
from pegawai.resources import PegawaiBulkResource
from pegawai.tugas import pegawai_import_dataset
from pontianak_mutasi.bench import impor as bench
from pontianak_mutasi.importing import CSV
from pontianak_mutasi.tugas.services import TugasGagal
from tests.factories import (
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def formasi(db):
    """Two agencies, each with a unit and a position (what the generated file uses)."""
    out = []
    for i in range(2):
        instansi = InstansiFactory(kode=f"9.0{i}.01")
        unit = UnitKerjaFactory(instansi=instansi, kode=f"UB{i}")
        out.append(FormasiFactory(instansi=instansi, unit=unit, jabatan=JabatanFactory()))
    return out


@pytest.fixture
def importer(db):
    return UserFactory(username="pengimpor", is_superuser=True)


def rows_of(count: int, tmp_path: Path, seed: int = 8) -> list[list[str]]:
    path = tmp_path / f"p{count}-{seed}.csv"
    bench.write_csv(path, count, seed=seed)
    with path.open(encoding="utf-8") as f:
        return list(csv.reader(f))


def dataset_of(rows: list[list[str]]):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return CSV().create_dataset(out.getvalue().encode("utf-8"))


def run(rows, user, name="pegawai.csv") -> dict:
    return pegawai_import_dataset(dataset_of(rows), user=user, file_name=name)


def col(name: str) -> int:
    return bench.HEADER.index(name)


def test_queries_do_not_grow_with_the_number_of_rows(
    formasi, importer, tmp_path, django_assert_max_num_queries
):
    # Check + import: keys, codes, the re-check in the transaction, one insert per batch for
    # the rows and one for their audit rows. A per-row query would be 20 or 200 at least.
    bound = 20
    small = rows_of(20, tmp_path, seed=1)
    with django_assert_max_num_queries(bound):
        assert run(small, importer)["new"] == 20
    large = rows_of(200, tmp_path, seed=2)
    with django_assert_max_num_queries(bound):
        assert run(large, importer)["new"] == 200
    assert Pegawai.objects.count() == 220


def test_updates_and_unchanged_rows_do_not_grow_the_queries_either(
    formasi, importer, tmp_path, django_assert_max_num_queries
):
    rows = rows_of(60, tmp_path)
    run(rows, importer)
    changed = [list(r) for r in rows]
    for row in changed[1:31]:
        row[col("nama")] += " Baru"
    with django_assert_max_num_queries(20):
        summary = run(changed, importer)
    assert (summary["new"], summary["update"], summary["skip"]) == (0, 30, 30)
    nip = changed[1][col("nip")]
    assert Pegawai.objects.get(nip=nip).nama.endswith(" Baru")


def test_errors_name_the_line_and_the_column_and_nothing_is_written(formasi, importer, tmp_path):
    rows = rows_of(10, tmp_path)
    rows[4][col("tanggal_lahir")] = "31-02-1990"  # line 5
    rows[7][col("unit")] = "NOPE"  # line 8
    rows[9][col("nip")] = rows[2][col("nip")]  # line 10 repeats line 3
    with pytest.raises(TugasGagal) as failed:
        run(rows, importer)
    errors = {(e["row"], e["column"]) for e in failed.value.summary["errors"]}
    assert errors == {(5, "tanggal_lahir"), (8, "unit"), (10, "nip")}
    messages = {(e["row"], e["column"]): e["message"] for e in failed.value.summary["errors"]}
    assert "31-02-1990" in messages[(5, "tanggal_lahir")]
    assert "NOPE" in messages[(8, "unit")]
    assert "line 3" in messages[(10, "nip")]
    assert Pegawai.objects.count() == 0


def test_model_validation_still_runs(formasi, importer, tmp_path):
    rows = rows_of(4, tmp_path)
    # Pegawai.clean(): TMT PNS cannot be before TMT CPNS.
    rows[3][col("tmt_pns")] = "1990-01-01"
    with pytest.raises(TugasGagal) as failed:
        run(rows, importer)
    assert [(e["row"], e["column"]) for e in failed.value.summary["errors"]] == [(4, "tmt_pns")]
    assert Pegawai.objects.count() == 0


def test_a_unit_of_another_agency_is_refused(formasi, importer, tmp_path):
    rows = rows_of(3, tmp_path)
    other = formasi[1] if rows[2][col("instansi")] == formasi[0].instansi.kode else formasi[0]
    rows[2][col("unit")] = other.unit.kode
    with pytest.raises(TugasGagal) as failed:
        run(rows, importer)
    assert [(e["row"], e["column"]) for e in failed.value.summary["errors"]] == [(3, "unit")]
    assert Pegawai.objects.count() == 0


def test_the_import_step_writes_the_checked_rows_without_checking_them_again(
    formasi, importer, tmp_path, monkeypatch
):
    def not_again(*args, **kwargs):
        raise AssertionError("the rows were imported row by row")

    monkeypatch.setattr(PegawaiBulkResource, "import_data", not_again)
    assert run(rows_of(15, tmp_path), importer)["new"] == 15
    assert Pegawai.objects.count() == 15


def test_audit_rows_name_the_user_and_the_file(formasi, importer, tmp_path):
    rows = rows_of(5, tmp_path)
    run(rows, importer, name="januari.csv")
    created = Pegawai.history.filter(history_type="+")
    assert created.count() == 5
    assert {(h.history_user_id, h.history_change_reason) for h in created} == {
        (importer.pk, "Impor berkas januari.csv")
    }
    # Each audit row is a full copy of its employee, as django-simple-history writes it.
    fields = [f.attname for f in Pegawai.history.model.tracked_fields]
    for pegawai in Pegawai.objects.all():
        history = created.get(id=pegawai.pk)
        assert [getattr(history, f) for f in fields] == [getattr(pegawai, f) for f in fields]

    rows[1][col("nama")] = "Nama Diganti"
    before = Pegawai.objects.get(nip=rows[1][col("nip")]).updated_at
    run(rows, importer, name="februari.csv")
    changed = Pegawai.history.filter(history_type="~")
    assert [(h.nip, h.nama, h.history_user_id, h.history_change_reason) for h in changed] == [
        (rows[1][col("nip")], "Nama Diganti", importer.pk, "Impor berkas februari.csv")
    ]
    # bulk_update() does not touch auto_now fields by itself: the import does.
    assert Pegawai.objects.get(nip=rows[1][col("nip")]).updated_at > before


def test_one_bad_row_in_the_middle_writes_nothing(formasi, importer, tmp_path):
    existing = PegawaiFactory(instansi=formasi[0].instansi, nama="Nama Lama")
    rows = rows_of(9, tmp_path)
    rows.append([existing.nip, "Nama Baru", *rows[1][2:]])  # a valid update at the end
    rows[5][col("golongan")] = "IX/z"
    with pytest.raises(TugasGagal):
        run(rows, importer)
    assert list(Pegawai.objects.values_list("nip", "nama")) == [(existing.nip, "Nama Lama")]
    assert not Pegawai.history.filter(history_change_reason__startswith="Impor").exists()


def test_a_failure_while_writing_rolls_everything_back(formasi, importer, tmp_path, monkeypatch):
    """The check passed; the write fails at a row in the middle: the row-by-row import runs
    instead, fails at the same row, and rolls back every row before it."""

    def fail(self, instance, row, **kwargs):
        if not kwargs.get("dry_run") and instance.nama == "Gagal Disimpan":
            raise RuntimeError("connection lost")

    monkeypatch.setattr(PegawaiBulkResource, "after_save_instance", fail)
    rows = rows_of(8, tmp_path)
    rows[4][col("nama")] = "Gagal Disimpan"
    with pytest.raises(TugasGagal) as failed:
        run(rows, importer)
    assert failed.value.summary["errors"] == [
        {"row": 5, "column": "", "message": "connection lost"}
    ]
    assert Pegawai.objects.count() == 0


def test_a_change_between_check_and_import_is_caught(formasi, importer, tmp_path, monkeypatch):
    """Someone adds an employee with a NIP of the file after the check: the import step sees
    that the check no longer holds and imports row by row (the row becomes an update)."""
    rows = rows_of(6, tmp_path)
    nip = rows[3][col("nip")]
    validate = PegawaiBulkResource.validate_data

    def check_then_someone_adds(self, dataset):
        result = validate(self, dataset)
        PegawaiFactory(nip=nip, instansi=formasi[0].instansi, nama="Dibuat Orang Lain")
        return result

    monkeypatch.setattr(PegawaiBulkResource, "validate_data", check_then_someone_adds)
    summary = run(rows, importer)
    assert (summary["new"], summary["update"]) == (5, 1)
    assert Pegawai.objects.get(nip=nip).nama == rows[3][col("nama")]
    assert Pegawai.objects.count() == 6


def test_measure_import_leaves_the_database_unchanged(formasi, importer):
    PegawaiFactory(instansi=formasi[0].instansi)
    count = Pegawai.objects.count()
    history = Pegawai.history.count()
    out = bench.measure_import(30, log=lambda *_: None)
    assert out["rows"] == 30
    for key in ("seconds", "rows_per_s", "plain_seconds", "plain_rows_per_s", "ratio"):
        assert out[key] > 0, key
    assert "plain_rows" not in out  # 30 rows: the plain path imported the whole file
    assert Pegawai.objects.count() == count
    assert Pegawai.history.count() == history


def test_measure_import_can_cap_the_plain_path(formasi, importer):
    out = bench.measure_import(12, log=lambda *_: None, plain_max_rows=5)
    assert out["plain_rows"] == 5
    # The rate is of the 5 rows imported, not of the 12 (seconds are rounded to the ms).
    assert out["plain_rows_per_s"] == pytest.approx(5 / out["plain_seconds"], rel=0.2)
    assert Pegawai.objects.count() == 0


def test_existing_rows_are_found_by_their_keys_across_chunks(
    formasi, importer, tmp_path, monkeypatch
):
    from pontianak_mutasi.importing import resources

    monkeypatch.setattr(resources, "PRELOAD_CHUNK", 7)
    rows = rows_of(30, tmp_path)
    assert run(rows, importer)["new"] == 30
    changed = [list(r) for r in rows]
    for row in changed[1:11]:
        row[col("nama")] += " Baru"
    summary = run(changed, importer)
    assert (summary["new"], summary["update"], summary["skip"]) == (0, 10, 20)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL query plan")
def test_on_postgresql_the_keys_are_one_array_joined_not_a_long_in_list(
    formasi, importer, tmp_path
):
    """A long IN list of NIPs made PostgreSQL take the trigram search index and recheck every
    candidate (22 s for 1,500 NIPs at 100,000 employees); one array parameter, joined, walks
    the unique index."""
    rows = rows_of(30, tmp_path)
    with CaptureQueriesContext(connection) as queries:
        run(rows, importer)
    lookups = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT")
        and 'FROM "pegawai_pegawai"' in q["sql"]
        and '"pegawai_pegawai"."nip" IN' in q["sql"]
    ]
    assert lookups
    assert all("unnest(" in sql for sql in lookups), lookups
