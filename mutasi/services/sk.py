"""Decrees (SK): compose a draft from approved proposals, issue it with a number, render its PDF,
revoke or correct it with a new decree.

Issuing follows the house steps (STYLE.md): lock the decree row → check status and permission →
number, snapshot, status → save(update_fields) → one log row per proposal → side effects after
commit. An issued decree is never edited or deleted: a mistake is corrected by a new decree
that revokes (``mencabut``) the old one, which becomes ``dicabut`` when the new one is issued.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import has_transition_perm

from mutasi import documents
from mutasi.models import (
    JenisSK,
    Status,
    StatusSK,
    SuratKeputusan,
    TemplateSK,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.models.sk import RenderStatus
from mutasi.selectors import usulan_list_for_user
from mutasi.services.common import nomor_allocate
from pontianak_mutasi.models import User

logger = logging.getLogger(__name__)

ISSUE_PERM = "mutasi.issue_suratkeputusan"
# The texts a draft takes from its template and that the edit form may change.
TEXT_FIELDS = ["menimbang", "mengingat", "diktum_kedua", "diktum_ketiga", "tembusan"]
SIGNATORY_FIELDS = [
    "penandatangan_nama",
    "penandatangan_nip",
    "penandatangan_jabatan",
    "atas_nama",
]
DRAFT_EDITABLE = ["tanggal_penetapan", "tmt", "tempat", *SIGNATORY_FIELDS, "diktum_kesatu"]
DRAFT_EDITABLE += TEXT_FIELDS


def _require_issuer(actor: User) -> None:
    if not actor.has_perm(ISSUE_PERM):
        raise PermissionDenied(_("Only an Admin Kepegawaian may compose and issue decrees."))


def _default_template() -> TemplateSK:
    template = TemplateSK.objects.filter(is_default=True).first()
    if template is None:
        raise ValidationError(_("There is no default decree template; an administrator adds one."))
    return template


def _in_other_decree(usulan_ids: list[int]) -> list[str]:
    """Numbers of proposals already in a draft or issued decree (a revoked one frees them)."""
    return list(
        UsulanMutasi.objects.filter(pk__in=usulan_ids, sk_set__isnull=False)
        .exclude(sk_set__status=StatusSK.DICABUT)
        .values_list("nomor", flat=True)
        .distinct()
    )


# -- compose and edit ---------------------------------------------------------------------


def sk_compose(
    *,
    actor: User,
    usulan_ids: list[int],
    tanggal_penetapan: dt.date,
    tmt: dt.date,
    template: TemplateSK | None = None,
    penandatangan_nama: str | None = None,
    penandatangan_nip: str | None = None,
    penandatangan_jabatan: str | None = None,
    atas_nama: str | None = None,
) -> SuratKeputusan:
    """A draft decree: individual for one proposal, collective (with a lampiran) for several.

    Every proposal must be approved, visible to the actor and not in another decree that is
    not revoked. The texts are copied from the template, so editing the template later never
    changes a decree composed before.
    """
    _require_issuer(actor)
    usulan_ids = sorted({int(pk) for pk in usulan_ids})
    if not usulan_ids:
        raise ValidationError({"usulan": _("Choose at least one approved proposal.")})
    template = template or _default_template()
    overrides = {
        "penandatangan_nama": penandatangan_nama,
        "penandatangan_nip": penandatangan_nip,
        "penandatangan_jabatan": penandatangan_jabatan,
        "atas_nama": atas_nama,
    }
    signatory = {
        name: (value if value is not None else getattr(template, name)).strip()
        for name, value in overrides.items()
    }
    if not signatory["penandatangan_nama"]:
        raise ValidationError({"penandatangan_nama": _("Enter the signatory's name.")})
    if tmt < tanggal_penetapan:
        raise ValidationError({"tmt": _("The TMT cannot be before the date of enactment.")})
    with transaction.atomic():
        # Lock the proposals (in pk order, so two composers never deadlock): a concurrent
        # compose of the same proposal waits here and then sees it taken.
        found = list(
            usulan_list_for_user(actor)
            .select_for_update(of=("self",))
            .filter(pk__in=usulan_ids)
            .order_by("pk")
        )
        if len(found) != len(usulan_ids):
            raise ValidationError({"usulan": _("A chosen proposal was not found.")})
        not_approved = [u.nomor for u in found if u.status != Status.DISETUJUI]
        if not_approved:
            raise ValidationError(
                {
                    "usulan": _("Only approved proposals can be put in a decree: %(nomor)s.")
                    % {"nomor": ", ".join(not_approved)}
                }
            )
        taken = _in_other_decree(usulan_ids)
        if taken:
            raise ValidationError(
                {
                    "usulan": _("Already in another decree: %(nomor)s.")
                    % {"nomor": ", ".join(sorted(taken))}
                }
            )
        individu = len(found) == 1
        sk = SuratKeputusan(
            jenis=JenisSK.INDIVIDU if individu else JenisSK.KOLEKTIF,
            tanggal_penetapan=tanggal_penetapan,
            tmt=tmt,
            diktum_kesatu=(
                template.diktum_kesatu_individu if individu else template.diktum_kesatu_kolektif
            ),
            dibuat_oleh=actor,
            **{name: getattr(template, name) for name in TEXT_FIELDS},
            **signatory,
        )
        sk.full_clean(exclude=["dibuat_oleh"])
        sk.save()
        sk.usulan.set(found)
    return sk


def _locked_draft(sk: SuratKeputusan) -> SuratKeputusan:
    # Lock the decree row: an edit and an issue of the same draft never interleave.
    locked = SuratKeputusan.objects.select_for_update().get(pk=sk.pk)
    if locked.status != StatusSK.DRAFT:
        raise ValidationError(
            _("Decree %(nomor)s is issued; it can no longer be changed.") % {"nomor": locked}
        )
    return locked


def sk_update_draft(*, actor: User, sk: SuratKeputusan, **changes) -> SuratKeputusan:
    """Change the dates, signatory or texts of a draft. An issued decree is never edited."""
    unknown = set(changes) - set(DRAFT_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    _require_issuer(actor)
    with transaction.atomic():
        locked = _locked_draft(sk)
        for name, value in changes.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        # A correcting decree may be retroactive; a new one takes effect on or after its date.
        if not locked.mencabut_id and locked.tmt < locked.tanggal_penetapan:
            raise ValidationError({"tmt": _("The TMT cannot be before the date of enactment.")})
        locked.full_clean(exclude=["dibuat_oleh"])
        locked.save(update_fields=[*changes, "updated_at"])
    return locked


def sk_discard_draft(*, actor: User, sk: SuratKeputusan) -> None:
    """Throw away a draft (it has no number yet); its proposals are free again."""
    _require_issuer(actor)
    with transaction.atomic():
        locked = _locked_draft(sk)
        locked.usulan.clear()
        locked.delete()


# -- issue --------------------------------------------------------------------------------


def _number(tahun: int, urutan: int) -> str:
    return settings.SIMUTASI["SK_NUMBER_PATTERN"].format(seq=urutan, year=tahun)


def _move_proposals(*, actor: User, sk: SuratKeputusan) -> None:
    """Each proposal: disetujui → sk_terbit, one log row. A correcting decree leaves the
    proposals where they are (already sk_terbit or selesai) and logs the correction."""
    ids = list(sk.usulan.values_list("pk", flat=True))
    # Lock in pk order so two issues touching the same proposals cannot deadlock.
    proposals = UsulanMutasi.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    for usulan in proposals:
        before = usulan.status
        if sk.mencabut_id:
            transition = "koreksi_sk"
        else:
            if before != Status.DISETUJUI:
                raise ValidationError(
                    _("%(nomor)s is no longer approved (“%(status)s”).")
                    % {"nomor": usulan.nomor, "status": usulan.get_status_display()}
                )
            if not has_transition_perm(usulan.terbitkan_sk, actor):
                raise PermissionDenied(
                    _("You may not issue a decree for %(nomor)s (it is about you).")
                    % {"nomor": usulan.nomor}
                )
            usulan.terbitkan_sk()
            usulan.save(update_fields=["status", "updated_at"])
            transition = "terbitkan_sk"
        UsulanLog.objects.create(
            usulan=usulan,
            actor=actor,
            transition=transition,
            from_status=before,
            to_status=usulan.status,
            note=sk.nomor,
        )


def _needs_background(sk: SuratKeputusan) -> bool:
    if sk.jenis == JenisSK.INDIVIDU:
        return False
    return len(sk.snapshot.get("pegawai", [])) > settings.SIMUTASI["SK_INLINE_MAX"]


def _store_pdf(sk: SuratKeputusan, data: bytes) -> None:
    """Keep the exact bytes and their SHA-256 (private storage: never a public URL)."""
    sk.berkas.save(f"{sk.token}.pdf", ContentFile(data), save=False)
    sk.sha256 = hashlib.sha256(data).hexdigest()


def sk_issue(*, actor: User, sk: SuratKeputusan) -> SuratKeputusan:
    """Number, freeze and issue a draft; its proposals move to ``sk_terbit``.

    A small decree is rendered here, inside the transaction: if rendering fails nothing is
    issued and the number is not used (no gap). A large one renders in the task worker.
    """
    _require_issuer(actor)
    with transaction.atomic():
        locked = _locked_draft(sk)
        revoked = None
        if locked.mencabut_id:
            # Lock the decree being corrected too: two corrections of it never both win.
            revoked = SuratKeputusan.objects.select_for_update().get(pk=locked.mencabut_id)
            if revoked.status != StatusSK.TERBIT:
                raise ValidationError(
                    _("Decree %(nomor)s is already revoked.") % {"nomor": revoked.nomor}
                )
        tahun = locked.tanggal_penetapan.year
        # The per-year counter row stays locked until commit: numbers are unique and gapless.
        locked.urutan = nomor_allocate(kode="SK", tahun=tahun)
        locked.tahun = tahun
        locked.nomor = _number(tahun, locked.urutan)
        locked.status = StatusSK.TERBIT
        locked.diterbitkan_oleh = actor
        locked.diterbitkan_at = timezone.now()
        locked.snapshot = documents.snapshot_for(locked)
        fields = ["tahun", "urutan", "nomor", "status", "diterbitkan_oleh", "diterbitkan_at"]
        fields += ["snapshot", "render_status", "render_progress", "updated_at"]
        if _needs_background(locked):
            locked.render_status = RenderStatus.PENDING
            locked.render_progress = 0
            transaction.on_commit(lambda: _enqueue_render(locked.pk))
        else:
            _store_pdf(locked, documents.render_sk_pdf(locked))
            locked.render_status = RenderStatus.DONE
            locked.render_progress = 100
            fields += ["berkas", "sha256"]
        locked.save(update_fields=fields)
        _move_proposals(actor=actor, sk=locked)
        if revoked is not None:
            revoked.status = StatusSK.DICABUT
            revoked.save(update_fields=["status", "updated_at"])
        if locked.tmt <= timezone.localdate():
            # The move takes effect now: apply it once the issue is committed.
            transaction.on_commit(_apply_due)
    return locked


def _apply_due() -> None:
    from mutasi.services.penerapan import apply_due

    apply_due()


# -- background rendering -----------------------------------------------------------------


def _enqueue_render(sk_id: int) -> None:
    from mutasi.tasks import sk_render

    sk_render.enqueue(sk_id)


def sk_render_background(*, sk_id: int) -> None:
    """The task's work: render an issued decree, report progress, keep the file and hash.

    Progress and the final state are written with UPDATE statements in autocommit, so the
    detail page's polling sees them while the worker runs. A failure is recorded on the
    decree (``failed`` with the error) and can be retried with ``sk_render_retry``.
    """
    rows = SuratKeputusan.objects.filter(
        pk=sk_id, render_status__in=[RenderStatus.PENDING, RenderStatus.FAILED]
    )
    if not rows.update(render_status=RenderStatus.RUNNING, render_progress=0, render_error=""):
        return  # already rendered (or being rendered by another worker)
    sk = SuratKeputusan.objects.get(pk=sk_id)

    def progress(percent: int) -> None:
        # Never 100 before the file is stored: "done" is the only finished state.
        value = max(0, min(int(percent), 99))
        SuratKeputusan.objects.filter(pk=sk_id).update(render_progress=value)

    try:
        data = documents.render_sk_pdf(sk, progress=progress)
    except Exception as exc:
        logger.exception("Rendering decree %s failed", sk.nomor)
        SuratKeputusan.objects.filter(pk=sk_id).update(
            render_status=RenderStatus.FAILED, render_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return
    with transaction.atomic():
        locked = SuratKeputusan.objects.select_for_update().get(pk=sk_id)
        _store_pdf(locked, data)
        locked.render_status = RenderStatus.DONE
        locked.render_progress = 100
        locked.save(update_fields=["berkas", "sha256", "render_status", "render_progress"])


def sk_render_retry(*, actor: User, sk: SuratKeputusan) -> SuratKeputusan:
    """Queue a failed rendering again."""
    _require_issuer(actor)
    with transaction.atomic():
        locked = SuratKeputusan.objects.select_for_update().get(pk=sk.pk)
        if locked.status == StatusSK.DRAFT or locked.render_status != RenderStatus.FAILED:
            raise ValidationError(_("Only a failed rendering can be retried."))
        locked.render_status = RenderStatus.PENDING
        locked.render_progress = 0
        locked.render_error = ""
        locked.save(update_fields=["render_status", "render_progress", "render_error"])
        transaction.on_commit(lambda: _enqueue_render(locked.pk))
    return locked


# -- revoke / correct ---------------------------------------------------------------------


def sk_revoke(*, actor: User, sk: SuratKeputusan, alasan: str) -> SuratKeputusan:
    """A draft correcting decree that revokes ``sk``: same proposals, same texts.

    The issued decree itself is not touched; it becomes ``dicabut`` only when the correction
    is issued (``sk_issue``), and its PDF stays as it was.
    """
    _require_issuer(actor)
    alasan = (alasan or "").strip()
    if len(alasan) < 10:
        raise ValidationError({"alasan": _("Write the reason (at least 10 characters).")})
    with transaction.atomic():
        locked = SuratKeputusan.objects.select_for_update().get(pk=sk.pk)
        if locked.status != StatusSK.TERBIT:
            raise ValidationError(_("Only an issued decree in force can be revoked."))
        pending = locked.dicabut_oleh.filter(status=StatusSK.DRAFT).first()
        if pending is not None:
            raise ValidationError(_("A correcting decree for it is already being drafted."))
        copied = [*TEXT_FIELDS, *SIGNATORY_FIELDS, "jenis", "diktum_kesatu", "tempat", "tmt"]
        correction = SuratKeputusan(
            **{name: getattr(locked, name) for name in copied},
            tanggal_penetapan=max(timezone.localdate(), locked.tanggal_penetapan),
            mencabut=locked,
            alasan_pencabutan=alasan,
            dibuat_oleh=actor,
        )
        correction.save()
        correction.usulan.set(locked.usulan.all())
    return correction
