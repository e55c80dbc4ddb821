"""Admin for agencies, units, positions, formasi and workload analysis (ABK).

The formasi list shows the ABK figures computed in the database by
``instansi.selectors.formasi_annotated``: a page of formasi costs the same few queries however
many employees and task lines there are.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from instansi.models import (
    AnalisisBebanKerja,
    Bidang,
    Formasi,
    Instansi,
    Jabatan,
    KebutuhanKompetensi,
    UnitKerja,
)
from instansi.resources import (
    AnalisisBebanKerjaResource,
    BidangResource,
    FormasiResource,
    InstansiResource,
    JabatanResource,
    UnitKerjaResource,
)
from instansi.selectors import formasi_annotated
from pegawai.referensi import golongan_ruang
from pontianak_mutasi.importing import SpreadsheetImportExportMixin

EMPTY = "—"


@admin.register(Bidang)
class BidangAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [BidangResource]
    list_display = ("kode", "nama")
    search_fields = ("kode", "nama", "kata_kunci")
    prepopulated_fields = {"kode": ("nama",)}


@admin.register(Instansi)
class InstansiAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [InstansiResource]
    list_display = (
        "kode",
        "nama",
        "singkatan",
        "jenis",
        "induk",
        "wilayah",
        "is_external",
        "is_active",
    )
    list_display_links = ("kode", "nama")
    list_select_related = ("induk",)
    list_filter = ("jenis", "wilayah", "is_external", "is_active")
    search_fields = ("kode", "nama", "singkatan")
    autocomplete_fields = ("induk",)


@admin.register(UnitKerja)
class UnitKerjaAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [UnitKerjaResource]
    list_display = ("kode", "nama", "instansi", "induk", "is_active")
    list_display_links = ("kode", "nama")
    list_select_related = ("instansi", "induk")
    list_filter = ("instansi", "is_active")
    search_fields = ("kode", "nama", "instansi__kode", "instansi__nama", "instansi__singkatan")
    autocomplete_fields = ("instansi", "induk")


class KebutuhanKompetensiInline(admin.TabularInline):
    model = KebutuhanKompetensi
    extra = 0
    autocomplete_fields = ("bidang",)


@admin.register(Jabatan)
class JabatanAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [JabatanResource]
    list_display = (
        "kode",
        "nama",
        "jenis",
        "jenjang",
        "kelas_jabatan",
        "min_pendidikan",
        "min_golongan_display",
        "bup_display",
        "is_active",
    )
    list_display_links = ("kode", "nama")
    list_filter = ("jenis", "jenjang", "kelas_jabatan", "min_pendidikan", "is_active")
    search_fields = ("kode", "nama")
    autocomplete_fields = ("bidang_pendidikan",)
    readonly_fields = ("bup_display",)
    inlines = (KebutuhanKompetensiInline,)

    @admin.display(description=_("minimum rank"), ordering="min_golongan")
    def min_golongan_display(self, obj):
        return golongan_ruang(obj.min_golongan) or EMPTY

    @admin.display(description=_("retirement age (BUP)"))
    def bup_display(self, obj):
        if not obj.jenis:
            return EMPTY
        return obj.bup


class AnalisisBebanKerjaInline(admin.TabularInline):
    model = AnalisisBebanKerja
    extra = 0
    fields = ("urutan", "uraian_tugas", "satuan_hasil", "volume", "norma_waktu", "beban_display")
    readonly_fields = ("beban_display",)

    @admin.display(description=_("workload (minutes/year)"))
    def beban_display(self, obj):
        if obj.pk is None:
            return EMPTY
        return number_format(obj.beban, decimal_pos=2, force_grouping=True)


def _decimal(value, places: int = 2) -> str:
    return EMPTY if value is None else number_format(value, decimal_pos=places, force_grouping=True)


@admin.register(Formasi)
class FormasiAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [FormasiResource]
    list_display = (
        "jabatan",
        "instansi",
        "unit",
        "beban_kerja_display",
        "kebutuhan_exact_display",
        "kebutuhan_display",
        "bezetting_display",
        "gap_display",
        "ej_display",
        "grade_display",
    )
    # formasi_annotated() joins these already; named here too so the list stays one query
    # per page whatever the selector or the changelist's own select_related() do.
    list_select_related = ("instansi", "unit", "jabatan")
    list_filter = ("instansi", "jabatan__jenis")
    search_fields = (
        "jabatan__kode",
        "jabatan__nama",
        "instansi__kode",
        "instansi__nama",
        "instansi__singkatan",
        "unit__nama",
    )
    autocomplete_fields = ("instansi", "unit", "jabatan")
    inlines = (AnalisisBebanKerjaInline,)
    computed_fields = (
        "beban_kerja_display",
        "kebutuhan_exact_display",
        "kebutuhan_display",
        "bezetting_display",
        "gap_display",
        "ej_display",
        "grade_display",
    )
    readonly_fields = computed_fields

    def get_queryset(self, request):
        return formasi_annotated(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        fields = ("instansi", "unit", "jabatan", "keterangan")
        if obj is None:
            return ((None, {"fields": fields}),)
        return (
            (None, {"fields": fields}),
            (_("Workload analysis (ABK)"), {"fields": self.computed_fields}),
        )

    @staticmethod
    def _hasil(obj):
        # One computation per object, shared by the seven columns of its row.
        if not hasattr(obj, "_hasil_cache"):
            obj._hasil_cache = obj.hasil
        return obj._hasil_cache

    @admin.display(description=_("workload (minutes/year)"), ordering="beban_kerja_total")
    def beban_kerja_display(self, obj):
        return _decimal(self._hasil(obj).beban_kerja)

    @admin.display(description=_("need (exact)"), ordering="beban_kerja_total")
    def kebutuhan_exact_display(self, obj):
        return _decimal(self._hasil(obj).kebutuhan_exact)

    @admin.display(description=_("need"), ordering="beban_kerja_total")
    def kebutuhan_display(self, obj):
        return self._hasil(obj).kebutuhan

    @admin.display(description=_("holders (bezetting)"), ordering="bezetting")
    def bezetting_display(self, obj):
        return self._hasil(obj).bezetting

    @admin.display(description=_("gap"))
    def gap_display(self, obj):
        gap = self._hasil(obj).gap
        return f"+{gap}" if gap > 0 else str(gap)

    @admin.display(description=_("job effectiveness (EJ)"))
    def ej_display(self, obj):
        return _decimal(self._hasil(obj).ej)

    @admin.display(description=_("grade"))
    def grade_display(self, obj):
        return self._hasil(obj).grade or EMPTY


@admin.register(AnalisisBebanKerja)
class AnalisisBebanKerjaAdmin(SpreadsheetImportExportMixin, admin.ModelAdmin):
    resource_classes = [AnalisisBebanKerjaResource]
    list_display = (
        "uraian_tugas",
        "formasi",
        "satuan_hasil",
        "volume",
        "norma_waktu",
        "beban_display",
    )
    list_select_related = ("formasi__instansi", "formasi__unit", "formasi__jabatan")
    list_filter = ("formasi__instansi",)
    search_fields = ("uraian_tugas", "formasi__jabatan__nama", "formasi__instansi__nama")
    autocomplete_fields = ("formasi",)

    @admin.display(description=_("workload (minutes/year)"))
    def beban_display(self, obj):
        return _decimal(obj.beban)
