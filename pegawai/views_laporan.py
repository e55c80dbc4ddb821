"""Reports: rotation due and data quality. Reads go through pegawai.laporan, scoped."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mutasi.models import AturanMutasi
from pegawai import laporan
from pontianak_mutasi.importing import escape_formula

PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, rows) -> dict:
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def _rotasi_query(request: HttpRequest):
    ambang = laporan.ambang_rotasi(AturanMutasi.load())
    scope, instansi = laporan.instansi_for_report(request.user, request.GET.get("instansi"))
    if request.GET.get("instansi") and instansi is None:
        raise Http404  # outside the user's scope: not found, never forbidden
    if not request.GET.get("instansi"):
        instansi = None  # default: every agency in scope
    status = request.GET.get("status") or laporan.STATUS_DUE
    if status not in dict(laporan.ROTASI_STATUS_CHOICES):
        status = laporan.STATUS_DUE
    rows = laporan.rotasi_list(request.user, ambang, instansi=instansi, status=status)
    return ambang, scope, instansi, status, rows


@login_required
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


@login_required
def laporan_rotasi_ekspor(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    ambang, _scope, _instansi, status, rows = _rotasi_query(request)
    data = [[escape_formula(v) for v in row] for row in laporan.rotasi_rows(rows, ambang)]
    filename = f"rotasi-{status}-{ambang.on:%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        # BOM so that Excel opens the UTF-8 names correctly.
        buffer.write("\ufeff")
        csv.writer(buffer).writerows(data)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        for row in data:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
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
