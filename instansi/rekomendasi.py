"""Candidate recommendations for a formasi with a shortage, and the reverse (positions for an
employee). Read-only: nothing here writes.

Speed: the database picks the candidates (an accepted field of study or a competence in a
required field, active, not PPPK, not already holding the formasi, no open proposal), ordered
by a rough score and capped at ``PREFILTER_CAP``. Only those are loaded (``prefetch_for_rules``)
and scored in Python; the eligibility rules (two queries each) run only for the best-scored
ones until ``limit`` eligible candidates are found. The origin figures of every candidate come
from one ``formasi_annotated`` query.

Score (0–100 with the default weights; a short origin can take points off):
- fit: ``rules.fit()`` (0–100) scaled to its weight;
- performance: the last annual evaluations (Sangat Baik full, Baik ¾, Butuh Perbaikan ¼);
- rotation: years in the current position over the rotation threshold (full when due);
- origin: surplus at the origin formasi full, EJ < 1 half, unknown (no formasi) a quarter,
  a move that leaves the origin short costs half the weight;
- BUP: years left before retirement in the target position, full from 10 years, none within
  the warning window.
Weights: ``settings.SIMUTASI["RECOMMEND_WEIGHTS"]`` (any subset of ``DEFAULT_WEIGHTS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from instansi import abk
from instansi.models import Formasi, Instansi, Jabatan, bup_years
from instansi.selectors import formasi_annotated, formasi_shortage
from mutasi.models import OPEN_STATES, Alasan, AturanMutasi, JenisUsulan, UsulanMutasi
from mutasi.rules import (
    PERINGATAN,
    blocking,
    evaluate,
    fit,
    prefetch_for_rules,
    prefetch_jabatan_for_rules,
)
from mutasi.rules.common import pendidikan_rank, pensiun_tmt
from pegawai.models import Kompetensi, Pegawai, RiwayatPendidikan, StatusKepegawaian, today
from pegawai.referensi import PredikatKinerja

DEFAULT_WEIGHTS = {"fit": 50, "performance": 15, "rotation": 10, "origin": 15, "bup": 10}
# How many pre-filtered employees are scored in Python, and how many of the best-scored get
# the eligibility rules (two queries each) per eligible candidate asked for.
PREFILTER_CAP = 300
EVALUATE_FACTOR = 3
BUP_FULL_YEARS = 10
PREDIKAT_SHARE = {
    PredikatKinerja.SANGAT_BAIK: Decimal("1"),
    PredikatKinerja.BAIK: Decimal("0.75"),
    PredikatKinerja.BUTUH_PERBAIKAN: Decimal("0.25"),
}


def weights() -> dict[str, int]:
    return {**DEFAULT_WEIGHTS, **settings.SIMUTASI.get("RECOMMEND_WEIGHTS", {})}


@dataclass
class Component:
    name: str
    points: float
    max: int
    explanation: str


@dataclass
class Candidate:
    pegawai: Pegawai
    pendidikan: str
    score: float
    components: list[Component]
    eligible: bool | None = None  # None: the rules were not run (beyond the evaluated set)
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def points(self) -> dict[str, float]:
        return {c.name: c.points for c in self.components}

    def as_dict(self) -> dict:
        p = self.pegawai
        return {
            "nip": p.nip,
            "nama": p.nama_lengkap,
            "instansi": p.instansi.nama,
            "jabatan": p.jabatan.nama if p.jabatan_id else "",
            "pendidikan": self.pendidikan,
            "score": self.score,
            "components": self.points,
            "eligible": bool(self.eligible),
            "reasons": list(self.reasons),
        }


@dataclass
class Result:
    formasi: Formasi
    kebutuhan: int
    bezetting: int
    gap: int
    candidates: list[Candidate]  # eligible, best first
    ineligible: list[Candidate]  # listed apart, best first, with the reasons
    considered: int  # employees that passed the database pre-filter (capped)

    def as_dict(self) -> dict:
        return {
            "formasi": {
                "instansi": self.formasi.instansi.nama,
                "jabatan": self.formasi.jabatan.nama,
                "kebutuhan": self.kebutuhan,
                "bezetting": self.bezetting,
                "gap": self.gap,
            },
            "candidates": [c.as_dict() for c in [*self.candidates, *self.ineligible]],
        }


# -- helpers ------------------------------------------------------------------------------


def default_tmt() -> dt.date:
    """A move is planned for the first day of next month."""
    day = today()
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def pendidikan_text(pegawai: Pegawai) -> str:
    """The highest (then latest) education: 'S-1 Teknik Informatika'."""
    rows = list(pegawai.riwayat_pendidikan.all())
    best = max(rows, key=lambda r: (pendidikan_rank(r), r.tahun_lulus or 0), default=None)
    if best is None:
        return ""
    return f"{best.get_jenjang_display()} {best.jurusan}".strip()


def _r2(value) -> float:
    return round(float(value), 1)


def _figures(rows: list[Formasi], unit_id: int | None) -> tuple[int, int, Decimal] | None:
    """kebutuhan, bezetting, beban of the formasi an employee counts in (as the rules pick)."""
    chosen = [f for f in rows if f.unit_id == unit_id and unit_id is not None]
    chosen = chosen or [f for f in rows if f.unit_id is None] or rows
    if not chosen:
        return None
    hasil = [f.hasil for f in chosen]
    return (
        sum(h.kebutuhan for h in hasil),
        sum(h.bezetting for h in hasil),
        sum((h.beban_kerja for h in hasil), Decimal(0)),
    )


# -- score components ---------------------------------------------------------------------


def component_fit(pegawai: Pegawai, jabatan: Jabatan, w: int) -> Component:
    result = fit(pegawai, jabatan)
    words = "; ".join(f"{i.label} (+{i.poin}/{i.maks})" for i in result.rincian)
    explanation = _("Fit %(skor)d/100: %(rincian)s") % {"skor": result.skor, "rincian": words}
    return Component("fit", _r2(Decimal(result.skor) * w / 100), w, explanation)


def component_performance(pegawai: Pegawai, aturan: AturanMutasi, w: int) -> Component:
    last = today().year - 1
    years = [last - i for i in range(aturan.tahun_kinerja)]
    by_year = {p.tahun: p for p in pegawai.penilaian_kinerja.all()}
    shares, words = [], []
    for year in years:
        row = by_year.get(year)
        shares.append(PREDIKAT_SHARE.get(row.predikat, Decimal(0)) if row else Decimal(0))
        words.append(
            f"{year}: {row.get_predikat_display()}" if row else _("%(y)d: none") % {"y": year}
        )
    points = sum(shares, Decimal(0)) / len(years) * w if years else Decimal(0)
    return Component("performance", _r2(points), w, "; ".join(words))


def component_rotation(pegawai: Pegawai, aturan: AturanMutasi, w: int) -> Component:
    years = pegawai.lama_jabatan()
    if years is None:
        return Component("rotation", 0.0, w, _("TMT of the current position not recorded."))
    share = min(Decimal(years) / aturan.tahun_rotasi, Decimal(1))
    params = {"n": f"{Decimal(years):.1f}", "due": aturan.tahun_rotasi}
    if share >= 1:
        msg = _("%(n)s years in the position: rotation due (%(due)d years or more).") % params
    else:
        msg = _("%(n)s years in the position (rotation due after %(due)d).") % params
    return Component("rotation", _r2(share * w), w, msg)


def component_origin(figures: tuple[int, int, Decimal] | None, w: int) -> Component:
    if figures is None:
        msg = _("No formasi (ABK) for the current position at the origin: effect unknown.")
        return Component("origin", _r2(Decimal(w) / 4), w, msg)
    kebutuhan, bezetting, beban = figures
    gap_after = kebutuhan - (bezetting - 1)
    ej = abk.efektivitas(beban, bezetting)
    params = {
        "kebutuhan": kebutuhan,
        "bezetting": bezetting,
        "after": gap_after,
        "ej": f"{ej:.2f}" if ej is not None else "—",
    }
    if gap_after <= 0:
        msg = _(
            "Origin has a surplus (kebutuhan %(kebutuhan)d, bezetting %(bezetting)d, EJ %(ej)s): "
            "the move leaves no shortage."
        )
        return Component("origin", float(w), w, msg % params)
    if ej is not None and ej < 1:
        msg = _(
            "Origin under-loaded (EJ %(ej)s < 1), though the move leaves a gap of %(after)d "
            "(kebutuhan %(kebutuhan)d, bezetting %(bezetting)d)."
        )
        return Component("origin", _r2(Decimal(w) / 2), w, msg % params)
    msg = _(
        "The origin would fall short: gap %(after)d after the move (kebutuhan %(kebutuhan)d, "
        "bezetting %(bezetting)d, EJ %(ej)s)."
    )
    return Component("origin", _r2(-Decimal(w) / 2), w, msg % params)


def component_bup(
    pegawai: Pegawai, jabatan: Jabatan, tmt: dt.date, aturan: AturanMutasi, w: int
) -> Component:
    pensiun = pensiun_tmt(pegawai.tanggal_lahir, bup_years(jabatan.jenis, jabatan.jenjang))
    left = Decimal((pensiun - tmt).days) / Decimal("365.25")
    warn = Decimal(aturan.peringatan_bup_tahun)
    share = max(min((left - warn) / (BUP_FULL_YEARS - warn), Decimal(1)), Decimal(0))
    params = {"n": f"{left:.1f}", "full": BUP_FULL_YEARS, "date": f"{pensiun:%d-%m-%Y}"}
    msg = _("%(n)s years to retirement (%(date)s); full points from %(full)d years.") % params
    return Component("bup", _r2(share * w), w, msg)


def score_candidate(
    pegawai: Pegawai,
    jabatan: Jabatan,
    *,
    origin: tuple[int, int, Decimal] | None,
    aturan: AturanMutasi,
    tmt: dt.date,
    w: dict[str, int] | None = None,
) -> Candidate:
    w = w or weights()
    components = [
        component_fit(pegawai, jabatan, w["fit"]),
        component_performance(pegawai, aturan, w["performance"]),
        component_rotation(pegawai, aturan, w["rotation"]),
        component_origin(origin, w["origin"]),
        component_bup(pegawai, jabatan, tmt, aturan, w["bup"]),
    ]
    return Candidate(
        pegawai=pegawai,
        pendidikan=pendidikan_text(pegawai),
        score=_r2(sum(c.points for c in components)),
        components=components,
    )


# -- the database pre-filter --------------------------------------------------------------


def candidate_queryset(formasi: Formasi, jabatan: Jabatan) -> QuerySet[Pegawai]:
    """Employees worth scoring, best rough match first (not yet capped)."""
    accepted = [b.pk for b in jabatan.bidang_pendidikan.all()]
    required = [k.bidang_id for k in jabatan.kebutuhan_kompetensi.all()]
    fields = set(accepted) | set(required)
    edu = RiwayatPendidikan.objects.filter(pegawai=OuterRef("pk"), bidang_id__in=accepted)
    komp = Kompetensi.objects.filter(pegawai=OuterRef("pk"), bidang_id__in=fields)
    open_usulan = UsulanMutasi.objects.filter(pegawai=OuterRef("pk"), status__in=OPEN_STATES)
    qs = (
        Pegawai.objects.filter(is_active=True, instansi__is_external=False)
        .exclude(status_kepegawaian=StatusKepegawaian.PPPK)
        .exclude(Exists(open_usulan))
    )
    here = Q(instansi_id=formasi.instansi_id, jabatan_id=formasi.jabatan_id)
    if formasi.unit_id:
        here &= Q(unit_id=formasi.unit_id)
    qs = qs.exclude(here)
    if not fields:  # any field accepted: rank by rotation only
        return qs.order_by("tmt_jabatan", "nip")
    qs = qs.alias(edu_match=Exists(edu), komp_match=Exists(komp)).filter(
        Q(edu_match=True) | Q(komp_match=True)
    )
    rough = Case(When(edu_match=True, then=Value(2)), default=Value(0), output_field=IntegerField())
    rough = rough + Case(
        When(komp_match=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return qs.alias(rough=rough).order_by("-rough", "tmt_jabatan", "nip")


def _origin_map(pegawai: list[Pegawai]) -> dict[tuple[int, int], list[Formasi]]:
    """Every candidate's origin formasi in ONE annotated query, by (instansi, jabatan)."""
    keys = {(p.instansi_id, p.jabatan_id) for p in pegawai if p.jabatan_id}
    if not keys:
        return {}
    qs = formasi_annotated(
        Formasi.objects.filter(
            instansi_id__in={k[0] for k in keys}, jabatan_id__in={k[1] for k in keys}
        )
    )
    out: dict[tuple[int, int], list[Formasi]] = {}
    for f in qs:
        if (f.instansi_id, f.jabatan_id) in keys:
            out.setdefault((f.instansi_id, f.jabatan_id), []).append(f)
    return out


# -- the engine ---------------------------------------------------------------------------


def rekomendasi_for_formasi(
    formasi: Formasi,
    *,
    limit: int = 20,
    include_ineligible: bool = True,
    tmt: dt.date | None = None,
) -> Result:
    """Ranked candidates for ``formasi``: eligible first (best score first), then apart the
    ineligible ones with the failed rules' messages."""
    tmt = tmt or default_tmt()
    aturan = AturanMutasi.load()
    w = weights()
    if not hasattr(formasi, "bezetting"):
        formasi = formasi_annotated(Formasi.objects.filter(pk=formasi.pk)).get()
    hasil = formasi.hasil
    jabatan = prefetch_jabatan_for_rules(Jabatan.objects.filter(pk=formasi.jabatan_id)).get()
    instansi: Instansi = formasi.instansi

    pool = list(prefetch_for_rules(candidate_queryset(formasi, jabatan)[:PREFILTER_CAP]))
    origins = _origin_map(pool)
    scored = [
        score_candidate(
            p,
            jabatan,
            origin=_figures(origins.get((p.instansi_id, p.jabatan_id), []), p.unit_id),
            aturan=aturan,
            tmt=tmt,
            w=w,
        )
        for p in pool
    ]
    scored.sort(key=lambda c: (-c.score, c.pegawai.nama, c.pegawai.nip))

    eligible: list[Candidate] = []
    ineligible: list[Candidate] = []
    # The target's formasi figures are the same for every candidate: one query, not one each.
    target_rows = list(
        formasi_annotated(Formasi.objects.filter(instansi=instansi, jabatan=jabatan))
    )
    for candidate in scored[: max(limit * EVALUATE_FACTOR, limit)]:
        if len(eligible) >= limit:
            break
        p = candidate.pegawai
        results = evaluate(
            pegawai=p,
            jabatan_tujuan=jabatan,
            instansi_tujuan=instansi,
            unit_tujuan=formasi.unit,
            tmt=tmt,
            jenis_mutasi=JenisUsulan.INTRA,
            alasan=Alasan.KEPENTINGAN_DINAS,
            aturan=aturan,
            formasi_tujuan=target_rows,
        )
        failed = blocking(results)
        candidate.eligible = not failed
        candidate.reasons = [f"{r.nama}: {r.pesan}" for r in failed]
        candidate.warnings = [f"{r.nama}: {r.pesan}" for r in results if r.hasil == PERINGATAN]
        (eligible if candidate.eligible else ineligible).append(candidate)
    return Result(
        formasi=formasi,
        kebutuhan=hasil.kebutuhan,
        bezetting=hasil.bezetting,
        gap=hasil.gap,
        candidates=eligible,
        ineligible=ineligible[:limit] if include_ineligible else [],
        considered=len(pool),
    )


# -- the reverse view ---------------------------------------------------------------------


@dataclass
class Posisi:
    formasi: Formasi
    kebutuhan: int
    bezetting: int
    gap: int
    fit: int
    rincian: list


def posisi_for_pegawai(pegawai: Pegawai, *, limit: int = 10) -> list[Posisi]:
    """Formasi with a shortage (not the employee's own) ranked by the employee's fit.

    One query for the shortage formasi (annotated, filtered in the database) plus the
    positions' requirements prefetched; the loop runs over formasi, never over employees.
    """
    qs = formasi_shortage(formasi_annotated(Formasi.objects.filter(instansi__is_external=False)))
    qs = qs.exclude(instansi_id=pegawai.instansi_id, jabatan_id=pegawai.jabatan_id)
    qs = qs.prefetch_related("jabatan__bidang_pendidikan", "jabatan__kebutuhan_kompetensi__bidang")
    rows = []
    for f in qs:
        result = fit(pegawai, f.jabatan)
        h = f.hasil
        rows.append(Posisi(f, h.kebutuhan, h.bezetting, h.gap, result.skor, result.rincian))
    rows.sort(key=lambda r: (-r.fit, -r.gap, r.formasi.instansi.kode, r.formasi.jabatan.nama))
    return rows[:limit]
