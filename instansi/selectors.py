"""Reads about agencies and formasi, annotated in the database (one query for a whole list)."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from instansi.models import AnalisisBebanKerja, Formasi, Instansi
from pegawai.models import Pegawai


def formasi_annotated(qs: QuerySet[Formasi] | None = None) -> QuerySet[Formasi]:
    """Formasi with ``beban_kerja_total`` (minutes/year) and ``bezetting`` (active holders).

    Both are correlated subqueries, so a list of formasi costs one query however many
    employees there are. A formasi with a unit counts only holders in that unit.
    """
    qs = Formasi.objects.all() if qs is None else qs
    beban = (
        AnalisisBebanKerja.objects.filter(formasi=OuterRef("pk"))
        .values("formasi")
        .annotate(
            total=Sum(
                ExpressionWrapper(
                    F("volume") * F("norma_waktu"),
                    output_field=DecimalField(max_digits=24, decimal_places=4),
                )
            )
        )
        .values("total")
    )
    with_unit = (
        Pegawai.objects.filter(
            is_active=True,
            instansi=OuterRef("instansi"),
            jabatan=OuterRef("jabatan"),
            unit=OuterRef("unit"),
        )
        .values("jabatan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    without_unit = (
        Pegawai.objects.filter(
            is_active=True, instansi=OuterRef("instansi"), jabatan=OuterRef("jabatan")
        )
        .values("jabatan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.select_related("instansi", "unit", "jabatan").annotate(
        beban_kerja_total=Coalesce(
            Subquery(beban, output_field=DecimalField(max_digits=24, decimal_places=4)),
            Value(0, output_field=DecimalField(max_digits=24, decimal_places=4)),
        ),
        # A formasi without a unit counts every holder in the agency; with a unit, only
        # that unit's holders.
        bezetting=Case(
            When(unit__isnull=True, then=Coalesce(Subquery(without_unit), 0)),
            default=Coalesce(Subquery(with_unit), 0),
            output_field=IntegerField(),
        ),
    )


def instansi_list() -> QuerySet[Instansi]:
    return Instansi.objects.select_related("induk").annotate(
        jumlah_pegawai=Count("pegawai_set", filter=Q(pegawai_set__is_active=True))
    )
