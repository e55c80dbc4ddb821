"""Who may do what, kept in the shared cache between requests (docs/scaling.md).

Every page checks a permission, and the menu shows what the user's roles allow. Django's
ModelBackend reads both from the database on every request: the user's own permissions, the
permissions of their groups and the group names, three queries before the view starts. Here
they are read once and kept per user, with the *access generation* they were read under: a
random token in the shared cache, replaced by any write through Django to the tables they
come from (users, groups, permissions, their links, content types) or to the schema, when
the statement runs and again when its transaction commits (pontianak_mutasi/generasi.py). An
entry is used only while its generation is current, so a role given or taken away in the
admin applies from the next request.

Writes that do not go through Django (psql) are not seen: ``ACCESS_CACHE_SECONDS`` bounds
how long such a change can go unseen. 0 reads everything from the database on every request.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from pontianak_mutasi.generasi import Generasi


def _tables():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user = get_user_model()
    return (
        user,
        user.groups.through,
        user.user_permissions.through,
        Group,
        Group.permissions.through,
        Permission,
        ContentType,
    )


AKSES = Generasi("akses", _tables, "ACCESS_CACHE_SECONDS")


def _read_groups(user) -> frozenset[str]:
    return frozenset(user.groups.values_list("name", flat=True))


def _read_permissions(user) -> frozenset[str]:
    if not user.is_active:
        return frozenset()
    return frozenset(ModelBackend().get_all_permissions(user))


_PARTS = {"groups": _read_groups, "permissions": _read_permissions}


def _kept(user, part: str) -> frozenset[str]:
    """One part of ``user``'s access: read once a request (kept on the user object), and kept
    between requests in the shared cache while the access generation is current. A part
    never asked for (a page without a permission check) is never read from the database."""
    state = user.__dict__.setdefault("_akses", {})
    if part not in state:
        name = f"{user.pk}:{part}"
        state[part] = AKSES.kept_many([name], lambda _names: {name: _PARTS[part](user)})[name]
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
    of two queries), and whose signed-in user comes with their agency. Sign-in, object
    permissions and the per-kind reads (``get_user_permissions``, ``get_group_permissions``)
    are ModelBackend's own."""

    def get_user(self, user_id):
        # The user's agency with them: every page shows it beside the name (one query less).
        users = get_user_model()._default_manager.select_related("instansi")
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = set(permissions_of(user_obj))
        return user_obj._perm_cache
