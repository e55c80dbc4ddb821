"""Editing the workload analysis (ABK) of one formasi: a formset with live totals (htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from instansi import abk, selectors, services
from instansi.forms import AbkFormSet


def _formset(formasi, data=None) -> AbkFormSet:
    return AbkFormSet(
        data, instance=formasi, queryset=formasi.abk_set.order_by("urutan", "pk"), prefix="abk"
    )


@login_required
def abk_edit(request: HttpRequest, kode: str, pk: int) -> HttpResponse:
    formasi = selectors.formasi_for_abk_edit(request.user, kode, pk)
    formset = _formset(formasi, request.POST if request.method == "POST" else None)
    if request.method == "POST" and formset.is_valid():
        try:
            services.abk_save(actor=request.user, formasi=formasi, rows=formset.rows())
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("The workload analysis was saved."))
            return redirect("instansi:abk_edit", kode=kode, pk=pk)
    hasil = formasi.hasil if not formset.is_bound else _hasil(formasi, formset)
    context = {
        "formasi": formasi,
        "formset": formset,
        "hasil": hasil,
        "incomplete": formset.is_bound and formset.has_invalid_rows(),
    }
    status = 400 if formset.is_bound else 200
    return render(request, "instansi/abk_edit.html", context, status=status)


@login_required
@require_POST
def abk_totals(request: HttpRequest, kode: str, pk: int) -> HttpResponse:
    """The figures of the worksheet as typed, without saving (htmx partial)."""
    formasi = selectors.formasi_for_abk_edit(request.user, kode, pk)
    formset = _formset(formasi, request.POST)
    formset.is_valid()
    context = {
        "formasi": formasi,
        "hasil": _hasil(formasi, formset),
        "incomplete": formset.has_invalid_rows(),
    }
    return render(request, "instansi/_abk_totals.html", context)


def _hasil(formasi, formset) -> abk.HasilABK:
    return abk.hitung(formset.beban_kerja(), formasi.bezetting_count)
