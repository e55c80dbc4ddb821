"""Measure the employee import: our path against a plain django-import-export resource.

``measure_import(rows)`` writes a CSV of ``rows`` new, valid employees (fresh NIPs; agency,
unit and position codes taken from existing formasi), imports it with the code the background
job runs (:func:`pegawai.tugas.pegawai_import_dataset`), then with a plain ``ModelResource``
reading the same file. Each import runs inside a transaction that is rolled back: the database
is left as it was. Run it with::

    python -c "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',
        'pontianak_mutasi.settings'); django.setup();
        from pontianak_mutasi.bench.impor import measure_import; print(measure_import(5000))"
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from import_export import fields, resources, widgets

from instansi.models import Formasi, Instansi, Jabatan, UnitKerja
from pegawai.models import Pegawai
from pegawai.resources import PegawaiResource
from pontianak_mutasi.importing import CSV

#: Columns of the generated file: the employee import's own, without the two study-leave and
#: service-bond dates agencies rarely send.
HEADER = [
    name
    for name in PegawaiResource._meta.fields
    if name not in ("tugas_belajar_sampai", "ikatan_dinas_sampai")
]
#: Above this, the plain path is measured on the first rows only: on 2 shared cores it does
#: 120-230 rows/s (a savepoint and several queries per row), the whole 100,000 rows take 7 to
#: 15 minutes. Its rate hardly depends on the file's size (229 rows/s on 100,000 rows, 224 on
#: their first 10,000, in docs/tugas.md).
PLAIN_MAX_ROWS = 10_000

FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rudi", "Wati", "Andi", "Rina", "Hendra", "Yuni"]
LAST = ["Santoso", "Lestari", "Wijaya", "Rahayu", "Saputra", "Pratama", "Hidayat", "Kurniawan"]
PLACES = ["Pontianak", "Singkawang", "Sambas", "Ketapang", "Sintang", "Mempawah"]
#: SIASN codes (III/a … IV/a, II/c): both resources read them, only ours reads "III/a".
GOLONGAN = ["31", "32", "33", "34", "41", "23"]


class PlainPegawaiResource(resources.ModelResource):
    """django-import-export as it comes: library defaults, codes read with ForeignKeyWidget.

    The generated file is written so that both resources read it: ISO dates, stored values.
    """

    instansi = fields.Field(
        attribute="instansi",
        column_name="instansi",
        widget=widgets.ForeignKeyWidget(Instansi, field="kode"),
    )
    unit = fields.Field(
        attribute="unit",
        column_name="unit",
        widget=widgets.ForeignKeyWidget(UnitKerja, field="kode"),
    )
    jabatan = fields.Field(
        attribute="jabatan",
        column_name="jabatan",
        widget=widgets.ForeignKeyWidget(Jabatan, field="kode"),
    )

    class Meta:
        model = Pegawai
        fields = PegawaiResource._meta.fields
        import_id_fields = ("nip",)


def _combinations() -> list[tuple[str, str, str]]:
    """(agency, unit, position) codes of existing formasi whose unit is in its agency and
    unique by code (the plain resource finds a unit by its code alone)."""
    units_per_code: dict[str, int] = {}
    for kode in UnitKerja.objects.values_list("kode", flat=True):
        units_per_code[kode] = units_per_code.get(kode, 0) + 1
    combos = []
    for instansi, unit, jabatan in Formasi.objects.filter(unit__isnull=False).values_list(
        "instansi__kode", "unit__kode", "jabatan__kode"
    ):
        if units_per_code.get(unit) == 1:
            combos.append((instansi, unit, jabatan))
    if not combos:
        raise RuntimeError("No formasi with a unit: seed the database first (seed_demo).")
    return combos


def _nips(count: int, rng: random.Random) -> list[tuple[str, dt.date, dt.date, str]]:
    """``count`` fresh PNS NIPs: (nip, birth date, TMT CPNS, gender), none in the database."""
    taken = set(Pegawai.objects.values_list("nip", flat=True))
    out = []
    while len(out) < count:
        born = dt.date(rng.randint(1965, 1999), rng.randint(1, 12), rng.randint(1, 28))
        tmt = dt.date(born.year + rng.randint(22, 30), rng.randint(1, 12), 1)
        gender = rng.choice("12")
        nip = f"{born:%Y%m%d}{tmt:%Y%m}{gender}{rng.randint(1, 999):03d}"
        if nip not in taken:
            taken.add(nip)
            out.append((nip, born, tmt, "L" if gender == "1" else "P"))
    return out


def write_csv(path: Path, rows: int, *, seed: int = 8) -> None:
    rng = random.Random(seed)
    combos = _combinations()
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i, (nip, born, tmt, gender) in enumerate(_nips(rows, rng)):
            instansi, unit, jabatan = rng.choice(combos)
            writer.writerow(
                [
                    nip,
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "",
                    rng.choice(["", "S.E.", "S.Kom.", "S.Sos."]),
                    rng.choice(PLACES),
                    f"{born:%Y-%m-%d}",
                    gender,
                    "pns",
                    rng.choice(GOLONGAN),
                    f"{tmt.replace(year=tmt.year + 4):%Y-%m-%d}",
                    instansi,
                    unit,
                    jabatan,
                    f"{tmt.replace(year=tmt.year + 2):%Y-%m-%d}",
                    f"{tmt:%Y-%m-%d}",
                    f"{tmt.replace(year=tmt.year + 1):%Y-%m-%d}",
                    f"pegawai{i}@example.go.id",
                    "1",
                ]
            )


def _dataset(path: Path):
    return CSV().create_dataset(path.read_bytes())


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Seconds taken by ``run()`` inside a transaction that is rolled back afterwards: wall
    clock, and this process's CPU time (the database server's is not in it)."""
    start, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        run()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        transaction.set_rollback(True)
    return seconds, cpu


def measure_import(rows: int, *, log=print, plain_max_rows: int = PLAIN_MAX_ROWS) -> dict:
    """Import ``rows`` new employees both ways; the database is left unchanged.

    The plain resource imports the first ``min(rows, plain_max_rows)`` rows of the same file;
    when that is fewer than ``rows`` the result says so in ``plain_rows``."""
    from pegawai.tugas import pegawai_import_dataset
    from pontianak_mutasi.models import User

    user = User.objects.filter(is_superuser=True).first() or User.objects.first()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pegawai-bench.csv"
        log(f"writing {rows} rows to {path}")
        write_csv(path, rows)

        def ours():
            summary = pegawai_import_dataset(
                _dataset(path), user=user, file_name=path.name, report=None
            )
            if summary["new"] != rows:
                raise RuntimeError(f"our import did not create {rows} rows: {summary}")

        log("our import…")
        seconds, cpu = _timed(ours)
        log(f"  {seconds:.1f} s, {rows / seconds:.0f} rows/s")

        plain_rows = min(rows, plain_max_rows)

        def plain():
            dataset = _dataset(path)
            if plain_rows < rows:
                del dataset[plain_rows:]
            result = PlainPegawaiResource().import_data(dataset, dry_run=False)
            if result.has_errors() or result.has_validation_errors():
                raise RuntimeError("the plain import failed on the generated file")

        log(f"plain ModelResource on {plain_rows} rows…")
        plain_seconds, plain_cpu = _timed(plain)
        log(f"  {plain_seconds:.1f} s, {plain_rows / plain_seconds:.0f} rows/s")

    rate = rows / seconds
    plain_rate = plain_rows / plain_seconds
    out = {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_s": round(rate, 1),
        "plain_seconds": round(plain_seconds, 3),
        "plain_rows_per_s": round(plain_rate, 1),
        "ratio": round(rate / plain_rate, 2),
        # The rates are wall clock. On a shared machine they depend on the other processes:
        # the CPU seconds of this process and the load average say how busy it was.
        "cpu_seconds": round(cpu, 3),
        "plain_cpu_seconds": round(plain_cpu, 3),
        "load_average": round(os.getloadavg()[0], 2),
    }
    if plain_rows < rows:
        out["plain_rows"] = plain_rows
    return out
