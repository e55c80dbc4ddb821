"""Import/export of agencies, units, positions, formasi and ABK lines (resource API)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from instansi.models import AnalisisBebanKerja, Bidang, Formasi, Instansi, Jabatan, UnitKerja
from instansi.resources import (
    AnalisisBebanKerjaResource,
    BidangResource,
    FormasiResource,
    InstansiResource,
    JabatanResource,
    UnitKerjaResource,
)
from pontianak_mutasi.importing import import_errors
from tests.factories import (
    BidangFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    UnitKerjaFactory,
)
from tests.pegawai.test_import import (
    assert_clean,
    csv_bytes,
    load_csv,
    load_xlsx,
    run_import,
    totals,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# -- bidang and instansi -------------------------------------------------------------------


def test_bidang_keyed_by_kode(db):
    header = ["kode", "nama", "kata_kunci"]
    rows = [["ti", "Teknologi Informasi", "informatika"], ["kesmas", "Kesehatan Masyarakat", ""]]
    assert_clean(run_import(BidangResource, load_csv(csv_bytes([header, *rows]))))
    rows[0][1] = "Teknologi Informasi dan Komunikasi"

    result = run_import(BidangResource, load_csv(csv_bytes([header, *rows])))

    assert totals(result) == {"update": 1, "skip": 1}
    assert Bidang.objects.get(kode="ti").nama == "Teknologi Informasi dan Komunikasi"


def test_instansi_with_parent_by_kode(db):
    header = ["kode", "nama", "singkatan", "jenis", "induk", "wilayah"]
    rows = [
        ["1.02.01", "Dinas Kesehatan", "Dinkes", "dinas", "", "61.71"],
        ["1.02.01.01", "UPT Laboratorium Kesehatan Daerah", "Labkesda", "upt", "1.02.01", ""],
        [
            "61.01",
            "Pemerintah Kabupaten Sambas",
            "",
            "Regency/city government",
            "",
            "Kabupaten Sambas",
        ],
    ]

    result = run_import(InstansiResource, load_csv(csv_bytes([header, *rows])))

    assert_clean(result)
    upt = Instansi.objects.get(kode="1.02.01.01")
    assert upt.induk.kode == "1.02.01"
    assert upt.wilayah == "61.71"  # empty cell: the field's default
    sambas = Instansi.objects.get(kode="61.01")
    assert (sambas.jenis, sambas.wilayah, sambas.is_external) == ("kabkota", "61.01", True)
    assert totals(run_import(InstansiResource, load_csv(csv_bytes([header, *rows])))) == {"skip": 3}


def test_instansi_unknown_parent_and_type(db):
    header = ["kode", "nama", "jenis", "induk"]
    rows = [
        ["1.02.01", "Dinas Kesehatan", "dinas", ""],
        ["1.02.01.01", "UPT Labkesda", "upt", "9.99"],
        ["1.03.01", "Dinas PUPR", "kementerian", ""],
    ]

    result = run_import(InstansiResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert "Row 3, column induk: Agency with code 9.99 not found." in messages
    assert any(m.startswith("Row 4, column jenis: Unknown value") for m in messages), messages
    assert not Instansi.objects.exists()


# -- unit kerja ----------------------------------------------------------------------------


def test_unit_keyed_by_agency_and_code(db):
    InstansiFactory(kode="1.02.01", nama="Dinas Kesehatan")
    InstansiFactory(kode="2.16.01", nama="Dinas Kominfo")
    header = ["instansi", "kode", "nama", "induk"]
    rows = [
        ["1.02.01", "SEK", "Sekretariat", ""],
        ["1.02.01", "SEK.UM", "Subbagian Umum", "SEK"],
        ["2.16.01", "SEK", "Sekretariat Kominfo", ""],  # same code, other agency: a new unit
    ]

    result = run_import(UnitKerjaResource, load_csv(csv_bytes([header, *rows])))

    assert_clean(result)
    assert totals(result) == {"new": 3}
    assert UnitKerja.objects.get(kode="SEK.UM").induk.instansi.kode == "1.02.01"
    rows[2][2] = "Sekretariat Diskominfo"
    again = run_import(UnitKerjaResource, load_csv(csv_bytes([header, *rows])))
    assert totals(again) == {"skip": 2, "update": 1}
    assert UnitKerja.objects.count() == 3
    assert UnitKerja.objects.get(instansi__kode="2.16.01").nama == "Sekretariat Diskominfo"


def test_unit_of_unknown_agency(db):
    InstansiFactory(kode="1.02.01")
    header = ["instansi", "kode", "nama"]
    rows = [["1.02.01", "SEK", "Sekretariat"], ["X.99", "SEK", "Sekretariat"]]

    result = run_import(UnitKerjaResource, load_csv(csv_bytes([header, *rows])))

    assert "Row 3, column instansi: Agency with code X.99 not found." in import_errors(result)
    assert not UnitKerja.objects.exists()


# -- jabatan -------------------------------------------------------------------------------


def test_jabatan_with_fields_of_study_and_minimum_rank(db):
    BidangFactory(kode="ti", nama="Teknologi Informasi")
    BidangFactory(kode="si", nama="Sistem Informasi")
    header = [
        "kode",
        "nama",
        "jenis",
        "jenjang",
        "kelas_jabatan",
        "min_pendidikan",
        "bidang_pendidikan",
        "min_golongan",
    ]
    rows = [
        ["PRANATA-KOM-AM", "Pranata Komputer Ahli Muda", "fungsional_keahlian", "Ahli Muda",
         "9", "S-1", "ti, si", "III/c"],
        ["PENGADMIN", "Pengadministrasi Umum", "pelaksana", "", 5.0, "SMA", "", "21"],
    ]  # fmt: skip

    result = run_import(JabatanResource, load_xlsx(xlsx_bytes([header, *rows])))

    assert_clean(result)
    prakom = Jabatan.objects.get(kode="PRANATA-KOM-AM")
    assert (prakom.jenjang, prakom.min_pendidikan, prakom.min_golongan) == ("ahli_muda", "S1", "33")
    assert sorted(prakom.bidang_pendidikan.values_list("kode", flat=True)) == ["si", "ti"]
    assert Jabatan.objects.get(kode="PENGADMIN").kelas_jabatan == 5
    again = run_import(JabatanResource, load_xlsx(xlsx_bytes([header, *rows])))
    assert totals(again) == {"skip": 2}

    exported = {row["kode"]: row for row in JabatanResource().export().dict}
    assert exported["PRANATA-KOM-AM"]["bidang_pendidikan"] == "si, ti"
    assert exported["PRANATA-KOM-AM"]["min_golongan"] == "III/c"
    assert exported["PENGADMIN"]["bidang_pendidikan"] == ""


def test_jabatan_errors(db):
    header = ["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "bidang_pendidikan"]
    rows = [
        ["A", "Analis", "fungsional_keahlian", "", "9", ""],  # model: needs an Ahli level
        ["B", "Bendahara", "pelaksana", "", "18", ""],  # class 1–17
        ["C", "Caraka", "pelaksana", "", "1", "hukum"],  # unknown field code
        ["D", "Dokter", "pelaksana", "", "tujuh", ""],  # not a number
    ]

    result = run_import(JabatanResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert any(m.startswith("Row 2, column jenjang:") for m in messages), messages
    assert any(m.startswith("Row 3, column kelas_jabatan:") for m in messages), messages
    assert "Row 4, column bidang_pendidikan: Unknown field code(s): hukum." in messages
    assert any(m.startswith("Row 5, column kelas_jabatan:") for m in messages), messages
    assert not Jabatan.objects.exists()


# -- formasi and ABK ----------------------------------------------------------------------


@pytest.fixture
def katalog(db):
    dinkes = InstansiFactory(kode="1.02.01", nama="Dinas Kesehatan")
    kominfo = InstansiFactory(kode="2.16.01", nama="Dinas Kominfo")
    return {
        "dinkes": dinkes,
        "kominfo": kominfo,
        "sek": UnitKerjaFactory(instansi=dinkes, kode="SEK", nama="Sekretariat"),
        "kominfo_only": UnitKerjaFactory(instansi=kominfo, kode="APTIKA", nama="Aptika"),
        "analis": JabatanFactory(kode="ANALIS", nama="Analis"),
    }


def test_formasi_keyed_by_agency_unit_and_position(katalog):
    header = ["instansi", "unit", "jabatan", "keterangan"]
    rows = [["1.02.01", "SEK", "ANALIS", "di sekretariat"], ["1.02.01", "", "ANALIS", "dinas"]]
    assert_clean(run_import(FormasiResource, load_csv(csv_bytes([header, *rows]))))
    rows[1][3] = "seluruh dinas"

    result = run_import(FormasiResource, load_csv(csv_bytes([header, *rows])))

    assert totals(result) == {"skip": 1, "update": 1}
    assert Formasi.objects.count() == 2
    assert Formasi.objects.get(unit__isnull=True).keterangan == "seluruh dinas"


def test_formasi_unit_must_be_of_the_agency(katalog):
    header = ["instansi", "unit", "jabatan"]
    rows = [["1.02.01", "APTIKA", "ANALIS"]]

    result = run_import(FormasiResource, load_csv(csv_bytes([header, *rows])))

    assert import_errors(result) == [
        "Row 2, column unit: Unit with code APTIKA not found in agency 1.02.01."
    ]
    assert not Formasi.objects.exists()


def test_abk_lines_keyed_by_formasi_and_task(katalog):
    formasi = FormasiFactory(
        instansi=katalog["dinkes"], unit=katalog["sek"], jabatan=katalog["analis"]
    )
    header = [
        "instansi",
        "unit",
        "jabatan",
        "uraian_tugas",
        "satuan_hasil",
        "volume",
        "norma_waktu",
    ]
    rows = [
        ["1.02.01", "SEK", "ANALIS", "Menyusun laporan", "Laporan", "12", "600"],
        ["1.02.01", "SEK", "ANALIS", "Memverifikasi usulan", "Usulan", "1200", "30,5"],
    ]

    result = run_import(
        AnalisisBebanKerjaResource, load_csv(csv_bytes([header, *rows], delimiter=";"))
    )

    assert_clean(result)
    verifikasi = AnalisisBebanKerja.objects.get(uraian_tugas="Memverifikasi usulan")
    assert (verifikasi.formasi, verifikasi.volume, verifikasi.norma_waktu) == (
        formasi,
        Decimal("1200"),
        Decimal("30.5"),
    )
    rows[0][5] = "24"
    again = run_import(AnalisisBebanKerjaResource, load_csv(csv_bytes([header, *rows])))
    assert totals(again) == {"update": 1, "skip": 1}
    assert AnalisisBebanKerja.objects.count() == 2
    exported = AnalisisBebanKerjaResource().export().dict
    assert {(r["instansi"], r["unit"], r["jabatan"]) for r in exported} == {
        ("1.02.01", "SEK", "ANALIS")
    }


def test_abk_errors_name_the_right_column(katalog):
    FormasiFactory(instansi=katalog["dinkes"], unit=None, jabatan=katalog["analis"])
    header = [
        "instansi",
        "unit",
        "jabatan",
        "uraian_tugas",
        "satuan_hasil",
        "volume",
        "norma_waktu",
    ]
    rows = [
        ["1.02.01", "", "ANALIS", "Tugas baik", "Laporan", "1", "60"],
        ["9.99", "", "ANALIS", "Tugas", "Laporan", "1", "60"],
        ["1.02.01", "SEK", "ANALIS", "Tugas", "Laporan", "1", "60"],  # no formasi for the unit
        ["1.02.01", "", "ANALIS", "Tugas", "Laporan", "-1", "60"],
        ["1.02.01", "", "ANALIS", "Tugas", "Laporan", "satu", "60"],
    ]

    result = run_import(AnalisisBebanKerjaResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert "Row 3, column instansi: Agency with code 9.99 not found." in messages
    assert any(
        m.startswith("Row 4, column jabatan: No formasi for position ANALIS") for m in messages
    ), messages
    assert any(m.startswith("Row 5, column volume:") for m in messages), messages
    assert "Row 6, column volume: “satu” is not a number." in messages
    assert [r.number for r in result.invalid_rows] == [3, 4, 5, 6]
    assert not AnalisisBebanKerja.objects.exists()


def test_jabatan_export_query_count_does_not_grow_with_rows(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    bidang = [BidangFactory(), BidangFactory()]

    def make():
        JabatanFactory().bidang_pendidikan.set(bidang)

    make()
    with CaptureQueriesContext(connection) as few:
        JabatanResource().export()
    for _ in range(10):
        make()
    with CaptureQueriesContext(connection) as many:
        dataset = JabatanResource().export()

    assert len(dataset) == 11
    assert len(many) == len(few)
