"""Mutation proposals (UsulanMutasi), their state machine, log, documents and notifications.

States change only through the transition methods below (django-fsm-2, ``protected=True``);
services in ``mutasi/services.py`` lock the row, check the guard, call the transition, save
and write exactly one ``UsulanLog`` row, in one transaction.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, post_transition, transition

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi import permissions
from pegawai.models import Pegawai
from pegawai.referensi import Golongan, JenisMutasi
from pontianak_mutasi.audit import audit_history
from pontianak_mutasi.generasi import Generasi


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DIAJUKAN = "diajukan", _("Submitted")
    VERIFIKASI = "verifikasi", _("In verification")
    DIKEMBALIKAN = "dikembalikan", _("Returned for revision")
    MEMENUHI_SYARAT = "memenuhi_syarat", _("Eligible, awaiting decision")
    TIDAK_MEMENUHI_SYARAT = "tidak_memenuhi_syarat", _("Not eligible")
    DISETUJUI = "disetujui", _("Approved")
    DITOLAK = "ditolak", _("Rejected")
    DIBATALKAN = "dibatalkan", _("Withdrawn")
    SK_TERBIT = "sk_terbit", _("Decree issued")
    SELESAI = "selesai", _("Completed")


# A proposal in one of these states blocks another proposal for the same employee. An
# approved proposal stays open until its decree takes effect (decree issue).
OPEN_STATES = [
    Status.DRAFT,
    Status.DIAJUKAN,
    Status.VERIFIKASI,
    Status.DIKEMBALIKAN,
    Status.MEMENUHI_SYARAT,
    Status.DISETUJUI,
    Status.SK_TERBIT,
]
# Closed for good: everything else (completed, rejected, withdrawn, not eligible).
CLOSED_STATES = frozenset(Status) - frozenset(OPEN_STATES)
# Before a decision the proposer may still withdraw.
WITHDRAWABLE_STATES = [
    Status.DRAFT,
    Status.DIAJUKAN,
    Status.VERIFIKASI,
    Status.DIKEMBALIKAN,
    Status.MEMENUHI_SYARAT,
]


class JenisUsulan(models.TextChoices):
    """DOMAIN.md §2 kinds of mutasi (a subset of the position-history kinds)."""

    INTRA = JenisMutasi.INTRA.value, JenisMutasi.INTRA.label
    KABKOTA_PROV = JenisMutasi.KABKOTA_PROV.value, JenisMutasi.KABKOTA_PROV.label
    ANTAR_KABKOTA = JenisMutasi.ANTAR_KABKOTA.value, JenisMutasi.ANTAR_KABKOTA.label
    ANTAR_PROV = JenisMutasi.ANTAR_PROV.value, JenisMutasi.ANTAR_PROV.label
    PUSAT = JenisMutasi.PUSAT.value, JenisMutasi.PUSAT.label


class Alasan(models.TextChoices):
    KEPENTINGAN_DINAS = "kepentingan_dinas", _("Organisational need (kepentingan dinas)")
    PERMINTAAN_SENDIRI = "permintaan_sendiri", _("At the employee's own request")
    LAINNYA = "lainnya", _("Other")


class AturanMutasi(models.Model):
    """Thresholds of the eligibility rules, editable by an administrator (one row).

    Defaults come from settings.SIMUTASI; regulations leave some open or change them
    (BKN announced 6 months in position in 2025), so they are data, not literals.
    """

    min_tahun_jabatan = models.DecimalField(
        _("minimum years in current position"),
        max_digits=4,
        decimal_places=2,
        default=2,
        validators=[MinValueValidator(0)],
        help_text=_("PP 11/2017 Pasal 190(3); e.g. 0.5 for six months."),
    )
    tahun_rotasi = models.PositiveSmallIntegerField(
        _("years in position that make rotation due"), default=5
    )
    tahun_pns_baru = models.PositiveSmallIntegerField(
        _("years after TMT PNS before an own-request move to another agency"),
        default=10,
        help_text=_("PermenPANRB 6/2024 Pasal 59."),
    )
    tahun_kinerja = models.PositiveSmallIntegerField(
        _("annual evaluations that must be Baik or Sangat Baik"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    peringatan_bup_tahun = models.DecimalField(
        _("warn when the move is this many years before BUP"),
        max_digits=4,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    ukuran_maks_dokumen_mb = models.PositiveSmallIntegerField(
        _("maximum document size (MB)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mutation rule settings")
        verbose_name_plural = _("mutation rule settings")

    def __str__(self) -> str:
        return str(_("Mutation rule settings"))

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: there is one set of rules for the province
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> AturanMutasi:
        """The single row, created from settings.SIMUTASI on first use. Kept in the shared
        cache until it is written (pontianak_mutasi/generasi.py): every evaluation reads it."""
        return ATURAN.kept_many(["1"], lambda _names: {"1": cls._read()}, copy.copy)["1"]

    @classmethod
    def _read(cls) -> AturanMutasi:
        config = settings.SIMUTASI
        obj, _created = cls.objects.get_or_create(
            pk=1,
            defaults={
                "min_tahun_jabatan": config["MIN_YEARS_IN_POSITION"],
                "tahun_rotasi": config["ROTATION_DUE_YEARS"],
                "peringatan_bup_tahun": config["BUP_WARNING_YEARS"],
            },
        )
        return obj


# The rule settings and the document checklist change only when an administrator saves them.
ATURAN = Generasi("aturan", lambda: (AturanMutasi, PersyaratanDokumen), "REFERENCE_CACHE_SECONDS")


class Penomoran(models.Model):
    """Per-year counters for readable numbers (UM-2026-000123; SK numbers later).

    Allocation locks the counter row (select_for_update), so numbers are unique and have no
    gaps even under concurrent requests.
    """

    kode = models.CharField(max_length=20)
    tahun = models.PositiveSmallIntegerField()
    terakhir = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(fields=["kode", "tahun"], name="penomoran_kode_tahun_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kode}/{self.tahun}: {self.terakhir}"


class UsulanMutasi(ConcurrentTransitionMixin, models.Model):
    nomor = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("employee"), on_delete=models.PROTECT, related_name="usulan_set"
    )
    jenis_mutasi = models.CharField(
        _("kind of move"), max_length=20, choices=JenisUsulan.choices, default=JenisUsulan.INTRA
    )
    # Snapshot of the origin at creation: it never follows later changes to the employee.
    asal_instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("origin agency"),
        on_delete=models.PROTECT,
        related_name="usulan_keluar",
    )
    asal_unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("origin unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    asal_jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("origin position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    asal_golongan = models.CharField(
        _("rank at proposal"), max_length=2, choices=Golongan.choices, blank=True
    )
    asal_tmt_jabatan = models.DateField(_("origin position TMT"), null=True, blank=True)
    tujuan_instansi = models.ForeignKey(
        Instansi,
        verbose_name=_("target agency"),
        on_delete=models.PROTECT,
        related_name="usulan_masuk",
    )
    tujuan_unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("target unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tujuan_jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("target position"), on_delete=models.PROTECT, related_name="+"
    )
    alasan = models.CharField(
        _("reason"), max_length=20, choices=Alasan.choices, default=Alasan.KEPENTINGAN_DINAS
    )
    alasan_keterangan = models.TextField(
        _("reason, explained"), blank=True, help_text=_("Required when the reason is Other.")
    )
    tmt_rencana = models.DateField(_("planned TMT"))
    status = FSMField(
        _("status"), default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True
    )
    # Evaluation snapshot at the last submission/verification (eligibility and fit), so lists
    # and the approval queue show it without recomputing.
    skor_kecocokan = models.PositiveSmallIntegerField(_("fit score"), null=True, blank=True)
    ringkasan_kelayakan = models.JSONField(_("eligibility summary"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="usulan_dibuat",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    diajukan_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    diputuskan_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # When the proposal entered its current state (set by every transition): the queues sort
    # by it through an index, where a subquery into the log per waiting proposal did not
    # scale (`make bench`: 1,400 waiting in the approval queue).
    status_sejak = models.DateTimeField(_("in this state since"), default=timezone.now)
    # Set when applying the move found the employee changed since the snapshot (already moved):
    # a person must look at it instead of the record being overwritten.
    perlu_penanganan = models.BooleanField(_("needs manual handling"), default=False)
    catatan_penanganan = models.TextField(_("handling note"), blank=True)
    # Optimistic locking for edit forms: a stale form (another officer saved first) is refused.
    versi = models.PositiveIntegerField(_("version"), default=1)

    # Field changes outside the state machine (the log covers transitions). The evaluation
    # snapshot is derived and rewritten on every submission: left out, like updated_at.
    history = audit_history(excluded_fields=["updated_at", "ringkasan_kelayakan", "status_sejak"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("transfer proposal")
        verbose_name_plural = _("transfer proposals")
        permissions = [
            ("propose_usulanmutasi", _("Can propose and submit transfers")),
            ("verify_usulanmutasi", _("Can verify transfer proposals")),
            ("decide_usulanmutasi", _("Can approve or reject transfer proposals")),
        ]
        constraints = [
            # At most one open proposal per employee. The service checks first for a clear
            # message; this constraint is what holds under concurrent submissions.
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=models.Q(status__in=OPEN_STATES),
                name="usulan_one_open_per_pegawai",
                violation_error_message=_("This employee already has an open transfer proposal."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "diajukan_at"]),
            # The proposal list's order (newest first): its first page without a sort.
            models.Index(fields=["created_at"], name="usulan_created_at_idx"),
            models.Index(fields=["status", "status_sejak"], name="usulan_status_sejak_idx"),
            # The open proposals competing for a formasi (the eligibility rule, recommendations):
            # 15.9 → 0.6 ms for the busiest target at 20,000 proposals. With the id included
            # (PostgreSQL) the rule's count, which leaves out the proposal itself, is answered
            # from the index alone: 2–18 ms → 0.2–0.3 ms for a target 829 proposals compete for
            # (`EXPLAIN ANALYZE`, `make bench` data); without it, every match was read from the
            # table.
            models.Index(
                fields=["tujuan_instansi", "tujuan_jabatan", "tujuan_unit", "pegawai"],
                include=["id"],
                condition=models.Q(status__in=OPEN_STATES),
                name="usulan_tujuan_terbuka_cov",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor or str(_("new proposal"))

    def save(self, *args, **kwargs):
        # A transition saved with update_fields=["status", …] writes its time too.
        fields = kwargs.get("update_fields")
        if fields is not None and "status" in fields and "status_sejak" not in fields:
            kwargs["update_fields"] = [*fields, "status_sejak"]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.alasan == Alasan.LAINNYA and not self.alasan_keterangan.strip():
            errors["alasan_keterangan"] = _("Explain the reason.")
        if self.tujuan_unit_id and self.tujuan_unit.instansi_id != self.tujuan_instansi_id:
            errors["tujuan_unit"] = _("The unit belongs to another agency.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    # -- transitions: state only; services own locking, logging and side effects ----------
    @transition(
        field=status,
        source=[Status.DRAFT, Status.DIKEMBALIKAN],
        target=Status.DIAJUKAN,
        permission=permissions.can_propose,
    )
    def ajukan(self) -> None:
        """Submit (or resubmit after revision)."""

    @transition(
        field=status,
        source=Status.DIAJUKAN,
        target=Status.VERIFIKASI,
        permission=permissions.can_verify,
    )
    def mulai_verifikasi(self) -> None:
        """A verifier takes the proposal into verification."""

    @transition(
        field=status,
        source=[Status.DIAJUKAN, Status.VERIFIKASI],
        target=Status.DIKEMBALIKAN,
        permission=permissions.can_verify,
    )
    def kembalikan(self) -> None:
        """Back to the proposer for revision (a note is required)."""

    @transition(
        field=status,
        source=Status.VERIFIKASI,
        target=Status.MEMENUHI_SYARAT,
        permission=permissions.can_verify,
    )
    def nyatakan_memenuhi_syarat(self) -> None:
        """Verified eligible: on to the approving official's queue."""

    @transition(
        field=status,
        source=Status.VERIFIKASI,
        target=Status.TIDAK_MEMENUHI_SYARAT,
        permission=permissions.can_verify,
    )
    def nyatakan_tidak_memenuhi_syarat(self) -> None:
        """Verified not eligible: closed (a note is required)."""

    @transition(
        field=status,
        source=Status.MEMENUHI_SYARAT,
        target=Status.DISETUJUI,
        permission=permissions.can_decide,
    )
    def setujui(self) -> None:
        """Approved by the authorised official."""

    @transition(
        field=status,
        source=Status.MEMENUHI_SYARAT,
        target=Status.DITOLAK,
        permission=permissions.can_decide,
    )
    def tolak(self) -> None:
        """Rejected by the authorised official (a note is required)."""

    @transition(
        field=status,
        source=Status.DISETUJUI,
        target=Status.SK_TERBIT,
        permission=permissions.can_issue_sk,
    )
    def terbitkan_sk(self) -> None:
        """Included in an issued decree."""

    @transition(field=status, source=Status.SK_TERBIT, target=Status.SELESAI)
    def selesaikan(self) -> None:
        """The move took effect on its TMT: the employee's record changed."""

    @transition(
        field=status,
        source=WITHDRAWABLE_STATES,
        target=Status.DIBATALKAN,
        permission=permissions.can_withdraw,
    )
    def batalkan(self) -> None:
        """Withdrawn by the proposer before a decision (a note is required)."""


class UsulanLog(models.Model):
    """Append-only trail: one row per transition (and per rule override).

    The model refuses updates and deletes; on PostgreSQL a trigger refuses them too, so not
    even raw SQL through the application's connection can rewrite history.
    """

    usulan = models.ForeignKey(
        UsulanMutasi, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="log"
    )
    # Empty for the system's own steps (applying a move on its TMT).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    transition = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("proposal log entry")
        verbose_name_plural = _("proposal log")

    def __str__(self) -> str:
        return f"{self.usulan} {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("The proposal log is append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("The proposal log is append-only."))


class PengecualianAturan(models.Model):
    """A verifier's override of a failed eligibility rule, with a written justification."""

    usulan = models.ForeignKey(UsulanMutasi, on_delete=models.PROTECT, related_name="pengecualian")
    kode_aturan = models.CharField(_("rule"), max_length=40)
    alasan = models.TextField(_("justification"))
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")
        constraints = [
            models.UniqueConstraint(
                fields=["usulan", "kode_aturan"], name="pengecualian_unique_per_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.usulan}: {self.kode_aturan}"


class PersyaratanDokumen(models.Model):
    """The document checklist per kind of mutasi (admin-editable; defaults DOMAIN.md §3)."""

    jenis_mutasi = models.CharField(_("kind of move"), max_length=20, choices=JenisUsulan.choices)
    kode = models.SlugField(_("code"), max_length=50)
    nama = models.CharField(_("document"), max_length=250)
    wajib = models.BooleanField(_("required"), default=True)
    hanya_permintaan_sendiri = models.BooleanField(_("only for own-request moves"), default=False)
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["jenis_mutasi", "urutan", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(
                fields=["jenis_mutasi", "kode"], name="persyaratan_dokumen_unique"
            )
        ]

    def __str__(self) -> str:
        return self.nama


def dokumen_upload_to(instance: DokumenUsulan, filename: str) -> str:
    # Random names: the original name is kept in a field, never used on disk.
    import uuid

    return f"dokumen/{instance.usulan_id}/{uuid.uuid4().hex}.pdf"


class StatusDokumen(models.TextChoices):
    BELUM = "belum", _("Not checked")
    VALID = "valid", _("Valid")
    TIDAK_VALID = "tidak_valid", _("Invalid")


class DokumenUsulan(models.Model):
    """An uploaded PDF for one checklist item; served only through an access-checked view."""

    usulan = models.ForeignKey(UsulanMutasi, on_delete=models.CASCADE, related_name="dokumen")
    persyaratan = models.ForeignKey(
        PersyaratanDokumen, verbose_name=_("document"), on_delete=models.PROTECT
    )
    berkas = models.FileField(_("file"), upload_to=dokumen_upload_to)
    nama_asli = models.CharField(_("original file name"), max_length=255)
    ukuran = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    diunggah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    diunggah_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(
        _("check"), max_length=12, choices=StatusDokumen.choices, default=StatusDokumen.BELUM
    )
    catatan = models.TextField(_("note"), blank=True)
    diperiksa_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diperiksa_at = models.DateTimeField(_("checked"), null=True, blank=True)

    class Meta:
        ordering = ["persyaratan__urutan"]
        verbose_name = _("proposal document")
        verbose_name_plural = _("proposal documents")
        constraints = [
            models.UniqueConstraint(
                fields=["usulan", "persyaratan"], name="dokumen_one_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.usulan} – {self.persyaratan}"


class Notifikasi(models.Model):
    """In-app notification; email copies go out after commit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi"
    )
    usulan = models.ForeignKey(
        UsulanMutasi, on_delete=models.CASCADE, related_name="notifikasi", null=True
    )
    pesan = models.CharField(_("message"), max_length=300)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.pesan


def _status_changed(sender, instance, name, source, target, **kwargs) -> None:
    if source != target:
        instance.status_sejak = timezone.now()


post_transition.connect(_status_changed, sender=UsulanMutasi)
