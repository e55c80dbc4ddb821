"""The fit score (0–100) of an employee for a position, explained in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from instansi.models import Jabatan, KebutuhanKompetensi
from mutasi.rules.common import (
    _accepted_fields,
    _competence_gaps,
    _field_match,
    _requirements,
    pendidikan_rank,
)
from pegawai.models import Pegawai
from pegawai.referensi import PENDIDIKAN_RANK

# -- fit score ----------------------------------------------------------------------------

BOBOT_BIDANG_PENDIDIKAN = 40
BOBOT_JENJANG_PENDIDIKAN = 20
BOBOT_KOMPETENSI = 30
BOBOT_DIKLAT = 10
# Related training of at least this many lesson hours (JP) earns the full training points,
# any less half of them.
JP_DIKLAT_PENUH = 20


@dataclass(frozen=True)
class FitItem:
    label: str  # the finding in words; the template shows the points ("+40")
    poin: int
    maks: int


@dataclass(frozen=True)
class FitResult:
    skor: int  # 0–100
    rincian: list[FitItem]


def fit(pegawai: Pegawai, jabatan: Jabatan) -> FitResult:
    """How well education, competence and training match the position: 0–100, deterministic.

    Field of study 40, education level 20, competences 30, related training 10. Reads the
    employee's riwayat_pendidikan, kompetensi, riwayat_diklat and the position's
    bidang_pendidikan, kebutuhan_kompetensi: no query when they come from
    ``prefetch_for_rules()`` and ``prefetch_jabatan_for_rules()``.
    """
    rows = list(pegawai.riwayat_pendidikan.all())
    kompetensi = list(pegawai.kompetensi.all())
    accepted = _accepted_fields(jabatan)
    requirements = _requirements(jabatan)
    # Training counts in the accepted fields of study and the required competences' fields.
    fields = accepted | {r.bidang_id: r.bidang.nama for r in requirements}
    rincian = [
        _fit_bidang(rows, jabatan, accepted),
        _fit_jenjang(rows, jabatan),
        _fit_kompetensi(kompetensi, requirements, accepted),
        _fit_diklat(list(pegawai.riwayat_diklat.all()), fields),
    ]
    return FitResult(skor=sum(i.poin for i in rincian), rincian=rincian)


def _names(fields: dict[int, str]) -> str:
    return ", ".join(sorted(fields.values()))


def _fit_bidang(rows, jabatan: Jabatan, accepted: dict[int, str]) -> FitItem:
    maks = BOBOT_BIDANG_PENDIDIKAN
    if not accepted:
        return FitItem(_("Any field of study accepted."), maks, maks)
    match = _field_match(rows, jabatan, accepted)
    if match is None:
        msg = _("No education in an accepted field (%(bidang)s).")
        return FitItem(msg % {"bidang": _names(accepted)}, 0, maks)
    msg = _("%(jenjang)s %(jurusan)s matches the required field %(bidang)s.")
    params = {
        "jenjang": match.get_jenjang_display(),
        "jurusan": match.jurusan,
        "bidang": accepted[match.bidang_id],
    }
    return FitItem(msg % params, maks, maks)


def _fit_jenjang(rows, jabatan: Jabatan) -> FitItem:
    maks = BOBOT_JENJANG_PENDIDIKAN
    if not jabatan.min_pendidikan:
        return FitItem(_("No minimum education level."), maks, maks)
    highest = max(rows, key=pendidikan_rank, default=None)
    params = {"min": jabatan.get_min_pendidikan_display()}
    if highest is None:
        return FitItem(_("No education recorded (minimum %(min)s).") % params, 0, maks)
    params["jenjang"] = highest.get_jenjang_display()
    if pendidikan_rank(highest) >= PENDIDIKAN_RANK[jabatan.min_pendidikan]:
        return FitItem(_("%(jenjang)s meets the minimum education %(min)s.") % params, maks, maks)
    return FitItem(_("%(jenjang)s is below the minimum education %(min)s.") % params, 0, maks)


def _fit_kompetensi(
    kompetensi: list, requirements: list[KebutuhanKompetensi], accepted: dict[int, str]
) -> FitItem:
    maks = BOBOT_KOMPETENSI
    if requirements:
        gaps = _competence_gaps(kompetensi, requirements)
        n = len(requirements)
        met = n - len(gaps)
        poin = (2 * maks * met + n) // (2 * n)  # proportional, rounded half up
        if not gaps:
            msg = _("All %(n)d required competences met at the required level.")
            return FitItem(msg % {"n": n}, poin, maks)
        msg = _("%(met)d of %(n)d required competences met; missing: %(gaps)s.")
        return FitItem(msg % {"met": met, "n": n, "gaps": "; ".join(gaps)}, poin, maks)
    if not accepted:
        return FitItem(_("No competence required."), maks, maks)
    # Nothing required: a competence in one of the accepted fields of study earns the points.
    related = [k for k in kompetensi if k.bidang_id in accepted]
    if not related:
        msg = _("No competence recorded in the accepted fields (%(bidang)s).")
        return FitItem(msg % {"bidang": _names(accepted)}, 0, maks)
    best = max(related, key=lambda k: (k.level, accepted[k.bidang_id]))
    msg = _("Competence in the accepted field %(bidang)s (level %(level)d).")
    return FitItem(msg % {"bidang": accepted[best.bidang_id], "level": best.level}, maks, maks)


def _fit_diklat(diklat: list, fields: dict[int, str]) -> FitItem:
    maks = BOBOT_DIKLAT
    if not fields:
        return FitItem(_("The position names no field; training not assessed."), maks, maks)
    related = [d for d in diklat if d.bidang_id in fields]
    if not related:
        msg = _("No training in the position's fields (%(bidang)s).")
        return FitItem(msg % {"bidang": _names(fields)}, 0, maks)
    jp = sum(d.jam_pelajaran for d in related)
    params = {
        "n": len(related),
        "jp": jp,
        "bidang": ", ".join(sorted({fields[d.bidang_id] for d in related})),
        "penuh": JP_DIKLAT_PENUH,
    }
    if jp >= JP_DIKLAT_PENUH:
        msg = ngettext(
            "%(n)d related training in %(bidang)s, %(jp)d JP.",
            "%(n)d related trainings in %(bidang)s, %(jp)d JP.",
            len(related),
        )
        return FitItem(msg % params, maks, maks)
    msg = ngettext(
        "%(n)d related training in %(bidang)s, %(jp)d JP (full points from %(penuh)d JP).",
        "%(n)d related trainings in %(bidang)s, %(jp)d JP (full points from %(penuh)d JP).",
        len(related),
    )
    return FitItem(msg % params, maks // 2, maks)
