"""The task worker's sign of life, read by /healthz.

The worker process (``manage.py worker``) writes the time into the shared cache every
``INTERVAL`` seconds from a daemon thread, busy or idle; /healthz reports the worker as down when
the last beat is older than ``STALE_AFTER``. The cache must be shared between web servers and
workers (Redis via REDIS_URL in production, the file cache on one host): with a per-process cache
the web server never sees a beat and says so.
"""

from __future__ import annotations

import contextlib
import threading
import time

from django.core.cache import cache

KEY = "simutasi:worker-heartbeat"
INTERVAL = 15  # seconds between beats
STALE_AFTER = 90  # seconds without a beat before the worker counts as down


def beat(now: float | None = None) -> None:
    cache.set(KEY, now if now is not None else time.time(), timeout=STALE_AFTER * 10)


def age(now: float | None = None) -> float | None:
    """Seconds since the last beat, or None when there never was one (or it expired)."""
    last = cache.get(KEY)
    if last is None:
        return None
    return max(0.0, (now if now is not None else time.time()) - float(last))


def start() -> threading.Thread:
    def loop() -> None:
        while True:
            # A cache hiccup must not kill the worker; the next beat retries.
            with contextlib.suppress(Exception):
                beat()
            time.sleep(INTERVAL)

    thread = threading.Thread(target=loop, name="simutasi-heartbeat", daemon=True)
    thread.start()
    return thread
