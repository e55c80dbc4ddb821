"""Shared pieces of the eligibility rules and the fit score: codes, results, dates."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from instansi import referensi
from instansi.models import Jabatan, KebutuhanKompetensi
from mutasi.models import JenisUsulan
from pegawai.models import Pegawai, add_years, years_months_between
from pegawai.referensi import PENDIDIKAN_RANK

LULUS = "lulus"
GAGAL = "gagal"
PERINGATAN = "peringatan"
TIDAK_BERLAKU = "tidak_berlaku"
HASIL = (LULUS, GAGAL, PERINGATAN, TIDAK_BERLAKU)

DASAR_KESESUAIAN = "PP 11/2017 Pasal 190(4)"
# kode → (title, legal basis). Bases are quoted as the regulations name them, untranslated.
RULES = {
    "status_pns": (
        gettext_noop("Employment status"),
        "UU 20/2023 tentang ASN; PP 11/2017 Pasal 190",
    ),
    "jabatan_sama": (gettext_noop("A different position"), "PP 11/2017 Pasal 190"),
    "masa_jabatan": (gettext_noop("Time in current position"), "PP 11/2017 Pasal 190(3)"),
    "rotasi": (gettext_noop("Rotation due"), "PP 11/2017 Pasal 190(3)"),
    "pns_baru": (gettext_noop("New PNS moving to another agency"), "PermenPANRB 6/2024 Pasal 59"),
    "kinerja": (gettext_noop("Performance"), "Peraturan BKN 5/2019"),
    "disiplin": (gettext_noop("Discipline"), "Peraturan BKN 5/2019; PP 94/2021"),
    "tugas_belajar": (gettext_noop("Study leave / service bond"), "Peraturan BKN 5/2019"),
    "pensiun": (gettext_noop("Retirement age (BUP)"), "PP 11/2017 Pasal 239"),
    "formasi": (gettext_noop("Formasi gap"), "Peraturan BKN 5/2019 (Anjab/ABK)"),
    "pendidikan": (gettext_noop("Education"), DASAR_KESESUAIAN),
    "kompetensi": (gettext_noop("Competence"), DASAR_KESESUAIAN),
    "golongan": (gettext_noop("Rank (golongan)"), DASAR_KESESUAIAN),
}
DASAR_CPNS = "PP 11/2017 Pasal 34 (masa percobaan CPNS)"

# The whole provincial government is one instansi: every kind of move but ``intra`` takes
# the employee out of (or into) another government agency.
JENIS_ANTAR_INSTANSI = frozenset(JenisUsulan.values) - {JenisUsulan.INTRA}

PEGAWAI_PREFETCH = (
    "riwayat_pendidikan",
    "riwayat_diklat",
    "penilaian_kinerja",
    "hukuman_disiplin",
    "kompetensi",
)


def prefetch_for_rules(queryset: QuerySet[Pegawai]) -> QuerySet[Pegawai]:
    """Employees with everything ``evaluate()`` and ``fit()`` read about them (no query left
    on the employee side)."""
    return queryset.select_related("instansi", "unit", "jabatan").prefetch_related(
        *PEGAWAI_PREFETCH
    )


def pegawai_for_rules(pegawai: Pegawai) -> Pegawai:
    """``pegawai`` itself (loaded already, say joined to a proposal) with what the rules and the
    fit read: the current position (its BUP; kept, instansi.referensi) and the histories; five
    queries, none for what was prefetched before. Loading the employee again with
    ``prefetch_for_rules()`` cost one query and three joins more."""
    referensi.isi([pegawai], "jabatan")
    prefetch_related_objects([pegawai], *PEGAWAI_PREFETCH)
    return pegawai


def prefetch_jabatan_for_rules(queryset: QuerySet[Jabatan]) -> QuerySet[Jabatan]:
    """Positions with their accepted fields and required competences (with the field)."""
    return queryset.prefetch_related(*referensi.jabatan_prefetch())


def jabatan_for_rules(jabatan: Jabatan) -> Jabatan:
    """``jabatan`` itself (loaded already, say joined to a proposal) with what the rules read
    prefetched: two queries, none when they were prefetched before (a position set by
    ``instansi.referensi.isi`` comes with them)."""
    prefetch_related_objects([jabatan], *referensi.jabatan_prefetch())
    return jabatan


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    kode: str  # stable: stored in PengecualianAturan.kode_aturan
    nama: str
    hasil: str  # one of HASIL
    pesan: str
    dasar_hukum: str
    dapat_dikecualikan: bool = True  # meaningful for failures only

    def is_overridden(self, overridden: Iterable[str]) -> bool:
        """A failure a verifier set aside; a rule that may not be overridden never is."""
        return self.hasil == GAGAL and self.dapat_dikecualikan and self.kode in overridden


def _r(kode: str, hasil: str, pesan: str, *, final: bool = False, dasar: str = "") -> RuleResult:
    nama, basis = RULES[kode]
    return RuleResult(kode, _(nama), hasil, pesan, dasar or basis, dapat_dikecualikan=not final)


def blocking(
    results: list[RuleResult], overridden: Iterable[str] = frozenset()
) -> list[RuleResult]:
    """The failures that still stop the proposal after the verifier's overrides."""
    overridden = set(overridden)
    return [r for r in results if r.hasil == GAGAL and not r.is_overridden(overridden)]


def summary(results: list[RuleResult], overridden: Iterable[str] = frozenset()) -> dict:
    """JSON-serialisable snapshot for ``UsulanMutasi.ringkasan_kelayakan``.

    The counts per outcome are raw; ``dikecualikan`` counts the overridden failures and
    ``blocking`` those left, so ``memenuhi_syarat`` means ``blocking == 0``.
    """
    overridden = set(overridden)
    counts = dict.fromkeys(HASIL, 0)
    for r in results:
        counts[r.hasil] += 1
    left = len(blocking(results, overridden))
    return {
        **counts,
        "dikecualikan": sum(r.is_overridden(overridden) for r in results),
        "blocking": left,
        "memenuhi_syarat": left == 0,
        "items": [
            {
                "kode": r.kode,
                "nama": str(r.nama),
                "hasil": r.hasil,
                "pesan": str(r.pesan),
                "dasar_hukum": r.dasar_hukum,
                "dapat_dikecualikan": r.dapat_dikecualikan,
                "dikecualikan": r.is_overridden(overridden),
            }
            for r in results
        ],
    }


# -- dates and durations ------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months; a day the target month lacks becomes its last day (29-02 → 28-02)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(
        year=year, month=month0 + 1, day=min(day.day, calendar.monthrange(year, month0 + 1)[1])
    )


def shift_years(day: dt.date, years: Decimal | int, *, back: bool = False) -> dt.date:
    """``day`` plus (or minus) a possibly fractional number of years.

    Whole months are calendar months (2 years after 15-03-2024 is 15-03-2026; 0.5 years is six
    months); a remainder below a month (0.33 years) goes in days, rounded up, so a minimum is
    never reached a day early.
    """
    exact = Decimal(years) * 12
    months = int(exact)
    days = dt.timedelta(days=math.ceil((exact - months) * Decimal("365.25") / 12))
    return _add_months(day, -months) - days if back else _add_months(day, months) + days


def _d(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def _duration(years: int, months: int = 0) -> str:
    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if months or not years:
        parts.append(ngettext("%(n)d month", "%(n)d months", months) % {"n": months})
    return " ".join(parts)


def _elapsed(start: dt.date, end: dt.date) -> str:
    return _duration(*years_months_between(start, end))


def _duration_of(years: Decimal | int) -> str:
    """2 → '2 years', 0.5 → '6 months', 1.5 → '1 year 6 months', 0.33 → '0.33 years'."""
    months = Decimal(years) * 12
    if months == months.to_integral_value():
        return _duration(*divmod(int(months), 12))
    return _("%(n)s years") % {"n": f"{Decimal(years).normalize():f}"}


def pensiun_tmt(tanggal_lahir: dt.date, bup: int) -> dt.date:
    """First day of the month after reaching BUP (as ``Pegawai.tmt_pensiun``)."""
    bup_day = add_years(tanggal_lahir, bup)
    return dt.date(bup_day.year + (bup_day.month == 12), bup_day.month % 12 + 1, 1)


# -- the rules ----------------------------------------------------------------------------


# Education and competence: shared by the rules and the fit score.


def _education_label(row) -> str:
    return f"{row.get_jenjang_display()} {row.jurusan}".strip()


def pendidikan_rank(row) -> int:
    return PENDIDIKAN_RANK.get(row.jenjang, 0)


def _accepted_fields(jabatan: Jabatan) -> dict[int, str]:
    return {b.pk: b.nama for b in jabatan.bidang_pendidikan.all()}


def _requirements(jabatan: Jabatan) -> list[KebutuhanKompetensi]:
    # The prefetch when present (``.all()`` would be it too, but could not add the join);
    # otherwise one query with the field joined, since every message names it.
    cache = getattr(jabatan, "_prefetched_objects_cache", {})
    if "kebutuhan_kompetensi" in cache:
        return list(cache["kebutuhan_kompetensi"])
    return list(jabatan.kebutuhan_kompetensi.select_related("bidang").order_by("bidang__nama"))


def _field_match(rows, jabatan: Jabatan, accepted: dict[int, str]):
    """The highest education at or above the minimum level in an accepted field, or None."""
    minimum = PENDIDIKAN_RANK.get(jabatan.min_pendidikan, 0)
    matching = [r for r in rows if r.bidang_id in accepted and pendidikan_rank(r) >= minimum]
    return max(matching, key=lambda r: (pendidikan_rank(r), r.tahun_lulus), default=None)


def _competence_gaps(kompetensi: list, requirements: list[KebutuhanKompetensi]) -> list[str]:
    levels = {k.bidang_id: k.level for k in kompetensi}
    gaps = []
    for req in requirements:
        has = levels.get(req.bidang_id)
        params = {"bidang": req.bidang.nama, "level": req.level, "has": has}
        if has is None:
            gaps.append(_("%(bidang)s level %(level)d (none recorded)") % params)
        elif has < req.level:
            gaps.append(_("%(bidang)s level %(level)d (has %(has)d)") % params)
    return gaps
