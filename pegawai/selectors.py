"""Reads about employees, always scoped to the user who asks.

An employee outside the user's scope is simply not found (404), never "forbidden": the
answer must not reveal that the NIP exists.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pegawai import nip as nip_lib
from pegawai.models import (
    HukumanDisiplin,
    Kompetensi,
    Pegawai,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
    add_years,
    today,
)

if TYPE_CHECKING:
    from pontianak_mutasi.models import User


def pegawai_list_for_user(user: User) -> QuerySet[Pegawai]:
    """Employees the user may see, with what a list row shows joined in (one query a page).

    Province-wide roles see everybody. Anyone else sees the employees of their own agency
    and of its child agencies (Instansi.induk, e.g. the UPTs of a Dinas); a user with no
    agency and no province-wide role sees nobody.
    """
    # NIP breaks ties between equal names, so pages never overlap.
    qs = Pegawai.objects.select_related("instansi", "unit", "jabatan").order_by("nama", "nip")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_agencies:
        return qs
    if user.instansi_id:
        return qs.filter(Q(instansi_id=user.instansi_id) | Q(instansi__induk_id=user.instansi_id))
    return qs.none()


def pegawai_get_for_user(user: User, nip: str) -> Pegawai:
    """One employee with every riwayat prefetched; Http404 when outside the user's scope."""
    try:
        nip = nip_lib.normalize(nip)
    except nip_lib.NipError as exc:
        raise Http404 from exc
    qs = pegawai_list_for_user(user).prefetch_related(
        Prefetch(
            "riwayat_jabatan",
            queryset=RiwayatJabatan.objects.select_related("jabatan", "instansi", "unit"),
        ),
        "riwayat_golongan",
        Prefetch("riwayat_pendidikan", queryset=RiwayatPendidikan.objects.select_related("bidang")),
        Prefetch("riwayat_diklat", queryset=RiwayatDiklat.objects.select_related("bidang")),
        "penilaian_kinerja",
        Prefetch("hukuman_disiplin", queryset=HukumanDisiplin.objects.all()),
        Prefetch("kompetensi", queryset=Kompetensi.objects.select_related("bidang")),
    )
    try:
        return qs.get(nip=nip)
    except Pegawai.DoesNotExist as exc:
        raise Http404 from exc


def pegawai_peringatan(pegawai: Pegawai, *, on: dt.date | None = None) -> list[str]:
    """Warnings shown on the employee's page: NIP problems, retirement and rotation due.

    Uses the prefetched riwayat (no query when loaded by ``pegawai_get_for_user``).
    """
    on = on or today()
    config = settings.SIMUTASI
    warnings = list(pegawai.nip_warnings)
    pensiun = pegawai.tmt_pensiun
    bup_years = int(config["BUP_WARNING_YEARS"])
    if pensiun <= on:
        warnings.append(
            _("Past the retirement age: pension TMT was %(date)s.")
            % {"date": date_format(pensiun, "j F Y")}
        )
    elif pensiun <= add_years(on, bup_years):
        warnings.append(
            ngettext(
                "Retires within %(years)d year: pension TMT %(date)s.",
                "Retires within %(years)d years: pension TMT %(date)s.",
                bup_years,
            )
            % {"years": bup_years, "date": date_format(pensiun, "j F Y")}
        )
    in_position = pegawai.tahun_di_jabatan(on)
    rotation = int(config["ROTATION_DUE_YEARS"])
    if in_position is not None and in_position >= rotation:
        warnings.append(
            _(
                "%(years)d years in the current position: rotation due "
                "(≥ %(limit)d years, PP 11/2017 Pasal 190(3))."
            )
            % {"years": in_position, "limit": rotation}
        )
    if any(h.is_active_on(on) for h in pegawai.hukuman_disiplin.all()):
        warnings.append(
            _("Under examination for, or serving, a disciplinary sanction (PP 94/2021).")
        )
    return warnings
