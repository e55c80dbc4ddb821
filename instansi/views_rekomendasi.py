"""Recommendation screens: candidates for a formasi, and positions for an employee."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from instansi import rekomendasi, selectors
from pegawai.selectors import pegawai_get_for_user


@login_required
def formasi_rekomendasi(request: HttpRequest, kode: str, pk: int) -> HttpResponse:
    # Staffing figures are public inside the government (as the agency page); candidates come
    # from the whole province, which is the point of a province-wide recommendation.
    formasi = selectors.formasi_get(selectors.instansi_get(kode), pk)
    result = rekomendasi.rekomendasi_for_formasi(formasi)
    context = {"formasi": formasi, "result": result, "weights": rekomendasi.weights()}
    return render(request, "instansi/rekomendasi_formasi.html", context)


@login_required
def pegawai_rekomendasi(request: HttpRequest, nip: str) -> HttpResponse:
    pegawai = pegawai_get_for_user(request.user, nip)  # 404 outside the user's scope
    context = {"pegawai": pegawai, "posisi": rekomendasi.posisi_for_pegawai(pegawai)}
    return render(request, "instansi/rekomendasi_pegawai.html", context)
