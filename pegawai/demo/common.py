"""Shared pieces of the employee generator: the context, ranks, dates, SK numbers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pegawai.demo.people import Major
from pegawai.models import (
    HukumanDisiplin,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pegawai.referensi import Golongan

YEAR_DAYS = 365.25
GOLONGAN = list(Golongan.values)  # "11" … "45", in rank order
# The rank a CPNS is appointed at, by the diploma used for the appointment.
START_GOLONGAN = {"SMA": "21", "D3": "23", "D4": "31", "S1": "31", "S2": "32"}
LEVEL_ORDER = {"SMA": 0, "D3": 1, "D4": 2, "S1": 2, "S2": 3}


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def snap_kp(day: dt.date) -> dt.date:
    """The next kenaikan pangkat period (1 April or 1 October) on or after ``day``."""
    for month in (4, 10):
        candidate = dt.date(day.year, month, 1)
        if candidate >= day:
            return candidate
    return dt.date(day.year + 1, 4, 1)


@dataclass(frozen=True)
class Refs:
    """Database ids of the reference rows, by natural key."""

    instansi: dict[str, int]
    unit: dict[tuple[str, str], int]
    jabatan: dict[str, int]
    bidang: dict[str, int]

    def unit_id(self, instansi: str, unit: str) -> int | None:
        return self.unit.get((instansi, unit)) if unit else None


class SkNumbers:
    """Decree numbers ``classification/sequence/BKD/year``, one sequence per year.

    Classification codes follow Permendagri 83/2022 from 2023 (800.1.x) and the older
    scheme before it; illustrative for demo data.
    """

    CODES = {
        "mutasi": ("800.1.3", "821.2"),
        "pengangkatan": ("800.1.2.2", "813.3"),
        "pangkat": ("800.1.3", "823.3"),
        "hukuman": ("800.1.6.4", "862"),
    }

    def __init__(self) -> None:
        self.sequence: dict[int, int] = {}

    def next(self, day: dt.date, kind: str = "mutasi") -> str:
        year = day.year
        self.sequence[year] = self.sequence.get(year, 0) + 1
        new, old = self.CODES[kind]
        return f"{new if year >= 2023 else old}/{self.sequence[year]:04d}/BKD/{year}"


@dataclass
class Context:
    rng: random.Random
    today: dt.date
    refs: Refs
    sk: SkNumbers = field(default_factory=SkNumbers)

    def years_ago(self, years: float) -> dt.date:
        return self.today - dt.timedelta(days=round(years * YEAR_DAYS))


@dataclass
class Education:
    bidang: str | None  # the main field (of the first degree)
    entry: Major  # the diploma the employee was appointed with
    later: list[tuple[Major, str]]  # (degree, its field) obtained after appointment
    pre: list[tuple[Major, str]]  # (degree, its field) obtained before the entry diploma
    entry_bidang: str | None = None  # the entry diploma's field when not the main one

    @property
    def entry_field(self) -> str | None:
        return self.entry_bidang or self.bidang

    @property
    def highest(self) -> str:
        levels = [self.entry.jenjang, *(m.jenjang for m, _b in self.later)]
        return max(levels, key=LEVEL_ORDER.__getitem__)


@dataclass
class Person:
    """One employee and their history rows, unsaved."""

    pegawai: Pegawai
    riwayat_jabatan: list[RiwayatJabatan] = field(default_factory=list)
    riwayat_golongan: list[RiwayatGolongan] = field(default_factory=list)
    riwayat_pendidikan: list[RiwayatPendidikan] = field(default_factory=list)
    riwayat_diklat: list[RiwayatDiklat] = field(default_factory=list)
    penilaian_kinerja: list[PenilaianKinerja] = field(default_factory=list)
    hukuman_disiplin: list[HukumanDisiplin] = field(default_factory=list)
    kompetensi: list[Kompetensi] = field(default_factory=list)
