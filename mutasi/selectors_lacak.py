"""The public tracking page's one read (docs/lacak.md): a proposal found only by its
employee's NIP *and* its number together, projected to what that employee may see.

The view never receives the model: it gets a ``UsulanPublik`` holding exactly the fields
below, so a template change cannot leak the employee's birth date, the officers' names or
internal notes by accident.

Policy, in one place:
- Only proposals that were submitted at least once (``diajukan_at`` set) are found. A draft
  is the agency's work in progress: nothing has been sent to the BKD yet, and a draft that
  was withdrawn before submission stays unknown too.
- The timeline lists the steps in ``LANGKAH_PUBLIK`` only (an allow-list: a new kind of log
  row stays internal until someone decides otherwise). Rule overrides, document checks and
  manual-handling flags are the officers' working notes and are left out.
- No actor, ever: the employee sees what happened and when, not who did it.
- A note is shown only for the steps in ``CATATAN_PUBLIK``: the reason given when the BKD
  returns the proposal for revision, declares it not eligible, or the official rejects it.
  Those are the grounds of a decision about the employee; the officer's form says the
  employee will read them. A withdrawal's note is the proposing agency's internal reason and
  stays hidden (the employee asks their agency).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mutasi.models import Status, StatusSK, UsulanMutasi

LANGKAH_PUBLIK: dict[str, Promise] = {
    "ajukan": _("Submitted to the BKD"),
    "mulai_verifikasi": _("Verification by the BKD started"),
    "kembalikan": _("Returned to the proposing agency for revision"),
    "nyatakan_memenuhi_syarat": _("Declared eligible; awaiting the decision"),
    "nyatakan_tidak_memenuhi_syarat": _("Declared not eligible"),
    "setujui": _("Approved"),
    "tolak": _("Rejected"),
    "batalkan": _("Withdrawn by the proposing agency"),
    "terbitkan_sk": _("Decree (SK) issued"),
    "koreksi_sk": _("Decree (SK) corrected by a new decree"),
    "selesaikan": _("Transfer took effect"),
}
RESUBMITTED = _("Resubmitted after revision")
CATATAN_PUBLIK = {"kembalikan", "nyatakan_tidak_memenuhi_syarat", "tolak"}


@dataclass(frozen=True)
class Langkah:
    waktu: dt.datetime
    label: str
    status: str  # the state after the step, for the status badge
    catatan: str  # empty unless the step's note is meant for the employee


@dataclass(frozen=True)
class SKPublik:
    nomor: str
    tanggal_penetapan: dt.date
    tmt: dt.date
    token: str  # for the link to the public verification page


@dataclass(frozen=True)
class UsulanPublik:
    nomor: str
    jenis_mutasi: str  # label
    status: str
    tujuan_jabatan: str
    tujuan_instansi: str
    tujuan_unit: str
    langkah: list[Langkah]
    sk: SKPublik | None


def _label(transition: str, from_status: str) -> str:
    if transition == "ajukan" and from_status == Status.DIKEMBALIKAN:
        return str(RESUBMITTED)
    return str(LANGKAH_PUBLIK[transition])


def usulan_lacak(*, nip: str, nomor: str) -> UsulanPublik | None:
    """The proposal numbered ``nomor`` if it is about the employee with ``nip`` (both
    normalised) and was submitted; otherwise None.

    Both conditions are one query, so a wrong NIP, a wrong number, another employee's NIP and
    a draft all take the same path and give the same answer: the caller cannot tell which
    part was wrong. Found: three queries whatever the length of the log.
    """
    usulan = (
        UsulanMutasi.objects.filter(nomor=nomor, pegawai__nip=nip, diajukan_at__isnull=False)
        .select_related("tujuan_instansi", "tujuan_unit", "tujuan_jabatan")
        .first()
    )
    if usulan is None:
        return None
    log = (
        usulan.log.filter(transition__in=LANGKAH_PUBLIK)
        .order_by("created_at", "pk")
        .values_list("created_at", "transition", "from_status", "to_status", "note")
    )
    langkah = [
        Langkah(
            waktu=created_at,
            label=_label(transition, from_status),
            status=to_status,
            catatan=note if transition in CATATAN_PUBLIK else "",
        )
        for created_at, transition, from_status, to_status, note in log
    ]
    # The decree in force: after a correction, the correcting decree (the revoked one is
    # "dicabut"); a correction still in draft is not a decree yet.
    sk = (
        usulan.sk_set.filter(status=StatusSK.TERBIT)
        .order_by("-diterbitkan_at", "-pk")
        .values("nomor", "tanggal_penetapan", "tmt", "token")
        .first()
    )
    return UsulanPublik(
        nomor=usulan.nomor,
        jenis_mutasi=str(usulan.get_jenis_mutasi_display()),
        status=usulan.status,
        tujuan_jabatan=usulan.tujuan_jabatan.nama,
        tujuan_instansi=usulan.tujuan_instansi.nama,
        tujuan_unit=usulan.tujuan_unit.nama if usulan.tujuan_unit else "",
        langkah=langkah,
        sk=SKPublik(**sk) if sk else None,
    )
