from django.http import HttpRequest

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
    }
