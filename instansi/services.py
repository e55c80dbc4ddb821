"""Writes about agencies and formasi. Views call these; they own their transaction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from instansi.models import AnalisisBebanKerja, Formasi
from instansi.selectors import instansi_scope_for_user


@dataclass(frozen=True)
class AbkRow:
    """One task line as the user left it in the worksheet."""

    uraian_tugas: str
    satuan_hasil: str
    volume: Decimal
    norma_waktu: Decimal
    urutan: int = 0


def abk_save(*, actor, formasi: Formasi, rows: Iterable[AbkRow]) -> list[AnalisisBebanKerja]:
    """Replace the ABK of ``formasi`` with ``rows``, all or nothing.

    The worksheet is saved as a whole: the lines are replaced rather than updated one by one,
    so renaming two tasks into each other cannot trip the (formasi, uraian_tugas) constraint
    half way. Nothing points at an ABK line, so replacing them loses no reference.
    """
    if not actor.has_perm("instansi.change_analisisbebankerja") or not (
        instansi_scope_for_user(actor).filter(pk=formasi.instansi_id).exists()
    ):
        raise PermissionDenied
    lines = [
        AnalisisBebanKerja(
            formasi_id=formasi.pk,
            uraian_tugas=row.uraian_tugas.strip(),
            satuan_hasil=row.satuan_hasil.strip(),
            volume=row.volume,
            norma_waktu=row.norma_waktu,
            urutan=row.urutan if row.urutan else index,
        )
        for index, row in enumerate(rows, start=1)
    ]
    for line in lines:
        line.full_clean(exclude=["formasi"], validate_unique=False, validate_constraints=False)
    names = [line.uraian_tugas.casefold() for line in lines]
    if len(names) != len(set(names)):
        raise ValidationError(_("A task is listed twice."))
    with transaction.atomic():
        # Lock the formasi so two operators saving the same worksheet queue up instead of
        # interleaving their delete and insert.
        Formasi.objects.select_for_update().filter(pk=formasi.pk).first()
        AnalisisBebanKerja.objects.filter(formasi_id=formasi.pk).delete()
        return AnalisisBebanKerja.objects.bulk_create(lines)
