"""Reports: rotation due and data quality. Reads go through pegawai.laporan, scoped."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi.models import AturanMutasi
from pegawai import laporan
from pontianak_mutasi.db_router import baca_replika
from pontianak_mutasi.importing.tables import FORMATS
from pontianak_mutasi.models import JenisTugas
from pontianak_mutasi.tugas.services import tugas_create

PER_PAGE = 50


def _page(request: HttpRequest, rows) -> dict:
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def _rotasi_query(request: HttpRequest):
    return laporan.rotasi_query(
        request.user,
        AturanMutasi.load(),
        kode=request.GET.get("instansi"),
        status=request.GET.get("status"),
    )


@login_required
@baca_replika
def laporan_rotasi(request: HttpRequest) -> HttpResponse:
    ambang, scope, instansi, status, rows = _rotasi_query(request)
    context = {
        "ambang": ambang,
        "instansi_choices": scope,
        "instansi": instansi,
        "status": status,
        "status_choices": laporan.ROTASI_STATUS_CHOICES,
        "rekap": laporan.rotasi_rekap(request.user, ambang),
        **_page(request, rows),
    }
    return render(request, "pegawai/laporan_rotasi.html", context)


@require_POST
@login_required
def laporan_rotasi_ekspor(request: HttpRequest, fmt: str) -> HttpResponse:
    """Export the report as filtered (the page's query string) in a background job."""
    if fmt not in FORMATS:
        raise Http404
    _ambang, _scope, instansi, status, _rows = _rotasi_query(request)
    params = {
        "format": fmt,
        "instansi": instansi.kode if instansi else "",
        "status": status,
        "keterangan": [
            [_("Agency"), instansi.nama if instansi else _("All agencies")],
            [_("Show"), str(dict(laporan.ROTASI_STATUS_CHOICES)[status])],
        ],
    }
    tugas = tugas_create(owner=request.user, jenis=JenisTugas.EKSPOR_ROTASI, params=params)
    messages.success(request, _("The export is being prepared in the background."))
    return redirect("tugas:detail", pk=tugas.pk)


@login_required
@baca_replika
def laporan_kualitas(request: HttpRequest) -> HttpResponse:
    scope, instansi = laporan.instansi_for_report(request.user, request.GET.get("instansi"))
    if request.GET.get("instansi") and instansi is None:
        raise Http404
    jenis = request.GET.get("jenis", "")
    if jenis not in dict(laporan.MASALAH_CHOICES):
        jenis = ""
    masalah = laporan.kualitas_masalah(instansi, jenis=jenis) if instansi else []
    context = {
        "rekap": laporan.kualitas_per_instansi(request.user),
        "instansi_choices": scope,
        "instansi": instansi,
        "jenis": jenis,
        "jenis_choices": laporan.MASALAH_CHOICES,
        **_page(request, masalah),
    }
    return render(request, "pegawai/laporan_kualitas.html", context)
