"""Reads about agencies and formasi, annotated in the database (one query for a whole list)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
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
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from instansi import abk
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
        .order_by()  # not the formasi's default order: that joined three tables per formasi
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
        .annotate(n=Count("*"))
        .values("n")
    )
    without_unit = (
        Pegawai.objects.filter(
            is_active=True, instansi=OuterRef("instansi"), jabatan=OuterRef("jabatan")
        )
        .values("jabatan")
        # COUNT(*), not COUNT(id): the (instansi, jabatan, is_active) index then answers
        # alone (an index-only scan), 3× faster over 650 formasi at 100,000 employees.
        .annotate(n=Count("*"))
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


@functools.cache
def _figures() -> QuerySet[Formasi]:
    # Never evaluated itself: only its clones are.
    return formasi_annotated().select_related(None).order_by()


def formasi_figures(*args, **kwargs) -> QuerySet[Formasi]:
    """The formasi matching the filters with ``formasi_annotated()``'s figures, but no joined
    names and no order — for code that sums the figures (the formasi rule, a move's staffing
    effect). Building the annotations' expressions cost more than running the query (2.66 →
    1.10 ms for one position, `make bench` data), so the annotated queryset is built once per
    process and each call filters a clone of it."""
    return _figures().filter(*args, **kwargs)


def formasi_by_pair(
    pairs: Iterable[tuple[int | None, int | None]], related: tuple[str, ...] = ()
) -> dict[tuple[int, int], list[Formasi]]:
    """The formasi of these (instansi, jabatan) pairs with their figures (``formasi_figures``),
    grouped by pair: one query; ``related``: the relations to join as well. Pairs with no
    position are left out."""
    pairs = sorted({p for p in pairs if p[0] and p[1]})
    if not pairs:
        return {}
    # One row-value IN list, (instansi_id, jabatan_id) IN (VALUES …), both on PostgreSQL and
    # SQLite: an OR of a hundred Q objects cost more to build in Python than the query took.
    table = connection.ops.quote_name(Formasi._meta.db_table)
    values = ", ".join(["(%s, %s)"] * len(pairs))
    condition = RawSQL(
        f"({table}.{connection.ops.quote_name('instansi_id')}, "
        f"{table}.{connection.ops.quote_name('jabatan_id')}) IN (VALUES {values})",
        [n for pair in pairs for n in pair],
        output_field=BooleanField(),
    )
    by_pair: dict[tuple[int, int], list[Formasi]] = {}
    qs = formasi_figures(condition)
    for f in qs.select_related(*related) if related else qs:
        by_pair.setdefault((f.instansi_id, f.jabatan_id), []).append(f)
    return by_pair


def instansi_list() -> QuerySet[Instansi]:
    return (
        Instansi.objects.select_related("induk")
        .annotate(jumlah_pegawai=Count("pegawai_set", filter=Q(pegawai_set__is_active=True)))
        .order_by("kode")
    )


def instansi_scope_for_user(user) -> QuerySet[Instansi]:
    """Agencies whose employees (and staffing figures) the user works on.

    Province-wide roles see every agency; anyone else sees their own agency and its child
    agencies (a Dinas and its UPTs). A user with neither sees none.
    """
    if not getattr(user, "is_authenticated", False):
        return Instansi.objects.none()
    if user.sees_all_agencies:
        return Instansi.objects.all()
    if user.instansi_id:
        return Instansi.objects.filter(Q(pk=user.instansi_id) | Q(induk_id=user.instansi_id))
    return Instansi.objects.none()


def instansi_get(kode: str) -> Instansi:
    """Agencies are reference data every signed-in user may read; 404 when unknown."""
    return get_object_or_404(
        Instansi.objects.select_related("induk").annotate(
            jumlah_pegawai=Count("pegawai_set", filter=Q(pegawai_set__is_active=True))
        ),
        kode=kode,
    )


def formasi_for_instansi(instansi: Instansi) -> QuerySet[Formasi]:
    """The agency's formasi with ABK figures and the number of ABK task lines, one query."""
    jumlah_tugas = (
        AnalisisBebanKerja.objects.filter(formasi=OuterRef("pk"))
        .order_by()  # not the formasi's default order: that joined three tables per formasi
        .values("formasi")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Formasi.objects.filter(instansi=instansi).order_by(
        F("unit__kode").asc(nulls_first=True), "jabatan__nama", "pk"
    )
    return formasi_annotated(qs).annotate(
        jumlah_tugas=Coalesce(Subquery(jumlah_tugas, output_field=IntegerField()), 0)
    )


def formasi_shortage(qs: QuerySet[Formasi]) -> QuerySet[Formasi]:
    """Keep the formasi of ``formasi_annotated`` whose gap is positive (a shortage).

    gap > 0 ⟺ round_half_up(beban / m) > bezetting ⟺ beban / m ≥ bezetting + ½
            ⟺ 2 · beban ≥ (2 · bezetting + 1) · m
    The last form has no division or rounding, so the database gives exactly the answer of
    ``abk.hitung`` on every backend (SQLite stores decimals as floats).
    """
    minutes = abk.effective_minutes()
    decimal = DecimalField(max_digits=30, decimal_places=4)
    return qs.alias(
        beban_dua_kali=ExpressionWrapper(F("beban_kerja_total") * 2, output_field=decimal),
        ambang_kurang=ExpressionWrapper(
            (F("bezetting") * 2 + 1) * Value(minutes, output_field=decimal),
            output_field=decimal,
        ),
    ).filter(beban_dua_kali__gte=F("ambang_kurang"))


def formasi_get(instansi: Instansi, pk: int) -> Formasi:
    return get_object_or_404(formasi_annotated(Formasi.objects.filter(instansi=instansi)), pk=pk)


@dataclass(frozen=True)
class RekapFormasi:
    """Totals over an agency's formasi, for the footer of the formasi table."""

    jumlah: int
    kebutuhan: int
    bezetting: int
    kurang: int  # positions short of staff
    lebih: int  # positions with a surplus

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting


def formasi_rekap(rows: Iterable[Formasi]) -> RekapFormasi:
    hasil = [f.hasil for f in rows]
    return RekapFormasi(
        jumlah=len(hasil),
        kebutuhan=sum(h.kebutuhan for h in hasil),
        bezetting=sum(h.bezetting for h in hasil),
        kurang=sum(1 for h in hasil if h.gap > 0),
        lebih=sum(1 for h in hasil if h.gap < 0),
    )


@dataclass(frozen=True)
class RekapUnit:
    """ABK totals of one work unit (``unit`` None: formasi held at the agency level).

    EJ and grade are computed from the summed beban kerja and bezetting, as the unit's own
    workload analysis would; kebutuhan is the sum of the rounded kebutuhan of its formasi, so
    the units add up to the agency's footer."""

    unit: object  # UnitKerja | None
    jumlah: int
    beban_kerja: Decimal
    kebutuhan: int
    bezetting: int
    kurang: int
    lebih: int

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting

    @property
    def ej(self) -> Decimal | None:
        return abk.efektivitas(self.beban_kerja, self.bezetting)

    @property
    def grade(self) -> str:
        return abk.grade(self.ej)

    @property
    def status(self) -> str:
        return "kurang" if self.gap > 0 else "lebih" if self.gap < 0 else "sesuai"


def formasi_rekap_per_unit(rows: Iterable[Formasi]) -> list[RekapUnit]:
    """Totals per work unit over annotated formasi rows, agency-level first, then by unit code.
    No query: the rows carry their unit (select_related) and figures."""
    groups: dict[int | None, list[Formasi]] = {}
    units: dict[int | None, object] = {}
    for f in rows:
        groups.setdefault(f.unit_id, []).append(f)
        units[f.unit_id] = f.unit
    out = []
    for key, group in groups.items():
        hasil = [f.hasil for f in group]
        out.append(
            RekapUnit(
                unit=units[key],
                jumlah=len(hasil),
                beban_kerja=sum((h.beban_kerja for h in hasil), Decimal(0)),
                kebutuhan=sum(h.kebutuhan for h in hasil),
                bezetting=sum(h.bezetting for h in hasil),
                kurang=sum(1 for h in hasil if h.gap > 0),
                lebih=sum(1 for h in hasil if h.gap < 0),
            )
        )
    out.sort(key=lambda r: (r.unit is not None, r.unit.kode if r.unit else ""))
    return out


# -- ABK editing and the province-wide gap table (issue 5, "Need") ---------------------------


def formasi_for_abk_edit(user, kode: str, pk: int) -> Formasi:
    """A formasi whose ABK ``user`` may edit.

    Without the permission at all: 403 (the role never edits ABK). With it, a formasi outside
    the user's agencies is simply not found (404), so nothing leaks about other agencies.
    """
    from django.core.exceptions import PermissionDenied

    if not user.has_perm("instansi.change_analisisbebankerja"):
        raise PermissionDenied
    scope = instansi_scope_for_user(user)
    instansi = get_object_or_404(scope, kode=kode)
    return formasi_get(instansi, pk)


def user_can_edit_abk(user, formasi: Formasi) -> bool:
    return (
        user.has_perm("instansi.change_analisisbebankerja")
        and instansi_scope_for_user(user).filter(pk=formasi.instansi_id).exists()
    )


@dataclass(frozen=True)
class GapRow:
    """One line of the province-wide gap table: an agency or a position, summed over formasi."""

    key: int
    kode: str
    nama: str
    jumlah: int  # number of formasi
    kebutuhan: int
    bezetting: int
    kurang: int  # formasi with a shortage
    lebih: int  # formasi with a surplus
    singkatan: str = ""  # agencies only: the short name charts label bars with

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting


GAP_GROUPS = ("instansi", "jabatan")
GAP_SORTS = ("nama", "kode", "kebutuhan", "bezetting", "gap", "kurang", "lebih", "jumlah")


def gap_rows(
    *,
    by: str = "instansi",
    internal_only: bool = True,
    sort: str = "-gap",
    instansi: QuerySet[Instansi] | None = None,
) -> list[GapRow]:
    """Sum the ABK figures of every formasi by agency or by position.

    One query (``formasi_annotated``: beban kerja and bezetting are subqueries); the rounding
    of kebutuhan per formasi happens in ``abk.hitung`` so the sums equal the agency pages'
    footers. At ~1,000 formasi the Python loop is over formasi rows, never over employees.
    ``instansi`` limits the sums to those agencies (an operator's scope on the dashboard).
    """
    if by not in GAP_GROUPS:
        by = "instansi"
    qs = formasi_figures(instansi__is_active=True)
    if internal_only:
        qs = qs.filter(instansi__is_external=False)
    if instansi is not None:
        qs = qs.filter(instansi__in=instansi)
    # Values, not Formasi objects with their agency, unit and position: three model
    # instances per formasi cost more than the query (650 formasi at the benchmark's size).
    owner = "instansi" if by == "instansi" else "jabatan"
    columns = [f"{owner}_id", f"{owner}__kode", f"{owner}__nama", "beban_kerja_total"]
    columns += ["bezetting"] + (["instansi__singkatan"] if by == "instansi" else [])
    totals: dict[int, dict] = {}
    for f in qs.values(*columns):
        h = abk.hitung(Decimal(f["beban_kerja_total"] or 0), f["bezetting"])
        key = f[f"{owner}_id"]
        row = totals.setdefault(
            key,
            {"key": key, "kode": f[f"{owner}__kode"], "nama": f[f"{owner}__nama"], "jumlah": 0,
             "kebutuhan": 0, "bezetting": 0, "kurang": 0, "lebih": 0,
             "singkatan": f.get("instansi__singkatan", "")},
        )  # fmt: skip
        row["jumlah"] += 1
        row["kebutuhan"] += h.kebutuhan
        row["bezetting"] += h.bezetting
        row["kurang"] += h.gap > 0
        row["lebih"] += h.gap < 0
    rows = [GapRow(**r) for r in totals.values()]
    field = sort.lstrip("-")
    if field not in GAP_SORTS:
        field, sort = "gap", "-gap"
    reverse = sort.startswith("-")
    # Ties are broken by code, ascending, whatever the direction: a stable, predictable table.
    rows.sort(key=lambda r: r.kode)
    if field in ("nama", "kode"):
        rows.sort(key=lambda r: getattr(r, field).casefold(), reverse=reverse)
    else:
        rows.sort(key=lambda r: getattr(r, field), reverse=reverse)
    return rows
