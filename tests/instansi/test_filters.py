"""The agency choice of the list filters: its options in one plain query."""

from unittest import mock

import django_filters
import pytest
from django.db.models import QuerySet

from instansi.filters import AgencyChoiceFilter
from instansi.models import Instansi
from pegawai.models import Pegawai
from tests.factories import InstansiFactory


class Plain(django_filters.FilterSet):
    instansi = django_filters.ModelChoiceFilter(
        queryset=Instansi.objects.order_by("nama"), empty_label="Semua", null_label="Tanpa"
    )


class OneFetch(django_filters.FilterSet):
    instansi = AgencyChoiceFilter(
        queryset=Instansi.objects.order_by("nama"), empty_label="Semua", null_label="Tanpa"
    )


@pytest.mark.django_db
def test_agency_choices_are_the_model_choice_filters_without_a_streaming_cursor():
    InstansiFactory.create_batch(3)
    chosen = Instansi.objects.order_by("nama").first()
    data, people = {"instansi": chosen.pk}, Pegawai.objects.none()
    plain = str(Plain(data, queryset=people).form["instansi"])
    with mock.patch.object(QuerySet, "iterator", side_effect=AssertionError("streamed")):
        ours = str(OneFetch(data, queryset=people).form["instansi"])
    assert ours == plain
    assert ours.count("<option") == Instansi.objects.count() + 2
    assert f'<option value="{chosen.pk}" selected>' in ours
