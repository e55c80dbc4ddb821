"""Server time and SQL query count of the pages people wait on, at the benchmark's size.

Each page is requested in this process through Django's test client (the whole middleware
stack, view and template; no network, no browser), as the user who would open it: the BKD's
administrator for the province-wide lists, the approving official for the approval queue.
Two warm-up requests, then ``repeat`` timed ones with varying inputs (other names, NIPs,
proposals, positions), then one more under ``CaptureQueriesContext`` for the query count (its
debug cursor costs time, so it is not one of the timed requests). Settings as in production:
``DEBUG`` off.
"""

from __future__ import annotations

import io
import logging
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from instansi.models import Formasi
from instansi.selectors import formasi_annotated, formasi_shortage
from mutasi.models import UsulanMutasi
from pegawai.models import Pegawai
from pegawai.referensi import Golongan
from pontianak_mutasi.models import User

#: The most SQL queries each page may make, whatever the number of rows: enforced by
#: tests/pontianak_mutasi/test_bench.py on a small province and checked again by the benchmark
#: at its size.
PAGE_MAX_QUERIES = {
    "pegawai_cari_nama": 10,
    "pegawai_cari_nip": 10,
    "pegawai_saring": 11,
    "pegawai_detail": 13,
    "usulan_list": 17,
    "usulan_list_tanpa_cache": 17,
    "usulan_detail": 27,
    "antrian_persetujuan": 17,
    "antrian_persetujuan_tanpa_cache": 17,
    "kesenjangan": 6,
    "kesenjangan_tanpa_cache": 6,
    # Pools kept: the candidates are loaded when the rules reach them (two loads of six
    # queries at most, one more for any without a kept partial score, up to five rounds of the
    # movable check); a position's first visit on a cold cache also ranks the pool and scores
    # its best (nine). Whatever the data, never more.
    "rekomendasi": 46,
    "rekomendasi_tanpa_cache": 23,
    "dasbor": 8,
    "dasbor_tanpa_cache": 14,
}


@dataclass
class Page:
    key: str
    label: str
    username: str
    urls: list[str]
    #: SIMUTASI settings changed for this page only.
    simutasi: dict | None = None
    #: A part of ``manage.py warm_caches`` run first, as the deployment's timer does.
    warm: str = ""


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0–1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def pages(*, samples: int, seed: int = 1) -> list[Page]:
    """The benchmarked pages with ``samples`` inputs each, drawn from the data."""
    rng = random.Random(f"{seed}:pages")
    everyone = list(
        Pegawai.objects.filter(is_active=True).order_by("pk").values_list("nip", "nama")
    )
    people = rng.sample(everyone, min(samples, len(everyone)))
    words = [nama.split()[0] for _nip, nama in people]
    nips = [nip for nip, _nama in people]
    agencies = list(
        Pegawai.objects.filter(is_active=True)
        .values_list("instansi_id", flat=True)
        .order_by("instansi_id")
        .distinct()
    )
    golongan = [g for g in Golongan.values if g[0] in "234"]
    # Drawn by the seeded generator, as the other inputs: the same proposals in every run (with
    # ORDER BY random() each run had its own mix of open and closed ones, and the detail's
    # figures moved with it).
    numbers = list(UsulanMutasi.objects.order_by("pk").values_list("nomor", flat=True))
    nomor = rng.sample(numbers, min(samples, len(numbers)))
    shortage = list(
        formasi_shortage(formasi_annotated(Formasi.objects.filter(instansi__is_external=False)))
        .annotate(kode=F("instansi__kode"))
        .order_by("pk")
    )
    formasi = rng.sample(shortage, min(10, len(shortage)))

    def cycle(items: list[str]) -> list[str]:
        return [items[i % len(items)] for i in range(samples)]

    lst = reverse("pegawai:list")
    # As served: a page the user saw before comes from the validated page cache while no
    # data changed (pontianak_mutasi/cache_halaman.py); and rendered on every request, the
    # cost after any write.
    kept = {"PAGE_CACHE_SECONDS": 600}
    rendered = {"PAGE_CACHE_SECONDS": 0}
    return [
        Page("pegawai_cari_nama", "Employee list, name search", "admin_bkd",
             [f"{lst}?q={w}" for w in cycle(words)]),
        Page("pegawai_cari_nip", "Employee list, NIP prefix", "admin_bkd",
             [f"{lst}?q={n[:8]}" for n in cycle(nips)]),
        Page("pegawai_saring", "Employee list, filtered", "admin_bkd",
             [f"{lst}?instansi={rng.choice(agencies)}&golongan={rng.choice(golongan)}"
              for _ in range(samples)]),
        Page("pegawai_detail", "Employee detail", "admin_bkd",
             [reverse("pegawai:detail", args=[n]) for n in cycle(nips)]),
        Page("usulan_list", "Proposal list", "admin_bkd",
             [reverse("mutasi:list")] * samples, simutasi=kept),
        Page("usulan_list_tanpa_cache", "Proposal list, rendered (after a write)", "admin_bkd",
             [reverse("mutasi:list")] * samples, simutasi=rendered),
        Page("usulan_detail", "Proposal detail", "admin_bkd",
             [reverse("mutasi:detail", args=[n]) for n in cycle(nomor)]),
        Page("antrian_persetujuan", "Approval queue", "pejabat",
             [reverse("mutasi:antrian_persetujuan")] * samples, simutasi=kept),
        Page("antrian_persetujuan_tanpa_cache", "Approval queue, rendered (after a write)",
             "pejabat", [reverse("mutasi:antrian_persetujuan")] * samples, simutasi=rendered),
        Page("kesenjangan", "Agency gap table", "admin_bkd",
             [reverse("instansi:kesenjangan")] * samples, simutasi=kept),
        Page("kesenjangan_tanpa_cache", "Agency gap table, rendered (after a write)",
             "admin_bkd", [reverse("instansi:kesenjangan")] * samples, simutasi=rendered),
        # As served: the positions' ranked pools kept (warm_caches, as the timer runs it);
        # and ranked in the request, the cost when a pool is missing (first ask, cold cache).
        Page("rekomendasi", "Recommendations for one position", "admin_bkd",
             [reverse("instansi:formasi_rekomendasi", args=[f.kode, f.pk])
              for f in cycle(formasi)], simutasi={"RECOMMEND_POOL_SECONDS": 900},
             warm="rekomendasi"),
        Page("rekomendasi_tanpa_cache", "Recommendations, pool ranked in the request",
             "admin_bkd",
             [reverse("instansi:formasi_rekomendasi", args=[f.kode, f.pk])
              for f in cycle(formasi)], simutasi={"RECOMMEND_POOL_SECONDS": 0}),
        # As served: figures cached per scope for DASHBOARD_CACHE_SECONDS (the warm-up
        # request computes them); and computed on every request, the cost of a cache miss.
        Page("dasbor", "Dashboard", "admin_bkd", [reverse("dasbor")] * samples,
             simutasi={"DASHBOARD_CACHE_SECONDS": 300}),
        Page("dasbor_tanpa_cache", "Dashboard, figures computed (cold)", "admin_bkd",
             [reverse("dasbor")] * samples, simutasi={"DASHBOARD_CACHE_SECONDS": 0}),
    ]  # fmt: skip


def measure_pages(
    *, repeat: int = 40, seed: int = 1, only: list[str] | None = None,
    log: Callable[[str], None] = print,
) -> dict:  # fmt: skip
    """``{key: {"p50_ms", "p95_ms", "queries", "requests", "label"}}`` for every page."""
    results = {}
    clients: dict[str, Client] = {}
    # The per-request log line (and axes' sign-in lines) would bury the table: the records
    # are still made, only dropped below WARNING.
    quiet = [logging.getLogger(name) for name in ("simutasi.request", "axes")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.WARNING)
    # Persistent connections, as in production (settings: DATABASE_CONN_MAX_AGE); a new
    # connection per request would add its setup and a cold catalogue cache to every page.
    conn_max_age = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = max(conn_max_age or 0, 600)
    try:
        with override_settings(
            DEBUG=False, ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False
        ):
            for page in pages(samples=repeat, seed=seed):
                if only and page.key not in only:
                    continue
                if page.username not in clients:
                    client = Client()
                    client.force_login(User.objects.get(username=page.username))
                    clients[page.username] = client
                client = clients[page.username]
                with override_settings(SIMUTASI={**settings.SIMUTASI, **(page.simutasi or {})}):
                    warm_s = None
                    if page.warm:
                        started = time.perf_counter()
                        call_command("warm_caches", only=page.warm, stdout=io.StringIO())
                        warm_s = round(time.perf_counter() - started, 1)
                    for url in page.urls[:2]:
                        _get(client, url)
                    times = []
                    for url in page.urls:
                        started = time.perf_counter()
                        _get(client, url)
                        times.append((time.perf_counter() - started) * 1000)
                    with CaptureQueriesContext(connection) as queries:
                        _get(client, page.urls[-1])
                results[page.key] = {
                    "label": page.label,
                    "p50_ms": round(statistics.median(times), 1),
                    "p95_ms": round(percentile(times, 0.95), 1),
                    "queries": len(queries),
                    "requests": len(times),
                }
                if warm_s is not None:
                    results[page.key]["warm_s"] = warm_s
                r = results[page.key]
                log(f"  {page.label:<36} p50 {r['p50_ms']:>7.1f} ms  p95 {r['p95_ms']:>7.1f} ms  "
                    f"{r['queries']:>3} queries")  # fmt: skip
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = conn_max_age
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
    return results


def _get(client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
