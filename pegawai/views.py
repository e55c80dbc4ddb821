"""Employee list and detail. Reads go through pegawai.selectors, scoped to the user."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pegawai.filters import PegawaiFilter
from pegawai.selectors import pegawai_get_for_user, pegawai_list_for_user, pegawai_peringatan
from pegawai.tugas import can_import_pegawai

PER_PAGE = 25


@login_required
def pegawai_list(request: HttpRequest) -> HttpResponse:
    filterset = PegawaiFilter(
        request.GET, queryset=pegawai_list_for_user(request.user), request=request
    )
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "can_import": can_import_pegawai(request.user),
    }
    return render(request, "pegawai/pegawai_list.html", context)


@login_required
def pegawai_detail(request: HttpRequest, nip: str) -> HttpResponse:
    pegawai = pegawai_get_for_user(request.user, nip)
    context = {"pegawai": pegawai, "peringatan": pegawai_peringatan(pegawai)}
    return render(request, "pegawai/pegawai_detail.html", context)
