"""Figures about proposals for the home page and the dashboard, scoped to the user who asks.

Every function starts from ``usulan_list_for_user`` (or filters the agencies through
``instansi_scope_for_user``), so an Operator OPD only ever counts proposals from or into their
agency. Each function is one or two queries whatever the number of proposals: the counting,
averaging and the median happen in the database. How each figure is computed: docs/dasbor.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet, Window
from django.db.models.functions import Lead, TruncMonth
from django.utils import timezone

from instansi.selectors import instansi_scope_for_user
from mutasi import queries
from mutasi.models import OPEN_STATES, Status, UsulanLog, UsulanMutasi
from mutasi.selectors import antrian_persetujuan, antrian_verifikasi, usulan_list_for_user

if TYPE_CHECKING:
    from pontianak_mutasi.models import User

# Proposals someone is working on: open, and past the proposer's own draft.
IN_PROGRESS = [s for s in OPEN_STATES if s != Status.DRAFT]

# States in which a proposal waits for someone, in the order of the process. The closed
# states (rejected, completed …) have no duration: nothing leaves them.
STAGES = [
    Status.DRAFT,
    Status.DIAJUKAN,
    Status.VERIFIKASI,
    Status.DIKEMBALIKAN,
    Status.MEMENUHI_SYARAT,
    Status.DISETUJUI,
    Status.SK_TERBIT,
]

SECONDS_PER_DAY = 86_400


def overdue_days() -> int:
    """A queue item waiting more than this many days is counted as overdue."""
    return int(settings.SIMUTASI["QUEUE_OVERDUE_DAYS"])


# -- period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    """A calendar year in local time (WIB); the current year ends today."""

    tahun: int
    mulai: dt.datetime  # aware, 1 January 00:00 WIB
    akhir: dt.datetime  # aware, exclusive: 1 January of the next year
    bulan_terakhir: dt.date  # the last month shown by the per-month chart (its 1st day)

    @classmethod
    def for_year(cls, tahun: int | None = None, today: dt.date | None = None) -> Periode:
        today = today or timezone.localdate()
        tahun = tahun or today.year
        tz = timezone.get_current_timezone()
        last_month = dt.date(tahun, 12, 1) if tahun < today.year else today.replace(day=1)
        return cls(
            tahun=tahun,
            mulai=dt.datetime(tahun, 1, 1, tzinfo=tz),
            akhir=dt.datetime(tahun + 1, 1, 1, tzinfo=tz),
            bulan_terakhir=last_month,
        )


def tahun_choices(today: dt.date | None = None, back: int = 4) -> list[int]:
    """This year and the few before it, newest first."""
    year = (today or timezone.localdate()).year
    return list(range(year, year - back - 1, -1))


# -- counts -------------------------------------------------------------------------------


def per_status(user: User) -> list[tuple[str, str, int]]:
    """(status, label, count) for every state, in the order of the process (one query)."""
    counts = dict(
        usulan_list_for_user(user).order_by().values_list("status").annotate(n=Count("pk"))
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in Status.choices]


def _month_starts(last: dt.date, n: int) -> list[dt.date]:
    months = []
    year, month = last.year, last.month
    for _ in range(n):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def per_bulan(user: User, periode: Periode, n: int = 12) -> list[tuple[dt.date, int]]:
    """Proposals created per month (WIB), the ``n`` months up to the period's last (one query).

    Months without a proposal are listed with 0, so the chart's time axis has no holes."""
    months = _month_starts(periode.bulan_terakhir, n)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(months[0], dt.time.min, tzinfo=tz)
    last = months[-1]
    end = dt.datetime(last.year + (last.month == 12), last.month % 12 + 1, 1, tzinfo=tz)
    rows = (
        usulan_list_for_user(user)
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(bulan=TruncMonth("created_at", tzinfo=tz))
        .order_by()
        .values("bulan")
        .annotate(n=Count("pk"))
    )
    counts = {timezone.localtime(r["bulan"], tz).date(): r["n"] for r in rows}
    return [(m, counts.get(m, 0)) for m in months]


# -- queues (home page) -------------------------------------------------------------------


@dataclass(frozen=True)
class Antrian:
    """A queue at a glance: how many wait, the oldest, how many are overdue, the first few."""

    jumlah: int
    tertua_hari: int | None
    lewat_batas: int
    batas_hari: int
    teratas: list[UsulanMutasi]


def _antrian(qs: QuerySet[UsulanMutasi], field: str, limit: int) -> Antrian:
    """Two queries: the aggregate, and the ``limit`` oldest with ``umur_hari`` set."""
    today = timezone.localdate()
    batas = overdue_days()
    # Waiting more than N whole days ⟺ the local date it started is before today − N.
    threshold = dt.datetime.combine(
        today - dt.timedelta(days=batas), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    agg = qs.order_by().aggregate(
        jumlah=Count("pk"),
        tertua=Min(field),
        lewat=Count("pk", filter=Q(**{f"{field}__lt": threshold})),
    )
    teratas = list(qs[:limit])  # usulan_list_for_user joins what a row shows
    queries.set_umur(teratas, field)
    tertua = agg["tertua"]
    return Antrian(
        jumlah=agg["jumlah"],
        tertua_hari=(today - timezone.localdate(tertua)).days if tertua else None,
        lewat_batas=agg["lewat"],
        batas_hari=batas,
        teratas=teratas,
    )


def antrian_verifikasi_ringkas(user: User, limit: int = 5) -> Antrian:
    """Submitted and in-verification proposals, aged from their (last) submission, as on the
    verification queue page."""
    return _antrian(antrian_verifikasi(user), "diajukan_at", limit)


def antrian_persetujuan_ringkas(user: User, limit: int = 3) -> Antrian:
    """Eligible proposals waiting for a decision, aged from when they were declared eligible,
    as on the approval queue page."""
    qs = queries.antrian_persetujuan_rows(antrian_persetujuan(user)).order_by("status_sejak", "pk")
    return _antrian(qs, "menunggu_sejak", limit)


@dataclass(frozen=True)
class Menunggu:
    """What waits for an Operator OPD."""

    draft: int
    dikembalikan: int
    penanganan: int
    teratas: list[UsulanMutasi]

    @property
    def jumlah(self) -> int:
        return self.draft + self.dikembalikan + self.penanganan


def menunggu_operator(user: User, limit: int = 8) -> Menunggu:
    """Drafts, proposals returned for revision and proposals flagged for manual handling in
    the user's scope; the list shows the longest untouched first (two queries).

    A flagged proposal is ``sk_terbit``, so the three counts never overlap."""
    qs = usulan_list_for_user(user).filter(
        Q(status__in=[Status.DRAFT, Status.DIKEMBALIKAN]) | Q(perlu_penanganan=True)
    )
    counts = qs.order_by().aggregate(
        draft=Count("pk", filter=Q(status=Status.DRAFT)),
        dikembalikan=Count("pk", filter=Q(status=Status.DIKEMBALIKAN)),
        penanganan=Count("pk", filter=Q(perlu_penanganan=True)),
    )
    return Menunggu(**counts, teratas=list(qs.order_by("updated_at", "pk")[:limit]))


# -- time per stage -----------------------------------------------------------------------


@dataclass(frozen=True)
class LamaTahap:
    """Time spent in one state by the proposals that entered it during the period."""

    status: str
    label: str
    masuk: int  # times a proposal entered the state in the period
    selesai: int  # … and has left it since (the durations are over these)
    rata_hari: float | None
    median_hari: float | None
    maks_hari: float | None

    @property
    def masih(self) -> int:
        """Still in the state now."""
        return self.masuk - self.selesai


def _seconds(finish: str, start: str) -> str:
    """SQL for the seconds between two timestamps; the one thing the backends spell
    differently (SQLite stores text, PostgreSQL has intervals)."""
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(EPOCH FROM ({finish} - {start})) AS double precision)"
    return f"((julianday({finish}) - julianday({start})) * 86400.0)"


def lama_per_tahap(user: User, periode: Periode) -> list[LamaTahap]:
    """Average, median and longest days spent in each state (one query).

    A *stage visit* starts at a log row that enters a state (the ``buat`` row enters draft;
    otherwise a row whose from and to differ — document checks, overrides and handling flags
    leave the state as it was) and ends at the proposal's next such row. Visits that began in
    the period count; one not ended yet is counted as "still there" and has no duration.
    """
    visits = UsulanLog.objects.filter(Q(transition="buat") | ~Q(from_status=F("to_status")))
    if not user.sees_all_agencies:
        visits = visits.filter(usulan__in=usulan_list_for_user(user).values("pk"))
    # The next visit of a visit that began in the period began later still, so visits before
    # the period are never needed (the created_at index skips them); there is no upper bound
    # here because a visit that began in the period may end after it.
    inner = (
        visits.filter(created_at__gte=periode.mulai)
        .annotate(
            finish=Window(
                Lead("created_at"),
                partition_by=[F("usulan_id")],
                order_by=[F("created_at").asc(), F("pk").asc()],
            )
        )
        .order_by()
        .values("to_status", "created_at", "finish")
    )
    try:
        inner_sql, inner_params = inner.query.sql_with_params()
    except EmptyResultSet:  # a user with no scope: the ORM knows nothing can match
        return _lama_rows({})
    # The ORM can't aggregate over a window function, nor compute a median on SQLite; this
    # SQL does both over the ORM's scoped query. The median is the mean of the middle one or
    # two durations per state: PostgreSQL's percentile_cont(0.5) in the same pass as the other
    # figures; elsewhere (SQLite ≥ 3.25) a ROW_NUMBER() ranking joined back (measured at
    # 100,000 log rows on PostgreSQL: 364 ms that way, the single pass below in its place).
    stays = f"""
        WITH v AS ({inner_sql}),
        d AS (
            SELECT to_status AS stage,
                   CASE WHEN finish IS NULL THEN NULL
                        ELSE {_seconds("finish", "created_at")} END AS secs
            FROM v WHERE created_at < %s
        )"""
    if connection.vendor == "postgresql":
        sql = f"""{stays}
        SELECT stage, COUNT(*), COUNT(secs), AVG(secs),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY secs), MAX(secs)
        FROM d GROUP BY stage
        """
    else:
        sql = f"""{stays},
        ranked AS (
            SELECT stage, secs,
                   ROW_NUMBER() OVER (PARTITION BY stage ORDER BY secs) AS rn,
                   COUNT(*) OVER (PARTITION BY stage) AS cnt
            FROM d WHERE secs IS NOT NULL
        ),
        med AS (
            SELECT stage, AVG(secs) AS median_secs FROM ranked
            WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY stage
        ),
        agg AS (
            SELECT stage, COUNT(*) AS masuk, COUNT(secs) AS selesai,
                   AVG(secs) AS avg_secs, MAX(secs) AS max_secs
            FROM d GROUP BY stage
        )
        SELECT agg.stage, agg.masuk, agg.selesai, agg.avg_secs, med.median_secs, agg.max_secs
        FROM agg LEFT JOIN med ON med.stage = agg.stage
    """
    params = (*inner_params, connection.ops.adapt_datetimefield_value(periode.akhir))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _lama_rows({row[0]: row[1:] for row in cursor.fetchall()})


def _lama_rows(found: dict[str, tuple]) -> list[LamaTahap]:
    """One row per stage, in process order, from the query's (stage → figures)."""

    def days(seconds) -> float | None:
        return None if seconds is None else float(seconds) / SECONDS_PER_DAY

    labels = dict(Status.choices)
    out = []
    for stage in STAGES:
        masuk, selesai, avg_s, med_s, max_s = found.get(stage, (0, 0, None, None, None))
        out.append(
            LamaTahap(
                status=stage,
                label=str(labels[stage]),
                masuk=masuk,
                selesai=selesai,
                rata_hari=days(avg_s),
                median_hari=days(med_s),
                maks_hari=days(max_s),
            )
        )
    return out


# -- completed moves per agency -----------------------------------------------------------


@dataclass(frozen=True)
class Perpindahan:
    kode: str
    nama: str
    singkatan: str
    keluar: int
    masuk: int

    @property
    def neto(self) -> int:
        return self.masuk - self.keluar


def perpindahan_per_instansi(user: User, periode: Periode) -> list[Perpindahan]:
    """Completed moves out of and into each provincial agency in the user's scope (two grouped
    queries). A move counts in the year it was applied (its ``selesaikan`` log row, normally on
    its TMT); a move between units of the same agency is neither in nor out."""
    scope = instansi_scope_for_user(user).filter(is_external=False)
    applied = (
        UsulanMutasi.objects.filter(
            status=Status.SELESAI,
            log__transition="selesaikan",
            log__created_at__gte=periode.mulai,
            log__created_at__lt=periode.akhir,
        )
        .exclude(asal_instansi=F("tujuan_instansi"))
        .order_by()
    )
    rows: dict[str, dict] = {}
    for side, key in (("asal_instansi", "keluar"), ("tujuan_instansi", "masuk")):
        grouped = (
            applied.filter(**{f"{side}__in": scope})
            .values(f"{side}__kode", f"{side}__nama", f"{side}__singkatan")
            .annotate(n=Count("pk", distinct=True))
        )
        for r in grouped:
            row = rows.setdefault(
                r[f"{side}__kode"],
                {
                    "kode": r[f"{side}__kode"],
                    "nama": r[f"{side}__nama"],
                    "singkatan": r[f"{side}__singkatan"],
                    "keluar": 0,
                    "masuk": 0,
                },
            )
            row[key] = r["n"]
    out = [Perpindahan(**r) for r in rows.values()]
    out.sort(key=lambda p: (-(p.masuk + p.keluar), p.kode))
    return out
