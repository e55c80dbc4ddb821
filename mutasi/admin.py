"""Admin for proposals: transition buttons (django-fsm-2) that go through the services, so
the admin takes the same steps as the app (lock, guard, one log row, notifications); the log
is inline and read-only."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm.admin import FSMAdminMixin

from mutasi import services
from mutasi.models import (
    AturanMutasi,
    DokumenUsulan,
    Notifikasi,
    PengecualianAturan,
    Penomoran,
    PersyaratanDokumen,
    Status,
    SuratKeputusan,
    TemplateSK,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.selectors_lacak import CATATAN_PUBLIK
from pontianak_mutasi.audit import EMPTY, AuditEntry, Perubahan, history_entries
from pontianak_mutasi.audit_admin import AuditTrailAdminMixin


class CatatanForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class CatatanWajibForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=True)


class CatatanUntukPegawaiForm(forms.Form):
    # Shown to the employee on the public tracking page (mutasi.selectors_lacak).
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea,
        required=True,
        help_text=_(
            "Required: say why. The employee concerned can read this note on the public "
            "tracking page, so write it for them."
        ),
    )


def _catatan_form(transition: str) -> type[forms.Form]:
    if transition in CATATAN_PUBLIK:
        return CatatanUntukPegawaiForm
    return CatatanWajibForm if transition in services.NOTE_REQUIRED else CatatanForm


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class UsulanLogInline(ReadOnlyInline):
    model = UsulanLog
    fields = ["created_at", "actor", "transition", "from_status", "to_status", "note"]
    readonly_fields = [f.name for f in UsulanLog._meta.concrete_fields]


class PengecualianInline(ReadOnlyInline):
    model = PengecualianAturan
    fields = ["created_at", "oleh", "kode_aturan", "alasan"]
    readonly_fields = [f.name for f in PengecualianAturan._meta.concrete_fields]


class DokumenInline(ReadOnlyInline):
    model = DokumenUsulan
    fields = ["persyaratan", "nama_asli", "ukuran", "status", "catatan", "diperiksa_oleh"]
    readonly_fields = [f.name for f in DokumenUsulan._meta.concrete_fields]


def usulan_audit_entries(usulan: UsulanMutasi) -> list[AuditEntry]:
    """The proposal's log (state changes, append-only) and its field changes, newest first."""
    status_label = dict(Status.choices)
    entries = history_entries(
        UsulanMutasi.history.filter(id=usulan.pk).select_related("history_user")
    )
    for log in usulan.log.select_related("actor"):
        entries.append(
            AuditEntry(
                when=log.created_at,
                who=log.actor,
                kind="log",
                kind_label=gettext("State change"),
                subject=log.transition,
                reason=log.note,
                changes=[
                    Perubahan(
                        label=gettext("status"),
                        old=str(status_label.get(log.from_status, log.from_status or EMPTY)),
                        new=str(status_label.get(log.to_status, log.to_status)),
                    )
                ],
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


@admin.register(UsulanMutasi)
class UsulanMutasiAdmin(AuditTrailAdminMixin, FSMAdminMixin, admin.ModelAdmin):
    audit_parent_template = FSMAdminMixin.change_form_template
    fsm_fields = ["status"]
    # Every transition asks for a note; a return, rejection, not-eligible or withdrawal
    # requires one.
    fsm_forms = {name: _catatan_form(name) for name in services.TRANSITIONS}
    list_display = [
        "nomor",
        "pegawai",
        "jenis_mutasi",
        "asal_instansi",
        "tujuan_instansi",
        "tujuan_jabatan",
        "tmt_rencana",
        "status",
        "skor_kecocokan",
    ]
    list_filter = ["status", "perlu_penanganan", "jenis_mutasi", "alasan", "tujuan_instansi"]
    list_select_related = ["pegawai", "asal_instansi", "tujuan_instansi", "tujuan_jabatan"]
    search_fields = ["nomor", "pegawai__nip", "pegawai__nama"]
    date_hierarchy = "created_at"
    inlines = [DokumenInline, PengecualianInline, UsulanLogInline]
    # Fields are edited in the application (snapshot, optimistic locking); the admin shows
    # them and offers the transitions.
    readonly_fields = [f.name for f in UsulanMutasi._meta.concrete_fields]

    def audit_entries(self, obj):
        return usulan_audit_entries(obj)

    def has_add_permission(self, request) -> bool:
        # Proposals are created in the application, where the service takes the snapshot.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def _apply_fsm_transition(self, *, obj, transition_name, request, kwargs=None) -> bool:
        note = (kwargs or {}).get("note", "")
        try:
            services.usulan_transition(
                actor=request.user, usulan=obj, transition=transition_name, note=note
            )
        except (ValidationError, PermissionDenied) as exc:
            text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            self.message_user(request, text or _("Not allowed."), level=messages.ERROR)
            return False
        self.message_user(request, _("Done."), level=messages.SUCCESS)
        return True


@admin.register(UsulanLog)
class UsulanLogAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only (and a trigger enforces it on PostgreSQL)."""

    list_display = ["created_at", "usulan", "actor", "transition", "from_status", "to_status"]
    readonly_fields = [f.name for f in UsulanLog._meta.concrete_fields]
    list_filter = ["transition", "to_status"]
    list_select_related = ["usulan", "actor"]
    search_fields = ["usulan__nomor", "actor__username", "note"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AturanMutasi)
class AturanMutasiAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "min_tahun_jabatan",
        "tahun_rotasi",
        "tahun_pns_baru",
        "tahun_kinerja",
        "peringatan_bup_tahun",
        "ukuran_maks_dokumen_mb",
        "updated_at",
    ]

    def has_add_permission(self, request) -> bool:
        return not AturanMutasi.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PersyaratanDokumen)
class PersyaratanDokumenAdmin(admin.ModelAdmin):
    list_display = [
        "jenis_mutasi",
        "urutan",
        "nama",
        "wajib",
        "hanya_permintaan_sendiri",
        "is_active",
    ]
    list_filter = ["jenis_mutasi", "wajib", "is_active"]
    list_editable = ["urutan", "wajib", "is_active"]
    search_fields = ["nama", "kode"]


@admin.register(Penomoran)
class PenomoranAdmin(admin.ModelAdmin):
    """Counters are changed only by the numbering service (row-locked); shown for audit."""

    list_display = ["kode", "tahun", "terakhir"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notifikasi)
class NotifikasiAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "usulan", "pesan", "read_at"]
    list_select_related = ["user", "usulan"]
    search_fields = ["user__username", "pesan"]
    autocomplete_fields = ["user", "usulan"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TemplateSK)
class TemplateSKAdmin(admin.ModelAdmin):
    list_display = ["nama", "is_default", "penandatangan_jabatan", "penandatangan_nama"]


@admin.register(SuratKeputusan)
class SuratKeputusanAdmin(admin.ModelAdmin):
    """Decrees are composed and issued in the application; an issued SK is never edited or
    deleted, so the admin only shows them."""

    list_display = ["nomor", "jenis", "status", "tanggal_penetapan", "tmt", "diterbitkan_at"]
    list_filter = ["status", "jenis", "tahun"]
    search_fields = ["nomor", "usulan__nomor", "usulan__pegawai__nip"]
    readonly_fields = [f.name for f in SuratKeputusan._meta.concrete_fields]
    autocomplete_fields = ["usulan"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
