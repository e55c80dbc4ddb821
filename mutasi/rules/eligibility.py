"""The eligibility rules of DOMAIN.md §3, each judged at the planned TMT."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from instansi.models import Formasi, Instansi, Jabatan, UnitKerja, bup_years
from instansi.selectors import formasi_figures
from mutasi.models import OPEN_STATES, Alasan, AturanMutasi, UsulanMutasi
from mutasi.rules.common import (
    DASAR_CPNS,
    GAGAL,
    JENIS_ANTAR_INSTANSI,
    LULUS,
    PERINGATAN,
    TIDAK_BERLAKU,
    RuleResult,
    _accepted_fields,
    _competence_gaps,
    _d,
    _duration,
    _duration_of,
    _education_label,
    _elapsed,
    _field_match,
    _r,
    _requirements,
    pendidikan_rank,
    pensiun_tmt,
    shift_years,
)
from pegawai.models import Pegawai, StatusKepegawaian, add_years
from pegawai.referensi import GOOD_PREDIKAT, PENDIDIKAN_RANK, golongan_ruang


def evaluate(
    *,
    pegawai: Pegawai,
    jabatan_tujuan: Jabatan,
    instansi_tujuan: Instansi,
    tmt: dt.date,
    jenis_mutasi: str,
    alasan: str,
    unit_tujuan: UnitKerja | None = None,
    aturan: AturanMutasi | None = None,
    exclude_usulan_id: int | None = None,
    formasi_tujuan: list[Formasi] | None = None,
    usulan_tujuan: list[tuple[int, int, int | None]] | None = None,
) -> list[RuleResult]:
    """Every eligibility rule of DOMAIN.md §3 for moving ``pegawai`` at ``tmt``, in order.

    Prefetch the employee with ``prefetch_for_rules()`` (select_related instansi, unit,
    jabatan; prefetch riwayat_pendidikan, penilaian_kinerja, hukuman_disiplin, kompetensi).
    The queries left are then: AturanMutasi.load() unless ``aturan`` is given, the formasi
    (one annotated query), the open proposals on it (one count, only when there is a gap),
    and the position's accepted fields and required competences (one each, none when the
    position comes from ``prefetch_jabatan_for_rules()``).

    ``formasi_tujuan``: the target's formasi rows from ``formasi_annotated`` when the caller
    already has them (ranking many candidates for one position), saving that query per call;
    ``usulan_tujuan`` likewise: the open proposals on the target position (``pk, pegawai_id,
    tujuan_unit_id`` of each), saving the count per call.
    """
    aturan = aturan or AturanMutasi.load()
    return [
        _rule_status(pegawai),
        _rule_jabatan_sama(pegawai, jabatan_tujuan, instansi_tujuan, unit_tujuan),
        _rule_masa_jabatan(pegawai, tmt, aturan),
        _rule_rotasi(pegawai, tmt, aturan),
        _rule_pns_baru(pegawai, tmt, aturan, jenis_mutasi, alasan),
        _rule_kinerja(pegawai, tmt, aturan),
        _rule_disiplin(pegawai, tmt),
        _rule_tugas_belajar(pegawai, tmt),
        _rule_pensiun(pegawai, jabatan_tujuan, tmt, aturan),
        _rule_formasi(
            pegawai,
            jabatan_tujuan,
            instansi_tujuan,
            unit_tujuan,
            exclude_usulan_id,
            formasi_tujuan,
            usulan_tujuan,
        ),
        _rule_pendidikan(pegawai, jabatan_tujuan),
        _rule_kompetensi(pegawai, jabatan_tujuan),
        _rule_golongan(pegawai, jabatan_tujuan),
    ]


def _rule_status(pegawai: Pegawai) -> RuleResult:
    if not pegawai.is_active:
        return _r("status_pns", GAGAL, _("The employee is no longer active."), final=True)
    if pegawai.status_kepegawaian == StatusKepegawaian.PPPK:
        msg = _("PPPK (contract employees) have no right to a transfer (mutasi); only PNS do.")
        return _r("status_pns", GAGAL, msg, final=True)
    if pegawai.status_kepegawaian == StatusKepegawaian.CPNS:
        msg = _("CPNS on probation, not yet appointed PNS: a transfer should wait for that.")
        return _r("status_pns", PERINGATAN, msg, dasar=DASAR_CPNS)
    return _r("status_pns", LULUS, _("PNS."))


def _rule_jabatan_sama(
    pegawai: Pegawai, jabatan: Jabatan, instansi: Instansi, unit: UnitKerja | None
) -> RuleResult:
    if (pegawai.instansi_id, pegawai.jabatan_id, pegawai.unit_id) == (
        instansi.pk,
        jabatan.pk,
        unit.pk if unit is not None else None,
    ):
        msg = _("A move to the position already held: same agency, unit and position as now.")
        return _r("jabatan_sama", GAGAL, msg, final=True)
    msg = _("The target differs from the current agency, unit or position.")
    return _r("jabatan_sama", LULUS, msg)


def _rule_masa_jabatan(pegawai: Pegawai, tmt: dt.date, aturan: AturanMutasi) -> RuleResult:
    minimum = _duration_of(aturan.min_tahun_jabatan)
    if not pegawai.tmt_jabatan:
        msg = _("Data missing: the TMT of the current position is not recorded (minimum %(min)s).")
        return _r("masa_jabatan", GAGAL, msg % {"min": minimum})
    reached = shift_years(pegawai.tmt_jabatan, aturan.min_tahun_jabatan)
    params = {
        "lama": _elapsed(pegawai.tmt_jabatan, tmt),
        "sejak": _d(pegawai.tmt_jabatan),
        "tmt": _d(tmt),
        "min": minimum,
        "tanggal": _d(reached),
    }
    if tmt >= reached:
        msg = _(
            "%(lama)s in position (since %(sejak)s) at the planned TMT %(tmt)s (minimum %(min)s)."
        )
        return _r("masa_jabatan", LULUS, msg % params)
    msg = _(
        "%(lama)s in position (since %(sejak)s) at the planned TMT %(tmt)s; the minimum of "
        "%(min)s is reached on %(tanggal)s."
    )
    return _r("masa_jabatan", GAGAL, msg % params)


def _rule_rotasi(pegawai: Pegawai, tmt: dt.date, aturan: AturanMutasi) -> RuleResult:
    """A flag, never a failure: long tenure makes rotation due."""
    if not pegawai.tmt_jabatan:
        msg = _("The TMT of the current position is not recorded.")
        return _r("rotasi", TIDAK_BERLAKU, msg)
    due = add_years(pegawai.tmt_jabatan, aturan.tahun_rotasi)
    params = {
        "lama": _elapsed(pegawai.tmt_jabatan, tmt),
        "tahun": _duration(aturan.tahun_rotasi),
        "tanggal": _d(due),
    }
    if tmt >= due:
        msg = _(
            "Rotation due: %(lama)s in the same position at the planned TMT (%(tahun)s or more)."
        )
        return _r("rotasi", LULUS, msg % params)
    msg = _("Rotation not yet due: %(lama)s in position; due after %(tahun)s, on %(tanggal)s.")
    return _r("rotasi", TIDAK_BERLAKU, msg % params)


def _rule_pns_baru(
    pegawai: Pegawai, tmt: dt.date, aturan: AturanMutasi, jenis_mutasi: str, alasan: str
) -> RuleResult:
    if alasan != Alasan.PERMINTAAN_SENDIRI or jenis_mutasi not in JENIS_ANTAR_INSTANSI:
        msg = _("Applies only to a move at the employee's own request to another agency.")
        return _r("pns_baru", TIDAK_BERLAKU, msg)
    params = {"tahun": _duration(aturan.tahun_pns_baru)}
    if not pegawai.tmt_pns:
        msg = _(
            "Data missing: no TMT PNS recorded; an own-request move to another agency needs "
            "%(tahun)s as PNS."
        )
        return _r("pns_baru", GAGAL, msg % params)
    allowed = add_years(pegawai.tmt_pns, aturan.tahun_pns_baru)
    params |= {
        "sejak": _d(pegawai.tmt_pns),
        "lama": _elapsed(pegawai.tmt_pns, tmt),
        "tanggal": _d(allowed),
    }
    if tmt >= allowed:
        msg = _("PNS since %(sejak)s: %(lama)s at the planned TMT (minimum %(tahun)s).")
        return _r("pns_baru", LULUS, msg % params)
    msg = _(
        "PNS since %(sejak)s: %(lama)s at the planned TMT; an own-request move to another "
        "agency is possible from %(tanggal)s (%(tahun)s as PNS)."
    )
    return _r("pns_baru", GAGAL, msg % params)


def _rule_kinerja(pegawai: Pegawai, tmt: dt.date, aturan: AturanMutasi) -> RuleResult:
    """Baik or Sangat Baik in each of the last ``tahun_kinerja`` annual evaluations.

    Those are the years before the TMT's year, but never a year that has not ended yet when
    the proposal is evaluated: a move planned for January 2027 and proposed in November 2026
    is judged on 2025 and 2024, since the 2026 evaluation cannot exist yet.
    """
    last = min(tmt.year, timezone.localdate().year) - 1
    years = [last - i for i in range(aturan.tahun_kinerja)]
    by_year = {p.tahun: p for p in pegawai.penilaian_kinerja.all()}
    found, problems = [], []
    for year in years:
        row = by_year.get(year)
        if row is None:
            problems.append(_("no evaluation for %(tahun)d") % {"tahun": year})
            continue
        label = _("%(predikat)s in %(tahun)d") % {
            "predikat": row.get_predikat_display(),
            "tahun": year,
        }
        found.append(label)
        if row.predikat not in GOOD_PREDIKAT:
            problems.append(label)
    if problems:
        msg = _("Baik or Sangat Baik required in each of %(tahun)s: %(masalah)s.")
        tahun = ", ".join(str(y) for y in years)
        return _r("kinerja", GAGAL, msg % {"tahun": tahun, "masalah": "; ".join(problems)})
    return _r("kinerja", LULUS, "; ".join(found) + ".")


def _rule_disiplin(pegawai: Pegawai, tmt: dt.date) -> RuleResult:
    """Neither under examination nor serving a sanction on the TMT day (ends inclusive).

    Not overridable: the file must hold a statement that no disciplinary process is running
    (Peraturan BKN 5/2019), which cannot then be given; wrong data is corrected instead.
    """
    problems = []
    for h in pegawai.hukuman_disiplin.all():
        if h.dalam_pemeriksaan:
            msg = _("under disciplinary examination since %(mulai)s")
            problems.append(msg % {"mulai": _d(h.tanggal_mulai)})
        elif h.is_active_on(tmt):
            msg = _("%(hukuman)s from %(mulai)s to %(sampai)s")
            problems.append(
                msg
                % {
                    "hukuman": str(h),
                    "mulai": _d(h.tanggal_mulai),
                    "sampai": _d(h.tanggal_selesai) if h.tanggal_selesai else _("open-ended"),
                }
            )
    if problems:
        msg = _("At the planned TMT %(tmt)s: %(masalah)s.")
        params = {"tmt": _d(tmt), "masalah": "; ".join(problems)}
        return _r("disiplin", GAGAL, msg % params, final=True)
    msg = _("No disciplinary sanction or examination at the planned TMT %(tmt)s.")
    return _r("disiplin", LULUS, msg % {"tmt": _d(tmt)}, final=True)


def _rule_tugas_belajar(pegawai: Pegawai, tmt: dt.date) -> RuleResult:
    problems = []
    if pegawai.is_tugas_belajar(tmt):
        msg = _("on study leave until %(tanggal)s")
        problems.append(msg % {"tanggal": _d(pegawai.tugas_belajar_sampai)})
    if pegawai.is_ikatan_dinas(tmt):
        msg = _("bound by a service bond until %(tanggal)s")
        problems.append(msg % {"tanggal": _d(pegawai.ikatan_dinas_sampai)})
    if problems:
        msg = _("At the planned TMT %(tmt)s: %(masalah)s.")
        return _r("tugas_belajar", GAGAL, msg % {"tmt": _d(tmt), "masalah": "; ".join(problems)})
    msg = _("Neither on study leave nor bound by a service bond at the planned TMT %(tmt)s.")
    return _r("tugas_belajar", LULUS, msg % {"tmt": _d(tmt)})


def _rule_pensiun(
    pegawai: Pegawai, jabatan: Jabatan, tmt: dt.date, aturan: AturanMutasi
) -> RuleResult:
    """BUP follows the position held: the current one up to the TMT, the target one after.

    Impossible (not overridable) when the employee retires before the TMT in the current
    position, or would have to retire on taking up a target with a lower BUP. The warning
    window is counted back from the target position's pension TMT.
    """
    bup = bup_years(jabatan.jenis, jabatan.jenjang)
    pensiun = pensiun_tmt(pegawai.tanggal_lahir, bup)
    if tmt >= pegawai.tmt_pensiun:
        msg = _(
            "The employee retires on %(pensiun)s (BUP %(bup)d years in the current position), "
            "before the planned TMT %(tmt)s."
        )
        params = {"pensiun": _d(pegawai.tmt_pensiun), "bup": pegawai.bup_usia, "tmt": _d(tmt)}
        return _r("pensiun", GAGAL, msg % params, final=True)
    if tmt >= pensiun:
        msg = _(
            "The target position's BUP is %(bup)d years: the employee would retire on "
            "%(pensiun)s, before the planned TMT %(tmt)s."
        )
        params = {"pensiun": _d(pensiun), "bup": bup, "tmt": _d(tmt)}
        return _r("pensiun", GAGAL, msg % params, final=True)
    params = {
        "pensiun": _d(pensiun),
        "bup": bup,
        "sisa": _elapsed(tmt, pensiun),
        "batas": _duration_of(aturan.peringatan_bup_tahun),
    }
    if tmt >= shift_years(pensiun, aturan.peringatan_bup_tahun, back=True):
        msg = _(
            "Retirement near: pension TMT %(pensiun)s (BUP %(bup)d years in the target "
            "position), %(sisa)s after the planned TMT (warning within %(batas)s)."
        )
        return _r("pensiun", PERINGATAN, msg % params)
    msg = _(
        "Pension TMT %(pensiun)s (BUP %(bup)d years in the target position), %(sisa)s after "
        "the planned TMT."
    )
    return _r("pensiun", LULUS, msg % params)


def _rule_formasi(
    pegawai: Pegawai,
    jabatan: Jabatan,
    instansi: Instansi,
    unit: UnitKerja | None,
    exclude_usulan_id: int | None,
    rows: list[Formasi] | None = None,
    usulan_tujuan: list[tuple[int, int, int | None]] | None = None,
) -> RuleResult:
    """A shortage in the target formasi: kebutuhan (from ABK) above bezetting.

    The formasi is the target unit's, else the agency-wide one (no unit); a proposal without
    a unit, where the agency has only per-unit formasi of the position, is measured against
    their total. The employee does not count among the holders of the formasi they move into
    (moving between units under an agency-wide formasi changes nothing). No formasi cannot be
    overridden: the target position needs an Anjab/ABK, so an administrator enters it.
    """
    if rows is None:
        rows = list(formasi_figures(instansi=instansi, jabatan=jabatan))
    unit_id = unit.pk if unit is not None else None
    chosen = [f for f in rows if f.unit_id == unit_id] or [f for f in rows if f.unit_id is None]
    if not chosen and unit_id is None:
        chosen = rows
    if not chosen:
        msg = _("No formasi for this position in the target agency (no Anjab/ABK).")
        return _r("formasi", GAGAL, msg, final=True)
    is_holder = (
        pegawai.is_active
        and (pegawai.instansi_id, pegawai.jabatan_id) == (instansi.pk, jabatan.pk)
        and any(f.unit_id in (None, pegawai.unit_id) for f in chosen)
    )
    kebutuhan = sum(f.hasil.kebutuhan for f in chosen)  # rounded per formasi, as each shows
    bezetting = sum(f.bezetting_count for f in chosen) - is_holder
    gap = kebutuhan - bezetting
    angka = _("kebutuhan %(kebutuhan)d, bezetting %(bezetting)d, gap %(gap)d") % {
        "kebutuhan": kebutuhan,
        "bezetting": bezetting,
        "gap": gap,
    }
    if is_holder:
        angka = _("%(angka)s, not counting the employee") % {"angka": angka}
    if len(chosen) > 1:
        angka = _("%(angka)s, over %(n)d units") % {"angka": angka, "n": len(chosen)}
    if gap <= 0:
        return _r(
            "formasi", GAGAL, _("No shortage in the target formasi: %(angka)s.") % {"angka": angka}
        )
    # Other open proposals compete for the same gap (the employee's own one never counts).
    one_unit = chosen[0].unit_id if len(chosen) == 1 else None
    if usulan_tujuan is not None:
        terbuka = sum(
            1
            for pk, pegawai_id, unit_id in usulan_tujuan
            if pegawai_id != pegawai.pk
            and pk != exclude_usulan_id
            and (one_unit is None or unit_id == one_unit)
        )
    else:
        usulan = UsulanMutasi.objects.filter(
            status__in=OPEN_STATES, tujuan_instansi=instansi, tujuan_jabatan=jabatan
        ).exclude(pegawai=pegawai)
        if exclude_usulan_id is not None:
            usulan = usulan.exclude(pk=exclude_usulan_id)
        if one_unit is not None:
            usulan = usulan.filter(tujuan_unit_id=one_unit)
        terbuka = usulan.count()
    if terbuka >= gap:
        msg = ngettext(
            "%(n)d open proposal already targets this formasi, gap %(gap)d (%(angka)s).",
            "%(n)d open proposals already target this formasi, gap %(gap)d (%(angka)s).",
            terbuka,
        )
        return _r("formasi", PERINGATAN, msg % {"n": terbuka, "gap": gap, "angka": angka})
    return _r("formasi", LULUS, angka + ".")


def _rule_pendidikan(pegawai: Pegawai, jabatan: Jabatan) -> RuleResult:
    """Level below the minimum fails; no education in an accepted field is a fit warning."""
    rows = list(pegawai.riwayat_pendidikan.all())
    accepted = _accepted_fields(jabatan)
    if not jabatan.min_pendidikan and not accepted:
        return _r("pendidikan", TIDAK_BERLAKU, _("The position sets no education requirement."))
    highest = max(rows, key=pendidikan_rank, default=None)
    params = {
        "min": jabatan.get_min_pendidikan_display(),
        "found": _education_label(highest) if highest else _("no education recorded"),
        "bidang": ", ".join(sorted(accepted.values())),
    }
    if jabatan.min_pendidikan:
        if highest is None or pendidikan_rank(highest) < PENDIDIKAN_RANK[jabatan.min_pendidikan]:
            msg = _("Minimum education %(min)s; highest found: %(found)s.")
            return _r("pendidikan", GAGAL, msg % params)
        level = _("%(found)s meets the minimum %(min)s") % params
    else:
        level = _("%(found)s, no minimum level") % params
    if not accepted:
        return _r("pendidikan", LULUS, level + ".")
    match = _field_match(rows, jabatan, accepted)
    if match is None:
        msg = _("%(level)s, but no education in an accepted field (%(bidang)s).")
        return _r("pendidikan", PERINGATAN, msg % {**params, "level": level})
    msg = _("%(level)s; %(pendidikan)s is in the accepted field %(bidang)s.")
    params |= {
        "level": level,
        "pendidikan": _education_label(match),
        "bidang": accepted[match.bidang_id],
    }
    return _r("pendidikan", LULUS, msg % params)


def _rule_kompetensi(pegawai: Pegawai, jabatan: Jabatan) -> RuleResult:
    requirements = _requirements(jabatan)
    if not requirements:
        msg = _("The position requires no specific competence.")
        return _r("kompetensi", TIDAK_BERLAKU, msg)
    gaps = _competence_gaps(list(pegawai.kompetensi.all()), requirements)
    if gaps:
        msg = _("Missing or below the required level: %(gaps)s.")
        return _r("kompetensi", PERINGATAN, msg % {"gaps": "; ".join(gaps)})
    met = "; ".join(f"{r.bidang.nama} ≥ {r.level}" for r in requirements)
    return _r("kompetensi", LULUS, _("All required competences met: %(list)s.") % {"list": met})


def _rule_golongan(pegawai: Pegawai, jabatan: Jabatan) -> RuleResult:
    """Codes sort by rank ("31" < "32" < "41"): comparing the strings compares the ranks."""
    if pegawai.status_kepegawaian == StatusKepegawaian.PPPK:
        return _r("golongan", TIDAK_BERLAKU, _("PPPK have no PNS rank."))
    if not jabatan.min_golongan:
        return _r("golongan", TIDAK_BERLAKU, _("The position sets no minimum rank."))
    params = {"min": golongan_ruang(jabatan.min_golongan), "gol": golongan_ruang(pegawai.golongan)}
    if not pegawai.golongan:
        msg = _("Data missing: no rank recorded (minimum %(min)s).")
        return _r("golongan", GAGAL, msg % params)
    if pegawai.golongan < jabatan.min_golongan:
        return _r("golongan", GAGAL, _("Rank %(gol)s is below the minimum %(min)s.") % params)
    return _r("golongan", LULUS, _("Rank %(gol)s meets the minimum %(min)s.") % params)
