"""Workload analysis arithmetic (DOMAIN.md §7). Pure functions, unit-tested.

beban kerja = Σ volume × norma waktu (minutes/year)
kebutuhan   = beban kerja / effective minutes per year (75,000 by default)
gap         = kebutuhan (rounded) − bezetting  (positive: shortage, negative: surplus)
EJ          = beban kerja / (bezetting × effective minutes)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings


def effective_minutes() -> int:
    return int(settings.SIMUTASI["EFFECTIVE_MINUTES_PER_YEAR"])


def beban_kerja(rows: Iterable[tuple[Decimal | int | float, Decimal | int | float]]) -> Decimal:
    """Σ(volume × norma waktu) over (volume, norma_waktu) pairs."""
    return sum((Decimal(str(v)) * Decimal(str(n)) for v, n in rows), Decimal("0"))


def kebutuhan_exact(beban: Decimal, minutes: int | None = None) -> Decimal:
    minutes = minutes or effective_minutes()
    return Decimal(beban) / Decimal(minutes)


def round_kebutuhan(value: Decimal) -> int:
    """Round half up (0.5 → 1), as ABK worksheets do; Python's round() would round to even."""
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def efektivitas(beban: Decimal, bezetting: int, minutes: int | None = None) -> Decimal | None:
    """EJ; None when nobody holds the position (undefined, not infinite)."""
    if bezetting <= 0:
        return None
    minutes = minutes or effective_minutes()
    return Decimal(beban) / (Decimal(bezetting) * Decimal(minutes))


def grade(ej: Decimal | None) -> str:
    """A > 1.00, B 0.90–1.00, C 0.70–0.89, D 0.50–0.69, E < 0.50 (configurable bounds)."""
    if ej is None:
        return ""
    value = Decimal(ej)
    grades = settings.SIMUTASI["EJ_GRADES"]
    for label, lower, strict in grades:
        bound = Decimal(str(lower))
        if value > bound or (not strict and value == bound):
            return label
    return grades[-1][0]


@dataclass(frozen=True)
class HasilABK:
    beban_kerja: Decimal
    kebutuhan_exact: Decimal
    kebutuhan: int
    bezetting: int
    gap: int
    ej: Decimal | None
    grade: str

    @property
    def status(self) -> str:
        if self.gap > 0:
            return "kurang"
        if self.gap < 0:
            return "lebih"
        return "sesuai"


def hitung(beban: Decimal, bezetting: int, minutes: int | None = None) -> HasilABK:
    exact = kebutuhan_exact(beban, minutes)
    needed = round_kebutuhan(exact)
    ej = efektivitas(beban, bezetting, minutes)
    return HasilABK(
        beban_kerja=Decimal(beban),
        kebutuhan_exact=exact,
        kebutuhan=needed,
        bezetting=bezetting,
        gap=needed - bezetting,
        ej=ej,
        grade=grade(ej),
    )
