"""Agencies and their formasi. Agencies are reference data every signed-in user may read;
employee lists stay scoped (they live in pegawai.views)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from instansi import abk, selectors
from instansi.filters import InstansiFilter

PER_PAGE = 50


@login_required
def instansi_list(request: HttpRequest) -> HttpResponse:
    filterset = InstansiFilter(request.GET, queryset=selectors.instansi_list(), request=request)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }
    return render(request, "instansi/instansi_list.html", context)


@login_required
def instansi_detail(request: HttpRequest, kode: str) -> HttpResponse:
    instansi = selectors.instansi_get(kode)
    formasi = list(selectors.formasi_for_instansi(instansi))
    context = {
        "instansi": instansi,
        "units": instansi.unit_set.select_related("induk"),
        "anak": instansi.anak.order_by("kode"),
        "formasi_list": formasi,
        "rekap": selectors.formasi_rekap(formasi),
        "rekap_unit": selectors.formasi_rekap_per_unit(formasi),
        "menit_efektif": abk.effective_minutes(),
        # The figures are public inside the government; the names behind them are not.
        "can_list_pegawai": selectors.instansi_scope_for_user(request.user)
        .filter(pk=instansi.pk)
        .exists(),
    }
    return render(request, "instansi/instansi_detail.html", context)


@login_required
def formasi_detail(request: HttpRequest, kode: str, pk: int) -> HttpResponse:
    formasi = selectors.formasi_get(selectors.instansi_get(kode), pk)
    context = {"formasi": formasi, "tugas": formasi.abk_set.all()}
    # Opened inside the agency page (htmx) only the task table is sent.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "instansi/_formasi_abk.html" if partial else "instansi/formasi_detail.html"
    return render(request, template, context)
