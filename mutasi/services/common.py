"""Shared pieces of the proposal services: errors, transition names, numbering, evaluation."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mutasi import rules
from mutasi.models import (
    ATURAN,
    CLOSED_STATES,
    Penomoran,
    PersyaratanDokumen,
    StatusDokumen,
    UsulanMutasi,
)


class ConflictError(ValidationError):
    """The proposal changed meanwhile (another officer acted or saved first)."""


# Transitions that need a written note (return, not eligible, reject, withdraw).
NOTE_REQUIRED = {"kembalikan", "nyatakan_tidak_memenuhi_syarat", "tolak", "batalkan"}
TRANSITIONS = [
    "ajukan",
    "mulai_verifikasi",
    "kembalikan",
    "nyatakan_memenuhi_syarat",
    "nyatakan_tidak_memenuhi_syarat",
    "setujui",
    "tolak",
    "batalkan",
]


# -- numbering ----------------------------------------------------------------------------


def nomor_allocate(*, kode: str, tahun: int) -> int:
    """The next number of a per-year sequence. Call inside a transaction.

    The counter row is locked (SELECT … FOR UPDATE) until the caller commits, so two
    requests never get the same number and a rolled-back request leaves no gap.
    """
    try:
        with transaction.atomic():  # savepoint: a concurrent first insert may win
            Penomoran.objects.get_or_create(kode=kode, tahun=tahun)
    except IntegrityError:
        pass
    counter = Penomoran.objects.select_for_update().get(kode=kode, tahun=tahun)
    counter.terakhir = F("terakhir") + 1
    counter.save(update_fields=["terakhir"])
    counter.refresh_from_db(fields=["terakhir"])
    return counter.terakhir


# -- evaluation ---------------------------------------------------------------------------


def usulan_evaluate(usulan: UsulanMutasi) -> tuple[list[rules.RuleResult], rules.FitResult]:
    """Eligibility and fit of the proposal's employee for its target, at its planned TMT.

    The proposal's employee and target position get the rules' prefetches, so the whole
    evaluation costs a handful of queries whatever the length of the employee's history.
    """
    pegawai = rules.pegawai_for_rules(usulan.pegawai)
    jabatan = rules.jabatan_for_rules(usulan.tujuan_jabatan)
    results = rules.evaluate(
        pegawai=pegawai,
        jabatan_tujuan=jabatan,
        instansi_tujuan=usulan.tujuan_instansi,
        unit_tujuan=usulan.tujuan_unit,
        tmt=usulan.tmt_rencana,
        jenis_mutasi=usulan.jenis_mutasi,
        alasan=usulan.alasan,
        exclude_usulan_id=usulan.pk,
    )
    return results, rules.fit(pegawai, jabatan)


def _overridden(usulan: UsulanMutasi) -> set[str]:
    if usulan.pk is None:
        return set()
    return set(usulan.pengecualian.values_list("kode_aturan", flat=True))


def _snapshot_evaluation(usulan: UsulanMutasi) -> list[rules.RuleResult]:
    results, fit = usulan_evaluate(usulan)
    usulan.skor_kecocokan = fit.skor
    usulan.ringkasan_kelayakan = {
        **rules.summary(results, _overridden(usulan)),
        # When, and the fit score's breakdown: a closed proposal's page shows this record.
        "dievaluasi_at": timezone.now().isoformat(),
        "fit": [{"label": str(i.label), "poin": i.poin, "maks": i.maks} for i in fit.rincian],
    }
    return results


@dataclass(frozen=True)
class EvaluasiTercatat:
    results: list[rules.RuleResult]
    fit: rules.FitResult
    #: None for records made before the time was kept.
    dievaluasi_at: dt.datetime | None


def usulan_evaluation_recorded(usulan: UsulanMutasi) -> EvaluasiTercatat | None:
    """The last evaluation stored with the proposal (``ringkasan_kelayakan``), as rule results
    and a fit score; None when nothing was recorded (a draft withdrawn before any check).

    Rule names are given in the current language; findings as they were written.
    """
    ringkasan = usulan.ringkasan_kelayakan or {}
    items = ringkasan.get("items")
    if not items:
        return None
    results = [
        rules.RuleResult(
            item["kode"],
            _(rules.RULES[item["kode"]][0]) if item["kode"] in rules.RULES else item["nama"],
            item["hasil"],
            item["pesan"],
            item["dasar_hukum"],
            dapat_dikecualikan=item.get("dapat_dikecualikan", True),
        )
        for item in items
    ]
    fit = rules.FitResult(
        skor=usulan.skor_kecocokan or 0,
        rincian=[rules.FitItem(i["label"], i["poin"], i["maks"]) for i in ringkasan.get("fit", [])],
    )
    waktu = ringkasan.get("dievaluasi_at")
    return EvaluasiTercatat(results, fit, parse_datetime(waktu) if waktu else None)


def usulan_evaluation_shown(
    usulan: UsulanMutasi,
) -> tuple[list[rules.RuleResult], rules.FitResult, EvaluasiTercatat | None]:
    """What a proposal's page shows: a closed proposal's recorded evaluation (the record, last),
    else the rules and the fit run now on current records (None last). Not the rules again
    for a closed one: a completed move's employee now holds the target position, which the
    rules would call a move to the position already held."""
    if usulan.status in CLOSED_STATES:
        tercatat = usulan_evaluation_recorded(usulan)
        if tercatat is not None:
            return tercatat.results, tercatat.fit, tercatat
    results, fit = usulan_evaluate(usulan)
    return results, fit, None


def dokumen_missing(usulan: UsulanMutasi) -> list[PersyaratanDokumen]:
    """Required checklist items without a valid document."""
    required = persyaratan_for(usulan).filter(wajib=True)
    valid = set(
        usulan.dokumen.filter(status=StatusDokumen.VALID).values_list("persyaratan_id", flat=True)
    )
    return [p for p in required if p.pk not in valid]


def persyaratan_for(usulan: UsulanMutasi):
    qs = PersyaratanDokumen.objects.filter(jenis_mutasi=usulan.jenis_mutasi, is_active=True)
    if usulan.alasan != "permintaan_sendiri":
        qs = qs.filter(hanya_permintaan_sendiri=False)
    return qs


def persyaratan_list(usulan: UsulanMutasi) -> list[PersyaratanDokumen]:
    """``persyaratan_for(usulan)`` as a list, kept in the shared cache until the checklist or
    the rule settings are saved (pontianak_mutasi/generasi.py): a proposal's page shows it."""
    name = f"persyaratan:{usulan.jenis_mutasi}:{usulan.alasan == 'permintaan_sendiri'}"
    return ATURAN.kept_many(
        [name],
        lambda _names: {name: list(persyaratan_for(usulan))},
        lambda items: [copy.copy(item) for item in items],
    )[name]
