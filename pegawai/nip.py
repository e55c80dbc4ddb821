"""NIP (Nomor Induk Pegawai) parsing and validation (DOMAIN.md §4).

A PNS NIP has 18 digits: YYYYMMDD birth date · YYYYMM TMT CPNS · G gender · NNN serial.
An NI PPPK has 18 digits too: YYYYMMDD birth date · YYYY year of appointment · 2 · contract
count (one digit) · NNN serial. Invalid length/date/gender is an *error*; a disagreement with
the stored birth date, TMT CPNS or gender is only a *warning* (older records legitimately
differ).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SEPARATORS = re.compile(r"[\s.\-_/]")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")


class NipError(ValueError):
    pass


def normalize(value: object) -> str:
    """Strip spaces, dots and dashes. Refuse Excel-mangled numbers like 1.98503E+17."""
    if value is None:
        return ""
    if isinstance(value, float):
        raise NipError(
            _(
                "NIP %(value)s was stored as a number and has lost digits; "
                "format the NIP column as text and enter it again."
            )
            % {"value": repr(value)}
        )
    text = str(value).strip().lstrip("'")
    if _SCIENTIFIC.match(text.replace(",", ".")):
        raise NipError(
            _(
                "NIP %(value)s is in scientific notation (Excel turned it into a number and "
                "lost digits); format the NIP column as text and enter it again."
            )
            % {"value": text}
        )
    return _SEPARATORS.sub("", text)


def format_nip(nip: str) -> str:
    """'198503122010011003' → '19850312 201001 1 003' (PNS layout; PPPK shown the same way)."""
    if not nip or len(nip) != 18 or not nip.isdigit():
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


@dataclass
class NipInfo:
    nip: str
    kind: str = "pns"  # "pns" or "pppk"
    tanggal_lahir: dt.date | None = None
    tmt_cpns: dt.date | None = None  # first day of the TMT month (PNS)
    tahun_pengangkatan: int | None = None  # PPPK
    jenis_kelamin: str = ""  # "L" or "P" (PNS)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def is_pppk(self) -> bool:
        return self.kind == "pppk"


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse(nip: str, *, expect_pppk: bool | None = None) -> NipInfo:
    """Decode a normalised NIP. ``expect_pppk`` forces the reading when the status is known."""
    info = NipInfo(nip=nip)
    if len(nip) != 18 or not nip.isdigit():
        info.errors.append(
            _("NIP must be exactly 18 digits (got %(n)d characters).") % {"n": len(nip)}
        )
        return info
    born = _date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    if born is None:
        info.errors.append(
            _("Digits 1–8 of the NIP (%(part)s) are not a valid birth date.") % {"part": nip[0:8]}
        )
    else:
        info.tanggal_lahir = born
    # An NI PPPK has '2' at digit 13 and a year (not a year+month) in digits 9–12; a PNS NIP
    # has the gender (1/2) at digit 15. Digit 13 of a PNS NIP is the first digit of the TMT
    # month, which is 0 or 1, so '2' there can only be PPPK.
    looks_pppk = nip[12] == "2"
    if expect_pppk is True or (expect_pppk is None and looks_pppk):
        info.kind = "pppk"
        year = int(nip[8:12])
        if nip[12] != "2":
            info.errors.append(_("Digit 13 of an NI PPPK must be 2."))
        if not 1900 <= year <= 2100:
            info.errors.append(_("Digits 9–12 of an NI PPPK must be the year of appointment."))
        else:
            info.tahun_pengangkatan = year
        return info
    month = int(nip[12:14])
    tmt = _date(int(nip[8:12]), month, 1) if 1 <= month <= 12 else None
    if tmt is None:
        info.errors.append(
            _("Digits 9–14 of the NIP (%(part)s) are not a valid TMT CPNS year and month.")
            % {"part": nip[8:14]}
        )
    else:
        info.tmt_cpns = tmt
    gender = nip[14]
    if gender == "1":
        info.jenis_kelamin = "L"
    elif gender == "2":
        info.jenis_kelamin = "P"
    else:
        info.errors.append(
            _("Digit 15 of the NIP must be 1 (male) or 2 (female), not %(d)s.") % {"d": gender}
        )
    if nip[15:] == "000":
        info.errors.append(_("The NIP serial number (digits 16–18) cannot be 000."))
    if born and tmt and tmt <= born:
        info.errors.append(_("The TMT CPNS in the NIP is before the birth date in the NIP."))
    return info


def cross_check(
    info: NipInfo,
    *,
    tanggal_lahir: dt.date | None = None,
    tmt_cpns: dt.date | None = None,
    jenis_kelamin: str = "",
) -> list[str]:
    """Warnings where the NIP disagrees with the record. Never errors."""
    warnings: list[str] = []
    if not info.is_valid:
        return warnings
    if tanggal_lahir and info.tanggal_lahir and tanggal_lahir != info.tanggal_lahir:
        warnings.append(
            _("The NIP encodes birth date %(nip)s but the record says %(rec)s.")
            % {
                "nip": info.tanggal_lahir.strftime("%d-%m-%Y"),
                "rec": tanggal_lahir.strftime("%d-%m-%Y"),
            }
        )
    if info.kind == "pns":
        if (
            tmt_cpns
            and info.tmt_cpns
            and (tmt_cpns.year, tmt_cpns.month)
            != (
                info.tmt_cpns.year,
                info.tmt_cpns.month,
            )
        ):
            warnings.append(
                _("The NIP encodes TMT CPNS %(nip)s but the record says %(rec)s.")
                % {"nip": info.tmt_cpns.strftime("%m-%Y"), "rec": tmt_cpns.strftime("%m-%Y")}
            )
        if jenis_kelamin and info.jenis_kelamin and jenis_kelamin != info.jenis_kelamin:
            warnings.append(_("The gender digit of the NIP disagrees with the record."))
    return warnings


def validate_nip(value: str) -> None:
    """Model/form field validator: errors only (warnings are shown, not enforced)."""
    info = parse(value)
    if info.errors:
        raise ValidationError(info.errors, code="invalid_nip")
