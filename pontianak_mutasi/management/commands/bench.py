"""``python manage.py bench``: the benchmark at national scale (``make bench``, issue 8).

Seeds the PostgreSQL database of ``DATABASE_URL`` (once: a database that already holds the
benchmark's employees is reused) and measures pages, the employee import, decree PDFs and
HTTP throughput; writes ``bench-results.json`` and prints a table with the targets.
docs/benchmarks.md explains the figures. Output is developer-facing text (not gettext).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Count

from instansi.models import Formasi, Instansi, UnitKerja
from mutasi.models import StatusSK, SuratKeputusan, UsulanMutasi
from pegawai.models import Pegawai
from pontianak_mutasi.bench import seed as bench_seed
from pontianak_mutasi.bench.pages import PAGE_MAX_QUERIES, measure_pages

PARTS = ("pages", "import", "pdf", "http")

# Issue 8's targets at 100,000 employees on a 2-core machine.
PAGE_TARGET_MS = {
    "rekomendasi": 300,
    "rekomendasi_tanpa_cache": 300,
    "dasbor": 300,
    "dasbor_tanpa_cache": 300,
}
SPEED_LOOPS = 1_000_000
PAGE_TARGET_DEFAULT_MS = 50
IMPORT_MIN_ROWS_PER_S = 2000
IMPORT_MIN_RATIO = 5
PDF_MAX_COLLECTIVE_S = 20
HTTP_MIN_RATIO = 0.30


def default_size() -> int:
    return int(os.environ.get("BENCH_SIZE", "100000"))


def ensure_database(db: dict) -> None:
    """Create the benchmark's database if it does not exist yet (before Django connects)."""
    import psycopg
    from psycopg import sql

    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    try:
        with psycopg.connect(dbname=db["NAME"], **params):
            return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise CommandError(f"PostgreSQL is not reachable: {exc}") from exc
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def vacuum() -> None:
    """VACUUM ANALYZE now, so that autovacuum does not start on the freshly written tables in
    the middle of a measurement (seen: the import at a fifth of its speed) and the planner
    has statistics."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def speed_reference() -> float:
    """Milliseconds for a fixed pure-Python loop (median of five): how fast this machine's
    interpreter ran at the time, to compare figures from different machines or moments (the
    same VM has run 1.6× slower from one run to the next)."""
    times = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(SPEED_LOOPS):
            total += i * i % 7
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def machine() -> dict:
    info = {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "speed_reference_ms_before": speed_reference(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        info["postgresql"] = cursor.fetchone()[0]
    return info


class Command(BaseCommand):
    help = (
        "Seed a PostgreSQL database with BENCH_SIZE employees (default 100,000) and measure "
        "pages, import, PDFs and HTTP throughput; writes bench-results.json."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", type=int, default=None, help="Employees (BENCH_SIZE).")
        parser.add_argument("--repeat", type=int, default=40, help="Timed requests per page.")
        parser.add_argument(
            "--only", default=",".join(PARTS), help=f"Comma-separated parts: {', '.join(PARTS)}."
        )
        parser.add_argument("--output", default=str(settings.BASE_DIR / "bench-results.json"))
        parser.add_argument("--http-seconds", type=int, default=10)
        parser.add_argument(
            "--import-rows", type=int, default=None, help="Rows to import (default BENCH_SIZE)."
        )

    def handle(self, *args, size=None, repeat=40, only="", output="", **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The benchmark runs on PostgreSQL: set DATABASE_URL (make bench uses "
                "postgres://postgres@127.0.0.1:5432/simutasi_bench by default)."
            )
        ensure_database(settings.DATABASES["default"])
        size = size or default_size()
        parts = [p.strip() for p in only.split(",") if p.strip()]
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise CommandError(f"Unknown parts: {', '.join(sorted(unknown))}.")
        write = self.stdout.write
        results: dict = {
            "size": size,
            "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": machine(),
        }
        results["seed"] = self._seed(size)
        results["data"] = self._data()
        write(f"Data: {json.dumps(results['data'])}")

        if "pages" in parts:
            write("Pages (server time in this process, DEBUG off):")
            results["pages"] = measure_pages(repeat=repeat, log=write)
        if "import" in parts:
            from pontianak_mutasi.bench.impor import measure_import

            write("Import:")
            results["import"] = measure_import(options["import_rows"] or size, log=write)
            vacuum()  # the rolled-back rows are dead tuples now
        if "pdf" in parts:
            from pontianak_mutasi.bench.pdf import measure_pdf

            write("Decree PDFs:")
            results["pdf"] = measure_pdf(log=write)
        if "http" in parts:
            from pontianak_mutasi.bench.http import measure_http

            write("HTTP (gunicorn, wrk on loopback):")
            results["http"] = measure_http(duration=options["http_seconds"], log=write)

        results["machine"]["speed_reference_ms_after"] = speed_reference()
        results["targets"] = check_targets(results)
        Path(output).write_text(json.dumps(results, indent=2, default=str) + "\n")
        write("")
        for line in table(results):
            write(line)
        write(f"\nWritten to {output}")

    # -- seeding ------------------------------------------------------------------------------
    def _seed(self, size: int) -> dict:
        write = self.stdout.write
        call_command("migrate", verbosity=0, interactive=False)
        have = Pegawai.objects.count()
        info = {"reused": have > 0}
        if have == 0:
            write(f"Seeding {size} employees and {bench_seed.TEMPLATES} proposals by the services…")
            started = time.monotonic()
            call_command("seed_demo", size=size, proposals=bench_seed.TEMPLATES, verbosity=0)
            info["seed_demo_s"] = round(time.monotonic() - started, 1)
        elif abs(have - size) > size * 0.02:
            raise CommandError(
                f"The database holds {have} employees, not about {size}: use an empty database "
                "for the benchmark (or BENCH_SIZE={have})."
            )
        target = round(size * bench_seed.SHARE)
        if UsulanMutasi.objects.count() < target:
            write(f"Copying proposals up to {target}…")
            copied = bench_seed.copy_proposals(target, log=write)
            info["copy_s"] = round(copied.seconds, 1)
            info["copied"] = {
                "usulan": copied.usulan,
                "log": copied.log,
                "dokumen": copied.dokumen,
                "sk": copied.sk,
            }
        if not info["reused"] or "copy_s" in info:
            vacuum()
        return info

    def _data(self) -> dict:
        agencies = Instansi.objects.filter(is_external=False).count()
        return {
            "employees": Pegawai.objects.count(),
            "agencies": agencies,
            "units": UnitKerja.objects.count(),
            "formasi": Formasi.objects.count(),
            "proposals": UsulanMutasi.objects.count(),
            "proposals_by_state": dict(
                UsulanMutasi.objects.order_by()
                .values_list("status")
                .annotate(n=Count("pk"))
                .order_by("status")
            ),
            "decrees": SuratKeputusan.objects.exclude(status=StatusSK.DRAFT).count(),
        }


def _at_most(value, limit) -> dict:
    return {"target": f"<= {limit}", "value": value, "ok": value <= limit}


def _at_least(value, limit) -> dict:
    return {"target": f">= {limit}", "value": value, "ok": value >= limit}


def check_targets(results: dict) -> dict:
    """Each target: {"target", "value", "ok"}."""
    checks = {}
    for key, page in results.get("pages", {}).items():
        limit = PAGE_TARGET_MS.get(key, PAGE_TARGET_DEFAULT_MS)
        checks[f"pages.{key}.p95_ms"] = _at_most(page["p95_ms"], limit)
        checks[f"pages.{key}.queries"] = _at_most(page["queries"], PAGE_MAX_QUERIES[key])
    if imp := results.get("import"):
        checks["import.rows_per_s"] = _at_least(imp["rows_per_s"], IMPORT_MIN_ROWS_PER_S)
        checks["import.ratio"] = _at_least(imp["ratio"], IMPORT_MIN_RATIO)
    if pdf := results.get("pdf"):
        checks["pdf.collective_500_s"] = _at_most(pdf["collective_500_s"], PDF_MAX_COLLECTIVE_S)
    if http := results.get("http"):
        checks["http.ratio"] = _at_least(http["ratio"], HTTP_MIN_RATIO)
        # Every request rendered (a browser without the CSRF cookie yet): the page's own cost.
        checks["http.rendered_ratio"] = _at_least(http["rendered_ratio"], HTTP_MIN_RATIO)
    return checks


def table(results: dict) -> list[str]:
    """The readable table (Markdown, so docs/benchmarks.md can take it as it is)."""
    lines = []
    if results.get("pages"):
        lines += ["| Page | p50 ms | p95 ms | queries | target p95 |", "|---|---:|---:|---:|---|"]
        for key, page in results["pages"].items():
            check = results["targets"][f"pages.{key}.p95_ms"]
            queries = results["targets"][f"pages.{key}.queries"]
            mark = "ok" if check["ok"] else "MISSED"
            if not queries["ok"]:
                mark += f", queries > {queries['target'][3:]}"
            lines.append(
                f"| {page['label']} | {page['p50_ms']} | {page['p95_ms']} | {page['queries']} "
                f"| {check['target']} ms {mark} |"
            )
        lines.append("")
    others = [(k, v) for k, v in results.get("targets", {}).items() if not k.startswith("pages.")]
    if others:
        lines += ["| Measure | value | target |", "|---|---:|---|"]
        for key, check in others:
            mark = "ok" if check["ok"] else "MISSED"
            lines.append(f"| {key} | {check['value']} | {check['target']} {mark} |")
    return lines
