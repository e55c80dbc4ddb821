"""Required documents: upload (PDF checked by content) and the verifier's check."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi import permissions
from mutasi.models import (
    AturanMutasi,
    DokumenUsulan,
    PersyaratanDokumen,
    Status,
    StatusDokumen,
    UsulanLog,
    UsulanMutasi,
)
from pontianak_mutasi.models import User

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
