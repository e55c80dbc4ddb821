"""The custom user model, defined from the first migration as Django recommends."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The groups created by the roles data migration; the value is the group name."""

    OPERATOR_OPD = "Operator OPD", _("Agency HR operator")
    VERIFIKATOR_BKD = "Verifikator BKD", _("BKD verifier")
    PEJABAT_PENYETUJU = "Pejabat Penyetuju", _("Approving official")
    ADMIN_KEPEGAWAIAN = "Admin Kepegawaian", _("HR administrator")


class User(AbstractUser):
    instansi = models.ForeignKey(
        "instansi.Instansi",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Where an agency operator works; their data is limited to it."),
    )
    pegawai = models.OneToOneField(
        "pegawai.Pegawai",
        verbose_name=_("employee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        help_text=_("Who this user is, so nobody acts on a proposal about themselves."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, role: Role | str) -> bool:
        if not self.is_authenticated:
            return False
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = set(self.groups.values_list("name", flat=True))
            self._role_cache = cache
        return str(role) in cache

    @property
    def roles(self) -> list[str]:
        return [r.label for r in Role if self.has_role(r)]

    @property
    def is_operator(self) -> bool:
        return self.has_role(Role.OPERATOR_OPD)

    @property
    def sees_all_agencies(self) -> bool:
        """BKD staff, officials and admins work province-wide; operators only on their agency."""
        if self.is_superuser:
            return True
        return any(
            self.has_role(r)
            for r in (Role.VERIFIKATOR_BKD, Role.PEJABAT_PENYETUJU, Role.ADMIN_KEPEGAWAIAN)
        )
