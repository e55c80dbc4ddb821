"""Decrees (Surat Keputusan, SK): composed from approved proposals, issued with a number,
frozen as a snapshot and a PDF with its SHA-256, never edited or deleted afterwards.

A mistake is corrected by a new SK that revokes (``mencabut``) the wrong one.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    # 256 bits from the OS CSPRNG: verification URLs cannot be guessed or enumerated.
    return secrets.token_urlsafe(32)


def sk_upload_to(instance: SuratKeputusan, filename: str) -> str:
    return f"sk/{instance.tahun or 'draf'}/{instance.token}.pdf"


class JenisSK(models.TextChoices):
    INDIVIDU = "individu", _("Individual")
    KOLEKTIF = "kolektif", _("Collective (with an attachment)")


class StatusSK(models.TextChoices):
    DRAFT = "draft", _("Draft")
    TERBIT = "terbit", _("Issued")
    DICABUT = "dicabut", _("Revoked")


class RenderStatus(models.TextChoices):
    IDLE = "idle", _("Not rendered")
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class TemplateSK(models.Model):
    """Admin-editable texts of a decree, with the defaults of DOMAIN.md §10.

    Multi-line fields hold one item per line (Menimbang points, Mengingat bases, tembusan).
    Placeholders in the diktum: {nama}, {nip}, {jabatan_lama}, {jabatan_baru}, {tmt}.
    """

    nama = models.CharField(_("name"), max_length=100, unique=True)
    is_default = models.BooleanField(_("default"), default=False)
    menimbang = models.TextField(_("considering (Menimbang)"))
    mengingat = models.TextField(_("in view of (Mengingat)"))
    diktum_kesatu_individu = models.TextField(_("first dictum, individual"))
    diktum_kesatu_kolektif = models.TextField(_("first dictum, collective"))
    diktum_kedua = models.TextField(_("second dictum"))
    diktum_ketiga = models.TextField(_("third dictum"))
    tembusan = models.TextField(_("copies to (tembusan)"))
    penandatangan_nama = models.CharField(_("signatory name"), max_length=150, blank=True)
    penandatangan_nip = models.CharField(_("signatory NIP"), max_length=18, blank=True)
    penandatangan_jabatan = models.CharField(
        _("signatory position"), max_length=200, default="GUBERNUR KALIMANTAN BARAT"
    )
    atas_nama = models.CharField(
        _("delegation line"),
        max_length=200,
        blank=True,
        help_text=_('e.g. "a.n. GUBERNUR KALIMANTAN BARAT" when a delegate signs.'),
    )

    class Meta:
        verbose_name = _("decree template")
        verbose_name_plural = _("decree templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="templatesk_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.nama


class SuratKeputusan(models.Model):
    jenis = models.CharField(_("kind"), max_length=10, choices=JenisSK.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=StatusSK.choices, default=StatusSK.DRAFT
    )
    # Given at issue: the year's next sequence number, formatted by SIMUTASI["SK_NUMBER_PATTERN"].
    nomor = models.CharField(_("number"), max_length=100, unique=True, null=True, blank=True)
    tahun = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    urutan = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    tanggal_penetapan = models.DateField(_("date of enactment"))
    tmt = models.DateField(_("effective date (TMT)"))
    tempat = models.CharField(_("place"), max_length=100, default="Pontianak")
    penandatangan_nama = models.CharField(_("signatory name"), max_length=150)
    penandatangan_nip = models.CharField(_("signatory NIP"), max_length=18, blank=True)
    penandatangan_jabatan = models.CharField(_("signatory position"), max_length=200)
    atas_nama = models.CharField(_("delegation line"), max_length=200, blank=True)
    menimbang = models.TextField(_("considering (Menimbang)"))
    mengingat = models.TextField(_("in view of (Mengingat)"))
    diktum_kesatu = models.TextField(_("first dictum"))
    diktum_kedua = models.TextField(_("second dictum"))
    diktum_ketiga = models.TextField(_("third dictum"))
    tembusan = models.TextField(_("copies to (tembusan)"))
    usulan = models.ManyToManyField(
        "mutasi.UsulanMutasi", verbose_name=_("proposals"), related_name="sk_set"
    )
    mencabut = models.ForeignKey(
        "self",
        verbose_name=_("revokes/corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dicabut_oleh",
    )
    alasan_pencabutan = models.TextField(_("reason for revocation/correction"), blank=True)
    # Frozen at issue: everything the PDF prints, so later data changes never alter it.
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    berkas = models.FileField(_("PDF"), upload_to=sk_upload_to, blank=True, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    token = models.CharField(
        _("verification token"), max_length=64, unique=True, default=new_token, editable=False
    )
    render_status = models.CharField(
        _("rendering"), max_length=10, choices=RenderStatus.choices, default=RenderStatus.IDLE
    )
    render_progress = models.PositiveSmallIntegerField(_("rendering progress (%)"), default=0)
    render_error = models.TextField(_("rendering error"), blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("composed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    diterbitkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    diterbitkan_at = models.DateTimeField(_("issued"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decree (SK)")
        verbose_name_plural = _("decrees (SK)")
        permissions = [("issue_suratkeputusan", _("Can compose and issue decrees"))]
        constraints = [
            # The sequence is unique per year; with the locked counter it also has no gaps.
            models.UniqueConstraint(
                fields=["tahun", "urutan"],
                condition=models.Q(urutan__isnull=False),
                name="sk_sequence_unique_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | (models.Q(nomor__isnull=False) & models.Q(urutan__isnull=False)),
                name="sk_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.nomor or str(_("draft decree"))

    @property
    def is_issued(self) -> bool:
        return self.status != StatusSK.DRAFT
