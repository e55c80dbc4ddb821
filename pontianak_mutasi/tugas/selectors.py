"""Reads of background jobs, scoped to the user who asks.

Only the owner sees a job and its files; a superuser sees every job. Anyone else gets a
404, never a 403: the answer must not reveal that the job exists.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from pontianak_mutasi.models import StatusTugas, Tugas
from pontianak_mutasi.tugas.progress import with_live_progress

if TYPE_CHECKING:
    from pontianak_mutasi.models import User


def tugas_list_for_user(user: User) -> QuerySet[Tugas]:
    qs = Tugas.objects.select_related("owner")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.is_superuser:
        return qs
    return qs.filter(owner=user)


def tugas_get_for_user(user: User, pk: int) -> Tugas:
    """One job with its live progress applied; Http404 when it is not the user's."""
    try:
        tugas = tugas_list_for_user(user).get(pk=pk)
    except Tugas.DoesNotExist as exc:
        raise Http404 from exc
    return with_live_progress(tugas)


def tugas_is_stale(tugas: Tugas, *, now: dt.datetime | None = None) -> bool:
    """A running job whose worker has not reported for TUGAS_STALE_MINUTES: it died."""
    if tugas.status != StatusTugas.RUNNING:
        return False
    heartbeat = with_live_progress(tugas).heartbeat
    limit = dt.timedelta(minutes=settings.SIMUTASI["TUGAS_STALE_MINUTES"])
    return heartbeat < (now or timezone.now()) - limit


def tugas_can_retry(tugas: Tugas) -> bool:
    return tugas.status == StatusTugas.FAILED or tugas_is_stale(tugas)


def tugas_may_manage(user: User, tugas: Tugas) -> bool:
    """Retry and download: the owner or a superuser."""
    return user.is_authenticated and (user.is_superuser or tugas.owner_id == user.pk)
