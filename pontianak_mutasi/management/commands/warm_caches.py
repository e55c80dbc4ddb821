"""Compute and keep the figures that are too costly for a page view: the dashboard of every
scope and the ranked candidate pool of every position with a shortage.

Run by the systemd timer simutasi-warm.timer every ten minutes (deploy/) and once after a
deploy, so that no visitor waits for a computation: the pages serve kept figures and refresh
them in the background once older than DASHBOARD_CACHE_SECONDS / RECOMMEND_POOL_SECONDS
(pontianak_mutasi/cache_segar.py). Needs the cache shared with the web servers (Redis).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

PARTS = ("dasbor", "rekomendasi")


class Command(BaseCommand):
    help = (
        "Compute and keep the dashboard figures (per scope) and the recommendation pools "
        "(per position with a shortage) in the shared cache."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only", default=",".join(PARTS), help=f"Comma-separated: {', '.join(PARTS)}."
        )

    def handle(self, *args, only: str = "", **options) -> None:
        parts = {p.strip() for p in only.split(",") if p.strip()}
        if "dasbor" in parts:
            self._dasbor()
        if "rekomendasi" in parts:
            self._rekomendasi()

    def _dasbor(self) -> None:
        from pontianak_mutasi.dasbor import dasbor_refresh, scope_of
        from pontianak_mutasi.models import User

        if settings.SIMUTASI["DASHBOARD_CACHE_SECONDS"] <= 0:
            self.stdout.write("Dashboard: not kept (DASHBOARD_CACHE_SECONDS is 0).")
            return
        # One user per scope: the province (every BKD role), or one agency and its children
        # (not the empty one of a user with neither).
        scopes: dict[str, int] = {}
        for user in User.objects.filter(is_active=True).order_by("pk"):
            if user.sees_all_agencies or user.instansi_id:
                scopes.setdefault(scope_of(user), user.pk)
        started = time.monotonic()
        tahun = timezone.localdate().year
        for user_id in scopes.values():
            dasbor_refresh(user_id=user_id, tahun=tahun, bahasa=settings.LANGUAGE_CODE)
        self.stdout.write(f"Dashboard: {len(scopes)} scopes in {time.monotonic() - started:.1f} s.")

    def _rekomendasi(self) -> None:
        from instansi.models import Formasi
        from instansi.rekomendasi import default_tmt, pool_refresh, pool_seconds
        from instansi.selectors import formasi_annotated, formasi_shortage

        if pool_seconds() <= 0:
            self.stdout.write("Recommendations: not kept (RECOMMEND_POOL_SECONDS is 0).")
            return
        shortage = formasi_shortage(
            formasi_annotated(Formasi.objects.filter(instansi__is_external=False))
        )
        jabatan_ids = sorted({f.jabatan_id for f in shortage})
        started = time.monotonic()
        tmt = default_tmt()
        for jabatan_id in jabatan_ids:
            pool_refresh(jabatan_id=jabatan_id, tmt=tmt)
        self.stdout.write(
            f"Recommendations: {len(jabatan_ids)} positions in {time.monotonic() - started:.1f} s."
        )
