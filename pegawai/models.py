"""Employees (Pegawai) and the personnel history kept per employee (DOMAIN.md §11)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from instansi.models import Bidang, Instansi, Jabatan, UnitKerja, bup_years
from pegawai import nip as nip_lib
from pegawai.referensi import (
    Golongan,
    JenisHukuman,
    JenisMutasi,
    JenjangPendidikan,
    PredikatKinerja,
    TingkatHukuman,
    golongan_pangkat,
    golongan_ruang,
    predikat_from_nilai,
)
from pontianak_mutasi.audit import audit_history

nip_format_validator = RegexValidator(r"^\d{18}$", _("NIP must be exactly 18 digits."))


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def years_between(start: dt.date, end: dt.date) -> int:
    """Whole years from start to end (an anniversary counts on its day)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def years_months_between(start: dt.date, end: dt.date) -> tuple[int, int]:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def today() -> dt.date:
    return timezone.localdate()


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Male")
    PEREMPUAN = "P", _("Female")


class StatusKepegawaian(models.TextChoices):
    CPNS = "cpns", "CPNS"
    PNS = "pns", "PNS"
    PPPK = "pppk", "PPPK"


class PegawaiManager(models.Manager):
    def get_by_natural_key(self, nip: str) -> Pegawai:
        return self.get(nip=nip)


class Pegawai(models.Model):
    nip = models.CharField(
        "NIP",
        max_length=18,
        unique=True,
        validators=[nip_format_validator, nip_lib.validate_nip],
        help_text=_("18 digits; spaces are removed."),
    )
    nama = models.CharField(_("name"), max_length=150)
    gelar_depan = models.CharField(_("title before name"), max_length=30, blank=True)
    gelar_belakang = models.CharField(_("title after name"), max_length=50, blank=True)
    tempat_lahir = models.CharField(_("place of birth"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("date of birth"))
    jenis_kelamin = models.CharField(_("gender"), max_length=1, choices=JenisKelamin.choices)
    status_kepegawaian = models.CharField(
        _("employment status"),
        max_length=4,
        choices=StatusKepegawaian.choices,
        default=StatusKepegawaian.PNS,
    )
    golongan = models.CharField(_("rank"), max_length=2, choices=Golongan.choices, blank=True)
    tmt_golongan = models.DateField(_("rank effective date"), null=True, blank=True)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="pegawai_set"
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pegawai_set",
    )
    jabatan = models.ForeignKey(
        Jabatan,
        verbose_name=_("position"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pegawai_set",
    )
    tmt_jabatan = models.DateField(_("position effective date"), null=True, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    tugas_belajar_sampai = models.DateField(
        _("on study leave until"),
        null=True,
        blank=True,
        help_text=_("Empty when not on study leave (tugas belajar)."),
    )
    ikatan_dinas_sampai = models.DateField(
        _("service bond until"),
        null=True,
        blank=True,
        help_text=_("Empty when not bound by a service bond (ikatan dinas)."),
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PegawaiManager()
    history = audit_history(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["nama"]
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        indexes = [
            models.Index(fields=["nama"]),
            # Bezetting counts and per-agency lists filter on these.
            models.Index(fields=["instansi", "jabatan", "is_active"]),
            models.Index(fields=["jabatan", "is_active"]),
        ]

    def __str__(self) -> str:
        return f"{self.nama_lengkap} ({self.nip_display})"

    def natural_key(self) -> tuple[str]:
        return (self.nip,)

    # -- identity ---------------------------------------------------------------------
    @property
    def nama_lengkap(self) -> str:
        name = self.nama
        if self.gelar_depan:
            name = f"{self.gelar_depan} {name}"
        if self.gelar_belakang:
            name = f"{name}, {self.gelar_belakang}"
        return name

    @property
    def nip_display(self) -> str:
        return nip_lib.format_nip(self.nip)

    @property
    def nip_info(self) -> nip_lib.NipInfo:
        return nip_lib.parse(
            self.nip, expect_pppk=self.status_kepegawaian == StatusKepegawaian.PPPK or None
        )

    @property
    def nip_warnings(self) -> list[str]:
        info = self.nip_info
        return info.errors + nip_lib.cross_check(
            info,
            tanggal_lahir=self.tanggal_lahir,
            tmt_cpns=self.tmt_cpns,
            jenis_kelamin=self.jenis_kelamin,
        )

    @property
    def golongan_ruang(self) -> str:
        return golongan_ruang(self.golongan)

    @property
    def pangkat(self) -> str:
        return golongan_pangkat(self.golongan)

    def clean(self) -> None:
        self.nip = nip_lib.normalize(self.nip) if self.nip else self.nip
        errors: dict[str, list] = {}
        if self.nip:
            info = nip_lib.parse(
                self.nip,
                expect_pppk=self.status_kepegawaian == StatusKepegawaian.PPPK or None,
            )
            if info.errors:
                errors["nip"] = info.errors
            elif info.is_pppk and self.status_kepegawaian != StatusKepegawaian.PPPK:
                errors["status_kepegawaian"] = [
                    _("This number is an NI PPPK; set the status to PPPK.")
                ]
        if self.status_kepegawaian == StatusKepegawaian.PPPK and self.golongan:
            errors.setdefault("golongan", []).append(
                _("PPPK have a grade (golongan PPPK), not a PNS rank; leave it empty.")
            )
        if self.unit_id and self.instansi_id and self.unit.instansi_id != self.instansi_id:
            errors.setdefault("unit", []).append(_("The unit belongs to another agency."))
        if self.tanggal_lahir and self.tmt_cpns and self.tmt_cpns <= self.tanggal_lahir:
            errors.setdefault("tmt_cpns", []).append(_("TMT CPNS must be after the birth date."))
        if self.tmt_cpns and self.tmt_pns and self.tmt_pns < self.tmt_cpns:
            errors.setdefault("tmt_pns", []).append(_("TMT PNS cannot be before TMT CPNS."))
        if errors:
            raise ValidationError(errors)

    # -- derived values ---------------------------------------------------------------
    def usia(self, on: dt.date | None = None) -> int:
        return years_between(self.tanggal_lahir, on or today())

    @property
    def bup_usia(self) -> int:
        if self.jabatan_id:
            return bup_years(self.jabatan.jenis, self.jabatan.jenjang)
        return 58

    @property
    def tanggal_bup(self) -> dt.date:
        """The day the employee reaches the retirement age."""
        return add_years(self.tanggal_lahir, self.bup_usia)

    @property
    def tmt_pensiun(self) -> dt.date:
        """Pension TMT: the first day of the month after reaching BUP."""
        bup = self.tanggal_bup
        return dt.date(bup.year + (bup.month == 12), bup.month % 12 + 1, 1)

    def masa_kerja(self, on: dt.date | None = None) -> tuple[int, int]:
        """(years, months) of service since TMT CPNS."""
        if not self.tmt_cpns:
            return (0, 0)
        return years_months_between(self.tmt_cpns, on or today())

    def lama_jabatan(self, on: dt.date | None = None) -> Decimal | None:
        """Years (with fraction) in the current position."""
        if not self.tmt_jabatan:
            return None
        days = ((on or today()) - self.tmt_jabatan).days
        return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.1"))

    def tahun_di_jabatan(self, on: dt.date | None = None) -> int | None:
        if not self.tmt_jabatan:
            return None
        return years_between(self.tmt_jabatan, on or today())

    def is_tugas_belajar(self, on: dt.date | None = None) -> bool:
        return bool(self.tugas_belajar_sampai and self.tugas_belajar_sampai >= (on or today()))

    def is_ikatan_dinas(self, on: dt.date | None = None) -> bool:
        return bool(self.ikatan_dinas_sampai and self.ikatan_dinas_sampai >= (on or today()))


class RiwayatBase(models.Model):
    """Fields shared by every history row that stems from a decree."""

    nomor_sk = models.CharField(_("decree number"), max_length=100, blank=True)
    tanggal_sk = models.DateField(_("decree date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        abstract = True


class RiwayatJabatan(RiwayatBase):
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="riwayat_jabatan",
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("position"), on_delete=models.PROTECT, null=True, blank=True
    )
    nama_jabatan = models.CharField(
        _("position name"),
        max_length=200,
        blank=True,
        help_text=_("As written in the decree; kept even if the catalogue changes."),
    )
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True
    )
    tmt_mulai = models.DateField(_("effective from"))
    tmt_selesai = models.DateField(_("effective until"), null=True, blank=True)
    jenis_mutasi = models.CharField(
        _("kind of move"), max_length=20, choices=JenisMutasi.choices, blank=True
    )

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tmt_mulai"]
        verbose_name = _("position history")
        verbose_name_plural = _("position history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tmt_selesai__isnull=True)
                | models.Q(tmt_selesai__gte=models.F("tmt_mulai")),
                name="riwayatjabatan_period_valid",
            ),
            # At most one open (current) position per employee.
            models.UniqueConstraint(
                fields=["pegawai"],
                condition=models.Q(tmt_selesai__isnull=True),
                name="riwayatjabatan_one_open",
                violation_error_message=_(
                    "This employee already has a current position (no end date)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama_jabatan or self.jabatan} ({self.tmt_mulai:%d-%m-%Y})"

    def save(self, *args, **kwargs):
        if not self.nama_jabatan and self.jabatan_id:
            self.nama_jabatan = self.jabatan.nama
        super().save(*args, **kwargs)


class RiwayatGolongan(RiwayatBase):
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="riwayat_golongan",
    )
    golongan = models.CharField(_("rank"), max_length=2, choices=Golongan.choices)
    tmt = models.DateField(_("effective date"))

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tmt"]
        verbose_name = _("rank history")
        verbose_name_plural = _("rank history")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "golongan"], name="riwayatgolongan_unique")
        ]

    def __str__(self) -> str:
        return f"{golongan_ruang(self.golongan)} ({self.tmt:%d-%m-%Y})"


class RiwayatPendidikan(models.Model):
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="riwayat_pendidikan",
    )
    jenjang = models.CharField(_("level"), max_length=3, choices=JenjangPendidikan.choices)
    jurusan = models.CharField(_("field of study"), max_length=150, blank=True)
    bidang = models.ForeignKey(
        Bidang,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pendidikan_set",
    )
    institusi = models.CharField(_("institution"), max_length=200, blank=True)
    tahun_lulus = models.PositiveSmallIntegerField(
        _("graduation year"), validators=[MinValueValidator(1940), MaxValueValidator(2100)]
    )
    nomor_ijazah = models.CharField(_("diploma number"), max_length=100, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tahun_lulus"]
        verbose_name = _("education history")
        verbose_name_plural = _("education history")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "jenjang", "jurusan"], name="riwayatpendidikan_unique"
            )
        ]
        indexes = [
            # The recommendations' "educated in an accepted field" set: the employees of a few
            # fields straight from the index (an index-only scan), no visit to the table rows.
            models.Index(fields=["bidang", "pegawai"], name="pendidikan_bidang_pegawai"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenjang_display()} {self.jurusan}".strip()


class JenisDiklat(models.TextChoices):
    STRUKTURAL = "struktural", _("Leadership (struktural)")
    FUNGSIONAL = "fungsional", _("Functional")
    TEKNIS = "teknis", _("Technical")
    SERTIFIKASI = "sertifikasi", _("Certification")
    SEMINAR = "seminar", _("Seminar/workshop")


class RiwayatDiklat(models.Model):
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="riwayat_diklat"
    )
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("type"), max_length=20, choices=JenisDiklat.choices)
    bidang = models.ForeignKey(
        Bidang,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diklat_set",
    )
    penyelenggara = models.CharField(_("organiser"), max_length=200, blank=True)
    tanggal_mulai = models.DateField(_("start date"))
    tanggal_selesai = models.DateField(_("end date"), null=True, blank=True)
    jam_pelajaran = models.PositiveIntegerField(_("lesson hours"), default=0)
    nomor_sertifikat = models.CharField(_("certificate number"), max_length=100, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tanggal_mulai"]
        verbose_name = _("training history")
        verbose_name_plural = _("training history")
        constraints = [
            models.UniqueConstraint(
                fields=["pegawai", "nama", "tanggal_mulai"], name="riwayatdiklat_unique"
            )
        ]

    def __str__(self) -> str:
        return self.nama


class PenilaianKinerja(models.Model):
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="penilaian_kinerja",
    )
    tahun = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    predikat = models.CharField(_("rating"), max_length=20, choices=PredikatKinerja.choices)
    nilai = models.DecimalField(
        _("score (PP 46/2011)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Old-style score; the rating is derived from it when left empty."),
    )

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tahun"]
        verbose_name = _("performance rating")
        verbose_name_plural = _("performance ratings")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="penilaiankinerja_unique")
        ]
        # "Who was rated Sangat Baik in 2025": the recommendations' pre-score reads it as an
        # index-only scan instead of a pass over every rating.
        indexes = [
            models.Index(
                fields=["tahun", "predikat", "pegawai"], name="penilaiankinerja_tahun_pred"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.get_predikat_display()}"

    def clean(self) -> None:
        if not self.predikat and self.nilai is not None:
            self.predikat = predikat_from_nilai(float(self.nilai))
        if not self.predikat:
            raise ValidationError({"predikat": _("Give a rating or an old-style score.")})


class HukumanDisiplin(RiwayatBase):
    pegawai = models.ForeignKey(
        Pegawai,
        verbose_name=_("employee"),
        on_delete=models.CASCADE,
        related_name="hukuman_disiplin",
    )
    tingkat = models.CharField(_("level"), max_length=10, choices=TingkatHukuman.choices)
    jenis = models.CharField(_("sanction"), max_length=30, choices=JenisHukuman.choices, blank=True)
    dalam_pemeriksaan = models.BooleanField(
        _("under examination"),
        default=False,
        help_text=_("Still being examined; no sanction decided yet."),
    )
    tanggal_mulai = models.DateField(_("start date"))
    tanggal_selesai = models.DateField(_("end date"), null=True, blank=True)
    keterangan = models.TextField(_("notes"), blank=True)

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "-tanggal_mulai"]
        verbose_name = _("disciplinary sanction")
        verbose_name_plural = _("disciplinary sanctions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(tanggal_selesai__isnull=True)
                | models.Q(tanggal_selesai__gte=models.F("tanggal_mulai")),
                name="hukumandisiplin_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_jenis_display() or self.get_tingkat_display()

    def is_active_on(self, day: dt.date | None = None) -> bool:
        """Active = under examination, or the day falls between start and end (inclusive)."""
        day = day or today()
        if self.dalam_pemeriksaan:
            return True
        return self.tanggal_mulai <= day and (
            self.tanggal_selesai is None or day <= self.tanggal_selesai
        )

    def clean(self) -> None:
        from pegawai.referensi import TINGKAT_OF_JENIS

        if self.jenis and TINGKAT_OF_JENIS.get(self.jenis) != self.tingkat:
            raise ValidationError(
                {"jenis": _("This sanction does not belong to the chosen level.")}
            )
        if not self.jenis and not self.dalam_pemeriksaan:
            raise ValidationError(
                {"jenis": _("Choose the sanction, or mark the case as under examination.")}
            )


class SumberKompetensi(models.TextChoices):
    ASESMEN = "asesmen", _("Assessment")
    SERTIFIKASI = "sertifikasi", _("Certification")
    DIKLAT = "diklat", _("Training")
    PENGALAMAN = "pengalaman", _("Work experience")
    MANDIRI = "mandiri", _("Self-declared")


class Kompetensi(models.Model):
    pegawai = models.ForeignKey(
        Pegawai, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="kompetensi"
    )
    bidang = models.ForeignKey(
        Bidang, verbose_name=_("field"), on_delete=models.PROTECT, related_name="kompetensi_set"
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    sumber = models.CharField(_("source"), max_length=20, choices=SumberKompetensi.choices)
    tahun = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    keterangan = models.CharField(_("notes"), max_length=200, blank=True)

    history = audit_history()

    class Meta:
        ordering = ["pegawai_id", "bidang__nama"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "bidang"], name="kompetensi_unique"),
            models.CheckConstraint(
                condition=models.Q(level__gte=1) & models.Q(level__lte=5),
                name="kompetensi_level_1_5",
            ),
        ]
        indexes = [
            # As for education: the recommendations' competence set from the index alone.
            models.Index(fields=["bidang", "pegawai"], name="kompetensi_bidang_pegawai"),
        ]

    def __str__(self) -> str:
        return f"{self.bidang} ({self.level})"
