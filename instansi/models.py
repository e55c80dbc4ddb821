"""Agencies (Instansi), their units, positions (Jabatan), formasi and workload analysis (ABK)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from instansi import abk
from pegawai.referensi import Golongan, JenjangPendidikan


class KodeManager(models.Manager):
    """Looks a row up by its code: the natural key that backups (``dumpdata
    --natural-foreign``) and imports refer to it by."""

    def get_by_natural_key(self, kode: str):
        return self.get(kode=kode)


class KabKota(models.TextChoices):
    """Kabupaten/kota of Kalimantan Barat (DOMAIN.md §12) plus the province itself."""

    PROVINSI = "61", "Provinsi Kalimantan Barat"
    SAMBAS = "61.01", "Kabupaten Sambas"
    MEMPAWAH = "61.02", "Kabupaten Mempawah"
    SANGGAU = "61.03", "Kabupaten Sanggau"
    KETAPANG = "61.04", "Kabupaten Ketapang"
    SINTANG = "61.05", "Kabupaten Sintang"
    KAPUAS_HULU = "61.06", "Kabupaten Kapuas Hulu"
    BENGKAYANG = "61.07", "Kabupaten Bengkayang"
    LANDAK = "61.08", "Kabupaten Landak"
    SEKADAU = "61.09", "Kabupaten Sekadau"
    MELAWI = "61.10", "Kabupaten Melawi"
    KAYONG_UTARA = "61.11", "Kabupaten Kayong Utara"
    KUBU_RAYA = "61.12", "Kabupaten Kubu Raya"
    PONTIANAK = "61.71", "Kota Pontianak"
    SINGKAWANG = "61.72", "Kota Singkawang"


class Bidang(models.Model):
    """Controlled vocabulary of fields (teknologi informasi, kesehatan masyarakat, …).

    Education majors, training, competencies and position requirements all point here, so
    matching an employee to a position compares like with like.
    """

    kode = models.SlugField(_("code"), max_length=50, unique=True)
    nama = models.CharField(_("name"), max_length=150, unique=True)
    deskripsi = models.TextField(_("description"), blank=True)
    # Words that identify the field in free text (e.g. a major "Teknik Informatika"),
    # used by imports to map a field of study to its bidang.
    kata_kunci = models.TextField(
        _("keywords"), blank=True, help_text=_("One keyword per line, matched case-insensitively.")
    )

    objects = KodeManager()

    class Meta:
        ordering = ["nama"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")

    def __str__(self) -> str:
        return self.nama

    def natural_key(self) -> tuple[str]:
        return (self.kode,)

    @property
    def keywords(self) -> list[str]:
        return [k.strip().lower() for k in self.kata_kunci.splitlines() if k.strip()]


class JenisInstansi(models.TextChoices):
    SEKRETARIAT_DAERAH = "setda", _("Regional secretariat")
    SEKRETARIAT_DPRD = "setwan", _("DPRD secretariat")
    INSPEKTORAT = "inspektorat", _("Inspectorate")
    BADAN = "badan", _("Agency (badan)")
    DINAS = "dinas", _("Office (dinas)")
    BIRO = "biro", _("Bureau (biro)")
    RUMAH_SAKIT = "rumah_sakit", _("Hospital")
    UPT = "upt", _("Technical unit (UPT)")
    KABUPATEN_KOTA = "kabkota", _("Regency/city government")
    INSTANSI_PUSAT = "pusat", _("Central agency")
    PROVINSI_LAIN = "provinsi_lain", _("Other province")


EXTERNAL_JENIS = {
    JenisInstansi.KABUPATEN_KOTA,
    JenisInstansi.INSTANSI_PUSAT,
    JenisInstansi.PROVINSI_LAIN,
}


class Instansi(models.Model):
    kode = models.CharField(_("code"), max_length=20, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    singkatan = models.CharField(_("abbreviation"), max_length=50, blank=True)
    jenis = models.CharField(_("type"), max_length=20, choices=JenisInstansi.choices)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anak",
    )
    wilayah = models.CharField(
        _("region"), max_length=5, choices=KabKota.choices, default=KabKota.PONTIANAK, blank=True
    )
    alamat = models.TextField(_("address"), blank=True)
    is_external = models.BooleanField(
        _("outside the province"),
        default=False,
        help_text=_("Regency/city, other province or central agency: origin or target of a move."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = KodeManager()

    class Meta:
        ordering = ["kode"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        indexes = [models.Index(fields=["nama"])]

    def __str__(self) -> str:
        return self.nama

    def natural_key(self) -> tuple[str]:
        return (self.kode,)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.induk_id and self.induk_id == self.pk:
            raise ValidationError({"induk": _("An agency cannot be its own parent.")})
        if self.jenis in EXTERNAL_JENIS and not self.is_external:
            self.is_external = True

    @property
    def label(self) -> str:
        return self.singkatan or self.nama


class UnitKerja(models.Model):
    """An organisational unit inside an agency (bidang, bagian, seksi, subbagian)."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="unit_set"
    )
    kode = models.CharField(_("code"), max_length=30)
    nama = models.CharField(_("name"), max_length=200)
    induk = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anak",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["instansi__kode", "kode"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")
        constraints = [
            models.UniqueConstraint(fields=["instansi", "kode"], name="unitkerja_kode_unique")
        ]

    def __str__(self) -> str:
        return self.nama


class JenisJabatan(models.TextChoices):
    JPT_UTAMA = "jpt_utama", _("Senior executive (JPT utama)")
    JPT_MADYA = "jpt_madya", _("Senior executive (JPT madya)")
    JPT_PRATAMA = "jpt_pratama", _("Senior executive (JPT pratama)")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Supervisor (pengawas)")
    PELAKSANA = "pelaksana", _("Staff (pelaksana)")
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", _("Functional – expertise")
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", _("Functional – skill")


class JenjangJabatan(models.TextChoices):
    """Levels of functional positions (jabatan fungsional)."""

    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_UTAMA = "ahli_utama", "Ahli Utama"
    PEMULA = "pemula", "Pemula"
    TERAMPIL = "terampil", "Terampil"
    MAHIR = "mahir", "Mahir"
    PENYELIA = "penyelia", "Penyelia"


KEAHLIAN_JENJANG = {
    JenjangJabatan.AHLI_PERTAMA,
    JenjangJabatan.AHLI_MUDA,
    JenjangJabatan.AHLI_MADYA,
    JenjangJabatan.AHLI_UTAMA,
}
KETERAMPILAN_JENJANG = {
    JenjangJabatan.PEMULA,
    JenjangJabatan.TERAMPIL,
    JenjangJabatan.MAHIR,
    JenjangJabatan.PENYELIA,
}


def bup_years(jenis: str, jenjang: str = "") -> int:
    """Batas usia pensiun per PP 11/2017 Pasal 239 as amended (DOMAIN.md §6)."""
    if jenis in {JenisJabatan.JPT_UTAMA, JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}:
        return 60
    if jenis == JenisJabatan.FUNGSIONAL_KEAHLIAN:
        if jenjang == JenjangJabatan.AHLI_UTAMA:
            return 65
        if jenjang == JenjangJabatan.AHLI_MADYA:
            return 60
        return 58
    # administrator, pengawas, pelaksana, fungsional keterampilan
    return 58


class Jabatan(models.Model):
    """A position in the catalogue, with the requirements a holder must meet."""

    kode = models.CharField(_("code"), max_length=30, unique=True)
    nama = models.CharField(_("name"), max_length=200)
    jenis = models.CharField(_("position type"), max_length=30, choices=JenisJabatan.choices)
    jenjang = models.CharField(
        _("level"),
        max_length=20,
        choices=JenjangJabatan.choices,
        blank=True,
        help_text=_("Only for functional positions."),
    )
    kelas_jabatan = models.PositiveSmallIntegerField(
        _("position class"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    min_pendidikan = models.CharField(
        _("minimum education"), max_length=3, choices=JenjangPendidikan.choices, blank=True
    )
    bidang_pendidikan = models.ManyToManyField(
        Bidang,
        verbose_name=_("accepted fields of study"),
        blank=True,
        related_name="jabatan_pendidikan",
        help_text=_("Empty means any field of study is accepted."),
    )
    min_golongan = models.CharField(
        _("minimum rank"), max_length=2, choices=Golongan.choices, blank=True
    )
    ikhtisar = models.TextField(_("job summary"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = KodeManager()

    class Meta:
        ordering = ["nama"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [models.Index(fields=["nama"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kelas_jabatan__gte=1) & models.Q(kelas_jabatan__lte=17),
                name="jabatan_kelas_1_17",
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def natural_key(self) -> tuple[str]:
        return (self.kode,)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.jenis == JenisJabatan.FUNGSIONAL_KEAHLIAN and self.jenjang not in KEAHLIAN_JENJANG:
            errors["jenjang"] = _("An expertise position needs an Ahli level.")
        elif (
            self.jenis == JenisJabatan.FUNGSIONAL_KETERAMPILAN
            and self.jenjang not in KETERAMPILAN_JENJANG
        ):
            errors["jenjang"] = _("A skill position needs a Pemula–Penyelia level.")
        elif (
            self.jenis
            not in {JenisJabatan.FUNGSIONAL_KEAHLIAN, JenisJabatan.FUNGSIONAL_KETERAMPILAN}
            and self.jenjang
        ):
            errors["jenjang"] = _("Only functional positions have a level.")
        if errors:
            raise ValidationError(errors)

    @property
    def bup(self) -> int:
        return bup_years(self.jenis, self.jenjang)

    @property
    def is_fungsional(self) -> bool:
        return self.jenis in {
            JenisJabatan.FUNGSIONAL_KEAHLIAN,
            JenisJabatan.FUNGSIONAL_KETERAMPILAN,
        }


class KebutuhanKompetensi(models.Model):
    """A competence a position requires, with the minimum level (1–5)."""

    jabatan = models.ForeignKey(
        Jabatan, on_delete=models.CASCADE, related_name="kebutuhan_kompetensi"
    )
    bidang = models.ForeignKey(Bidang, verbose_name=_("field"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(
        _("minimum level"), validators=[MinValueValidator(1), MaxValueValidator(5)], default=1
    )

    class Meta:
        verbose_name = _("required competence")
        verbose_name_plural = _("required competences")
        constraints = [
            models.UniqueConstraint(
                fields=["jabatan", "bidang"], name="kebutuhan_kompetensi_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bidang} ≥ {self.level}"


class Formasi(models.Model):
    """A position in a given agency (and optionally unit): where ABK meets the holders."""

    instansi = models.ForeignKey(
        Instansi, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="formasi_set"
    )
    unit = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="formasi_set",
    )
    jabatan = models.ForeignKey(
        Jabatan, verbose_name=_("position"), on_delete=models.PROTECT, related_name="formasi_set"
    )
    keterangan = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["instansi__kode", "jabatan__nama"]
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        constraints = [
            # Two partial constraints instead of nulls_distinct=False, which SQLite lacks.
            models.UniqueConstraint(
                fields=["instansi", "unit", "jabatan"],
                condition=models.Q(unit__isnull=False),
                name="formasi_unique_with_unit",
            ),
            models.UniqueConstraint(
                fields=["instansi", "jabatan"],
                condition=models.Q(unit__isnull=True),
                name="formasi_unique_without_unit",
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.instansi.label}" + (f" / {self.unit.nama}" if self.unit_id else "")
        return f"{self.jabatan.nama} – {where}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.unit_id and self.unit.instansi_id != self.instansi_id:
            raise ValidationError({"unit": _("The unit belongs to another agency.")})

    # ABK figures. ``bezetting`` is annotated by selectors (one query for a whole list);
    # the fallback counts for a single object.
    def holders(self):
        from pegawai.models import Pegawai

        qs = Pegawai.objects.filter(
            is_active=True, instansi_id=self.instansi_id, jabatan_id=self.jabatan_id
        )
        if self.unit_id:
            qs = qs.filter(unit_id=self.unit_id)
        return qs

    @property
    def beban_kerja(self) -> Decimal:
        if hasattr(self, "beban_kerja_total"):
            return Decimal(self.beban_kerja_total or 0)
        return abk.beban_kerja((r.volume, r.norma_waktu) for r in self.abk_set.all())

    @property
    def bezetting_count(self) -> int:
        if hasattr(self, "bezetting"):
            return self.bezetting
        return self.holders().count()

    @property
    def hasil(self) -> abk.HasilABK:
        return abk.hitung(self.beban_kerja, self.bezetting_count)


class AnalisisBebanKerja(models.Model):
    """One task line of the workload analysis (ABK) of a formasi."""

    formasi = models.ForeignKey(
        Formasi, verbose_name=_("formation"), on_delete=models.CASCADE, related_name="abk_set"
    )
    uraian_tugas = models.CharField(_("task description"), max_length=500)
    satuan_hasil = models.CharField(_("output unit"), max_length=100)
    volume = models.DecimalField(
        _("volume per year"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    norma_waktu = models.DecimalField(
        _("time norm (minutes)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    urutan = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["formasi", "urutan", "pk"]
        verbose_name = _("workload task")
        verbose_name_plural = _("workload analysis (ABK)")
        constraints = [
            # The import key of an ABK line: one task description per formasi.
            models.UniqueConstraint(
                fields=["formasi", "uraian_tugas"],
                name="abk_tugas_unique",
                violation_error_message=_("This task is already listed for the formation."),
            ),
            models.CheckConstraint(condition=models.Q(volume__gte=0), name="abk_volume_gte_0"),
            models.CheckConstraint(
                condition=models.Q(norma_waktu__gte=0), name="abk_norma_waktu_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.uraian_tugas

    @property
    def beban(self) -> Decimal:
        return self.volume * self.norma_waktu
