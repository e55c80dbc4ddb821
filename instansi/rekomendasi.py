"""Candidate recommendations for a formasi with a shortage, and the reverse (positions for an
employee). Read-only: nothing here writes.

Speed (measured at 100,000 employees on PostgreSQL, docs/workforce-planning.md): the database
picks the candidates (an accepted field of study or a competence in a required field, active,
not PPPK, not already holding the formasi, no open proposal) and ranks them by an estimate of
the score (``rough_score``: field, competence, performance, rotation, BUP — one pass over the
employees with hashed sets, no per-employee subquery); the best ``POOL_SIZE`` come back as bare
tuples, get their origin points (one formasi query), and only the best ``PREFILTER_CAP`` are
loaded with their histories (``_load_for_scoring``) and scored exactly in Python. The
eligibility rules (two queries each) run for the best-scored until ``limit`` are eligible.

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
import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from instansi import abk
from instansi.models import Formasi, Instansi, Jabatan, bup_years
from instansi.selectors import (
    formasi_annotated,
    formasi_by_pair,
    formasi_figures,
    formasi_shortage,
)
from mutasi.models import OPEN_STATES, Alasan, AturanMutasi, JenisUsulan, UsulanMutasi
from mutasi.rules import (
    PERINGATAN,
    blocking,
    evaluate,
    fit,
    prefetch_jabatan_for_rules,
)
from mutasi.rules.common import PEGAWAI_PREFETCH, pendidikan_rank, pensiun_tmt
from pegawai.models import (
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatPendidikan,
    StatusKepegawaian,
    add_years,
    today,
)
from pegawai.referensi import PredikatKinerja
from pontianak_mutasi import cache_segar

DEFAULT_WEIGHTS = {"fit": 50, "performance": 15, "rotation": 10, "origin": 15, "bup": 10}
# The database ranks the employees by a rough score and sends the best POOL_SIZE as bare
# tuples; with the origin points added, the best PREFILTER_CAP are loaded and scored exactly;
# the eligibility rules (two queries each) run, best first, until enough are eligible.
POOL_SIZE = 1000
PREFILTER_CAP = 150
BUP_FULL_YEARS = 10
PREDIKAT_SHARE = {
    PredikatKinerja.SANGAT_BAIK: Decimal("1"),
    PredikatKinerja.BAIK: Decimal("0.75"),
    PredikatKinerja.BUTUH_PERBAIKAN: Decimal("0.25"),
}


def weights() -> dict[str, int]:
    return {**DEFAULT_WEIGHTS, **settings.SIMUTASI.get("RECOMMEND_WEIGHTS", {})}


COMPONENT_LABELS = {
    "fit": gettext_lazy("Fit"),
    "performance": gettext_lazy("Performance"),
    "rotation": gettext_lazy("Rotation"),
    "origin": gettext_lazy("Origin"),
    "bup": gettext_lazy("Retirement (BUP)"),
}


@dataclass
class Component:
    name: str  # stable key (the --json contract)
    points: float
    max: int
    explanation: str

    @property
    def label(self) -> str:
        return str(COMPONENT_LABELS.get(self.name, self.name))


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


def origin_points(figures: tuple[int, int, Decimal] | None, w: int) -> float:
    """The origin component's points alone (the pre-selection needs no explanation)."""
    if figures is None:
        return w / 4
    kebutuhan, bezetting, beban = figures
    if kebutuhan - (bezetting - 1) <= 0:
        return float(w)
    ej = abk.efektivitas(beban, bezetting)
    return w / 2 if ej is not None and ej < 1 else -w / 2


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


def _tenths(points) -> int:
    """The estimate counts in tenths of a point: integers in SQL, no rounding drift."""
    return int(Decimal(str(points)) * 10)


def _points(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def rough_score(
    jabatan: Jabatan, *, aturan: AturanMutasi, tmt: dt.date, w: dict[str, int]
) -> tuple[Q, Case | Value]:
    """The database's first estimate of the score, for picking whom to load and score exactly.

    Returns (filter, expression in tenths of a point). Every part is a comparison on the employee row or a
    membership in an uncorrelated set (PostgreSQL hashes each set once), so the estimate costs
    one pass over the employees whatever their number:
    - field of study in an accepted field: the fit weight's share for the field (40%);
    - a competence in a required or accepted field: the competence share (30%);
    - performance: each of the last ``tahun_kinerja`` years rated Sangat Baik (full) or
      Baik (¾) adds its part of the performance weight (an index-only scan per set);
    - rotation: due (full), or past half the rotation period (half);
    - BUP: ten years or more left at the TMT (full), beyond the warning window (half).
    The origin is added for the best ``POOL_SIZE`` (one formasi query), the finer fit items
    (level, training) only in the exact score.
    """
    from mutasi.rules.fit import BOBOT_BIDANG_PENDIDIKAN, BOBOT_KOMPETENSI

    accepted = [b.pk for b in jabatan.bidang_pendidikan.all()]
    required = [k.bidang_id for k in jabatan.kebutuhan_kompetensi.all()]
    fields = set(accepted) | set(required)
    # Uncorrelated IN (SELECT …) sets: PostgreSQL hashes each once, where a correlated
    # EXISTS would probe an index for every one of the ~100,000 employees.
    edu = Q(pk__in=RiwayatPendidikan.objects.filter(bidang_id__in=accepted).values("pegawai_id"))
    komp = Q(pk__in=Kompetensi.objects.filter(bidang_id__in=fields).values("pegawai_id"))
    match = (edu | komp) if fields else Q()
    parts: list = []
    if accepted:
        parts.append(_points(edu, _tenths(w["fit"] * BOBOT_BIDANG_PENDIDIKAN / 100)))
    if fields:
        parts.append(_points(komp, _tenths(w["fit"] * BOBOT_KOMPETENSI / 100)))

    last = today().year - 1
    years = [last - i for i in range(aturan.tahun_kinerja)]
    for year in years:
        for predikat in (PredikatKinerja.SANGAT_BAIK, PredikatKinerja.BAIK):
            points = _tenths(w["performance"] * PREDIKAT_SHARE[predikat] / len(years))
            rated = PenilaianKinerja.objects.filter(tahun=year, predikat=predikat)
            parts.append(_points(Q(pk__in=rated.values("pegawai_id")), points))

    day = today()
    due = add_years(day, -aturan.tahun_rotasi)
    half = day - dt.timedelta(days=round(aturan.tahun_rotasi * 365.25 / 2))
    parts.append(
        Case(
            When(tmt_jabatan__lte=due, then=Value(_tenths(w["rotation"]))),
            When(tmt_jabatan__lte=half, then=Value(_tenths(w["rotation"] / 2))),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    # Years left at the TMT ≥ n  ⇔  born on or after TMT + n − BUP (to the day, near enough
    # for an estimate: the exact score counts to the retirement month).
    bup = bup_years(jabatan.jenis, jabatan.jenjang)
    full_from = add_years(tmt, BUP_FULL_YEARS - bup)
    warn = int(aturan.peringatan_bup_tahun)
    parts.append(
        Case(
            When(tanggal_lahir__gte=full_from, then=Value(_tenths(w["bup"]))),
            When(tanggal_lahir__gte=add_years(tmt, warn - bup), then=Value(_tenths(w["bup"] / 2))),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return match, total


def _movable(qs: QuerySet[Pegawai]) -> QuerySet[Pegawai]:
    """Who may be proposed at all: active, in a provincial agency, not PPPK, no open
    proposal."""
    open_usulan = UsulanMutasi.objects.filter(pegawai=OuterRef("pk"), status__in=OPEN_STATES)
    return (
        qs.filter(is_active=True, instansi__is_external=False)
        .exclude(status_kepegawaian=StatusKepegawaian.PPPK)
        .exclude(Exists(open_usulan))
    )


def _ranked(jabatan: Jabatan, *, aturan: AturanMutasi, tmt: dt.date, w: dict[str, int]):
    """Every movable employee with a field of the position, best rough score first."""
    match, rough = rough_score(jabatan, aturan=aturan, tmt=tmt, w=w)
    return (
        _movable(Pegawai.objects.filter(match))
        .annotate(rough=rough)
        .order_by(F("rough").desc(), F("tmt_jabatan").asc(nulls_last=True), "nip")
    )


def _here(formasi: Formasi) -> Q:
    """Holders of ``formasi`` itself (they are not candidates for it)."""
    here = Q(instansi_id=formasi.instansi_id, jabatan_id=formasi.jabatan_id)
    if formasi.unit_id:
        here &= Q(unit_id=formasi.unit_id)
    return here


def _holds(formasi: Formasi, row: tuple) -> bool:
    """:func:`_here` for a pool row (pk, instansi_id, jabatan_id, unit_id, estimate)."""
    _pk, instansi_id, jabatan_id, unit_id, _estimate = row
    return (
        instansi_id == formasi.instansi_id
        and jabatan_id == formasi.jabatan_id
        and (not formasi.unit_id or unit_id == formasi.unit_id)
    )


def candidate_queryset(
    formasi: Formasi,
    jabatan: Jabatan,
    *,
    aturan: AturanMutasi | None = None,
    tmt: dt.date | None = None,
    w: dict[str, int] | None = None,
) -> QuerySet[Pegawai]:
    """Employees worth scoring, best rough score first (not yet capped): active, not PPPK, not
    already in the formasi, without an open proposal, and (when the position names fields) with
    an education or a competence in one of them."""
    ranked = _ranked(
        jabatan, aturan=aturan or AturanMutasi.load(), tmt=tmt or default_tmt(), w=w or weights()
    )
    return ranked.exclude(_here(formasi))


@contextmanager
def _serial_plan() -> Iterator[None]:
    """PostgreSQL: the ranking query without parallel workers. Each worker would build every
    hashed set again and take the core another request needs (measured at 100,000 employees
    on 2 cores: 370–510 ms with a worker, 330–430 ms without). Two statements: set (returning
    the value before) and put back."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_parallel_workers_per_gather'), "
            "set_config('max_parallel_workers_per_gather', '0', false)"
        )
        before = cursor.fetchone()[0]

    def restore() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', %s, false)", [before]
            )

    try:
        yield
    except Exception:
        # In autocommit the setting stays with the (persistent) connection: put it back. In a
        # transaction, now aborted, its rollback undoes the setting.
        if not connection.in_atomic_block:
            restore()
        raise
    restore()


# -- the ranked pool, kept --------------------------------------------------------------

#: A pool row: (pk, instansi_id, jabatan_id, unit_id, estimate in points), best first.
PoolRow = tuple[int, int, int | None, int | None, float]
POOL_KEY_PREFIX = "simutasi:rekomendasi-pool:v2:"
#: Pool rows whose employees are checked again (still movable?) per round, beyond the cap.
RECHECK_SLACK = 50


def pool_seconds() -> int:
    return int(settings.SIMUTASI.get("RECOMMEND_POOL_SECONDS", 0))


def _pool_keep_seconds() -> int:
    """How long a kept pool may serve while no refresh succeeds (the worker down, say)."""
    return max(pool_seconds() * 6, 3600)


def _pool(ranked: QuerySet[Pegawai], w: dict[str, int]) -> tuple[list[PoolRow], dict]:
    """The best ``POOL_SIZE`` of ``ranked`` by the rough score plus the origin points, best
    first, and the origin formasi it looked up."""
    with _serial_plan():
        rows = list(
            ranked.values_list("pk", "instansi_id", "jabatan_id", "unit_id", "rough")[:POOL_SIZE]
        )
    # One formasi query for every origin in the pool.
    origins = formasi_by_pair((i, j) for _pk, i, j, _u, _r in rows)

    def estimate(row) -> float:
        _pk, instansi_id, jabatan_id, unit_id, rough = row
        figures = _figures(origins.get((instansi_id, jabatan_id), []), unit_id)
        return rough / 10 + origin_points(figures, w["origin"])

    # Stable: equal estimates keep the database's order (earlier TMT, then NIP).
    pool = sorted(((*row[:4], estimate(row)) for row in rows), key=lambda r: r[4], reverse=True)
    return pool, origins


def _pool_key(jabatan: Jabatan, ranked: QuerySet[Pegawai], aturan: AturanMutasi, w: dict) -> str:
    """Everything the ranking depends on is in its SQL and parameters (the position's fields
    and retirement age, the rules, the TMT, the weights and today's date); the kept partial
    scores also on the position's minimum education and required competence levels."""
    sql, params = ranked.values_list("pk")[:POOL_SIZE].query.sql_with_params()
    requirements = sorted((k.bidang_id, k.level) for k in jabatan.kebutuhan_kompetensi.all())
    material = (sql, params, jabatan.min_pendidikan, requirements, sorted(w.items()))
    material += (aturan.tahun_kinerja, aturan.tahun_rotasi, float(aturan.peringatan_bup_tahun))
    digest = hashlib.sha256(repr(material).encode()).hexdigest()[:32]
    return f"{POOL_KEY_PREFIX}{jabatan.pk}:{digest}"


#: How many of a kept pool get their partial score kept with it (those a request may load).
PARTIAL_KEPT = PREFILTER_CAP + 2 * RECHECK_SLACK


def _partial(p: Pegawai, jabatan: Jabatan, aturan: AturanMutasi, tmt: dt.date, w: dict) -> float:
    """The score without the origin (which changes with every move): fit, performance,
    rotation and BUP points, each as ``score_candidate`` rounds it."""
    return sum(
        c.points
        for c in (
            component_fit(p, jabatan, w["fit"]),
            component_performance(p, aturan, w["performance"]),
            component_rotation(p, aturan, w["rotation"]),
            component_bup(p, jabatan, tmt, aturan, w["bup"]),
        )
    )


def _kept_value(jabatan: Jabatan, ranked, *, aturan: AturanMutasi, tmt: dt.date, w: dict) -> dict:
    """What is kept for a position: the ranked pool and, for its best ``PARTIAL_KEPT``, the
    partial scores."""
    pool, _origins = _pool(ranked, w)
    best = [row[0] for row in pool[:PARTIAL_KEPT]]
    people = _load_for_scoring(best, jabatan, aturan=aturan, tmt=tmt)
    return {
        "rows": pool,
        "partial": {p.pk: _partial(p, jabatan, aturan, tmt, w) for p in people},
    }


def kept_pool(jabatan: Jabatan, *, aturan: AturanMutasi, tmt: dt.date, w: dict) -> dict:
    """The position's ranked pool (every formasi of the position shares it) with the partial
    scores of its best, kept in the shared cache and refreshed by the task worker once older
    than ``RECOMMEND_POOL_SECONDS`` (pontianak_mutasi.cache_segar). Who is still movable and
    the origin are read on every request, and the candidates shown are scored from current
    data; the kept scores only order the rest."""
    ranked = _ranked(jabatan, aturan=aturan, tmt=tmt, w=w)
    seconds = pool_seconds()

    def refresh() -> None:
        from instansi.tasks import rekomendasi_pool_refresh

        rekomendasi_pool_refresh.enqueue(jabatan.pk, tmt.isoformat())

    kept = cache_segar.get_or_compute(
        _pool_key(jabatan, ranked, aturan, w),
        lambda: _kept_value(jabatan, ranked, aturan=aturan, tmt=tmt, w=w),
        fresh_for=seconds,
        keep_for=_pool_keep_seconds(),
        refresh=refresh,
    )
    return kept.value


def pool_refresh(*, jabatan_id: int, tmt: dt.date) -> int:
    """Rank the position's pool now and keep it (the worker's side of :func:`kept_pool`, and
    ``warm_caches``). Returns the pool's size."""
    jabatan = prefetch_jabatan_for_rules(Jabatan.objects.filter(pk=jabatan_id)).first()
    if jabatan is None:
        return 0
    aturan, w = AturanMutasi.load(), weights()
    ranked = _ranked(jabatan, aturan=aturan, tmt=tmt, w=w)
    value = _kept_value(jabatan, ranked, aturan=aturan, tmt=tmt, w=w)
    key = _pool_key(jabatan, ranked, aturan, w)
    cache_segar.store(key, value, keep_for=_pool_keep_seconds())
    return len(value["rows"])


#: A candidate as the request checks it now: (pk, instansi_id, jabatan_id, unit_id, nama, nip).
LiveRow = tuple[int, int, int | None, int | None, str, str]


def _best_movable(pool: list[PoolRow], formasi: Formasi, cap: int) -> list[LiveRow] | None:
    """The first ``cap`` of a kept pool who do not hold ``formasi`` and are still movable
    (both checked now, a round of ``cap + RECHECK_SLACK`` at a time: the pool may be older
    than a proposal, a deactivation or a move), with where they are now. None when a full
    pool runs out first: the candidates beyond it are unknown, the caller ranks afresh."""
    rows = [r for r in pool if not _holds(formasi, r)]
    keep: list[LiveRow] = []
    step = cap + RECHECK_SLACK
    for start in range(0, len(rows), step):
        head = [r[0] for r in rows[start : start + step]]
        now = _movable(Pegawai.objects.filter(pk__in=head)).exclude(_here(formasi))
        found = {
            r[0]: r
            for r in now.values_list("pk", "instansi_id", "jabatan_id", "unit_id", "nama", "nip")
        }
        keep.extend(found[pk] for pk in head if pk in found)
        if len(keep) >= cap:
            return keep[:cap]
    return None if len(pool) >= POOL_SIZE else keep


def _load_for_scoring(
    keep: list[int], jabatan: Jabatan, *, aturan: AturanMutasi, tmt: dt.date
) -> list[Pegawai]:
    """The employees to score, with everything the score and the rules read (as
    ``prefetch_for_rules``) — but of the two longest histories only the part they read:
    ratings from the earliest year either looks at, training in the position's fields (the
    only training ``fit`` counts). A third fewer rows to turn into objects for 150 people."""
    fields = {b.pk for b in jabatan.bidang_pendidikan.all()}
    fields |= {k.bidang_id for k in jabatan.kebutuhan_kompetensi.all()}
    # The score rates the last tahun_kinerja years before this year, the rule those before
    # the TMT's year (never a year not ended yet): the earlier of the two first years.
    first_year = min(tmt.year, today().year) - aturan.tahun_kinerja
    return list(
        Pegawai.objects.filter(pk__in=keep)
        .select_related("instansi", "unit", "jabatan")
        .prefetch_related(
            *(r for r in PEGAWAI_PREFETCH if r not in ("penilaian_kinerja", "riwayat_diklat")),
            Prefetch(
                "penilaian_kinerja",
                queryset=PenilaianKinerja.objects.filter(tahun__gte=first_year),
            ),
            Prefetch("riwayat_diklat", queryset=RiwayatDiklat.objects.filter(bidang_id__in=fields)),
        )
    )


def _kept_candidates(
    picked: list[LiveRow],
    partial: dict[int, float],
    origins: dict,
    jabatan: Jabatan,
    *,
    aturan: AturanMutasi,
    tmt: dt.date,
    w: dict,
    first: int,
) -> Iterator[Candidate]:
    """The picked candidates best first by kept partial score plus the current origin points
    (ties by name and NIP, as the exact ranking), each loaded and scored from current data
    when reached: ``first`` of them in one load, the rest in a second. With no change since
    the pool was kept the order is the exact one."""

    def origin_of(instansi_id, jabatan_id, unit_id):
        return _figures(origins.get((instansi_id, jabatan_id), []), unit_id)

    missing = [r[0] for r in picked if r[0] not in partial]
    if missing:  # beyond the kept scores (many of the best no longer movable): score now
        partial = dict(partial)
        for p in _load_for_scoring(missing, jabatan, aturan=aturan, tmt=tmt):
            partial[p.pk] = _partial(p, jabatan, aturan, tmt, w)

    def total(row: LiveRow) -> float:
        pk, instansi_id, jabatan_id, unit_id, _nama, _nip = row
        origin = component_origin(origin_of(instansi_id, jabatan_id, unit_id), w["origin"])
        return _r2(partial.get(pk, 0) + origin.points)

    order = [r[0] for r in sorted(picked, key=lambda r: (-total(r), r[4], r[5]))]
    for batch in (order[:first], order[first:]):
        loaded = {p.pk: p for p in _load_for_scoring(batch, jabatan, aturan=aturan, tmt=tmt)}
        for pk in batch:
            p = loaded.get(pk)
            if p is not None:
                origin = origin_of(p.instansi_id, p.jabatan_id, p.unit_id)
                yield score_candidate(p, jabatan, origin=origin, aturan=aturan, tmt=tmt, w=w)


# -- the engine ---------------------------------------------------------------------------


def rekomendasi_for_formasi(
    formasi: Formasi,
    *,
    limit: int = 20,
    include_ineligible: bool = True,
    tmt: dt.date | None = None,
    prefilter_cap: int | None = None,
    kept: bool = True,
) -> Result:
    """Ranked candidates for ``formasi``: eligible first (best score first), then apart the
    ineligible ones with the failed rules' messages.

    ``prefilter_cap``: how many of the roughly ranked pool are loaded and scored exactly
    (default ``PREFILTER_CAP``); a caller that needs only the first few may pass less.
    ``kept``: use the position's kept pool when ``RECOMMEND_POOL_SECONDS`` allows (False:
    always rank afresh)."""
    cap = PREFILTER_CAP if prefilter_cap is None else prefilter_cap
    tmt = tmt or default_tmt()
    aturan = AturanMutasi.load()
    w = weights()
    if not hasattr(formasi, "bezetting"):
        formasi = formasi_annotated(Formasi.objects.filter(pk=formasi.pk)).get()
    hasil = formasi.hasil
    jabatan = prefetch_jabatan_for_rules(Jabatan.objects.filter(pk=formasi.jabatan_id)).get()
    instansi: Instansi = formasi.instansi

    # Stages 1 and 2: the database ranks the best POOL_SIZE by the rough score, the origin
    # points are added (one formasi query for every origin in the pool), and the best
    # PREFILTER_CAP are loaded with their histories and scored exactly. With the position's
    # pool kept (kept_pool), who is still movable is checked now, the kept partial scores
    # plus the current origin order them, and only those the rules reach are loaded and
    # scored from current data (_kept_candidates).
    picked = kept_value = None
    if kept and pool_seconds() > 0:
        kept_value = kept_pool(jabatan, aturan=aturan, tmt=tmt, w=w)
        picked = _best_movable(kept_value["rows"], formasi, cap)
    if picked is not None:
        keys = {(r[1], r[2]) for r in picked}
        origins = formasi_by_pair(keys | {(formasi.instansi_id, formasi.jabatan_id)})
        ordered: Iterable[Candidate] = _kept_candidates(
            picked, kept_value["partial"], origins, jabatan, aturan=aturan, tmt=tmt, w=w,
            first=limit + 10,
        )  # fmt: skip
        considered = len(picked)
    else:
        ranked = candidate_queryset(formasi, jabatan, aturan=aturan, tmt=tmt, w=w)
        rows, origins = _pool(ranked, w)
        pool = _load_for_scoring([row[0] for row in rows[:cap]], jabatan, aturan=aturan, tmt=tmt)
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
        ordered = scored
        considered = len(pool)

    eligible: list[Candidate] = []
    ineligible: list[Candidate] = []
    # The target's formasi figures are the same for every candidate: one query, not one each.
    target_key = (formasi.instansi_id, formasi.jabatan_id)
    if target_key in origins:
        target_rows = origins[target_key]
    else:
        target_rows = list(formasi_figures(instansi=instansi, jabatan=jabatan))
    # Likewise the open proposals competing for it: one query, not a count per candidate.
    target_usulan = list(
        UsulanMutasi.objects.filter(
            status__in=OPEN_STATES, tujuan_instansi=instansi, tujuan_jabatan=jabatan
        ).values_list("pk", "pegawai_id", "tujuan_unit_id")
    )
    # Best score first until ``limit`` eligible ones are found (every scored one at most).
    for candidate in ordered if limit > 0 else ():
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
            usulan_tujuan=target_usulan,
        )
        failed = blocking(results)
        candidate.eligible = not failed
        candidate.reasons = [f"{r.nama}: {r.pesan}" for r in failed]
        candidate.warnings = [f"{r.nama}: {r.pesan}" for r in results if r.hasil == PERINGATAN]
        (eligible if candidate.eligible else ineligible).append(candidate)
        if len(eligible) >= limit:
            break  # now: the next one would make _kept_candidates load its second batch
    return Result(
        formasi=formasi,
        kebutuhan=hasil.kebutuhan,
        bezetting=hasil.bezetting,
        gap=hasil.gap,
        candidates=eligible,
        ineligible=ineligible[:limit] if include_ineligible else [],
        considered=considered,
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
