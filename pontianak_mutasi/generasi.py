"""Generations: what is kept in the shared cache, valid until a write to the tables it was
read from (docs/scaling.md).

A generation is a random token in the shared cache (Redis in production). Whatever is read
from a set of tables and kept is stored with the token that was current *before* the read,
and used only while that token is still current. Every write through Django — any process,
the web server, the task worker, a management command — to one of the tables, or to the
schema, replaces the token when the statement runs and again when its transaction commits
(pontianak_mutasi/cache_halaman.py watches the statements), so what was read before the
commit cannot outlive it.

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
from django.db import DEFAULT_DB_ALIAS, connections, models


class Generasi:
    """One generation: its cache key, the tables it covers and the setting that bounds how
    long a kept entry may live (seconds, in ``settings.SIMUTASI``)."""

    def __init__(self, name: str, tables: Callable[[], Iterable[type[models.Model]]], setting: str):
        self.key = f"simutasi:generasi-{name}"
        # Kept rows are pickled model instances: another Django release starts afresh.
        self.prefix = f"simutasi:{name}:{django.__version__}:"
        self._tables = tables
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
        """Whether ``sql`` (a statement that writes) may change what this generation covers."""
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
