from decimal import Decimal

import pytest

from instansi import abk
from instansi.models import bup_years


def test_beban_kerja_sums_volume_times_norma():
    rows = [(Decimal("1200"), Decimal("30")), (250, 90), (Decimal("12.5"), Decimal("4"))]
    assert abk.beban_kerja(rows) == Decimal("36000") + Decimal("22500") + Decimal("50")


def test_kebutuhan_uses_75000_minutes_and_rounds_half_up():
    hasil = abk.hitung(Decimal("187500"), bezetting=1)  # 2.5 people
    assert hasil.kebutuhan_exact == Decimal("2.5")
    assert hasil.kebutuhan == 3  # half up, not banker's rounding to 2
    assert hasil.gap == 2
    assert hasil.status == "kurang"


def test_surplus_gives_negative_gap_and_low_ej():
    hasil = abk.hitung(Decimal("75000"), bezetting=3)
    assert hasil.kebutuhan == 1
    assert hasil.gap == -2
    assert hasil.status == "lebih"
    assert hasil.ej == Decimal("75000") / Decimal("225000")
    assert hasil.grade == "E"


def test_no_holders_has_no_ej():
    hasil = abk.hitung(Decimal("150000"), bezetting=0)
    assert hasil.ej is None
    assert hasil.grade == ""
    assert hasil.gap == 2


@pytest.mark.parametrize(
    ("ej", "grade"),
    [
        ("1.20", "A"),
        ("1.001", "A"),
        ("1.00", "B"),
        ("0.90", "B"),
        ("0.899", "C"),
        ("0.70", "C"),
        ("0.69", "D"),
        ("0.50", "D"),
        ("0.49", "E"),
        ("0", "E"),
    ],
)
def test_ej_grade_boundaries(ej, grade):
    assert abk.grade(Decimal(ej)) == grade


def test_effective_minutes_is_a_setting(settings):
    settings.SIMUTASI = {**settings.SIMUTASI, "EFFECTIVE_MINUTES_PER_YEAR": 60_000}
    assert abk.hitung(Decimal("120000"), bezetting=1).kebutuhan == 2


@pytest.mark.parametrize(
    ("jenis", "jenjang", "years"),
    [
        ("jpt_utama", "", 60),
        ("jpt_madya", "", 60),
        ("jpt_pratama", "", 60),
        ("administrator", "", 58),
        ("pengawas", "", 58),
        ("pelaksana", "", 58),
        ("fungsional_keahlian", "ahli_pertama", 58),
        ("fungsional_keahlian", "ahli_muda", 58),
        ("fungsional_keahlian", "ahli_madya", 60),
        ("fungsional_keahlian", "ahli_utama", 65),
        ("fungsional_keterampilan", "pemula", 58),
        ("fungsional_keterampilan", "penyelia", 58),
    ],
)
def test_bup_per_position_type(jenis, jenjang, years):
    assert bup_years(jenis, jenjang) == years


def test_formasi_annotated_counts_holders_and_workload(db):
    from instansi.selectors import formasi_annotated
    from tests.factories import (
        AnalisisBebanKerjaFactory,
        FormasiFactory,
        PegawaiFactory,
        UnitKerjaFactory,
    )

    formasi = FormasiFactory()
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("1500"), norma_waktu=Decimal("100"))
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("500"), norma_waktu=Decimal("30"))
    unit = UnitKerjaFactory(instansi=formasi.instansi)
    per_unit = FormasiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan, unit=unit)
    PegawaiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan, unit=unit)
    PegawaiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan)
    PegawaiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan, is_active=False)
    PegawaiFactory(jabatan=formasi.jabatan)  # another agency

    rows = {f.pk: f for f in formasi_annotated()}
    assert rows[formasi.pk].bezetting == 2
    assert rows[per_unit.pk].bezetting == 1
    assert rows[formasi.pk].beban_kerja == Decimal("165000")
    hasil = rows[formasi.pk].hasil
    assert hasil.kebutuhan == 2  # 2.2 rounded
    assert hasil.gap == 0
    # The un-annotated object computes the same figures.
    assert formasi.hasil == hasil
    assert rows[per_unit.pk].hasil.kebutuhan == 0
