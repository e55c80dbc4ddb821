"""Background jobs: create (enqueue after commit), run (the task worker's side), retry.

A kind's work is a *handler* in the app that owns the data, named in ``HANDLERS``:
``handler(tugas, report) -> Hasil``. It calls ``report.step(...)`` at each step and
``report(done, total)`` per row, raises :class:`TugasGagal` with a message for the user when
the job cannot succeed (a file with errors, a filter no longer valid), and returns the
summary and the result file. Anything else it raises is an unexpected failure: logged with
its traceback, shown to the user as a short message, retryable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from typing import IO, TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from pontianak_mutasi.models import JenisTugas, StatusTugas, Tugas
from pontianak_mutasi.tugas.progress import ProgressReporter, progress_clear
from pontianak_mutasi.tugas.selectors import tugas_can_retry, tugas_may_manage

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from pontianak_mutasi.models import User

logger = logging.getLogger(__name__)

HANDLERS: dict[str, str] = {
    JenisTugas.IMPOR_PEGAWAI: "pegawai.tugas.impor_pegawai",
    JenisTugas.EKSPOR_PEGAWAI: "pegawai.tugas.ekspor_pegawai",
    JenisTugas.EKSPOR_ROTASI: "pegawai.tugas.ekspor_rotasi",
}


class TugasGagal(Exception):
    """The job cannot succeed; ``message`` is for the user, ``summary`` kept with it."""

    def __init__(self, message: str, summary: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.summary = summary or {}


@dataclass
class Hasil:
    """What a handler returns: the summary and, for an export, the file and its name."""

    summary: dict = field(default_factory=dict)
    file: IO[bytes] | None = None
    filename: str = ""


# -- create and retry (the web side) --------------------------------------------------------


def _enqueue(tugas_id: int) -> None:
    from pontianak_mutasi.tasks import tugas_run

    result = tugas_run.enqueue(tugas_id)
    Tugas.objects.filter(pk=tugas_id).update(task_id=result.id[:64])


def tugas_create(
    *,
    owner: User,
    jenis: str,
    params: dict | None = None,
    input_file: UploadedFile | None = None,
) -> Tugas:
    """A pending job, queued for the worker once the row is committed.

    The messages and headers the job writes use the language active now (the requester's).
    """
    if jenis not in JenisTugas.values:
        raise ValidationError(_("Unknown kind of job."))
    tugas = Tugas(
        owner=owner,
        jenis=jenis,
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if input_file is not None:
        tugas.input_name = PurePath(input_file.name).name[:255]
        tugas.input_file.save(tugas.input_name, input_file, save=False)
    with transaction.atomic():
        tugas.save()
        # After commit: the worker must find the row (and its file) when it starts.
        transaction.on_commit(partial(_enqueue, tugas.pk))
    return tugas


def tugas_retry(*, actor: User, tugas: Tugas) -> Tugas:
    """Queue a failed job again — or a running one whose worker died (tugas_is_stale)."""
    if not tugas_may_manage(actor, tugas):
        raise PermissionDenied(_("Only the owner of a job or an administrator may retry it."))
    with transaction.atomic():
        # The lock makes two clicks on "Try again" queue the job once.
        locked = Tugas.objects.select_for_update().get(pk=tugas.pk)
        if not tugas_can_retry(locked):
            raise ValidationError(_("Only a failed job can be tried again."))
        locked.status = StatusTugas.PENDING
        locked.phase = ""
        locked.progress_done = locked.progress_total = 0
        locked.error = ""
        locked.summary = {}
        locked.started_at = locked.finished_at = None
        locked.save(
            update_fields=[
                "status",
                "phase",
                "progress_done",
                "progress_total",
                "error",
                "summary",
                "started_at",
                "finished_at",
                "updated_at",
            ]
        )
        transaction.on_commit(partial(_enqueue, locked.pk))
    return locked


# -- run (the worker side) ------------------------------------------------------------------


def tugas_run(*, tugas_id: int) -> None:
    """The task's work: claim the job, run its handler, record the outcome.

    Every write here is a single UPDATE in autocommit, never inside the handler's own
    transaction, so the result page sees each step as soon as it starts.
    """
    now = timezone.now()
    # Claiming is one conditional UPDATE: two workers given the same job cannot both run it.
    claimed = Tugas.objects.filter(pk=tugas_id, status=StatusTugas.PENDING).update(
        status=StatusTugas.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        finished_at=None,
        updated_at=now,
    )
    if not claimed:
        return  # done, failed, already running, or deleted
    tugas = Tugas.objects.select_related("owner").get(pk=tugas_id)
    report = ProgressReporter(tugas)
    with translation.override(tugas.language or settings.LANGUAGE_CODE):
        try:
            handler = import_string(HANDLERS[tugas.jenis])
            hasil = handler(tugas, report)
            # Inside the try: a full disk fails the job instead of leaving it "running".
            stored = _store_result(tugas, hasil)
        except TugasGagal as exc:
            _finish(tugas, report, StatusTugas.FAILED, error=exc.message, summary=exc.summary)
        except Exception as exc:
            logger.exception("Background job %s (%s) failed", tugas.pk, tugas.jenis)
            message = _(
                "The job stopped because of an unexpected error (%(error)s). Try again; if it "
                "fails again, tell the administrator."
            ) % {"error": f"{type(exc).__name__}: {exc}"[:500]}
            _finish(tugas, report, StatusTugas.FAILED, error=message)
        else:
            _finish(tugas, report, StatusTugas.DONE, summary=hasil.summary, stored=stored)


def _store_result(tugas: Tugas, hasil: Hasil) -> tuple[str, str]:
    """Save the handler's file in private media: (storage name, download name)."""
    if hasil.file is None:
        return "", ""
    field_ = Tugas._meta.get_field("result_file")
    filename = PurePath(hasil.filename or "hasil").name
    with hasil.file:
        hasil.file.seek(0)
        name = field_.storage.save(field_.generate_filename(tugas, filename), File(hasil.file))
    return name, filename


def _finish(
    tugas: Tugas,
    report: ProgressReporter,
    status: str,
    *,
    error: str = "",
    summary: dict | None = None,
    stored: tuple[str, str] = ("", ""),
) -> None:
    result_name, filename = stored
    # Only while the job is still this attempt's: a job retried meanwhile (its worker was
    # thought dead) keeps the new attempt's outcome.
    written = Tugas.objects.filter(
        pk=tugas.pk, attempts=tugas.attempts, status=StatusTugas.RUNNING
    ).update(
        status=status,
        error=error,
        summary=summary or {},
        result_file=result_name,
        result_name=filename,
        # Where it stopped: a failed import shows the step and row it reached.
        phase=report.phase,
        progress_done=report.done,
        progress_total=report.total,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not written and result_name:
        Tugas._meta.get_field("result_file").storage.delete(result_name)
    progress_clear(tugas.pk, tugas.attempts)
