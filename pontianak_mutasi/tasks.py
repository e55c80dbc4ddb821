"""The background-job task (django.tasks; the django-tasks-db worker in production,
ImmediateBackend in tests). It takes the job's id and does its work through the service."""

from __future__ import annotations

from django.tasks import task


@task
def tugas_run(tugas_id: int) -> None:
    """Run one background job (Tugas) by id; retry = enqueue again (tugas_retry)."""
    from pontianak_mutasi.tugas.services import tugas_run as run

    run(tugas_id=tugas_id)


@task
def dasbor_refresh(user_id: int, tahun: int, bahasa: str) -> None:
    """Recompute the dashboard figures of a user's scope and keep them (stale-while-revalidate:
    pontianak_mutasi.cache_segar)."""
    from pontianak_mutasi.dasbor import dasbor_refresh as run

    run(user_id=user_id, tahun=tahun, bahasa=bahasa)
