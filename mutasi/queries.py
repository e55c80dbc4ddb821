"""Reads the proposal screens need on top of ``mutasi.selectors``.

Each costs a fixed number of queries however many rows a page shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Func, JSONField, QuerySet
from django.utils import timezone

from instansi.models import Formasi, Instansi, Jabatan, UnitKerja
from instansi.selectors import formasi_by_pair
from mutasi.models import (
    DokumenUsulan,
    PengecualianAturan,
    PersyaratanDokumen,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.rules import GAGAL, RuleResult
from pegawai import nip as nip_lib
from pegawai.models import Pegawai

SEARCH_LIMIT = 20
SEARCH_MIN_CHARS = 3


def pegawai_search(q: str, *, limit: int = SEARCH_LIMIT) -> list[Pegawai]:
    """Active employees by NIP prefix (spaces ignored) or by part of the name.

    Searches every agency (an operator may propose someone into their own agency) but loads
    only what a result shows. A NIP prefix is a ``LIKE 'digits%'`` on the unique NIP index
    (PostgreSQL adds a pattern-ops index for it); a name is ``icontains``, cut at ``limit``.
    """
    q = (q or "").strip()
    try:
        digits = nip_lib.normalize(q)
    except nip_lib.NipError:
        return []
    qs = (
        Pegawai.objects.filter(is_active=True)
        .select_related("instansi", "jabatan")
        .only(
            "nip",
            "nama",
            "gelar_depan",
            "gelar_belakang",
            "status_kepegawaian",
            "instansi__nama",
            "instansi__singkatan",
            "jabatan__nama",
        )
    )
    if digits.isdigit():
        if len(digits) < SEARCH_MIN_CHARS:
            return []
        qs = qs.filter(nip__startswith=digits).order_by("nip")
    else:
        if len(q) < SEARCH_MIN_CHARS:
            return []
        qs = qs.filter(nama__icontains=q).order_by("nama", "nip")
    return list(qs[:limit])


# -- formasi figures ----------------------------------------------------------------------


@dataclass(frozen=True)
class AngkaFormasi:
    """Kebutuhan, bezetting and gap of the formasi a move leaves or enters."""

    kebutuhan: int
    bezetting: int
    units: int  # how many formasi rows were added up (per-unit formasi without a unit chosen)

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting


def _choose(rows: list[Formasi], unit_id: int | None) -> list[Formasi]:
    """The unit's formasi, else the agency-wide one; without a unit, all per-unit ones
    (the same choice the formasi rule in ``mutasi.rules`` makes)."""
    chosen = [f for f in rows if f.unit_id == unit_id] or [f for f in rows if f.unit_id is None]
    if not chosen and unit_id is None:
        chosen = rows
    return chosen


def _angka(rows: list[Formasi]) -> AngkaFormasi | None:
    if not rows:
        return None
    hasil = [f.hasil for f in rows]
    return AngkaFormasi(
        kebutuhan=sum(h.kebutuhan for h in hasil),
        bezetting=sum(h.bezetting for h in hasil),
        units=len(rows),
    )


def formasi_target(
    instansi: Instansi, jabatan: Jabatan, unit: UnitKerja | None
) -> tuple[list[Formasi], AngkaFormasi | None]:
    """The formasi a proposal would fill, for the create form's figures."""
    by_pair = formasi_by_pair([(instansi.pk, jabatan.pk)], related=("unit",))
    rows = by_pair.get((instansi.pk, jabatan.pk), [])
    chosen = _choose(rows, unit.pk if unit else None)
    return chosen, _angka(chosen)


@dataclass(frozen=True)
class DampakFormasi:
    """A move's effect: the origin loses a holder (gap + 1), the target gains one (gap − 1)."""

    asal: AngkaFormasi | None
    tujuan: AngkaFormasi | None

    @property
    def asal_sesudah(self) -> int | None:
        return None if self.asal is None else self.asal.gap + 1

    @property
    def tujuan_sesudah(self) -> int | None:
        return None if self.tujuan is None else self.tujuan.gap - 1


def dampak_formasi(usulan_list: list[UsulanMutasi]) -> None:
    """Set ``usulan.dampak`` (a DampakFormasi) on each proposal, in one query in all."""
    pairs = [(u.asal_instansi_id, u.asal_jabatan_id) for u in usulan_list]
    pairs += [(u.tujuan_instansi_id, u.tujuan_jabatan_id) for u in usulan_list]
    by_pair = formasi_by_pair(pairs)
    for u in usulan_list:
        asal = by_pair.get((u.asal_instansi_id, u.asal_jabatan_id), [])
        tujuan = by_pair.get((u.tujuan_instansi_id, u.tujuan_jabatan_id), [])
        u.dampak = DampakFormasi(
            asal=_angka(_choose(asal, u.asal_unit_id)),
            tujuan=_angka(_choose(tujuan, u.tujuan_unit_id)),
        )


# -- queues -------------------------------------------------------------------------------


def _days_since(moment: dt.datetime | None, today: dt.date) -> int | None:
    if moment is None:
        return None
    return (today - timezone.localdate(moment)).days


class TanpaItems(Func):
    """An eligibility summary (``ringkasan_kelayakan``) without its ``items`` (the result of
    each rule) and its ``fit`` breakdown: the counts alone are a few dozen bytes, the whole
    summary about 2 kB."""

    output_field = JSONField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s - 'items' - 'fit')")

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="json_remove(%(expressions)s, '$.items', '$.fit')"
        )

    def as_sql(self, compiler, connection, template="%(expressions)s", **extra_context):
        return super().as_sql(compiler, connection, template=template, **extra_context)


def antrian_persetujuan_rows(qs: QuerySet[UsulanMutasi]) -> QuerySet[UsulanMutasi]:
    """Annotate ``menunggu_sejak``: when the proposal was declared eligible, i.e. entered the
    state it waits in (``status_sejak``, indexed with the state); and ``ringkasan_angka``,
    the eligibility counts the queue shows, instead of the whole summary."""
    return qs.defer("ringkasan_kelayakan").annotate(
        menunggu_sejak=F("status_sejak"), ringkasan_angka=TanpaItems("ringkasan_kelayakan")
    )


def set_umur(usulan_list: Iterable[UsulanMutasi], field: str) -> None:
    """``usulan.umur_hari``: whole days since ``field`` (local WIB dates)."""
    today = timezone.localdate()
    for u in usulan_list:
        u.umur_hari = _days_since(getattr(u, field, None), today)


# -- detail page --------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisAturan:
    hasil: RuleResult
    pengecualian: PengecualianAturan | None

    @property
    def gagal(self) -> bool:
        return self.hasil.hasil == GAGAL

    @property
    def dapat_dikecualikan_sekarang(self) -> bool:
        return self.gagal and self.hasil.dapat_dikecualikan and self.pengecualian is None


def baris_aturan(usulan: UsulanMutasi, results: list[RuleResult]) -> list[BarisAturan]:
    overrides = {p.kode_aturan: p for p in usulan.pengecualian.select_related("oleh")}
    return [BarisAturan(r, overrides.get(r.kode) if r.hasil == GAGAL else None) for r in results]


@dataclass(frozen=True)
class BarisDokumen:
    persyaratan: PersyaratanDokumen
    dokumen: DokumenUsulan | None


def baris_dokumen(
    usulan: UsulanMutasi, persyaratan: Iterable[PersyaratanDokumen]
) -> list[BarisDokumen]:
    """The checklist with the uploaded document of each item (one query)."""
    uploaded = {d.persyaratan_id: d for d in usulan.dokumen.select_related("diperiksa_oleh")}
    return [BarisDokumen(p, uploaded.get(p.pk)) for p in persyaratan]


def log_for(usulan: UsulanMutasi) -> QuerySet[UsulanLog]:
    return usulan.log.select_related("actor").order_by("created_at", "pk")
