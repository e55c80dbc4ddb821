"""Employee screens that start a background job: the import page and the employee-list
export. Each validates, creates one job (pontianak_mutasi.tugas) and redirects to its result
page, where the progress shows."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pegawai.filters import PegawaiFilter
from pegawai.forms import PegawaiImporForm
from pegawai.resources import PegawaiResource
from pegawai.selectors import pegawai_list_for_user
from pegawai.tugas import can_import_pegawai
from pontianak_mutasi.importing.tables import FORMATS
from pontianak_mutasi.models import JenisTugas
from pontianak_mutasi.tugas.services import tugas_create


@login_required
def pegawai_impor(request: HttpRequest) -> HttpResponse:
    if not can_import_pegawai(request.user):
        raise PermissionDenied
    form = PegawaiImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        tugas = tugas_create(
            owner=request.user,
            jenis=JenisTugas.IMPOR_PEGAWAI,
            input_file=form.cleaned_data["berkas"],
        )
        messages.success(request, _("The file is being imported in the background."))
        return redirect("tugas:detail", pk=tugas.pk)
    columns = [f.column_name for f in PegawaiResource().get_import_fields()]
    return render(request, "pegawai/pegawai_impor.html", {"form": form, "columns": columns})


def describe_filters(filterset: PegawaiFilter) -> list[list[str]]:
    """The search as the user set it, in words, for the job's page ("Golongan: III/a")."""
    described = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)
        described.append([str(field.label), str(value)])
    return described


@require_POST
@login_required
def pegawai_ekspor(request: HttpRequest, fmt: str) -> HttpResponse:
    """Export the list as currently filtered (the query string of the list page)."""
    if fmt not in FORMATS:
        raise Http404
    filterset = PegawaiFilter(
        request.GET, queryset=pegawai_list_for_user(request.user), request=request
    )
    if not filterset.is_valid():
        messages.error(request, _("Correct the search before exporting."))
        return redirect(reverse("pegawai:list") + "?" + request.GET.urlencode())
    params = {
        "format": fmt,
        # Only the filters themselves: not the page number, nor anything else in the URL.
        "filter": {
            key: request.GET.getlist(key) for key in request.GET if key in filterset.filters
        },
        "keterangan": describe_filters(filterset),
    }
    tugas = tugas_create(owner=request.user, jenis=JenisTugas.EKSPOR_PEGAWAI, params=params)
    messages.success(request, _("The export is being prepared in the background."))
    return redirect("tugas:detail", pk=tugas.pk)
