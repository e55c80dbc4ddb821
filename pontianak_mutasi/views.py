"""Site-wide pages: the home page (beranda), sign-out and a health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from instansi.models import Formasi
from instansi.selectors import formasi_annotated, formasi_shortage, instansi_scope_for_user
from pegawai.selectors import pegawai_list_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Counts for the user's own scope: an operator sees their agency's numbers."""
    instansi = instansi_scope_for_user(request.user)
    formasi = formasi_annotated(Formasi.objects.filter(instansi__in=instansi))
    context = {
        "jumlah_pegawai": pegawai_list_for_user(request.user).filter(is_active=True).count(),
        "jumlah_instansi": instansi.filter(is_external=False, is_active=True).count(),
        "jumlah_formasi": formasi.count(),
        "jumlah_kekurangan": formasi_shortage(formasi).count(),
    }
    return render(request, "home.html", context)


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: no login, no data, just "the database answers"."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
