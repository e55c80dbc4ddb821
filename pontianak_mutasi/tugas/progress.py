"""Live progress of a running job, shared between the task worker and the web server.

Why the cache and not the job row: an import's write step runs in one transaction (all or
nothing). Whatever that transaction writes — a progress column included — is invisible to
other connections until it commits, and on SQLite it holds the database's only write lock, so
a second connection could not even update the row. The worker therefore writes the row only
at step boundaries (outside any transaction) and reports rows done through the cache, which
settings.CACHES makes cross-process (Redis, or files on the host). Readers merge the two:
the cache while it has this attempt's entry, the row otherwise — so a cache that is cleared
or not shared only makes the bar coarser, never wrong.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import timezone

if TYPE_CHECKING:
    from pontianak_mutasi.models import Tugas

# A day is longer than any job; an entry left behind by a dead worker expires by itself.
TIMEOUT = 24 * 3600
# Seconds between two row reports written to the cache (the browser polls every 1.5 s).
REPORT_INTERVAL = 0.25


def _key(tugas_id: int, attempt: int) -> str:
    # Per attempt: a retried job never shows the previous attempt's numbers.
    return f"tugas:{tugas_id}:{attempt}:progress"


@dataclass(frozen=True)
class Snapshot:
    phase: str
    done: int
    total: int
    at: float  # Unix time of the report: the worker's heartbeat


def progress_write(tugas_id: int, attempt: int, *, phase: str, done: int, total: int) -> None:
    cache.set(
        _key(tugas_id, attempt),
        {"phase": phase, "done": int(done), "total": int(total), "at": time.time()},
        TIMEOUT,
    )


def progress_read(tugas: Tugas) -> Snapshot | None:
    value = cache.get(_key(tugas.pk, tugas.attempts))
    if not isinstance(value, dict):
        return None
    return Snapshot(value["phase"], value["done"], value["total"], value["at"])


def progress_clear(tugas_id: int, attempt: int) -> None:
    cache.delete(_key(tugas_id, attempt))


def with_live_progress(tugas: Tugas) -> Tugas:
    """The job with the cache's numbers of a running step applied (in memory only), and
    ``heartbeat``: when the worker last reported (the row's last change without a report)."""
    tugas.heartbeat = tugas.updated_at
    if tugas.status != "running":
        return tugas
    snapshot = progress_read(tugas)
    if snapshot is not None:
        tugas.phase = snapshot.phase
        tugas.progress_done = snapshot.done
        tugas.progress_total = snapshot.total
        tugas.heartbeat = max(tugas.updated_at, dt.datetime.fromtimestamp(snapshot.at, tz=dt.UTC))
    return tugas


class ProgressReporter:
    """Handed to a job's handler: ``step()`` at each step boundary, then call it per row.

    Row reports are throttled (one cache write per ``interval`` seconds at most): a 100,000-row
    import must not spend its time writing progress.
    """

    def __init__(self, tugas: Tugas, *, interval: float | None = None) -> None:
        self.tugas_id = tugas.pk
        self.attempt = tugas.attempts
        self.interval = REPORT_INTERVAL if interval is None else interval
        self.phase = ""
        self.done = 0
        self.total = 0
        self._last = 0.0

    def step(self, phase: str, total: int = 0) -> None:
        """A new step: written to the row (outside any transaction) and to the cache."""
        from pontianak_mutasi.models import Tugas

        self.phase, self.done, self.total = phase, 0, total
        Tugas.objects.filter(pk=self.tugas_id, attempts=self.attempt).update(
            phase=phase, progress_done=0, progress_total=total, updated_at=timezone.now()
        )
        self._write()

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self._last >= self.interval or (self.total and done >= self.total):
            self._write(now)

    def _write(self, now: float | None = None) -> None:
        self._last = now if now is not None else time.monotonic()
        progress_write(
            self.tugas_id, self.attempt, phase=self.phase, done=self.done, total=self.total
        )
