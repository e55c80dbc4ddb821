"""Reports may read from a replica; everything else reads and writes the primary.

``DATABASE_REPLICA_URL`` adds the ``replica`` alias (settings). Only code that runs inside
``replica_reads()`` (or a view decorated with ``@baca_replika``) reads from it: the dashboard,
the reports and the gap table, where figures a few seconds old are fine. Everywhere else a
user must see what they just saved, so reads stay on ``default`` (read-your-writes). Writes
and migrations always go to ``default``; without a replica the router is a no-op.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

# A context variable, not a thread-local: correct under threads and async alike, and reset
# on exit, so a report never leaks replica reads into the next request on the same worker.
_replica_reads: ContextVar[bool] = ContextVar("simutasi_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_reads_active() -> bool:
    """True inside ``replica_reads()`` (whether or not a replica is configured)."""
    return _replica_reads.get()


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def baca_replika[F: Callable](view: F) -> F:
    """Run a read-only report view with its queries on the replica (when there is one).

    Put it below ``@login_required``: the session and the user are then loaded from the
    primary first, so someone who just signed in is never sent to the login page by lag.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        if not _replica_reads.get() or not replica_configured():
            return DEFAULT_DB_ALIAS
        # Inside a transaction on the primary, reads must see that transaction's writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        # Explicit, not None: Django would otherwise write an object back to the database it
        # was read from — the replica, for an object loaded in a report.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Same data on both aliases: an object read from the replica may point at one from
        # the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        # The replica follows the primary by replication, never by its own migrations.
        return db == DEFAULT_DB_ALIAS
