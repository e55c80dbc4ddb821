"""Generations: what is kept in the shared cache, valid until a write to the tables it was
read from (docs/scaling.md).

A generation is a random token in the shared cache (Redis in production). Whatever is read
from a set of tables and kept is stored with the token that was current *before* the read,
and used only while that token is still current. Every write through Django — any process,
the web server, the task worker, a management command — to one of the tables, or to the
schema, replaces the token when the statement runs and again when its transaction commits
(every connection's statements pass ``_watch_writes``), so what was read before the commit
cannot outlive it. An UPDATE or DELETE that matched no row wrote nothing and replaces none.
The generations: the page cache's data generation (any write, cache_halaman.py), access
rights (akses.py), reference rows (instansi/referensi.py), rule settings (mutasi.models).

Writes that do not go through Django (psql, a restore) are not seen: each generation's
setting bounds how long such a change can go unseen; 0 keeps nothing.
"""

from __future__ import annotations

import functools
import re
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import django
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver


class Generasi:
    """One generation: its cache key, the tables it covers and the setting that bounds how
    long a kept entry may live (seconds, in ``settings.SIMUTASI``)."""

    def __init__(
        self,
        name: str,
        tables: Callable[[], Iterable[type[models.Model]]] | None,
        setting: str,
        writes: Callable[[str], bool] | None = None,
    ):
        """``tables``: the models whose tables it covers (with the schema); or ``writes``, a
        predicate telling the statements that replace it (the page cache: any data write)."""
        self.key = f"simutasi:generasi-{name}"
        # Kept rows are pickled model instances: another Django release starts afresh.
        self.prefix = f"simutasi:{name}:{django.__version__}:"
        self._tables = tables
        self._writes = writes
        self.setting = setting
        # A function of its own (not a bound method, made anew on each access): the statement
        # watcher registers it once per transaction by identity.
        self.renew_on_commit = lambda: self.renew()
        # What this process read under ``_memory_token``: name → (time.monotonic(), value).
        self._memory: dict[str, tuple[float, Any]] = {}
        self._memory_token: str | None = None
        REGISTRY.append(self)

    def timeout(self) -> int:
        return int(settings.SIMUTASI.get(self.setting, 0))

    @functools.cached_property
    def _write(self) -> re.Pattern:
        tables = {model._meta.db_table for model in self._tables()}
        names = "|".join(re.escape(t) for t in sorted(tables, key=len, reverse=True))
        return re.compile(
            # SQLite adds many-to-many links with INSERT OR IGNORE INTO (PostgreSQL: ON
            # CONFLICT DO NOTHING).
            r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM"
            rf'|TRUNCATE(?:\s+TABLE)?)\s+"?(?:{names})"?\s'
            r"|^\s*(?:ALTER|CREATE|DROP|TRUNCATE)\b",
            re.IGNORECASE,
        )

    def is_write(self, sql: str) -> bool:
        """Whether ``sql`` may change what this generation covers."""
        if self._writes is not None:
            return self._writes(sql)
        return bool(self._write.match(sql))

    def renew(self) -> str:
        """Replace the token: everything kept under the old one is read again on next use."""
        token = uuid.uuid4().hex
        # Longer than any entry lives, so the token outlasts the entries stored under it.
        cache.set(self.key, token, max(self.timeout(), 60) * 2)
        return token

    def written_in_this_transaction(self) -> bool:
        """Whether the open transaction wrote to the tables: what it reads may be undone by a
        rollback (which replaces no token), so it is neither kept nor taken from the kept."""
        connection = connections[DEFAULT_DB_ALIAS]
        return connection.in_atomic_block and any(
            func is self.renew_on_commit for _sids, func, _robust in connection.run_on_commit
        )

    def kept_many(
        self,
        names: Iterable[str],
        read: Callable[[list[str]], dict],
        copy: Callable[[Any], Any] | None = None,
    ) -> dict:
        """``{name: value}`` for ``names``: the kept values still valid, the others from
        ``read(missing_names)`` (which returns ``{name: value}``) and then kept; with the
        setting at 0, everything from ``read``.

        The token comes from the shared cache on every call; a value this process read under
        the same token, less than the setting's seconds ago, is taken from its own memory,
        the others from the shared cache (one more read). ``copy`` gives each caller a value
        of its own (model instances: ``copy.copy``); without it, values must be immutable.
        """
        names = list(dict.fromkeys(names))
        seconds = self.timeout()
        if seconds <= 0 or self.written_in_this_transaction():
            return read(names) if names else {}
        give = copy or (lambda value: value)
        # Taken before ``read``: a write after this replaces it, and what ``read`` returns is
        # then stored under a token that is no longer current.
        token = cache.get(self.key) or self.renew()
        if token != self._memory_token:
            self._memory, self._memory_token = {}, token
        now = time.monotonic()
        values, wanted = {}, []
        for name in names:
            held = self._memory.get(name)
            if held is not None and now - held[0] < seconds:
                values[name] = give(held[1])
            else:
                wanted.append(name)
        if not wanted:
            return values
        found = cache.get_many([self.prefix + n for n in wanted])
        missing = []
        for name in wanted:
            stored = found.get(self.prefix + name)
            if stored is not None and stored[0] == token:
                self._memory[name] = (now, stored[1])
                values[name] = give(stored[1])
            else:
                missing.append(name)
        if missing:
            fresh = read(missing)
            cache.set_many({self.prefix + n: (token, v) for n, v in fresh.items()}, seconds)
            for name, value in fresh.items():
                self._memory[name] = (now, value)
                values[name] = give(value)
        return values


REGISTRY: list[Generasi] = []


# -- the statement watcher ------------------------------------------------------------------

# An UPDATE or DELETE that matched no row changed nothing (opening a proposal marks its
# notifications read: most often there are none).
_CHANGES_ROWS = re.compile(r"^\s*(?:UPDATE|DELETE)\b", re.IGNORECASE)


def _changed_nothing(sql: str, many: bool, cursor) -> bool:
    return not many and bool(_CHANGES_ROWS.match(sql)) and getattr(cursor, "rowcount", -1) == 0


def _renew(connection, generasi: Generasi) -> None:
    # Now: what is read meanwhile in this transaction (a test, an atomic request) must not
    # be used after it.
    generasi.renew()
    if connection.in_atomic_block and not any(
        func is generasi.renew_on_commit for _sids, func, _robust in connection.run_on_commit
    ):
        # And once more when the transaction commits: what another request read from the
        # data before the commit must not outlive it.
        transaction.on_commit(generasi.renew_on_commit, using=connection.alias)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        written = [generasi for generasi in REGISTRY if generasi.is_write(sql)]
        if written and not _changed_nothing(sql, many, context.get("cursor")):
            for generasi in written:
                _renew(context["connection"], generasi)
    return result


@receiver(connection_created, dispatch_uid="simutasi-generasi")
def _install(sender, connection, **kwargs) -> None:
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)
