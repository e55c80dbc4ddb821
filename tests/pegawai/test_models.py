import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from pegawai.referensi import golongan_pangkat, golongan_ruang, parse_golongan, predikat_from_nilai
from tests.factories import HukumanDisiplinFactory, JabatanFactory, PegawaiFactory


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("III/a", "31"),
        ("iii/a", "31"),
        ("III-b", "32"),
        ("IV/e Pembina Utama", "45"),
        ("31", "31"),
        (41, "41"),
        ("11.0", "11"),
        ("II/d", "24"),
    ],
)
def test_parse_golongan_accepts_both_forms(raw, code):
    assert parse_golongan(raw) == code


@pytest.mark.parametrize("raw", ["V/a", "III/f", "35", "99", "Penata", "3a"])
def test_parse_golongan_refuses_unknown(raw):
    with pytest.raises(ValueError):
        parse_golongan(raw)


def test_golongan_display_helpers():
    assert golongan_ruang("31") == "III/a"
    assert golongan_pangkat("31") == "Penata Muda"
    assert golongan_pangkat("45") == "Pembina Utama"


@pytest.mark.parametrize(
    ("nilai", "predikat"),
    [
        (100, "sangat_baik"),
        (91, "sangat_baik"),
        (90.99, "baik"),
        (76, "baik"),
        (75, "butuh_perbaikan"),
        (61, "butuh_perbaikan"),
        (60, "kurang"),
        (51, "kurang"),
        (50, "sangat_kurang"),
        (0, "sangat_kurang"),
    ],
)
def test_old_scores_map_to_predikat(nilai, predikat):
    assert predikat_from_nilai(nilai) == predikat


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("jenis", "jenjang", "bup_date", "pensiun"),
    [
        ("pelaksana", "", dt.date(2043, 3, 12), dt.date(2043, 4, 1)),
        ("jpt_pratama", "", dt.date(2045, 3, 12), dt.date(2045, 4, 1)),
        ("fungsional_keahlian", "ahli_madya", dt.date(2045, 3, 12), dt.date(2045, 4, 1)),
        ("fungsional_keahlian", "ahli_utama", dt.date(2050, 3, 12), dt.date(2050, 4, 1)),
    ],
)
def test_bup_date_follows_the_position(jenis, jenjang, bup_date, pensiun):
    pegawai = PegawaiFactory(
        tanggal_lahir=dt.date(1985, 3, 12), jabatan=JabatanFactory(jenis=jenis, jenjang=jenjang)
    )
    assert pegawai.tanggal_bup == bup_date
    assert pegawai.tmt_pensiun == pensiun


@pytest.mark.django_db
def test_pension_tmt_in_december_rolls_over_the_year():
    pegawai = PegawaiFactory(tanggal_lahir=dt.date(1970, 12, 5), tmt_cpns=dt.date(1995, 3, 1))
    assert pegawai.tmt_pensiun == dt.date(2029, 1, 1)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 28, 10, 0), tick=False)
def test_derived_ages_and_service():
    pegawai = PegawaiFactory(
        tanggal_lahir=dt.date(1985, 3, 12),
        tmt_cpns=dt.date(2010, 1, 1),
        tmt_jabatan=dt.date(2021, 11, 28),
    )
    assert pegawai.usia() == 41
    assert pegawai.masa_kerja() == (16, 10)
    assert pegawai.tahun_di_jabatan() == 5
    assert pegawai.lama_jabatan() == Decimal("5.0")
    assert pegawai.tahun_di_jabatan(dt.date(2026, 11, 27)) == 4


@pytest.mark.django_db
def test_clean_normalises_nip_and_flags_pppk_number_on_pns():
    pegawai = PegawaiFactory.build(
        nip="19900520 202221 0 015", tanggal_lahir=dt.date(1990, 5, 20), golongan=""
    )
    pegawai.instansi.save()
    pegawai.instansi_id = pegawai.instansi.pk
    pegawai.jabatan.save()
    pegawai.jabatan_id = pegawai.jabatan.pk
    with pytest.raises(ValidationError) as exc:
        pegawai.full_clean()
    assert "status_kepegawaian" in exc.value.message_dict
    pegawai.status_kepegawaian = "pppk"
    pegawai.full_clean()
    assert pegawai.nip == "199005202022210015"


@pytest.mark.django_db
def test_nip_warnings_report_mismatch_with_birth_date():
    pegawai = PegawaiFactory(tanggal_lahir=dt.date(1985, 3, 12))
    assert pegawai.nip_warnings == []
    pegawai.tanggal_lahir = dt.date(1985, 4, 12)
    assert len(pegawai.nip_warnings) == 1


@pytest.mark.django_db
def test_sanction_active_window_is_inclusive():
    hukuman = HukumanDisiplinFactory(
        tanggal_mulai=dt.date(2026, 1, 1), tanggal_selesai=dt.date(2026, 11, 28)
    )
    assert hukuman.is_active_on(dt.date(2026, 11, 28))
    assert not hukuman.is_active_on(dt.date(2026, 11, 29))
    assert not hukuman.is_active_on(dt.date(2025, 12, 31))
    hukuman.dalam_pemeriksaan = True
    assert hukuman.is_active_on(dt.date(2030, 1, 1))


@pytest.mark.django_db
def test_sanction_kind_must_match_level():
    hukuman = HukumanDisiplinFactory.build(
        pegawai=PegawaiFactory(), tingkat="ringan", jenis="pemberhentian"
    )
    with pytest.raises(ValidationError):
        hukuman.full_clean()


@pytest.mark.django_db
def test_one_employees_history_is_read_without_joining_the_employees():
    """Histories are ordered by the employee's id, not by the employee's name: reading one
    employee's rows (every prefetch of the detail page, the rules, the recommendations)
    then needs no join with the 100,000-row employee table."""
    from pegawai import models

    pegawai = PegawaiFactory()
    for model in (
        models.RiwayatJabatan,
        models.RiwayatGolongan,
        models.RiwayatPendidikan,
        models.RiwayatDiklat,
        models.PenilaianKinerja,
        models.HukumanDisiplin,
        models.Kompetensi,
    ):
        sql = str(model.objects.filter(pegawai=pegawai).query)
        assert '"pegawai_pegawai"' not in sql, model.__name__
        assert "ORDER BY" in sql, model.__name__
