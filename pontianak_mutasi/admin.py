"""Admin for users (Django's UserAdmin plus the agency and the employee a user is) and a
read-only view of the background jobs."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pontianak_mutasi.models import StatusTugas, Tugas, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Agency and employee"), {"fields": ("instansi", "pegawai")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Agency and employee"), {"fields": ("instansi", "pegawai")}),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "instansi",
        "pegawai",
        "is_staff",
        "is_active",
    )
    list_select_related = ("instansi", "pegawai")
    list_filter = (*DjangoUserAdmin.list_filter, "instansi")
    search_fields = (*DjangoUserAdmin.search_fields, "pegawai__nip", "pegawai__nama")
    # ~100,000 employees: a select listing them all would not even load.
    autocomplete_fields = ("instansi", "pegawai")


@admin.register(Tugas)
class TugasAdmin(admin.ModelAdmin):
    """Jobs are created by the application's screens; here they can be read, retried when
    failed, and deleted to clean up. Files are linked through the access-checked download
    view (media is private: a file field's own link would not work)."""

    list_display = ["__str__", "owner", "status", "phase", "created_at", "finished_at"]
    list_filter = ["status", "jenis"]
    list_select_related = ["owner"]
    search_fields = ["owner__username", "input_name", "result_name", "error"]
    date_hierarchy = "created_at"
    exclude = ["input_file", "result_file"]
    readonly_fields = [
        f.name for f in Tugas._meta.concrete_fields if f.name not in ("input_file", "result_file")
    ] + ["result_link"]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("result file"))
    def result_link(self, obj: Tugas) -> str:
        if obj.status != StatusTugas.DONE or not obj.result_file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("tugas:download", args=[obj.pk]), obj.result_name
        )

    @admin.action(description=_("Try the selected failed jobs again"))
    def retry(self, request, queryset) -> None:
        from pontianak_mutasi.tugas.services import tugas_retry

        done = 0
        for tugas in queryset:
            try:
                tugas_retry(actor=request.user, tugas=tugas)
            except (ValidationError, PermissionDenied):
                continue
            done += 1
        self.message_user(
            request,
            ngettext("%(count)d job queued again.", "%(count)d jobs queued again.", done)
            % {"count": done},
            messages.SUCCESS if done else messages.WARNING,
        )


admin.site.site_header = _("Simutasi administration")
admin.site.site_title = _("Simutasi administration")
admin.site.index_title = _("Master data of Kalimantan Barat civil servants")
