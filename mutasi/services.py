"""Writes on transfer proposals. Every status change takes the same steps (STYLE.md):

lock the row → check permission and guard → transition → save(update_fields) → one log row →
notifications, with e-mail sent only after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi import permissions, rules
from mutasi.models import (
    OPEN_STATES,
    AturanMutasi,
    DokumenUsulan,
    Notifikasi,
    PengecualianAturan,
    Penomoran,
    PersyaratanDokumen,
    Status,
    StatusDokumen,
    UsulanLog,
    UsulanMutasi,
)
from pegawai.models import Pegawai, StatusKepegawaian
from pontianak_mutasi.models import Role, User

logger = logging.getLogger(__name__)


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


# -- evaluation ---------------------------------------------------------------------------


def usulan_evaluate(usulan: UsulanMutasi) -> tuple[list[rules.RuleResult], rules.FitResult]:
    """Eligibility and fit of the proposal's employee for its target, at its planned TMT.

    The employee and position are loaded with the rules' prefetches, so the whole evaluation
    costs a handful of queries whatever the length of the employee's history.
    """
    pegawai = rules.prefetch_for_rules(Pegawai.objects.filter(pk=usulan.pegawai_id)).get()
    jabatan = rules.prefetch_jabatan_for_rules(
        Jabatan.objects.filter(pk=usulan.tujuan_jabatan_id)
    ).get()
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
    usulan.ringkasan_kelayakan = rules.summary(results, _overridden(usulan))
    return results


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
        usulan = UsulanMutasi.objects.filter(pk=pk).first()
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


PDF_MAGIC = b"%PDF-"


def _is_pdf(upload: UploadedFile) -> bool:
    """By content, not by name: the PDF header at the start and an EOF marker at the end."""
    upload.seek(0)
    head = upload.read(1024)
    if PDF_MAGIC not in head:
        return False
    size = upload.size or 0
    upload.seek(max(0, size - 2048))
    tail = upload.read()
    upload.seek(0)
    return b"%%EOF" in tail


def dokumen_upload(
    *, actor: User, usulan: UsulanMutasi, persyaratan: PersyaratanDokumen, berkas: UploadedFile
) -> DokumenUsulan:
    aturan = AturanMutasi.load()
    limit = aturan.ukuran_maks_dokumen_mb * 1024 * 1024
    if berkas.size > limit:
        raise ValidationError(
            {
                "berkas": _("The file is larger than %(mb)d MB.")
                % {"mb": aturan.ukuran_maks_dokumen_mb}
            }
        )
    if not _is_pdf(berkas):
        raise ValidationError({"berkas": _("The file is not a PDF document.")})
    digest = hashlib.sha256()
    for chunk in berkas.chunks():
        digest.update(chunk)
    berkas.seek(0)
    with transaction.atomic():
        locked = UsulanMutasi.objects.select_for_update().get(pk=usulan.pk)
        if locked.status not in (Status.DRAFT, Status.DIKEMBALIKAN):
            raise ValidationError(
                _("Documents can be uploaded while the proposal is a draft or returned.")
            )
        if not permissions.can_propose(locked, actor):
            raise PermissionDenied(_("You may not upload documents to this proposal."))
        if persyaratan.jenis_mutasi != locked.jenis_mutasi:
            raise ValidationError(_("This document is not on this proposal's checklist."))
        old = DokumenUsulan.objects.filter(usulan=locked, persyaratan=persyaratan).first()
        if old is not None:
            old_file = old.berkas
            old.delete()
            transaction.on_commit(lambda: old_file.delete(save=False))
        dokumen = DokumenUsulan(
            usulan=locked,
            persyaratan=persyaratan,
            nama_asli=berkas.name[:255],
            ukuran=berkas.size,
            sha256=digest.hexdigest(),
            diunggah_oleh=actor,
        )
        dokumen.berkas.save("dokumen.pdf", berkas, save=False)
        dokumen.save()
    return dokumen


def dokumen_review(
    *, actor: User, dokumen: DokumenUsulan, status: str, catatan: str = ""
) -> DokumenUsulan:
    if status not in (StatusDokumen.VALID, StatusDokumen.TIDAK_VALID):
        raise ValueError(status)
    catatan = (catatan or "").strip()
    if status == StatusDokumen.TIDAK_VALID and not catatan:
        raise ValidationError({"catatan": _("Say why the document is invalid.")})
    with transaction.atomic():
        usulan = UsulanMutasi.objects.select_for_update().get(pk=dokumen.usulan_id)
        if usulan.status != Status.VERIFIKASI:
            raise ValidationError(_("Documents are checked during verification."))
        if not permissions.can_verify(usulan, actor):
            raise PermissionDenied(
                permissions.conflict_reason(usulan, actor, permissions.VERIFY)
                or _("Only a BKD verifier may check documents.")
            )
        dokumen = DokumenUsulan.objects.select_for_update().get(pk=dokumen.pk)
        dokumen.status = status
        dokumen.catatan = catatan
        dokumen.diperiksa_oleh = actor
        dokumen.diperiksa_at = timezone.now()
        dokumen.save(update_fields=["status", "catatan", "diperiksa_oleh", "diperiksa_at"])
        UsulanLog.objects.create(
            usulan=usulan,
            actor=actor,
            transition="periksa_dokumen",
            from_status=usulan.status,
            to_status=usulan.status,
            note=f"{dokumen.persyaratan.nama}: {dokumen.get_status_display()}"
            + (f" – {catatan}" if catatan else ""),
        )
    return dokumen


# -- notifications ------------------------------------------------------------------------


def _users_with_role(role: Role) -> list[User]:
    return list(User.objects.filter(groups__name=role, is_active=True))


def _notify(usulan: UsulanMutasi, *, actor: User) -> None:
    """Tell the next actor and the proposer; e-mail only after the transaction commits."""
    status = usulan.status
    recipients: set[User] = set()
    if status == Status.DIAJUKAN:
        recipients.update(_users_with_role(Role.VERIFIKATOR_BKD))
    elif status == Status.MEMENUHI_SYARAT:
        recipients.update(_users_with_role(Role.PEJABAT_PENYETUJU))
    recipients.add(usulan.created_by)
    recipients.discard(actor)
    if not recipients:
        return
    pesan = _("%(nomor)s (%(nama)s) is now “%(status)s”.") % {
        "nomor": usulan.nomor,
        "nama": usulan.pegawai.nama_lengkap,
        "status": usulan.get_status_display(),
    }
    Notifikasi.objects.bulk_create(
        [Notifikasi(user=u, usulan=usulan, pesan=pesan[:300]) for u in recipients]
    )
    emails = sorted({u.email for u in recipients if u.email})
    if emails:
        subject = _("Simutasi: %(nomor)s") % {"nomor": usulan.nomor}
        transaction.on_commit(lambda: _send_email(subject, pesan, emails))


def _send_email(subject: str, body: str, emails: list[str]) -> None:
    # After commit the decision stands; a mail server outage must not turn it into an error.
    try:
        send_mail(subject, body, None, emails)
    except Exception:
        logger.exception("notification e-mail failed: %s", subject)


def notifikasi_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notifikasi.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
