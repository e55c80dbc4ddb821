"""Admin for users: Django's UserAdmin plus the agency and the employee a user is."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from pontianak_mutasi.models import User


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


admin.site.site_header = _("Simutasi administration")
admin.site.site_title = _("Simutasi administration")
admin.site.index_title = _("Master data of Kalimantan Barat civil servants")
