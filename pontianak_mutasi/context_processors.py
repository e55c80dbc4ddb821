from django.http import HttpRequest

from mutasi.selectors import notifikasi_unread_count
from pontianak_mutasi.models import Role


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": []}
    return {
        "user_roles": user.roles,
        "is_operator": user.has_role(Role.OPERATOR_OPD),
        "is_verifikator": user.has_role(Role.VERIFIKATOR_BKD),
        "is_pejabat": user.has_role(Role.PEJABAT_PENYETUJU),
        "is_admin_kepegawaian": user.has_role(Role.ADMIN_KEPEGAWAIAN) or user.is_superuser,
        # Every role is given view_usulanmutasi (mutasi migration 0002); deciding the menu from
        # the cached groups saves the two permission queries on every page. The views
        # themselves check the permission.
        "can_view_usulan": user.is_superuser or bool(user.roles),
        # Lazy: one COUNT query, only on pages that show the badge.
        "notifikasi_belum_dibaca": lambda: notifikasi_unread_count(user),
    }
