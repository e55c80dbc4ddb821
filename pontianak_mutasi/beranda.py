"""What the home page (beranda) shows, section by section, for the roles the user holds.

A user with several roles gets each of their sections; each section costs a fixed number of
queries and reads only through the scoped selectors, so an Operator OPD never sees a number
from another agency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from instansi.models import Formasi
from instansi.selectors import formasi_annotated, formasi_shortage, instansi_scope_for_user
from mutasi import statistik
from mutasi.selectors import usulan_list_for_user
from mutasi.selectors_sk import sk_list_for_user
from pegawai.selectors import pegawai_list_for_user
from pontianak_mutasi.models import Role

if TYPE_CHECKING:
    from pontianak_mutasi.models import User

TOP_SHORTAGES = 5


@dataclass(frozen=True)
class GapAgensi:
    """The formasi of an operator's agencies: how many short, in surplus, and the worst few."""

    jumlah: int
    kurang: int
    lebih: int
    kekurangan_teratas: list[Formasi]


def gap_operator(user: User) -> GapAgensi:
    """One query: every formasi of the user's agencies with its ABK figures (an agency has
    tens of formasi, not thousands)."""
    rows = list(
        formasi_annotated(Formasi.objects.filter(instansi__in=instansi_scope_for_user(user)))
    )
    short = [f for f in rows if f.hasil.gap > 0]
    short.sort(key=lambda f: (-f.hasil.gap, f.jabatan.nama, f.pk))
    return GapAgensi(
        jumlah=len(rows),
        kurang=len(short),
        lebih=sum(1 for f in rows if f.hasil.gap < 0),
        kekurangan_teratas=short[:TOP_SHORTAGES],
    )


@dataclass(frozen=True)
class RingkasanProvinsi:
    pegawai: int
    instansi: int
    formasi_kurang: int
    usulan_proses: int
    sk_terbit: int
    tahun: int


def ringkasan_provinsi(user: User) -> RingkasanProvinsi:
    """The administrator's overview: five counts, five queries."""
    scope = instansi_scope_for_user(user)
    year = timezone.localdate().year
    start = dt.datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())
    formasi = formasi_annotated(
        Formasi.objects.filter(instansi__in=scope, instansi__is_external=False)
    )
    return RingkasanProvinsi(
        pegawai=pegawai_list_for_user(user).filter(is_active=True).count(),
        instansi=scope.filter(is_external=False, is_active=True).count(),
        formasi_kurang=formasi_shortage(formasi).count(),
        usulan_proses=usulan_list_for_user(user).filter(status__in=statistik.IN_PROGRESS).count(),
        # Issued this year, whether or not revoked since: it was issued.
        sk_terbit=sk_list_for_user(user).filter(diterbitkan_at__gte=start).count(),
        tahun=year,
    )


def sections_for(user: User) -> dict:
    """The sections the user's roles call for, in the order of the process."""
    context: dict = {}
    if user.has_role(Role.OPERATOR_OPD):
        per_status = statistik.per_status(user)
        context["operator"] = {
            "gap": gap_operator(user),
            "per_status": [row for row in per_status if row[2]],
            "jumlah_usulan": sum(row[2] for row in per_status),
            "menunggu": statistik.menunggu_operator(user),
        }
    if user.has_role(Role.VERIFIKATOR_BKD):
        context["verifikator"] = statistik.antrian_verifikasi_ringkas(user)
    if user.has_role(Role.PEJABAT_PENYETUJU):
        context["pejabat"] = statistik.antrian_persetujuan_ringkas(user)
    if user.is_superuser or user.has_role(Role.ADMIN_KEPEGAWAIAN):
        context["admin"] = ringkasan_provinsi(user)
    return context
