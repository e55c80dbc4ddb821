"""Import/export of employees and their history (riwayat), keyed by NIP.

The employee file is keyed by ``nip``; every riwayat file has a ``nip`` column naming the
employee, plus the columns of its natural key (see each resource's ``import_id_fields``).
Agencies, units, positions and fields are written as their codes.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export.fields import Field

from instansi.models import Bidang
from instansi.resources import bidang_field, instansi_field, jabatan_field, unit_field
from pegawai.models import (
    HukumanDisiplin,
    JenisKelamin,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pegawai.referensi import (
    TINGKAT_OF_JENIS,
    PredikatKinerja,
    predikat_from_nilai,
)
from pontianak_mutasi.importing import (
    BaseResource,
    ChoiceWidget,
    NipWidget,
    PegawaiWidget,
)


def pegawai_field() -> Field:
    return Field(attribute="pegawai", column_name="nip", widget=PegawaiWidget(Pegawai))


class PegawaiResource(BaseResource):
    nip = Field(attribute="nip", column_name="nip", widget=NipWidget())
    jenis_kelamin = Field(
        attribute="jenis_kelamin",
        column_name="jenis_kelamin",
        widget=ChoiceWidget(
            JenisKelamin.choices,
            # SIASN and agency spreadsheets spell it out in Indonesian, or use the NIP digit.
            aliases={
                "laki-laki": "L",
                "pria": "L",
                "1": "L",
                "perempuan": "P",
                "wanita": "P",
                "2": "P",
            },
        ),
    )
    instansi = instansi_field()
    unit = unit_field()
    jabatan = jabatan_field()

    select_related = ("instansi", "unit", "jabatan")
    preload_fields = ("instansi", "unit", "jabatan")

    class Meta:
        model = Pegawai
        fields = (
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "tempat_lahir",
            "tanggal_lahir",
            "jenis_kelamin",
            "status_kepegawaian",
            "golongan",
            "tmt_golongan",
            "instansi",
            "unit",
            "jabatan",
            "tmt_jabatan",
            "tmt_cpns",
            "tmt_pns",
            "tugas_belajar_sampai",
            "ikatan_dinas_sampai",
            "email",
            "is_active",
        )
        import_id_fields = ("nip",)


class PegawaiBulkResource(PegawaiResource):
    """The employee import of the background job (issue 8: 100,000 rows).

    The same columns, checks and errors as :class:`PegawaiResource`, but rows are written in
    batches (``bulk_create``/``bulk_update`` with their audit rows, one query per batch), no
    copy of each row and no HTML diff are made (the admin's preview page is their only reader;
    unchanged rows are still skipped). The import step writes the rows the check step built
    when nothing they depend on changed meanwhile (``BaseResource.import_checked``). The admin
    keeps the row-by-row resource: its preview and log entries need each row's id.
    """

    class Meta(PegawaiResource.Meta):
        use_bulk = True
        batch_size = 1000
        skip_diff = True  # BaseResource.skip_row still skips unchanged rows, without a copy
        skip_html_diff = True
        store_instance = True  # for import_checked()

    reuse_checked_rows = True


class RiwayatJabatanResource(BaseResource):
    pegawai = pegawai_field()
    jabatan = jabatan_field()
    instansi = instansi_field()
    unit = unit_field()

    select_related = ("pegawai", "jabatan", "instansi", "unit")

    class Meta:
        model = RiwayatJabatan
        fields = (
            "pegawai",
            "jabatan",
            "nama_jabatan",
            "instansi",
            "unit",
            "tmt_mulai",
            "tmt_selesai",
            "jenis_mutasi",
            "nomor_sk",
            "tanggal_sk",
        )
        import_id_fields = ("pegawai", "tmt_mulai")


class RiwayatGolonganResource(BaseResource):
    pegawai = pegawai_field()

    select_related = ("pegawai",)

    class Meta:
        model = RiwayatGolongan
        fields = ("pegawai", "golongan", "tmt", "nomor_sk", "tanggal_sk")
        import_id_fields = ("pegawai", "golongan")


class RiwayatPendidikanResource(BaseResource):
    """An empty ``bidang`` is guessed from the field of study with the fields' keywords."""

    pegawai = pegawai_field()
    bidang = bidang_field()

    select_related = ("pegawai", "bidang")

    class Meta:
        model = RiwayatPendidikan
        fields = (
            "pegawai",
            "jenjang",
            "jurusan",
            "bidang",
            "institusi",
            "tahun_lulus",
            "nomor_ijazah",
        )
        import_id_fields = ("pegawai", "jenjang", "jurusan")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._keywords: list[tuple[str, Bidang]] | None = None

    def bidang_for(self, jurusan: str) -> Bidang | None:
        if self._keywords is None:
            # Longest keyword first: "teknik informatika" beats "teknik".
            self._keywords = sorted(
                ((k, b) for b in Bidang.objects.all() for k in b.keywords),
                key=lambda kb: -len(kb[0]),
            )
        text = jurusan.lower()
        return next((b for k, b in self._keywords if k in text), None)

    def after_import_fields(self, instance, row, errors):
        if instance.bidang_id is None and instance.jurusan and "bidang" not in errors:
            instance.bidang = self.bidang_for(instance.jurusan)


class RiwayatDiklatResource(BaseResource):
    pegawai = pegawai_field()
    bidang = bidang_field()

    select_related = ("pegawai", "bidang")

    class Meta:
        model = RiwayatDiklat
        fields = (
            "pegawai",
            "nama",
            "jenis",
            "bidang",
            "penyelenggara",
            "tanggal_mulai",
            "tanggal_selesai",
            "jam_pelajaran",
            "nomor_sertifikat",
        )
        import_id_fields = ("pegawai", "nama", "tanggal_mulai")


class PenilaianKinerjaResource(BaseResource):
    """``predikat`` as a label ("Sangat Baik") or a value; empty → mapped from an old ``nilai``."""

    pegawai = pegawai_field()
    predikat = Field(
        attribute="predikat",
        column_name="predikat",
        widget=ChoiceWidget(
            PredikatKinerja.choices,
            # PP 46/2011 wording, mapped as predikat_from_nilai maps the scores.
            aliases={
                "cukup": PredikatKinerja.BUTUH_PERBAIKAN,
                "kurang": PredikatKinerja.KURANG,
                "misconduct": PredikatKinerja.KURANG,
                "buruk": PredikatKinerja.SANGAT_KURANG,
            },
        ),
    )

    select_related = ("pegawai",)

    class Meta:
        model = PenilaianKinerja
        fields = ("pegawai", "tahun", "predikat", "nilai")
        import_id_fields = ("pegawai", "tahun")

    def after_import_fields(self, instance, row, errors):
        if instance.predikat or instance.nilai is None or "nilai" in errors:
            return
        try:
            instance.predikat = predikat_from_nilai(float(instance.nilai))
        except ValueError:
            errors["nilai"] = self.cell_message(
                self.column_of("nilai"), _("The score must be between 0 and 100.")
            )
            # Otherwise the model's clean() would map the bad score again and crash.
            instance.nilai = None


class HukumanDisiplinResource(BaseResource):
    """An empty ``tingkat`` follows from the sanction (PP 94/2021 Pasal 8)."""

    pegawai = pegawai_field()

    select_related = ("pegawai",)

    class Meta:
        model = HukumanDisiplin
        fields = (
            "pegawai",
            "tingkat",
            "jenis",
            "dalam_pemeriksaan",
            "tanggal_mulai",
            "tanggal_selesai",
            "keterangan",
            "nomor_sk",
            "tanggal_sk",
        )
        import_id_fields = ("pegawai", "tanggal_mulai", "jenis")

    def after_import_fields(self, instance, row, errors):
        if not instance.tingkat and instance.jenis in TINGKAT_OF_JENIS:
            instance.tingkat = TINGKAT_OF_JENIS[instance.jenis]


class KompetensiResource(BaseResource):
    pegawai = pegawai_field()
    bidang = bidang_field()

    select_related = ("pegawai", "bidang")

    class Meta:
        model = Kompetensi
        fields = ("pegawai", "bidang", "level", "sumber", "tahun", "keterangan")
        import_id_fields = ("pegawai", "bidang")
