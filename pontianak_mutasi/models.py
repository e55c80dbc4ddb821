"""The custom user model (defined from the first migration as Django recommends) and the
background job (Tugas) that any app's long operation runs as."""

from __future__ import annotations

from django.conf import settings
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
        from pontianak_mutasi.akses import groups_of

        # Kept between requests with the permissions (pontianak_mutasi/akses.py).
        return str(role) in groups_of(self)

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


# -- background jobs (docs/tugas.md) --------------------------------------------------------


class JenisTugas(models.TextChoices):
    """What a background job does; each kind has a handler (pontianak_mutasi.tugas.HANDLERS)."""

    IMPOR_PEGAWAI = "impor_pegawai", _("Employee import")
    EKSPOR_PEGAWAI = "ekspor_pegawai", _("Employee list export")
    EKSPOR_ROTASI = "ekspor_rotasi", _("Rotation report export")


class StatusTugas(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TahapTugas(models.TextChoices):
    """Steps of a job, in the order they run; a kind runs some of them (TAHAP_PER_JENIS)."""

    READ = "read", _("Reading the file")
    VALIDATE = "validate", _("Checking every row")
    IMPORT = "import", _("Importing the rows")
    EXPORT = "export", _("Writing the rows")


TAHAP_PER_JENIS: dict[str, list[str]] = {
    JenisTugas.IMPOR_PEGAWAI: [TahapTugas.READ, TahapTugas.VALIDATE, TahapTugas.IMPORT],
    JenisTugas.EKSPOR_PEGAWAI: [TahapTugas.EXPORT],
    JenisTugas.EKSPOR_ROTASI: [TahapTugas.EXPORT],
}


def tugas_upload_to(instance: Tugas, filename: str) -> str:
    # Random names: the original name is kept in a field, never used on disk.
    import uuid
    from pathlib import PurePath

    from django.utils import timezone

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"tugas/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Tugas(models.Model):
    """A long operation run by the task worker: an import or an export, with its progress.

    The row is written at the boundaries (queued, each step started, finished); the live
    row count of a running step goes through the cache (pontianak_mutasi.tugas.progress),
    because the step itself may hold the database's only write lock (SQLite) for minutes.
    """

    jenis = models.CharField(_("kind"), max_length=30, choices=JenisTugas.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="tugas",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StatusTugas.choices, default=StatusTugas.PENDING
    )
    phase = models.CharField(_("step"), max_length=10, choices=TahapTugas.choices, blank=True)
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in total"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Messages and column headers are written in the language of the person who asked.
    language = models.CharField(_("language"), max_length=10, default="id")
    input_file = models.FileField(_("input file"), upload_to=tugas_upload_to, blank=True)
    input_name = models.CharField(_("input file name"), max_length=255, blank=True)
    result_file = models.FileField(_("result file"), upload_to=tugas_upload_to, blank=True)
    result_name = models.CharField(_("result file name"), max_length=255, blank=True)
    summary = models.JSONField(_("result summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Incremented each time a worker takes the job: a worker writes its outcome only while
    # the count is still its own, so a retried job never gets a stale worker's result.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "My jobs, newest first" is the list every user opens.
            models.Index(fields=["owner", "-created_at"], name="tugas_owner_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in (StatusTugas.PENDING, StatusTugas.RUNNING)

    @property
    def is_import(self) -> bool:
        return self.jenis == JenisTugas.IMPOR_PEGAWAI

    @property
    def steps(self) -> list[str]:
        return TAHAP_PER_JENIS.get(self.jenis, [])

    @property
    def step_number(self) -> int:
        """1-based position of the current step (0 before the first)."""
        return self.steps.index(self.phase) + 1 if self.phase in self.steps else 0

    @property
    def percent(self) -> int:
        """Over all steps; 100 only when done, so a full bar always means a finished job."""
        if self.status == StatusTugas.DONE:
            return 100
        steps = len(self.steps) or 1
        within = self.progress_done / self.progress_total if self.progress_total else 0
        value = (max(self.step_number - 1, 0) + min(within, 1)) / steps * 100
        return max(0, min(int(value), 99))
