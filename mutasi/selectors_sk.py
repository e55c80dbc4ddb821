"""Reads about decrees (SK), scoped to the user who asks (outside the scope: 404, not 403)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from mutasi.models import Status, StatusSK, SuratKeputusan, UsulanMutasi
from mutasi.selectors import usulan_list_for_user

if TYPE_CHECKING:
    from pontianak_mutasi.models import User


def sk_list_for_user(user: User) -> QuerySet[SuratKeputusan]:
    """BKD staff, officials and administrators see every decree. An Operator OPD sees issued
    (or revoked) decrees that contain a proposal of their agency; drafts are BKD's work in
    progress and not a decree yet."""
    qs = SuratKeputusan.objects.select_related("mencabut")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_agencies:
        return qs
    visible = usulan_list_for_user(user).values("pk")
    ids = SuratKeputusan.usulan.through.objects.filter(usulanmutasi_id__in=visible).values(
        "suratkeputusan_id"
    )
    return qs.filter(pk__in=ids).exclude(status=StatusSK.DRAFT)


def sk_get_for_user(user: User, pk: int) -> SuratKeputusan:
    try:
        return sk_list_for_user(user).get(pk=pk)
    except SuratKeputusan.DoesNotExist as exc:
        raise Http404 from exc


def sk_usulan(sk: SuratKeputusan) -> QuerySet[UsulanMutasi]:
    """The decree's proposals with what the screens and the lampiran show."""
    return sk.usulan.select_related(
        "pegawai",
        "asal_instansi",
        "asal_unit",
        "asal_jabatan",
        "tujuan_instansi",
        "tujuan_unit",
        "tujuan_jabatan",
    ).order_by("pegawai__nama", "pk")


def usulan_without_sk(user: User) -> QuerySet[UsulanMutasi]:
    """Approved proposals the user can see that are not in a draft or issued decree yet."""
    taken = SuratKeputusan.usulan.through.objects.exclude(
        suratkeputusan__status=StatusSK.DICABUT
    ).values("usulanmutasi_id")
    return (
        usulan_list_for_user(user)
        .filter(status=Status.DISETUJUI)
        .exclude(pk__in=taken)
        .order_by("diputuskan_at", "pk")
    )


def sk_by_token(token: str) -> SuratKeputusan:
    """The public verification page's lookup: issued or revoked decrees only."""
    try:
        return SuratKeputusan.objects.exclude(status=StatusSK.DRAFT).get(token=token)
    except SuratKeputusan.DoesNotExist as exc:
        raise Http404 from exc


def sk_usulan_for_user(user: User, sk: SuratKeputusan) -> tuple[QuerySet[UsulanMutasi], int]:
    """The decree's proposals this user may see, and how many others it holds.

    A collective decree names employees of several agencies. BKD staff see all of them; an
    Operator OPD sees their own agency's and gets their petikan, not the other agencies'
    names and NIPs (the count of the others only)."""
    rows = sk_usulan(sk)
    if getattr(user, "sees_all_agencies", False):
        return rows, 0
    mine = rows.filter(pk__in=usulan_list_for_user(user).values("pk"))
    return mine, sk.usulan.count() - mine.count()


def sk_full_pdf_allowed(user: User, sk: SuratKeputusan) -> bool:
    """The whole decree PDF names everyone in it: only for users who may see them all."""
    return sk_usulan_for_user(user, sk)[1] == 0
