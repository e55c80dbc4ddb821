"""Applying a move on its TMT: the issued decree (SK) changes the employee's record.

Runs daily (``manage.py apply_due_mutations``, see docs/penerapan.md) and right after an SK
is issued whose TMT is today or earlier. Each proposal is applied in its own transaction:

lock the proposal → lock the employee → re-check the state → conflict check → move the
employee, close and append the position history → ``selesaikan`` → save → one log row.

The system acts here, so log rows have no actor, and the history rows of the employee and
the position history have none either (even when a request issued the SK), with the reason
"Diterapkan sesuai SK <nomor>". Running it twice changes nothing the second time: an applied
proposal is ``selesai`` and is skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from mutasi.models import Status, StatusSK, SuratKeputusan, UsulanLog, UsulanMutasi
from mutasi.services.notifikasi import _notify
from pegawai.models import Pegawai, RiwayatJabatan
from pontianak_mutasi.audit import mark_change

logger = logging.getLogger(__name__)

DITERAPKAN = "diterapkan"
DITANDAI = "ditandai"
DILEWATI = "dilewati"


@dataclass
class HasilPenerapan:
    """Proposal numbers per outcome of one run."""

    diterapkan: list[str] = field(default_factory=list)
    ditandai: list[str] = field(default_factory=list)  # flagged for manual handling
    dilewati: list[str] = field(default_factory=list)  # already done, not due, or no SK
    gagal: list[str] = field(default_factory=list)  # an error; rolled back, retried next run

    @property
    def total(self) -> int:
        return len(self.diterapkan) + len(self.ditandai) + len(self.dilewati) + len(self.gagal)


def _issued_sk(usulan: UsulanMutasi) -> SuratKeputusan | None:
    """The decree in force for the proposal: issued and not revoked (a correction revokes
    the old SK and issues a new one, so the newest issued one wins)."""
    return (
        usulan.sk_set.filter(status=StatusSK.TERBIT).order_by("-tanggal_penetapan", "-pk").first()
    )


def _differences(usulan: UsulanMutasi, pegawai: Pegawai) -> list[str]:
    """How the employee's current post differs from the proposal's origin snapshot."""

    def name(obj) -> str:
        return str(obj) if obj is not None else "-"

    diffs = []
    if pegawai.instansi_id != usulan.asal_instansi_id:
        diffs.append(f"instansi {name(usulan.asal_instansi)} → {name(pegawai.instansi)}")
    if pegawai.unit_id != usulan.asal_unit_id:
        diffs.append(f"unit kerja {name(usulan.asal_unit)} → {name(pegawai.unit)}")
    if pegawai.jabatan_id != usulan.asal_jabatan_id:
        diffs.append(f"jabatan {name(usulan.asal_jabatan)} → {name(pegawai.jabatan)}")
    if not pegawai.is_active:
        diffs.append("pegawai tidak aktif lagi")
    return diffs


def _flag(usulan: UsulanMutasi, diffs: list[str], sk: SuratKeputusan) -> None:
    usulan.perlu_penanganan = True
    usulan.catatan_penanganan = (
        f"SK {sk.nomor} (TMT {sk.tmt:%d-%m-%Y}) tidak diterapkan otomatis: data pegawai "
        f"berubah sejak usulan dibuat ({'; '.join(diffs)}). Periksa dan tangani secara manual."
    )
    mark_change(usulan, user=None, reason=usulan.catatan_penanganan)
    usulan.save(update_fields=["perlu_penanganan", "catatan_penanganan", "updated_at"])
    UsulanLog.objects.create(
        usulan=usulan,
        actor=None,
        transition="tandai_penanganan",
        from_status=usulan.status,
        to_status=usulan.status,
        note=usulan.catatan_penanganan,
    )


def _reason(sk: SuratKeputusan) -> str:
    return f"Diterapkan sesuai SK {sk.nomor}"


def _move_pegawai(pegawai: Pegawai, usulan: UsulanMutasi, sk: SuratKeputusan) -> None:
    mark_change(pegawai, user=None, reason=_reason(sk))
    pegawai.instansi_id = usulan.tujuan_instansi_id
    pegawai.unit_id = usulan.tujuan_unit_id
    pegawai.jabatan_id = usulan.tujuan_jabatan_id
    pegawai.tmt_jabatan = sk.tmt
    pegawai.save(update_fields=["instansi", "unit", "jabatan", "tmt_jabatan", "updated_at"])


def _close_open_riwayat(pegawai: Pegawai, sk: SuratKeputusan) -> None:
    """End the current position the day before the new TMT. An employee imported without
    history has no open row: nothing to close, and that is not an error."""
    current = (
        RiwayatJabatan.objects.select_for_update()
        .filter(pegawai=pegawai, tmt_selesai__isnull=True)
        .first()
    )
    if current is None:
        return
    # A row that started on or after the new TMT still gets a valid period (end ≥ start).
    current.tmt_selesai = max(sk.tmt - dt.timedelta(days=1), current.tmt_mulai)
    mark_change(current, user=None, reason=_reason(sk))
    current.save(update_fields=["tmt_selesai"])


def _append_riwayat(pegawai: Pegawai, usulan: UsulanMutasi, sk: SuratKeputusan) -> RiwayatJabatan:
    riwayat = RiwayatJabatan(
        pegawai=pegawai,
        jabatan=usulan.tujuan_jabatan,
        nama_jabatan=usulan.tujuan_jabatan.nama,
        instansi_id=usulan.tujuan_instansi_id,
        unit_id=usulan.tujuan_unit_id,
        tmt_mulai=sk.tmt,
        nomor_sk=sk.nomor or "",
        tanggal_sk=sk.tanggal_penetapan,
        jenis_mutasi=usulan.jenis_mutasi,
    )
    mark_change(riwayat, user=None, reason=_reason(sk))
    riwayat.save(force_insert=True)
    return riwayat


def usulan_apply(*, usulan_id: int, today: dt.date | None = None) -> str:
    """Apply one proposal's decree if it is due. Returns "diterapkan", "ditandai" (flagged
    for manual handling, the employee untouched) or "dilewati" (nothing to do)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Lock the proposal first, then the employee (the order every writer uses), so a
        # concurrent run or a manual edit waits and then sees the new state.
        locked = (
            UsulanMutasi.objects.select_for_update(of=("self",))
            .select_related("asal_instansi", "asal_unit", "asal_jabatan", "tujuan_jabatan")
            .get(pk=usulan_id)
        )
        # Guard: only a proposal whose decree is issued; anything else (already applied,
        # already flagged and waiting for a person) is left alone, so re-runs are no-ops.
        if locked.status != Status.SK_TERBIT or locked.perlu_penanganan:
            return DILEWATI
        sk = _issued_sk(locked)
        if sk is None or sk.tmt > today:
            return DILEWATI
        pegawai = Pegawai.objects.select_for_update().get(pk=locked.pegawai_id)
        locked.pegawai = pegawai

        diffs = _differences(locked, pegawai)
        if diffs:
            # Someone moved the employee after the snapshot: overwriting would lose that
            # move, so a person decides instead.
            _flag(locked, diffs, sk)
            logger.warning("usulan %s flagged: %s", locked.nomor, "; ".join(diffs))
            return DITANDAI

        _move_pegawai(pegawai, locked, sk)
        _close_open_riwayat(pegawai, sk)
        _append_riwayat(pegawai, locked, sk)
        before = locked.status
        locked.selesaikan()
        mark_change(locked, user=None, reason=_reason(sk))
        locked.save(update_fields=["status", "updated_at"])
        UsulanLog.objects.create(
            usulan=locked,
            actor=None,
            transition="selesaikan",
            from_status=before,
            to_status=locked.status,
            note=f"Diterapkan sesuai SK {sk.nomor}",
        )
        _notify(locked, actor=None)  # the proposer learns it is done; e-mail after commit
    return DITERAPKAN


def usulan_due(today: dt.date | None = None) -> list[UsulanMutasi]:
    """Proposals whose issued (not revoked) decree takes effect on or before ``today``."""
    today = today or timezone.localdate()
    return list(
        UsulanMutasi.objects.filter(
            status=Status.SK_TERBIT,
            perlu_penanganan=False,
            sk_set__status=StatusSK.TERBIT,
            sk_set__tmt__lte=today,
        )
        .distinct()
        .order_by("pk")
        .only("pk", "nomor")
    )


def apply_due(*, today: dt.date | None = None) -> HasilPenerapan:
    """Apply every due proposal, each in its own transaction: one that fails is rolled
    back alone (logged, reported under ``gagal``) and the others still go through."""
    today = today or timezone.localdate()
    hasil = HasilPenerapan()
    for usulan in usulan_due(today):
        try:
            outcome = usulan_apply(usulan_id=usulan.pk, today=today)
        except Exception:
            logger.exception("applying usulan %s failed", usulan.nomor)
            hasil.gagal.append(usulan.nomor)
            continue
        getattr(hasil, outcome).append(usulan.nomor)
    return hasil


def usulan_resolve_penanganan(*, actor, usulan: UsulanMutasi, catatan: str) -> UsulanMutasi:
    """A BKD officer has handled a flagged proposal by hand (e.g. corrected the employee's
    record to match the decree's origin): clear the flag so the next run applies it.

    Needs the permission to issue decrees; the note is required and logged.
    """
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    catatan = (catatan or "").strip()
    if not catatan:
        raise ValidationError({"catatan": _("Describe how the conflict was resolved.")})
    if not actor.has_perm("mutasi.issue_suratkeputusan"):
        raise PermissionDenied(_("Only a BKD officer who issues decrees may do this."))
    with transaction.atomic():
        locked = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if not locked.perlu_penanganan:
            raise ValidationError(_("This proposal is not flagged for manual handling."))
        locked.perlu_penanganan = False
        mark_change(locked, user=actor, reason=catatan)
        locked.save(update_fields=["perlu_penanganan", "updated_at"])
        UsulanLog.objects.create(
            usulan=locked,
            actor=actor,
            transition="selesai_penanganan",
            from_status=locked.status,
            to_status=locked.status,
            note=catatan,
        )
    return locked
