"""Admin pages of the audit trail: one per employee and one per proposal (docs/audit.md).

Read-only on purpose: django-simple-history's own admin can revert a record to an old
version, which would bypass the services (and their locks, checks and log rows).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from pontianak_mutasi.audit import AuditEntry


class AuditTrailAdminMixin:
    """Adds ``<pk>/audit/`` and a button to it on the change form; subclasses say which
    entries belong to the object (``audit_entries``)."""

    #: The change form this one extends (FSMAdminMixin has its own).
    audit_parent_template = "admin/change_form.html"
    change_form_template = "admin/audit_change_form.html"

    def audit_entries(self, obj) -> list[AuditEntry]:
        raise NotImplementedError

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/audit/",
                self.admin_site.admin_view(self.audit_view),
                name="{}_{}_audit".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "audit_parent_template": self.audit_parent_template,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def audit_view(self, request, object_id):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        # Staff (admin_view) who may at least view this object.
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        opts = self.opts
        context = {
            **self.admin_site.each_context(request),
            "title": _("Audit trail: %(object)s") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "entries": self.audit_entries(obj),
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
        }
        return TemplateResponse(request, "admin/audit_trail.html", context)
