"""Admin for employees and their history, sized for ~100,000 employees.

Every relation is an autocomplete (no select with every employee or position), every list joins
what it shows (``list_select_related``), and a NIP can be searched as printed on paper, with
spaces or dots.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pegawai import nip as nip_lib
from pegawai.models import (
    HukumanDisiplin,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pegawai.referensi import golongan_ruang
from pegawai.resources import (
    HukumanDisiplinResource,
    KompetensiResource,
    PegawaiResource,
    PenilaianKinerjaResource,
    RiwayatDiklatResource,
    RiwayatGolonganResource,
    RiwayatJabatanResource,
    RiwayatPendidikanResource,
)
from pontianak_mutasi.audit import history_entries
from pontianak_mutasi.audit_admin import AuditTrailAdminMixin
from pontianak_mutasi.importing import SpreadsheetImportExportMixin

EMPTY = "—"


def search_nip(queryset, search_term: str, lookup: str):
    """Filter by NIP when the term is one, however it was typed; None when it is not a NIP.

    The default search splits "19850312 201001 1 003" into four words and ANDs them, which
    finds nothing useful; a term made only of digits, spaces and dots is a NIP (or part of one).
    """
    try:
        digits = nip_lib.normalize(search_term)
    except nip_lib.NipError:
        return None
    if not digits.isdigit() or len(digits) < 4:
        return None
    if len(digits) == 18:
        return queryset.filter(**{lookup: digits})  # the unique index answers at once
    return queryset.filter(**{f"{lookup}__contains": digits})


class NipSearchMixin:
    nip_lookup = "nip"

    def get_search_results(self, request, queryset, search_term):
        found = search_nip(queryset, search_term, self.nip_lookup)
        if found is not None:
            return found, False
        return super().get_search_results(request, queryset, search_term)


class RiwayatAdminMixin(NipSearchMixin, SpreadsheetImportExportMixin):
    """A history list: employee NIP and name first, searchable by NIP or name."""

    nip_lookup = "pegawai__nip"
    search_fields = ("pegawai__nip", "pegawai__nama")
    autocomplete_fields = ("pegawai",)
    list_select_related = ("pegawai",)
    show_full_result_count = False  # one COUNT(*) less per page on a large table

    def get_ordering(self, request):
        # The models keep one employee's rows together by the employee's id (reading one
        # employee's history then needs no join); the lists here keep name order.
        rest = [f for f in self.model._meta.ordering if f != "pegawai_id"]
        return ["pegawai__nama", "pegawai__nip", *rest]

    @admin.display(description="NIP", ordering="pegawai__nip")
    def nip(self, obj):
        return obj.pegawai.nip_display

    @admin.display(description=_("name"), ordering="pegawai__nama")
    def nama_pegawai(self, obj):
        return obj.pegawai.nama_lengkap


# -- inlines on the employee page --------------------------------------------------------


class RiwayatJabatanInline(admin.TabularInline):
    model = RiwayatJabatan
    extra = 0
    fields = (
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
    autocomplete_fields = ("jabatan", "instansi", "unit")


class RiwayatGolonganInline(admin.TabularInline):
    model = RiwayatGolongan
    extra = 0
    fields = ("golongan", "tmt", "nomor_sk", "tanggal_sk")


class RiwayatPendidikanInline(admin.TabularInline):
    model = RiwayatPendidikan
    extra = 0
    fields = ("jenjang", "jurusan", "bidang", "institusi", "tahun_lulus", "nomor_ijazah")
    autocomplete_fields = ("bidang",)


class RiwayatDiklatInline(admin.TabularInline):
    model = RiwayatDiklat
    extra = 0
    fields = ("nama", "jenis", "bidang", "tanggal_mulai", "tanggal_selesai", "jam_pelajaran")
    autocomplete_fields = ("bidang",)


class PenilaianKinerjaInline(admin.TabularInline):
    model = PenilaianKinerja
    extra = 0
    fields = ("tahun", "predikat", "nilai")


class HukumanDisiplinInline(admin.TabularInline):
    model = HukumanDisiplin
    extra = 0
    fields = (
        "tingkat",
        "jenis",
        "dalam_pemeriksaan",
        "tanggal_mulai",
        "tanggal_selesai",
        "nomor_sk",
    )


class KompetensiInline(admin.TabularInline):
    model = Kompetensi
    extra = 0
    fields = ("bidang", "level", "sumber", "tahun", "keterangan")
    autocomplete_fields = ("bidang",)


# -- employee ----------------------------------------------------------------------------


class PegawaiAdminForm(forms.ModelForm):
    # Wider than the 18 stored digits so "19850312 201001 1 003" can be typed or pasted.
    nip = forms.CharField(label="NIP", max_length=40, help_text=_("18 digits; spaces are removed."))

    class Meta:
        model = Pegawai
        # The admin builds the real field list from its fieldsets.
        fields = ("nip",)

    def clean_nip(self) -> str:
        try:
            return nip_lib.normalize(self.cleaned_data["nip"])
        except nip_lib.NipError as exc:
            raise ValidationError(str(exc)) from exc


#: The employee's own history rows come with these, found by the employee's id (kept in the
#: historical rows after a deletion).
RIWAYAT_MODELS = (
    RiwayatJabatan,
    RiwayatGolongan,
    RiwayatPendidikan,
    RiwayatDiklat,
    PenilaianKinerja,
    HukumanDisiplin,
    Kompetensi,
)


def pegawai_audit_entries(pegawai: Pegawai):
    """Every recorded change of the employee and of their riwayat rows, newest first."""
    records = list(Pegawai.history.filter(id=pegawai.pk).select_related("history_user"))
    for model in RIWAYAT_MODELS:
        records += model.history.filter(pegawai_id=pegawai.pk).select_related("history_user")
    return history_entries(records)


@admin.register(Pegawai)
class PegawaiAdmin(
    AuditTrailAdminMixin, NipSearchMixin, SpreadsheetImportExportMixin, admin.ModelAdmin
):
    resource_classes = [PegawaiResource]
    form = PegawaiAdminForm
    list_display = (
        "nip_formatted",
        "nama_lengkap",
        "golongan_display",
        "jabatan",
        "instansi",
        "status_kepegawaian",
        "is_active",
    )
    list_display_links = ("nip_formatted", "nama_lengkap")
    list_select_related = ("instansi", "unit", "jabatan")
    list_filter = (
        "instansi",
        "golongan",
        "jabatan__jenis",
        "status_kepegawaian",
        "is_active",
        "jenis_kelamin",
    )
    search_fields = ("nip", "nama")
    search_help_text = _("NIP (with or without spaces) or name.")
    autocomplete_fields = ("instansi", "unit", "jabatan")
    show_full_result_count = False
    inlines = (
        RiwayatJabatanInline,
        RiwayatGolonganInline,
        RiwayatPendidikanInline,
        RiwayatDiklatInline,
        PenilaianKinerjaInline,
        HukumanDisiplinInline,
        KompetensiInline,
    )
    computed_fields = (
        "nip_formatted",
        "nip_peringatan",
        "usia_display",
        "masa_kerja_display",
        "tanggal_bup_display",
        "tmt_pensiun_display",
        "created_at",
        "updated_at",
    )
    readonly_fields = computed_fields
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "nip",
                    ("gelar_depan", "nama", "gelar_belakang"),
                    ("tempat_lahir", "tanggal_lahir"),
                    "jenis_kelamin",
                    "email",
                )
            },
        ),
        (
            _("Employment"),
            {
                "fields": (
                    "status_kepegawaian",
                    ("golongan", "tmt_golongan"),
                    "instansi",
                    "unit",
                    ("jabatan", "tmt_jabatan"),
                    ("tmt_cpns", "tmt_pns"),
                    ("tugas_belajar_sampai", "ikatan_dinas_sampai"),
                    "is_active",
                )
            },
        ),
    )

    def audit_entries(self, obj):
        return pegawai_audit_entries(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # nothing to compute before the record exists
            return fieldsets
        return (*fieldsets, (_("Computed"), {"fields": self.computed_fields}))

    @admin.display(description="NIP", ordering="nip")
    def nip_formatted(self, obj):
        return obj.nip_display

    @admin.display(description=_("name"), ordering="nama")
    def nama_lengkap(self, obj):
        return obj.nama_lengkap

    @admin.display(description=_("rank"), ordering="golongan")
    def golongan_display(self, obj):
        return golongan_ruang(obj.golongan) or EMPTY

    @admin.display(description=_("NIP warnings"))
    def nip_peringatan(self, obj):
        if not obj.pk:
            return EMPTY
        warnings = obj.nip_warnings
        if not warnings:
            return gettext("None")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((w,) for w in warnings))
        )

    @admin.display(description=_("age"))
    def usia_display(self, obj):
        if not obj.tanggal_lahir:
            return EMPTY
        return gettext("%(years)d years") % {"years": obj.usia()}

    @admin.display(description=_("length of service"))
    def masa_kerja_display(self, obj):
        if not obj.tmt_cpns:
            return EMPTY
        years, months = obj.masa_kerja()
        return gettext("%(years)d years %(months)d months") % {"years": years, "months": months}

    @admin.display(description=_("retirement age (BUP) reached on"))
    def tanggal_bup_display(self, obj):
        if not obj.tanggal_lahir:
            return EMPTY
        return gettext("%(date)s (BUP %(age)d years)") % {
            "date": date_format(obj.tanggal_bup),
            "age": obj.bup_usia,
        }

    @admin.display(description=_("pension TMT"))
    def tmt_pensiun_display(self, obj):
        if not obj.tanggal_lahir:
            return EMPTY
        return date_format(obj.tmt_pensiun)


# -- history lists -----------------------------------------------------------------------


@admin.register(RiwayatJabatan)
class RiwayatJabatanAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [RiwayatJabatanResource]
    list_display = ("nip", "nama_pegawai", "nama_jabatan", "instansi", "tmt_mulai", "tmt_selesai")
    list_select_related = ("pegawai", "instansi", "jabatan", "unit")
    list_filter = ("jenis_mutasi", "instansi", "jabatan__jenis")
    autocomplete_fields = ("pegawai", "jabatan", "instansi", "unit")
    date_hierarchy = "tmt_mulai"


@admin.register(RiwayatGolongan)
class RiwayatGolonganAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [RiwayatGolonganResource]
    list_display = ("nip", "nama_pegawai", "golongan_display", "tmt", "nomor_sk")
    list_filter = ("golongan",)

    @admin.display(description=_("rank"), ordering="golongan")
    def golongan_display(self, obj):
        return golongan_ruang(obj.golongan)


@admin.register(RiwayatPendidikan)
class RiwayatPendidikanAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [RiwayatPendidikanResource]
    list_display = (
        "nip",
        "nama_pegawai",
        "jenjang",
        "jurusan",
        "bidang",
        "institusi",
        "tahun_lulus",
    )
    list_select_related = ("pegawai", "bidang")
    list_filter = ("jenjang", "bidang")
    autocomplete_fields = ("pegawai", "bidang")


@admin.register(RiwayatDiklat)
class RiwayatDiklatAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [RiwayatDiklatResource]
    list_display = ("nip", "nama_pegawai", "nama", "jenis", "bidang", "tanggal_mulai")
    list_select_related = ("pegawai", "bidang")
    list_filter = ("jenis", "bidang")
    autocomplete_fields = ("pegawai", "bidang")


@admin.register(PenilaianKinerja)
class PenilaianKinerjaAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [PenilaianKinerjaResource]
    list_display = ("nip", "nama_pegawai", "tahun", "predikat", "nilai")
    list_filter = ("tahun", "predikat")


@admin.register(HukumanDisiplin)
class HukumanDisiplinAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [HukumanDisiplinResource]
    list_display = (
        "nip",
        "nama_pegawai",
        "tingkat",
        "jenis",
        "dalam_pemeriksaan",
        "tanggal_mulai",
        "tanggal_selesai",
    )
    list_filter = ("tingkat", "jenis", "dalam_pemeriksaan")


@admin.register(Kompetensi)
class KompetensiAdmin(RiwayatAdminMixin, admin.ModelAdmin):
    resource_classes = [KompetensiResource]
    list_display = ("nip", "nama_pegawai", "bidang", "level", "sumber", "tahun")
    list_select_related = ("pegawai", "bidang")
    list_filter = ("sumber", "level", "bidang")
    autocomplete_fields = ("pegawai", "bidang")
