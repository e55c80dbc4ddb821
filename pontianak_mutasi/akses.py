"""Who may do what, kept in the shared cache between requests (docs/scaling.md).

Every page checks a permission, and the menu shows what the user's roles allow. Django's
ModelBackend reads both from the database on every request: the user's own permissions, the
permissions of their groups and the group names, three queries before the view starts. Here
they are read once and kept per user, with the *access generation* they were read under: a
random token in the shared cache, replaced by any write through Django to the tables they
come from (users, groups, permissions, their links, content types) or to the schema, when
the statement runs and again when its transaction commits, like the page cache's data
generation (pontianak_mutasi/cache_halaman.py, which watches the statements). An entry is
used only while its generation is current, so a role given or taken away in the admin
applies from the next request.

Writes that do not go through Django (psql) are not seen: ``ACCESS_CACHE_SECONDS`` bounds
how long such a change can go unseen. 0 reads everything from the database on every request.
"""

from __future__ import annotations

import functools
import re
import uuid

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

GENERATION_KEY = "simutasi:generasi-akses"
KEY_PREFIX = "simutasi:akses:"


def timeout() -> int:
    return int(settings.SIMUTASI.get("ACCESS_CACHE_SECONDS", 0))


@functools.cache
def _access_write() -> re.Pattern:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user = get_user_model()
    tables = {
        model._meta.db_table
        for model in (
            user,
            user.groups.through,
            user.user_permissions.through,
            Group,
            Group.permissions.through,
            Permission,
            ContentType,
        )
    }
    names = "|".join(re.escape(t) for t in sorted(tables, key=len, reverse=True))
    return re.compile(
        # SQLite adds links with INSERT OR IGNORE INTO (PostgreSQL: ON CONFLICT DO NOTHING).
        r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM"
        rf'|TRUNCATE(?:\s+TABLE)?)\s+"?(?:{names})"?\s'
        r"|^\s*(?:ALTER|CREATE|DROP|TRUNCATE)\b",
        re.IGNORECASE,
    )


def is_access_write(sql: str) -> bool:
    """Whether ``sql`` (a statement that writes) may change a user's groups or permissions."""
    return bool(_access_write().match(sql))


def new_generation() -> str:
    """Replace the access generation: every kept entry is read again on its next use."""
    token = uuid.uuid4().hex
    cache.set(GENERATION_KEY, token, max(timeout(), 60) * 2)
    return token


def _read_groups(user) -> frozenset[str]:
    return frozenset(user.groups.values_list("name", flat=True))


def _read_permissions(user) -> frozenset[str]:
    if not user.is_active:
        return frozenset()
    return frozenset(ModelBackend().get_all_permissions(user))


_PARTS = {"groups": _read_groups, "permissions": _read_permissions}


def _kept(user, part: str) -> frozenset[str]:
    """One part of ``user``'s access, read once a request (kept on the user object) and
    between requests in the shared cache while the access generation is current. The first
    part asked for brings both parts' kept entries in one cache read; a part that is never
    asked for (a page without a permission check) is never read from the database."""
    state = user.__dict__.setdefault("_akses", {})
    if part in state:
        return state[part]
    seconds = timeout()
    if seconds <= 0:
        state[part] = _PARTS[part](user)
        return state[part]
    if "_generation" not in state:
        keys = {name: f"{KEY_PREFIX}{user.pk}:{name}" for name in _PARTS}
        kept = cache.get_many([GENERATION_KEY, *keys.values()])
        # Read before the database: a write after this replaces it, and what is read below
        # is then stored under a generation that is no longer current.
        state["_generation"] = kept.get(GENERATION_KEY) or new_generation()
        state["_kept"] = {name: kept.get(key) for name, key in keys.items()}
    generation = state["_generation"]
    stored = state["_kept"].get(part)
    if stored is not None and stored[0] == generation:
        state[part] = stored[1]
    else:
        state[part] = _PARTS[part](user)
        cache.set(f"{KEY_PREFIX}{user.pk}:{part}", (generation, state[part]), seconds)
    return state[part]


def groups_of(user) -> frozenset[str]:
    """Names of ``user``'s groups (the roles, pontianak_mutasi.models.Role)."""
    return _kept(user, "groups")


def permissions_of(user) -> frozenset[str]:
    """``"app_label.codename"`` of every permission ``user`` has, directly or through a
    group (all of them for an active superuser, none for an inactive user)."""
    return _kept(user, "permissions")


class AksesBackend(ModelBackend):
    """ModelBackend whose permission reads come from ``permissions_of`` (a cache read instead
    of two queries). Sign-in, object permissions and the per-kind reads
    (``get_user_permissions``, ``get_group_permissions``) are ModelBackend's own."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(permissions_of(user_obj))
        return user_obj._perm_cache
