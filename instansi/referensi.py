"""Agencies, units and positions kept in the shared cache (docs/scaling.md).

A proposal points at six of them (origin and target agency, unit and position) and its
employee at three more; the rules read the target position's accepted fields of education
and required competences. They change seldom (an administrator's edit, an import), and every
page about a proposal read them again: three joins and up to six queries. Here each row is
read once and kept (a position also with its requirements, for the rules: a second entry, as
a list's rows have no use for them) under the *reference generation*
(pontianak_mutasi/generasi.py): any write through Django to agencies, units, positions,
fields or the requirements replaces it, so an edit shows on the next request.
``REFERENCE_CACHE_SECONDS`` bounds how long a change made outside Django can go unseen; 0
reads them from the database every time.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model, Prefetch, QuerySet

from instansi.models import Bidang, Instansi, Jabatan, KebutuhanKompetensi, UnitKerja
from pontianak_mutasi.generasi import Generasi

# "syarat": a position with what the rules read about it (jabatan_prefetch); the others plain,
# as a row of a list shows them (a pickled prefetch costs more to read back than the row).
_MODELS: dict[str, type[Model]] = {
    "instansi": Instansi,
    "unit": UnitKerja,
    "jabatan": Jabatan,
    "syarat": Jabatan,
}
_LABELS = {Instansi: "instansi", UnitKerja: "unit", Jabatan: "jabatan"}

REFERENSI = Generasi(
    "referensi",
    lambda: (
        Instansi,
        UnitKerja,
        Jabatan,
        Jabatan.bidang_pendidikan.through,
        KebutuhanKompetensi,
        Bidang,
    ),
    "REFERENCE_CACHE_SECONDS",
)


def jabatan_prefetch() -> tuple:
    """What the eligibility rules and the fit score read about a position: its accepted
    fields of education, its required competences with their field (by the field's name)."""
    return (
        "bidang_pendidikan",
        Prefetch(
            "kebutuhan_kompetensi",
            queryset=KebutuhanKompetensi.objects.select_related("bidang").order_by("bidang__nama"),
        ),
    )


def _queryset(label: str) -> QuerySet:
    if label == "syarat":
        return Jabatan.objects.prefetch_related(*jabatan_prefetch())
    return _MODELS[label]._default_manager.all()


def _read(names: list[str]) -> dict[str, Model]:
    wanted: dict[str, list[int]] = defaultdict(list)
    for name in names:
        label, pk = name.split(":")
        wanted[label].append(int(pk))
    return {
        f"{label}:{row.pk}": row
        for label, pks in wanted.items()
        for row in _queryset(label).filter(pk__in=pks)
    }


def isi(objects: Iterable[Model], *paths: str, syarat: Iterable[str] = ()) -> None:
    """Set the agencies, units and positions that ``objects`` point at through ``paths``
    (foreign keys, or ``a__b`` through an object already joined or set) from the kept rows:
    one cache read, and one query per kind for the rows not kept. A relation already loaded
    is left as it is. The positions of the ``syarat`` paths (among ``paths``) come with
    ``jabatan_prefetch()``, what the eligibility rules read."""
    syarat = set(syarat)
    targets = []
    for obj in objects:
        for path in paths:
            *through, name = path.split("__")
            owner = obj
            for step in through:
                owner = getattr(owner, step)
                if owner is None:
                    break
            if owner is None:
                continue
            field = owner._meta.get_field(name)
            pk = getattr(owner, field.attname)
            if pk is not None and not field.is_cached(owner):
                label = "syarat" if path in syarat else _LABELS[field.related_model]
                targets.append((owner, field, f"{label}:{pk}"))
    if not targets:
        return
    rows = REFERENSI.kept_many([key for _owner, _field, key in targets], _read, copy.copy)
    for owner, field, key in targets:
        if key in rows:  # a row deleted meanwhile is left to load (and fail) as before
            field.set_cached_value(owner, rows[key])
