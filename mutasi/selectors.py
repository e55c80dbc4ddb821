"""Reads about proposals, scoped to the user who asks (outside the scope: 404, not 403)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from instansi import referensi
from mutasi.models import Notifikasi, Status, UsulanMutasi

if TYPE_CHECKING:
    from pontianak_mutasi.models import User

# The employee, both agencies and the target position are joined; the origin position and
# units and the proposer come from one small query each (prefetch). PostgreSQL's planning time
# grows steeply with the joins: 1 ms for these four, 67 ms for all eight at 100,000
# employees (`make bench`), for 1 ms of execution.
LIST_RELATED = ("pegawai", "asal_instansi", "tujuan_instansi", "tujuan_jabatan")
LIST_PREFETCH = ("asal_jabatan", "asal_unit", "tujuan_unit", "created_by")


def usulan_list_for_user(user: User) -> QuerySet[UsulanMutasi]:
    """Operators see proposals whose origin or target is their agency (or a child agency);
    BKD, officials and administrators see all."""
    qs = UsulanMutasi.objects.select_related(*LIST_RELATED).prefetch_related(*LIST_PREFETCH)
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_agencies:
        return qs
    if not user.instansi_id:
        return qs.none()
    mine = user.instansi_id
    return qs.filter(
        Q(asal_instansi_id=mine)
        | Q(tujuan_instansi_id=mine)
        | Q(asal_instansi__induk_id=mine)
        | Q(tujuan_instansi__induk_id=mine)
    )


# A row of the proposal list and the queues shows the employee (joined) and the move: its
# agencies, units and positions come from the kept reference rows once the page is cut.
BARIS_REFERENSI = (
    "asal_instansi",
    "tujuan_instansi",
    "asal_jabatan",
    "tujuan_jabatan",
    "asal_unit",
    "tujuan_unit",
)
# One proposal's page: the employee's as well. One cache read instead of three joins and up
# to four queries.
DETAIL_REFERENSI = (*BARIS_REFERENSI, "pegawai__instansi", "pegawai__unit", "pegawai__jabatan")


def baris(qs: QuerySet[UsulanMutasi]) -> QuerySet[UsulanMutasi]:
    """``qs`` for a page of rows: the employee joined, nothing else loaded (``isi_baris``)."""
    return qs.select_related(None).select_related("pegawai").prefetch_related(None)


def isi_baris(rows: list[UsulanMutasi]) -> None:
    """Set the rows' agencies, units and positions: one cache read (instansi.referensi)."""
    referensi.isi(rows, *BARIS_REFERENSI)


def usulan_get_for_user(user: User, nomor: str) -> UsulanMutasi:
    qs = (
        usulan_list_for_user(user)
        .select_related(None)
        .select_related("pegawai", "created_by")
        .prefetch_related(None)
    )
    try:
        usulan = qs.get(nomor=nomor)
    except UsulanMutasi.DoesNotExist as exc:
        raise Http404 from exc
    # The target position with what the rules read about it (the page evaluates the move).
    referensi.isi([usulan], *DETAIL_REFERENSI, syarat=["tujuan_jabatan"])
    return usulan


def antrian_verifikasi(user: User) -> QuerySet[UsulanMutasi]:
    """Submitted and in-verification proposals, oldest first."""
    return (
        usulan_list_for_user(user)
        .filter(status__in=[Status.DIAJUKAN, Status.VERIFIKASI])
        .order_by("diajukan_at", "pk")
    )


def antrian_persetujuan(user: User) -> QuerySet[UsulanMutasi]:
    """Eligible proposals waiting for the official's decision, oldest first."""
    return (
        usulan_list_for_user(user)
        .filter(status=Status.MEMENUHI_SYARAT)
        .order_by("diajukan_at", "pk")
    )


def usulan_count_by_status(user: User) -> dict[str, int]:
    rows = usulan_list_for_user(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def notifikasi_unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notifikasi.objects.filter(user=user, read_at__isnull=True).count()


def notifikasi_for_user(user: User) -> QuerySet[Notifikasi]:
    return Notifikasi.objects.filter(user=user).select_related("usulan")
