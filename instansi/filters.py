"""Search and filters of the agency list (django-filter)."""

from __future__ import annotations

import django_filters
import django_filters.fields
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from instansi.models import Instansi, JenisInstansi


class _OneFetchIterator(django_filters.fields.ModelChoiceIterator):
    """The choices from one plain query: ``ModelChoiceIterator`` streams them with
    ``QuerySet.iterator()``, on PostgreSQL a server-side cursor (declare, fetch, close: three
    round trips for a list of agencies)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _AgencyChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _OneFetchIterator


class AgencyChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of agency (a few dozen to a few hundred), its options read in one query."""

    field_class = _AgencyChoiceField


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
