"""Background work of the planning side (django.tasks; the django-tasks-db worker in
production, ImmediateBackend in tests). Tasks take ids and do their work through a service."""

from __future__ import annotations

import datetime as dt

from django.tasks import task


@task
def rekomendasi_pool_refresh(jabatan_id: int, tmt: str) -> None:
    """Rank a position's candidate pool again and keep it (instansi.rekomendasi.kept_pool)."""
    from instansi.rekomendasi import pool_refresh

    pool_refresh(jabatan_id=jabatan_id, tmt=dt.date.fromisoformat(tmt))
