"""Expensive figures kept in the shared cache and refreshed in the background.

Some reads aggregate whole tables — the dashboard's seven charts over every employee and a
year of log rows, the ranking of every employee for a position's recommendations — and cost
a second or more at 100,000 employees. They are computed once and kept; while a kept value is
younger than ``fresh_for`` it is served as is. Once older, the next reader still gets it at
once, and a background job (the task worker) computes the new one — *stale while
revalidate*: nobody waits for the computation but the very first reader (or the first after
``keep_for``, the hard limit, for instance when the worker is down). The page shows when its
figures were computed.

One refresh at a time per key: a lock in the cache (``cache.add``) that the refresh clears
when it stores the new value, or that runs out after ``REFRESH_LOCK_SECONDS`` if the job
failed. With the immediate task backend (tests) the refresh runs during the read, and the
read returns its value.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

logger = logging.getLogger("simutasi.cache")

LOCK_SUFFIX = ":menyegarkan"
#: How long one refresh may take before another reader may start one.
REFRESH_LOCK_SECONDS = 300


@dataclass(frozen=True)
class Kept:
    value: Any
    computed_at: float  # time.time() when it was computed
    fresh: bool  # younger than fresh_for when it was read


def store(key: str, value: Any, *, keep_for: int, computed_at: float | None = None) -> None:
    """Keep ``value`` under ``key`` for ``keep_for`` seconds and release the refresh lock."""
    cache.set(key, (value, computed_at if computed_at is not None else time.time()), keep_for)
    cache.delete(key + LOCK_SUFFIX)


def get_or_compute(
    key: str,
    compute: Callable[[], Any],
    *,
    fresh_for: int,
    keep_for: int,
    refresh: Callable[[], None],
) -> Kept:
    """The kept value of ``key``: computed now when there is none, else served as kept, with
    ``refresh()`` (which enqueues a job that calls :func:`store`) started once it is older
    than ``fresh_for`` seconds."""
    now = time.time()
    entry = cache.get(key)
    if entry is None:
        value = compute()
        store(key, value, keep_for=keep_for, computed_at=now)
        return Kept(value, now, True)
    value, computed_at = entry
    if now - computed_at <= fresh_for:
        return Kept(value, computed_at, True)
    if cache.add(key + LOCK_SUFFIX, now, REFRESH_LOCK_SECONDS):
        try:
            refresh()
        except Exception:
            # The kept value still serves; the next reader tries again.
            logger.exception("Background refresh of %s could not start", key)
            cache.delete(key + LOCK_SUFFIX)
        else:
            # The immediate backend has run the refresh already: serve what it stored.
            entry = cache.get(key) or entry
            value, computed_at = entry
            if now - computed_at <= fresh_for:
                return Kept(value, computed_at, True)
    return Kept(value, computed_at, False)
