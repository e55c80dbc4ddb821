"""The background-job task (django.tasks; the django-tasks-db worker in production,
ImmediateBackend in tests). It takes the job's id and does its work through the service."""

from __future__ import annotations

from django.tasks import task


@task
def tugas_run(tugas_id: int) -> None:
    """Run one background job (Tugas) by id; retry = enqueue again (tugas_retry)."""
    from pontianak_mutasi.tugas.services import tugas_run as run

    run(tugas_id=tugas_id)
