"""Creating, editing and moving proposals through their states (see the package docstring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi import permissions, rules
from mutasi.models import (
    OPEN_STATES,
    PengecualianAturan,
    Status,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.selectors import usulan_list_for_user
from mutasi.services.common import (
    NOTE_REQUIRED,
    TRANSITIONS,
    ConflictError,
    _overridden,
    _snapshot_evaluation,
    dokumen_missing,
    nomor_allocate,
    usulan_evaluate,
)
from mutasi.services.notifikasi import _notify
from pegawai.models import Pegawai, StatusKepegawaian
from pontianak_mutasi.audit import mark_change
from pontianak_mutasi.models import User

# -- create and edit ----------------------------------------------------------------------


def _check_target(
    *,
    pegawai: Pegawai,
    tujuan_instansi: Instansi,
    tujuan_unit: UnitKerja | None,
    tujuan_jabatan: Jabatan,
) -> None:
    if pegawai.status_kepegawaian == StatusKepegawaian.PPPK:
        raise ValidationError(
            _("PPPK employees have no right to a transfer (mutasi); the proposal is refused.")
        )
    if not pegawai.is_active:
        raise ValidationError(_("The employee is not active."))
    if (
        pegawai.instansi_id == tujuan_instansi.pk
        and pegawai.jabatan_id == tujuan_jabatan.pk
        and pegawai.unit_id == (tujuan_unit.pk if tujuan_unit else None)
    ):
        raise ValidationError(_("The employee already holds this position in this unit."))
    if tujuan_unit and tujuan_unit.instansi_id != tujuan_instansi.pk:
        raise ValidationError({"tujuan_unit": _("The unit belongs to another agency.")})


def _has_open_proposal(pegawai: Pegawai, exclude_pk: int | None = None) -> UsulanMutasi | None:
    qs = UsulanMutasi.objects.filter(pegawai=pegawai, status__in=OPEN_STATES)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def usulan_create(
    *,
    actor: User,
    pegawai: Pegawai,
    jenis_mutasi: str,
    tujuan_instansi: Instansi,
    tujuan_jabatan: Jabatan,
    tmt_rencana: dt.date,
    alasan: str,
    alasan_keterangan: str = "",
    tujuan_unit: UnitKerja | None = None,
) -> UsulanMutasi:
    """A draft proposal with a snapshot of the employee's current post."""
    _check_target(
        pegawai=pegawai,
        tujuan_instansi=tujuan_instansi,
        tujuan_unit=tujuan_unit,
        tujuan_jabatan=tujuan_jabatan,
    )
    usulan = UsulanMutasi(
        pegawai=pegawai,
        jenis_mutasi=jenis_mutasi,
        asal_instansi_id=pegawai.instansi_id,
        asal_unit_id=pegawai.unit_id,
        asal_jabatan_id=pegawai.jabatan_id,
        asal_golongan=pegawai.golongan,
        asal_tmt_jabatan=pegawai.tmt_jabatan,
        tujuan_instansi=tujuan_instansi,
        tujuan_unit=tujuan_unit,
        tujuan_jabatan=tujuan_jabatan,
        alasan=alasan,
        alasan_keterangan=alasan_keterangan,
        tmt_rencana=tmt_rencana,
        created_by=actor,
    )
    if not permissions.can_propose(usulan, actor):
        raise PermissionDenied(
            permissions.conflict_reason(usulan, actor, permissions.PROPOSE)
            or _("You may only propose transfers from or into your own agency.")
        )
    # status is FSM-protected (never set by hand); the open-proposal constraint is checked
    # below with a message that names the existing proposal.
    usulan.full_clean(exclude=["nomor", "created_by", "status"], validate_constraints=False)
    with transaction.atomic():
        if existing := _has_open_proposal(pegawai):
            raise ValidationError(
                _("%(nama)s already has an open transfer proposal (%(nomor)s).")
                % {"nama": pegawai.nama_lengkap, "nomor": existing.nomor}
            )
        year = timezone.localdate().year
        usulan.nomor = f"UM-{year}-{nomor_allocate(kode='UM', tahun=year):06d}"
        _snapshot_evaluation(usulan)
        try:
            with transaction.atomic():
                usulan.save()
        except IntegrityError as exc:  # the partial unique index, under a concurrent create
            raise ValidationError(
                _("%(nama)s already has an open transfer proposal.")
                % {"nama": pegawai.nama_lengkap}
            ) from exc
        UsulanLog.objects.create(
            usulan=usulan,
            actor=actor,
            transition="buat",
            from_status=Status.DRAFT,
            to_status=Status.DRAFT,
        )
    return usulan


EDITABLE_FIELDS = [
    "jenis_mutasi",
    "tujuan_instansi",
    "tujuan_unit",
    "tujuan_jabatan",
    "alasan",
    "alasan_keterangan",
    "tmt_rencana",
]


def usulan_update(*, actor: User, usulan: UsulanMutasi, versi: int, **changes) -> UsulanMutasi:
    """Edit a draft or returned proposal; ``versi`` is the version the form was built from."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if locked.versi != versi:
            raise ConflictError(
                _(
                    "Another officer changed this proposal while you were editing it. "
                    "Reload the page to see their changes."
                )
            )
        if locked.status not in (Status.DRAFT, Status.DIKEMBALIKAN):
            raise ValidationError(_("Only a draft or returned proposal can be edited."))
        if not permissions.can_propose(locked, actor):
            raise PermissionDenied(_("You may not edit this proposal."))
        for name, value in changes.items():
            setattr(locked, name, value)
        _check_target(
            pegawai=locked.pegawai,
            tujuan_instansi=locked.tujuan_instansi,
            tujuan_unit=locked.tujuan_unit,
            tujuan_jabatan=locked.tujuan_jabatan,
        )
        locked.full_clean(exclude=["created_by", "status"], validate_constraints=False)
        locked.versi = versi + 1
        _snapshot_evaluation(locked)
        locked.save(
            update_fields=[
                *EDITABLE_FIELDS,
                "versi",
                "skor_kecocokan",
                "ringkasan_kelayakan",
                "updated_at",
            ]
        )
    return locked


# -- transitions --------------------------------------------------------------------------


@dataclass
class Guard:
    """Extra checks a transition needs beyond its source state and permission."""

    @staticmethod
    def nyatakan_memenuhi_syarat(usulan: UsulanMutasi) -> None:
        missing = dokumen_missing(usulan)
        if missing:
            raise ValidationError(
                _("Required documents are missing or not yet valid: %(docs)s.")
                % {"docs": "; ".join(p.nama for p in missing)}
            )
        failed = rules.blocking(_snapshot_evaluation(usulan), _overridden(usulan))
        if failed:
            raise ValidationError(
                _("Eligibility rules failed and not overridden: %(rules)s.")
                % {"rules": "; ".join(str(r.nama) for r in failed)}
            )


def usulan_transition(
    *, actor: User, usulan: UsulanMutasi, transition: str, note: str = "", status: str | None = None
) -> UsulanMutasi:
    """Run one transition. ``status`` is the state the user saw: if the proposal has moved
    on since, the action is refused instead of acting on something the user did not see."""
    if transition not in TRANSITIONS:
        raise ValueError(transition)
    note = (note or "").strip()
    if transition in NOTE_REQUIRED and not note:
        raise ValidationError({"note": _("A note is required for this action.")})
    with transaction.atomic():
        # Lock the row: a concurrent decision waits here and then sees the new state.
        locked = (
            UsulanMutasi.objects.select_for_update(of=("self",))
            .select_related("pegawai", "tujuan_instansi", "tujuan_jabatan", "tujuan_unit")
            .get(pk=usulan.pk)
        )
        before = locked.status
        if status is not None and before != status:
            raise ConflictError(
                _("%(nomor)s changed meanwhile: it is now “%(status)s”.")
                % {"nomor": locked.nomor, "status": locked.get_status_display()}
            )
        method = getattr(locked, transition)
        if not any(t.name == transition for t in locked.get_available_status_transitions()):
            raise ConflictError(
                _("%(nomor)s is “%(status)s”; this action is not possible now.")
                % {"nomor": locked.nomor, "status": locked.get_status_display()}
            )
        if not has_transition_perm(method, actor):
            phase = permissions.PHASE_OF_TRANSITION[transition]
            raise PermissionDenied(
                permissions.conflict_reason(locked, actor, phase)
                or _("You may not take this action on this proposal.")
            )
        guard = getattr(Guard, transition, None)
        if guard:
            guard(locked)
        method()
        now = timezone.now()
        fields = ["status", "updated_at"]
        if transition == "ajukan":
            locked.diajukan_at = now
            _snapshot_evaluation(locked)
            fields += ["diajukan_at", "skor_kecocokan", "ringkasan_kelayakan"]
        elif transition in ("setujui", "tolak"):
            locked.diputuskan_at = now
            fields.append("diputuskan_at")
        elif transition == "nyatakan_memenuhi_syarat":
            fields += ["skor_kecocokan", "ringkasan_kelayakan"]
        elif transition == "nyatakan_tidak_memenuhi_syarat":
            # The record the closed proposal keeps: the rules as the verifier saw them.
            _snapshot_evaluation(locked)
            fields += ["skor_kecocokan", "ringkasan_kelayakan"]
        # The history row names the actor even outside a request (bulk decisions, tasks).
        mark_change(locked, user=actor, reason=note or transition)
        locked.save(update_fields=fields)
        UsulanLog.objects.create(
            usulan=locked,
            actor=actor,
            transition=transition,
            from_status=before,
            to_status=locked.status,
            note=note,
        )
        _notify(locked, actor=actor)
    return locked


def usulan_bulk_decide(
    *, actor: User, usulan_ids: list[int], approve: bool, note: str = ""
) -> list[tuple[UsulanMutasi | None, bool, str]]:
    """Approve or reject many; each in its own transaction, so one that changed meanwhile
    fails alone and the others go through. Returns (proposal, ok, message) per id."""
    transition = "setujui" if approve else "tolak"
    outcome = []
    for pk in usulan_ids:
        # Through the selector: a proposal outside the official's scope is "not found".
        usulan = usulan_list_for_user(actor).filter(pk=pk).first()
        if usulan is None:
            outcome.append((None, False, _("Proposal not found.")))
            continue
        try:
            usulan_transition(
                actor=actor,
                usulan=usulan,
                transition=transition,
                note=note,
                status=Status.MEMENUHI_SYARAT,
            )
        except (ValidationError, PermissionDenied) as exc:
            outcome.append((usulan, False, _message(exc)))
        else:
            outcome.append((usulan, True, _("Approved.") if approve else _("Rejected.")))
    return outcome


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages)
    return str(exc) or _("Not allowed.")


# -- overrides and documents --------------------------------------------------------------


def usulan_override_rule(
    *, actor: User, usulan: UsulanMutasi, kode_aturan: str, alasan: str
) -> PengecualianAturan:
    """A verifier overrides a failed rule with a written justification (logged)."""
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise ValidationError({"alasan": _("Write a justification (at least 10 characters).")})
    with transaction.atomic():
        locked = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if locked.status != Status.VERIFIKASI:
            raise ValidationError(_("Rules can be overridden only during verification."))
        if not permissions.can_verify(locked, actor):
            raise PermissionDenied(
                permissions.conflict_reason(locked, actor, permissions.VERIFY)
                or _("Only a BKD verifier may override a rule.")
            )
        results, _fit = usulan_evaluate(locked)
        rule = next((r for r in results if r.kode == kode_aturan), None)
        if rule is None or rule.hasil != rules.GAGAL:
            raise ValidationError(_("Only a failed rule can be overridden."))
        if not rule.dapat_dikecualikan:
            raise ValidationError(_("This rule cannot be overridden."))
        try:
            with transaction.atomic():
                override = PengecualianAturan.objects.create(
                    usulan=locked, kode_aturan=kode_aturan, alasan=alasan, oleh=actor
                )
        except IntegrityError as exc:
            raise ValidationError(_("This rule is already overridden.")) from exc
        UsulanLog.objects.create(
            usulan=locked,
            actor=actor,
            transition="pengecualian",
            from_status=locked.status,
            to_status=locked.status,
            note=f"{rule.nama}: {alasan}",
        )
    return override
