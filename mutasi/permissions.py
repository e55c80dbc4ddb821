"""Who may take which transition on a proposal (django-fsm-2 ``permission=`` callables).

Three rules stack up:
1. the role's Django permission (propose / verify / decide, given to the groups);
2. scope: an Operator OPD acts only on proposals whose origin or target is their agency
   (or a child agency of it, e.g. a UPT);
3. separation of duties (PP 11/2017 Pasal 190(5)): one person can't do two of propose /
   verify / decide on the same proposal, and nobody acts on a proposal about themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mutasi.models import UsulanMutasi
    from pontianak_mutasi.models import User

PROPOSE = "propose"
VERIFY = "verify"
DECIDE = "decide"

# Which duty each logged action belongs to.
PHASE_OF_TRANSITION = {
    "buat": PROPOSE,
    "ajukan": PROPOSE,
    "batalkan": PROPOSE,
    "mulai_verifikasi": VERIFY,
    "kembalikan": VERIFY,
    "nyatakan_memenuhi_syarat": VERIFY,
    "nyatakan_tidak_memenuhi_syarat": VERIFY,
    "pengecualian": VERIFY,
    "periksa_dokumen": VERIFY,
    "setujui": DECIDE,
    "tolak": DECIDE,
    # Issuing the decree and applying it are administrative steps, not one of the three duties.
    "terbitkan_sk": None,
    "selesaikan": None,
}


def in_agency_scope(user: User, *instansi_ids: int | None) -> bool:
    """True when the user works province-wide or at (a parent of) one of these agencies."""
    if user.sees_all_agencies:
        return True
    if not user.instansi_id:
        return False
    from instansi.models import Instansi

    ids = {i for i in instansi_ids if i}
    if user.instansi_id in ids:
        return True
    return Instansi.objects.filter(pk__in=ids, induk_id=user.instansi_id).exists()


def phases_of(usulan: UsulanMutasi, user: User) -> set[str]:
    """The duties this user has already performed on this proposal."""
    if usulan.pk is None:
        return set()
    phases = {
        PHASE_OF_TRANSITION.get(name)
        for name in usulan.log.filter(actor=user).values_list("transition", flat=True)
    }
    if usulan.created_by_id == user.pk:
        phases.add(PROPOSE)
    phases.discard(None)
    return phases


def conflict_reason(usulan: UsulanMutasi, user: User, phase: str) -> str | None:
    """Why the user may not perform ``phase`` on this proposal, or None."""
    from django.utils.translation import gettext as _

    if user.pegawai_id and user.pegawai_id == usulan.pegawai_id:
        return _("You cannot act on a transfer proposal about yourself.")
    others = phases_of(usulan, user) - {phase}
    if others:
        return _(
            "Separation of duties (PP 11/2017 Pasal 190(5)): you already acted on this "
            "proposal in another role."
        )
    return None


def can_propose(usulan: UsulanMutasi, user: User) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("mutasi.propose_usulanmutasi")
        and in_agency_scope(user, usulan.asal_instansi_id, usulan.tujuan_instansi_id)
        and conflict_reason(usulan, user, PROPOSE) is None
    )


def can_withdraw(usulan: UsulanMutasi, user: User) -> bool:
    return can_propose(usulan, user)


def can_verify(usulan: UsulanMutasi, user: User) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("mutasi.verify_usulanmutasi")
        and conflict_reason(usulan, user, VERIFY) is None
    )


def can_decide(usulan: UsulanMutasi, user: User) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("mutasi.decide_usulanmutasi")
        and conflict_reason(usulan, user, DECIDE) is None
    )


def can_issue_sk(usulan: UsulanMutasi, user: User) -> bool:
    """BKD officers compose and issue decrees; the proposal's subject may not."""
    return (
        user.is_authenticated
        and user.has_perm("mutasi.issue_suratkeputusan")
        and not (user.pegawai_id and user.pegawai_id == usulan.pegawai_id)
    )
