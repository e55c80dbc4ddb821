"""The dashboard (dasbor): seven charts, each drawn from the same rows as the table beside it.

Reads go through scoped selectors only (``mutasi.statistik``, ``instansi.selectors.gap_rows``
limited to the user's agencies, ``pegawai.laporan``), so an Operator OPD sees their agency's
figures and nothing else. About a dozen queries whatever the number of rows. What each chart
means and how it is computed: docs/dasbor.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from instansi.selectors import gap_rows, instansi_scope_for_user
from mutasi import statistik
from mutasi.models import AturanMutasi
from pegawai import laporan
from pontianak_mutasi import cache_segar, charts
from pontianak_mutasi.charts import Item, Series

if TYPE_CHECKING:
    from pontianak_mutasi.models import User

# Agency charts show at most this many rows (a chart of 45 agencies is a wall); the table
# under each lists every agency in the user's scope.
CHART_ROWS = 15


@dataclass(frozen=True)
class Bagian:
    """One dashboard section: its chart and the rows of its table."""

    chart: charts.Chart
    rows: list
    total_rows: int

    @property
    def truncated(self) -> bool:
        return len(self.chart.rows or self.chart.columns) < self.total_rows


def _label(nama: str, singkatan: str) -> str:
    return singkatan or nama


def _per_status(user: User) -> Bagian:
    rows = statistik.per_status(user)
    chart = charts.bar_chart(
        slug="chart-status",
        title=_("Proposals by state"),
        description=_("Horizontal bars: the number of proposals now in each state."),
        items=[Item(label=label, values=[n]) for _value, label, n in rows],
    )
    return Bagian(chart, rows, len(rows))


def _per_bulan(user: User, periode: statistik.Periode) -> Bagian:
    rows = statistik.per_bulan(user, periode)
    items = [
        Item(
            label=date_format(m, "F Y"),
            short=date_format(m, "M"),
            sublabel=str(m.year) if m.month == 1 or i == 0 else "",
            values=[n],
        )
        for i, (m, n) in enumerate(rows)
    ]
    chart = charts.column_chart(
        slug="chart-bulan",
        title=_("Proposals created per month"),
        description=_("Columns, one per month, oldest on the left."),
        items=items,
    )
    return Bagian(chart, rows, len(rows))


def _lama_tahap(user: User, periode: statistik.Periode) -> Bagian:
    rows = statistik.lama_per_tahap(user, periode)
    chart = charts.bar_chart(
        slug="chart-tahap",
        title=_("Days spent per stage"),
        description=_(
            "Two bars per state: the average and the median number of days a proposal stayed "
            "in it, over the stays that began in the period and have ended."
        ),
        items=[Item(label=r.label, values=[r.rata_hari or 0, r.median_hari or 0]) for r in rows],
        series=[Series(_("Average"), "primary"), Series(_("Median"), "secondary")],
        decimals=1,
    )
    return Bagian(chart, rows, len(rows))


def _perpindahan(user: User, periode: statistik.Periode) -> Bagian:
    rows = statistik.perpindahan_per_instansi(user, periode)
    chart = charts.diverging_chart(
        slug="chart-pindah",
        title=_("Completed moves out of and into each agency"),
        description=_("Bars to the left of the axis: moves out; to the right: moves in."),
        items=[
            Item(label=r.nama, short=_label(r.nama, r.singkatan), values=[r.keluar, r.masuk])
            for r in rows[:CHART_ROWS]
        ],
        left=Series(_("Moves out"), "secondary"),
        right=Series(_("Moves in"), "primary"),
    )
    return Bagian(chart, rows, len(rows))


def _gap(user: User) -> Bagian:
    rows = gap_rows(by="instansi", internal_only=True, instansi=instansi_scope_for_user(user))
    # The largest imbalances either way, then shortage first as on the gap table.
    shown = sorted(rows, key=lambda r: (-abs(r.gap), r.kode))[:CHART_ROWS]
    shown.sort(key=lambda r: (-r.gap, r.kode))
    chart = charts.diverging_chart(
        slug="chart-gap",
        title=_("Staffing gap per agency"),
        description=_(
            "Horizontal bars: to the right of the axis a shortage (kebutuhan above "
            "bezetting), to the left a surplus."
        ),
        items=[charts.signed_item(r.nama, r.gap, short=r.singkatan) for r in shown],
        left=Series(_("Surplus"), "info"),
        right=Series(_("Shortage"), "danger"),
    )
    return Bagian(chart, rows, len(rows))  # gap_rows: largest shortage first, as the chart


def _rotasi(user: User) -> tuple[Bagian, laporan.Ambang]:
    ambang = laporan.ambang_rotasi(AturanMutasi.load())
    rows = laporan.rotasi_rekap(user, ambang)
    rows.sort(key=lambda r: (-r["due"], r["instansi__kode"]))
    chart = charts.bar_chart(
        slug="chart-rotasi",
        title=_("Employees due for rotation per agency"),
        description=_(
            "Horizontal bars: active employees in the same position for the rotation period or longer."
        ),
        items=[
            Item(
                label=r["instansi__nama"],
                short=_label(r["instansi__nama"], r["instansi__singkatan"]),
                values=[r["due"]],
            )
            for r in rows[:CHART_ROWS]
        ],
    )
    return Bagian(chart, rows, len(rows)), ambang


def _kualitas(user: User) -> Bagian:
    rows = laporan.kualitas_per_instansi(user)
    areas = [f"pct_{k}" for k in laporan.KELENGKAPAN]
    for r in rows:
        r["pct_rata"] = (sum(r[a] for a in areas) / len(areas)).quantize(Decimal("0.1"))
    # Worst first: the chart is for finding the agencies whose records need work.
    rows.sort(key=lambda r: (r["pct_rata"], r["instansi__kode"]))
    chart = charts.bar_chart(
        slug="chart-kualitas",
        title=_("Data completeness per agency"),
        description=_(
            "Horizontal bars, least complete first: the mean of the four completeness "
            "percentages (education, competence, performance, position data)."
        ),
        items=[
            Item(
                label=r["instansi__nama"],
                short=_label(r["instansi__nama"], r["instansi__singkatan"]),
                values=[float(r["pct_rata"])],
                texts=[f"{charts.fmt(float(r['pct_rata']), 1)}%"],
            )
            for r in rows[:CHART_ROWS]
        ],
        maximum=100,
    )
    return Bagian(chart, rows, len(rows))


def dasbor_context(user: User, periode: statistik.Periode) -> dict:
    rotasi, ambang = _rotasi(user)
    return {
        "periode": periode,
        "status": _per_status(user),
        "bulan": _per_bulan(user, periode),
        "tahap": _lama_tahap(user, periode),
        "pindah": _perpindahan(user, periode),
        "gap": _gap(user),
        "rotasi": rotasi,
        "ambang": ambang,
        "kualitas": _kualitas(user),
        "chart_rows": CHART_ROWS,
    }


def scope_of(user: User) -> str:
    """Whose figures the user sees: all agencies, or one agency and its children."""
    return "semua" if user.sees_all_agencies else f"instansi-{user.instansi_id or 0}"


def cache_key(user: User, periode: statistik.Periode) -> str:
    """What the figures depend on: the scope, the year, today's date (rotation and the current
    month) and the language of the labels."""
    day = timezone.localdate()
    return f"dasbor:v1:{scope_of(user)}:{periode.tahun}:{day:%Y%m%d}:{get_language()}"


def keep_seconds() -> int:
    """How long kept figures may serve while no refresh succeeds (the worker down, say)."""
    return max(settings.SIMUTASI["DASHBOARD_CACHE_SECONDS"] * 12, 3600)


def dasbor_context_cached(user: User, periode: statistik.Periode) -> dict:
    """The dashboard's figures, kept per scope and refreshed in the background.

    Every section aggregates whole tables (every employee, a year of log rows): at 100,000
    employees that is about a second of database work (`make bench`), too much for a page
    view. The figures are computed once per scope, year and language and kept
    (``pontianak_mutasi.cache_segar``); older than ``DASHBOARD_CACHE_SECONDS`` they are still
    shown at once while the task worker computes new ones (``tasks.dasbor_refresh``), so only
    the first visitor of a scope waits — and none after ``manage.py warm_caches``. The page
    says when its figures were computed. 0 turns the cache off.
    """
    seconds = settings.SIMUTASI["DASHBOARD_CACHE_SECONDS"]
    if seconds <= 0:
        return {**dasbor_context(user, periode), "dihitung": timezone.now(), "cache_menit": 0}

    def refresh() -> None:
        from pontianak_mutasi.tasks import dasbor_refresh as task

        task.enqueue(user.pk, periode.tahun, get_language() or settings.LANGUAGE_CODE)

    kept = cache_segar.get_or_compute(
        cache_key(user, periode),
        lambda: dasbor_context(user, periode),
        fresh_for=seconds,
        keep_for=keep_seconds(),
        refresh=refresh,
    )
    return {
        **kept.value,
        "dihitung": dt.datetime.fromtimestamp(kept.computed_at, tz=dt.UTC),
        "cache_menit": max(1, round(seconds / 60)),
    }


def dasbor_refresh(*, user_id: int, tahun: int, bahasa: str) -> bool:
    """Compute and keep the figures of ``user_id``'s scope (the task worker's side of
    :func:`dasbor_context_cached`, and ``warm_caches``). False when the user is gone."""
    from pontianak_mutasi.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    from pontianak_mutasi.db_router import replica_reads

    # Like the page (@baca_replika): the aggregates read the replica when there is one.
    with replica_reads(), translation.override(bahasa):
        periode = statistik.Periode.for_year(tahun)
        cache_segar.store(
            cache_key(user, periode), dasbor_context(user, periode), keep_for=keep_seconds()
        )
    return True
