"""In-app notifications, with e-mail copies sent after commit."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mutasi.models import (
    Notifikasi,
    Status,
    UsulanMutasi,
)
from pontianak_mutasi.models import Role, User

logger = logging.getLogger(__name__)

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


def notifikasi_mark_read(
    *, user: User, ids: list[int] | None = None, usulan: UsulanMutasi | None = None
) -> int:
    """Mark the user's unread notifications read: all, some, or those about one proposal."""
    qs = Notifikasi.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if usulan is not None:
        qs = qs.filter(usulan=usulan)
    return qs.update(read_at=timezone.now())
