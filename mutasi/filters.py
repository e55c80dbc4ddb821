"""Search and filters of the proposal list and the approval queue (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from instansi.filters import AgencyChoiceFilter
from instansi.models import Instansi
from mutasi.models import JenisUsulan, Status, UsulanMutasi
from pegawai import nip as nip_lib


def _instansi_choices(request=None) -> QuerySet[Instansi]:
    return Instansi.objects.order_by("is_external", "nama")


class DateInput(forms.DateInput):
    input_type = "date"


class UsulanFilterForm(forms.Form):
    def clean_q(self) -> str:
        q = (self.cleaned_data.get("q") or "").strip()
        try:
            nip_lib.normalize(q)
        except nip_lib.NipError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return q


class UsulanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Number, NIP or name"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All")
    )
    jenis_mutasi = django_filters.ChoiceFilter(
        label=_("Kind of move"), choices=JenisUsulan.choices, empty_label=_("All")
    )
    asal_instansi = AgencyChoiceFilter(
        label=_("Origin agency"), queryset=_instansi_choices, empty_label=_("All agencies")
    )
    tujuan_instansi = AgencyChoiceFilter(
        label=_("Target agency"), queryset=_instansi_choices, empty_label=_("All agencies")
    )
    dibuat_dari = django_filters.DateFilter(
        label=_("Created from"), field_name="created_at__date", lookup_expr="gte", widget=DateInput
    )
    dibuat_sampai = django_filters.DateFilter(
        label=_("Created until"),
        field_name="created_at__date",
        lookup_expr="lte",
        widget=DateInput,
    )

    class Meta:
        model = UsulanMutasi
        fields: list[str] = []
        form = UsulanFilterForm

    def filter_q(self, queryset: QuerySet[UsulanMutasi], name: str, value: str):
        if not value:
            return queryset
        digits = nip_lib.normalize(value)  # form validation already refused a mangled NIP
        if digits.isdigit():
            return queryset.filter(Q(pegawai__nip__contains=digits) | Q(nomor__contains=digits))
        return queryset.filter(Q(nomor__icontains=value) | Q(pegawai__nama__icontains=value))


SORT_CHOICES = [
    ("lama", _("Waiting longest first")),
    ("skor", _("Highest fit score first")),
]


class AntrianPersetujuanFilter(django_filters.FilterSet):
    jenis_mutasi = django_filters.ChoiceFilter(
        label=_("Kind of move"), choices=JenisUsulan.choices, empty_label=_("All")
    )
    tujuan_instansi = AgencyChoiceFilter(
        label=_("Target agency"), queryset=_instansi_choices, empty_label=_("All agencies")
    )
    urutan = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORT_CHOICES, method="filter_urutan", empty_label=None
    )

    class Meta:
        model = UsulanMutasi
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if data is not None and not data.get("urutan"):
            data = data.copy()
            data["urutan"] = "lama"
        super().__init__(data, queryset, **kwargs)

    def filter_urutan(self, queryset: QuerySet[UsulanMutasi], name: str, value: str):
        if value == "skor":
            return queryset.order_by(F("skor_kecocokan").desc(nulls_last=True), "diajukan_at", "pk")
        # Waiting longest for a decision first: since entering the state (never empty), in the
        # order of the (status, status_sejak) index, so a page needs no sort of the queue.
        return queryset.order_by("status_sejak", "pk")
