"""Site-wide pages: the home page (beranda), the dashboard (dasbor), sign-out, health check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from mutasi import statistik
from pontianak_mutasi import beranda, heartbeat
from pontianak_mutasi.dasbor import dasbor_context_cached
from pontianak_mutasi.db_router import baca_replika


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A section per role the user holds (pontianak_mutasi.beranda), each scoped to them."""
    return render(request, "home.html", beranda.sections_for(request.user))


@login_required
@baca_replika
def dasbor(request: HttpRequest) -> HttpResponse:
    """Charts with their tables; BKD roles see the province, an operator their agency."""
    choices = statistik.tahun_choices()
    tahun = request.GET.get("tahun", "")
    # Compared as text: int() of a 5,000-digit "year" raises ValueError (a 500).
    tahun = int(tahun) if tahun in {str(c) for c in choices} else choices[0]
    context = dasbor_context_cached(request.user, statistik.Periode.for_year(tahun))
    return render(request, "dasbor.html", {**context, "tahun_choices": choices})


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


@login_not_required
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For monitoring and the load balancer: no login, no data. 200 when the database answers
    and the task worker beat recently (``manage.py worker``), else 503 with what failed."""
    lines, healthy = [], True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        lines.append("database: ok")
    except DatabaseError as exc:
        healthy = False
        lines.append(f"database: error ({exc.__class__.__name__})")
    age = heartbeat.age()
    if age is None:
        healthy = False
        lines.append("worker: no heartbeat (is `manage.py worker` running?)")
    elif age > heartbeat.STALE_AFTER:
        healthy = False
        lines.append(f"worker: last heartbeat {age:.0f} s ago")
    else:
        lines.append(f"worker: ok ({age:.0f} s ago)")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain", status=200 if healthy else 503
    )
