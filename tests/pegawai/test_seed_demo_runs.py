"""seed_demo from an empty database: the same seed gives the same data; bad sizes are refused.

Apart from test_seed_demo.py, whose module-wide seeded province would be in the way here.
"""

from __future__ import annotations

import pytest
from django.core.management import CommandError
from django.db import transaction

from instansi.models import AnalisisBebanKerja
from pegawai.models import Pegawai, RiwayatGolongan
from tests.pegawai.test_seed_demo import seed

pytestmark = pytest.mark.slow


def _snapshot() -> dict[str, list]:
    return {
        "pegawai": list(
            Pegawai.objects.order_by("nip").values_list(
                "nip", "nama", "gelar_belakang", "tanggal_lahir", "jabatan__kode", "instansi__kode"
            )
        ),
        "abk": list(
            AnalisisBebanKerja.objects.order_by(
                "formasi__instansi__kode", "formasi__unit__kode", "formasi__jabatan__kode", "urutan"
            ).values_list("formasi__jabatan__kode", "volume", "norma_waktu")
        ),
        "riwayat": sorted(RiwayatGolongan.objects.values_list("pegawai__nip", "golongan", "tmt")),
    }


def test_same_seed_gives_the_same_data(db):
    with transaction.atomic():
        seed(seed=7)
        first = _snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        seed(seed=8)
        other = _snapshot()
        transaction.set_rollback(True)
    assert not Pegawai.objects.exists()

    seed(seed=7)
    assert _snapshot() == first
    assert other["pegawai"] != first["pegawai"]


def test_size_below_minimum_is_refused(db):
    with pytest.raises(CommandError):
        seed(size=10)
