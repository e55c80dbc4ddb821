"""Search and filters of the agency list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from instansi.models import Instansi, JenisInstansi

LINGKUP_CHOICES = [
    ("internal", _("Provincial agencies")),
    ("external", _("Outside the province")),
]


class InstansiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Code, name or abbreviation"),
        method="filter_q",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    lingkup = django_filters.ChoiceFilter(
        label=_("Scope"), choices=LINGKUP_CHOICES, method="filter_lingkup", empty_label=_("All")
    )
    jenis = django_filters.ChoiceFilter(
        label=_("Type"), choices=JenisInstansi.choices, empty_label=_("All")
    )

    class Meta:
        model = Instansi
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Instansi], name: str, value: str) -> QuerySet[Instansi]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(kode__icontains=value) | Q(nama__icontains=value) | Q(singkatan__icontains=value)
        )

    def filter_lingkup(
        self, queryset: QuerySet[Instansi], name: str, value: str
    ) -> QuerySet[Instansi]:
        return queryset.filter(is_external=value == "external")
