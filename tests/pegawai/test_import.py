"""Import/export of employees and their history through the resource API.

Files are built in the tests (CSV bytes, XLSX with openpyxl) and read with the same format
classes the admin uses, so what is tested is what an operator uploads.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from instansi.models import Bidang
from pegawai.models import (
    HukumanDisiplin,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pegawai.resources import (
    HukumanDisiplinResource,
    KompetensiResource,
    PegawaiResource,
    PenilaianKinerjaResource,
    RiwayatDiklatResource,
    RiwayatGolonganResource,
    RiwayatJabatanResource,
    RiwayatPendidikanResource,
)
from pontianak_mutasi.importing import CSV, XLSX, import_errors
from tests.factories import (
    BidangFactory,
    InstansiFactory,
    JabatanFactory,
    KompetensiFactory,
    PegawaiFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    UnitKerjaFactory,
)

# -- helpers (also used by tests/instansi/test_import.py and tests/test_admin.py) ------------


def csv_bytes(rows: list[list], *, delimiter: str = ",", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load_csv(data: bytes):
    return CSV().create_dataset(data)


def load_xlsx(data: bytes):
    return XLSX().create_dataset(data)


def run_import(resource_class, dataset, *, dry_run: bool = False):
    return resource_class().import_data(dataset, dry_run=dry_run)


def assert_clean(result) -> None:
    assert not result.has_errors() and not result.has_validation_errors(), import_errors(result)


def totals(result) -> dict[str, int]:
    return {k: v for k, v in result.totals.items() if v}


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def english():
    # Messages are English in the code and Indonesian in the .po file: pin the language so the
    # assertions below do not change when the translation is filled in.
    with translation.override("en"):
        yield


@pytest.fixture
def referensi(db):
    dinkes = InstansiFactory(kode="1.02.01", nama="Dinas Kesehatan", singkatan="Dinkes")
    other = InstansiFactory(kode="2.16.01", nama="Dinas Kominfo", singkatan="Diskominfo")
    return {
        "dinkes": dinkes,
        "other": other,
        "sekretariat": UnitKerjaFactory(instansi=dinkes, kode="SEK", nama="Sekretariat"),
        # The same unit code in another agency must not be picked up.
        "sekretariat_other": UnitKerjaFactory(instansi=other, kode="SEK", nama="Sekretariat"),
        "analis": JabatanFactory(kode="ANALIS-SDM", nama="Analis SDM Aparatur"),
    }


HEADER = [
    "nip",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "status_kepegawaian",
    "golongan",
    "tmt_golongan",
    "instansi",
    "unit",
    "jabatan",
    "tmt_cpns",
]
ROW_A = [
    "19850312 201001 1 003",
    "Budi Santoso",
    "12-03-1985",
    "L",
    "PNS",
    "III/b",
    "01/04/2014",
    "1.02.01",
    "SEK",
    "ANALIS-SDM",
    "2010-01-01",
]
ROW_B = [
    "199001252015032001",
    "Siti Aminah",
    "25/01/1990",
    "Perempuan",
    "pns",
    "31",
    "2015-03-01",
    "1.02.01",
    "",
    "ANALIS-SDM",
    "01-03-2015",
]
ROW_C = [
    "19781230.200501.1.002",
    "Andi Wijaya",
    "1978-12-30",
    "Laki-laki",
    "PNS",
    "IV/a Pembina",
    "",
    "1.02.01",
    "SEK",
    "",
    "",
]


def column(name: str) -> int:
    return HEADER.index(name)


def with_cell(row: list, name: str, value) -> list:
    row = list(row)
    row[column(name)] = value
    return row


# -- good files ----------------------------------------------------------------------------


def test_good_csv_creates_employees(referensi):
    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, ROW_A, ROW_B, ROW_C])))

    assert_clean(result)
    assert totals(result) == {"new": 3}
    budi = Pegawai.objects.get(nip="198503122010011003")  # spaces removed
    assert budi.nama == "Budi Santoso"
    assert budi.golongan == "32"
    assert budi.tmt_golongan == dt.date(2014, 4, 1)
    assert budi.tanggal_lahir == dt.date(1985, 3, 12)
    assert budi.tmt_cpns == dt.date(2010, 1, 1)
    assert budi.unit == referensi["sekretariat"]  # the unit of Dinkes, not of Diskominfo
    assert budi.jabatan == referensi["analis"]
    assert budi.status_kepegawaian == "pns"
    siti = Pegawai.objects.get(nip="199001252015032001")
    assert (siti.jenis_kelamin, siti.golongan, siti.unit) == ("P", "31", None)
    andi = Pegawai.objects.get(nip="197812302005011002")  # dots removed
    assert (andi.jenis_kelamin, andi.golongan, andi.jabatan) == ("L", "41", None)


def test_dry_run_writes_nothing(referensi):
    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, ROW_A])), dry_run=True)

    assert_clean(result)
    assert totals(result) == {"new": 1}
    assert not Pegawai.objects.exists()


def test_semicolon_csv(referensi):
    data = csv_bytes([HEADER, ROW_A, ROW_B], delimiter=";")

    dataset = load_csv(data)

    assert dataset.headers == HEADER
    assert_clean(run_import(PegawaiResource, dataset))
    assert Pegawai.objects.count() == 2


def test_semicolon_csv_with_decimal_commas_in_cells(referensi):
    # Indonesian Excel: ';' between cells because ',' is the decimal separator.
    data = csv_bytes([["nip", "nama"], ["198503122010011003", "Budi, S.Kom"]], delimiter=";")

    dataset = load_csv(data)

    assert dataset.dict == [{"nip": "198503122010011003", "nama": "Budi, S.Kom"}]


def test_csv_with_bom(referensi):
    data = csv_bytes([HEADER, ROW_A], bom=True)
    assert data.startswith(b"\xef\xbb\xbf")

    dataset = load_csv(data)

    assert dataset.headers[0] == "nip"
    assert_clean(run_import(PegawaiResource, dataset))
    assert Pegawai.objects.filter(nip="198503122010011003").exists()


def test_headers_are_matched_case_insensitively_and_blank_lines_ignored(referensi):
    header = [h.upper() for h in HEADER]
    data = csv_bytes([header, ROW_A, [""] * len(HEADER), ROW_B, [""] * len(HEADER)])

    result = run_import(PegawaiResource, load_csv(data))

    assert_clean(result)
    assert Pegawai.objects.count() == 2


def test_csv_that_is_not_utf8_is_refused_with_a_clear_message(referensi):
    data = "nip,nama\r\n198503122010011003,Budi Santoso Caf\xe9\r\n".encode("cp1252")

    with pytest.raises(ValueError, match="not UTF-8"):
        load_csv(data)


def test_xlsx_with_date_cells(referensi):
    row_a = with_cell(ROW_A, "tanggal_lahir", dt.datetime(1985, 3, 12))
    row_a = with_cell(row_a, "tmt_cpns", dt.date(2010, 1, 1))
    row_b = with_cell(ROW_B, "golongan", 31)  # a number cell
    data = xlsx_bytes([HEADER, row_a, row_b, [None] * len(HEADER)])

    result = run_import(PegawaiResource, load_xlsx(data))

    assert_clean(result)
    assert totals(result) == {"new": 2}
    budi = Pegawai.objects.get(nip="198503122010011003")
    assert budi.tanggal_lahir == dt.date(1985, 3, 12)
    assert budi.tmt_cpns == dt.date(2010, 1, 1)
    assert Pegawai.objects.get(nip="199001252015032001").golongan == "31"


def test_xlsx_nip_stored_as_a_number_is_refused(referensi):
    # What Excel keeps of an 18-digit NIP typed into a number cell: 15 significant digits.
    row_b = with_cell(ROW_B, "nip", 199001252015032001.0)
    data = xlsx_bytes([HEADER, ROW_A, row_b])

    result = run_import(PegawaiResource, load_xlsx(data))

    messages = import_errors(result)
    assert any(
        m.startswith("Row 3, column nip:") and "stored as a number" in m for m in messages
    ), messages
    assert not Pegawai.objects.exists()


# -- bad files: the error names line and column, and nothing is written --------------------

BAD_CELLS = [
    pytest.param("nip", "19900125201503200", "exactly 18 digits", id="nip-17-digits"),
    pytest.param("nip", "1990012520150320011", "exactly 18 digits", id="nip-19-digits"),
    pytest.param("nip", "199013252015032001", "not a valid birth date", id="nip-bad-birth-date"),
    pytest.param("nip", "199001252015132001", "not a valid TMT CPNS", id="nip-bad-tmt"),
    pytest.param("nip", "1.99001E+17", "scientific notation", id="nip-excel-mangled"),
    pytest.param("golongan", "V/a", "Unknown rank", id="golongan-unknown"),
    pytest.param("golongan", "35", "Unknown rank", id="golongan-bad-code"),
    pytest.param(
        "instansi", "9.99.99", "Agency with code 9.99.99 not found", id="instansi-unknown"
    ),
    pytest.param("unit", "TIDAK-ADA", "Unit with code TIDAK-ADA not found", id="unit-unknown"),
    pytest.param(
        "jabatan", "TIDAK-ADA", "Position with code TIDAK-ADA not found", id="jabatan-unknown"
    ),
    pytest.param("tanggal_lahir", "1990.01.25", "is not a date", id="date-dots"),
    pytest.param("tanggal_lahir", "31-02-1990", "is not a date", id="date-impossible"),
    pytest.param("tanggal_lahir", "01-25-1990", "is not a date", id="date-month-first"),
    pytest.param("tanggal_lahir", "", "cannot be null", id="date-missing"),
    pytest.param("jenis_kelamin", "X", "Unknown value", id="gender-unknown"),
]


@pytest.mark.parametrize(("column_name", "value", "expected"), BAD_CELLS)
def test_bad_cell_is_reported_with_line_and_column_and_nothing_is_written(
    referensi, column_name, value, expected
):
    # One employee exists already; the file would update them and add two more.
    PegawaiFactory(nip="198503122010011003", nama="Nama Lama", instansi=referensi["dinkes"])
    bad = with_cell(ROW_B, column_name, value)
    data = csv_bytes([HEADER, ROW_A, bad, ROW_C])

    result = run_import(PegawaiResource, load_csv(data))

    assert result.has_validation_errors()
    messages = import_errors(result)
    assert any(m.startswith(f"Row 3, column {column_name}:") for m in messages), messages
    assert any(expected in m for m in messages), messages
    assert [row.number for row in result.invalid_rows] == [3]
    # All or nothing: the good lines 2 and 4 were rolled back with the bad one.
    assert list(Pegawai.objects.values_list("nip", "nama")) == [("198503122010011003", "Nama Lama")]


def test_errors_in_several_cells_of_a_row_are_all_reported(referensi):
    bad = with_cell(with_cell(ROW_B, "golongan", "X/z"), "tanggal_lahir", "kemarin")

    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, bad])))

    messages = import_errors(result)
    assert any(m.startswith("Row 2, column golongan:") for m in messages), messages
    assert any(m.startswith("Row 2, column tanggal_lahir:") for m in messages), messages


def test_model_validation_runs_on_import(referensi):
    # TMT CPNS before the birth date: caught by Pegawai.clean(), reported on its column.
    bad = with_cell(ROW_B, "tmt_cpns", "01-01-1980")

    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, bad])))

    messages = import_errors(result)
    assert any(
        m.startswith("Row 2, column tmt_cpns:") and "after the birth date" in m for m in messages
    ), messages
    assert not Pegawai.objects.exists()


def test_pppk_number_for_a_pns_is_refused(referensi):
    # 13th digit 2: an NI PPPK. As a PNS the model refuses it.
    bad = with_cell(ROW_B, "nip", "199001252021221001")

    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, bad])))

    messages = import_errors(result)
    assert any(m.startswith("Row 2, column status_kepegawaian:") for m in messages), messages


def test_nip_that_disagrees_with_the_birth_date_is_only_a_warning(referensi):
    # NIP says 12-03-1985, the record 13-03-1985: older records legitimately differ.
    row = with_cell(ROW_A, "tanggal_lahir", "13-03-1985")

    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, row])))

    assert_clean(result)
    pegawai = Pegawai.objects.get()
    assert pegawai.nip_warnings  # shown on the employee page, not refused


def test_missing_key_column_is_reported(referensi):
    header = [h for h in HEADER if h != "nip"]
    row = [v for h, v in zip(HEADER, ROW_A, strict=True) if h != "nip"]

    result = run_import(PegawaiResource, load_csv(csv_bytes([header, row])))

    assert result.has_errors()
    assert any("nip" in m for m in import_errors(result))
    assert not Pegawai.objects.exists()


# -- re-import -----------------------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(referensi):
    data = csv_bytes([HEADER, ROW_A, ROW_B])
    assert_clean(run_import(PegawaiResource, load_csv(data)))

    again = run_import(PegawaiResource, load_csv(data))

    assert_clean(again)
    assert totals(again) == {"skip": 2}
    assert Pegawai.objects.count() == 2


def test_reimport_updates_by_nip_instead_of_duplicating(referensi):
    assert_clean(run_import(PegawaiResource, load_csv(csv_bytes([HEADER, ROW_A, ROW_B]))))
    # Same NIP typed differently, new name and rank.
    changed = with_cell(with_cell(ROW_A, "nip", "198503122010011003"), "nama", "Budi S.")
    changed = with_cell(changed, "golongan", "III/c")

    result = run_import(PegawaiResource, load_csv(csv_bytes([HEADER, changed, ROW_B])))

    assert_clean(result)
    assert totals(result) == {"update": 1, "skip": 1}
    assert Pegawai.objects.count() == 2
    budi = Pegawai.objects.get(nip="198503122010011003")
    assert (budi.nama, budi.golongan) == ("Budi S.", "33")


@pytest.mark.parametrize("golongan", ["III/a", "31", "III/a Penata Muda", "iii-a", 31, "31.0"])
def test_golongan_in_either_form(referensi, golongan):
    row = with_cell(ROW_A, "golongan", golongan)

    result = run_import(PegawaiResource, load_xlsx(xlsx_bytes([HEADER, row])))

    assert_clean(result)
    assert Pegawai.objects.get().golongan == "31"


@pytest.mark.parametrize(
    "tanggal", ["12-03-1985", "12/03/1985", "1985-03-12", "1985-03-12 00:00:00"]
)
def test_three_date_forms(referensi, tanggal):
    row = with_cell(ROW_A, "tanggal_lahir", tanggal)

    assert_clean(run_import(PegawaiResource, load_csv(csv_bytes([HEADER, row]))))

    assert Pegawai.objects.get().tanggal_lahir == dt.date(1985, 3, 12)


# -- export --------------------------------------------------------------------------------


def test_export_writes_golongan_as_roman_and_nip_formatted(referensi):
    PegawaiFactory(
        nip="198503122010011003", golongan="31", instansi=referensi["dinkes"], jabatan=None
    )

    dataset = PegawaiResource().export()

    row = dataset.dict[0]
    assert row["nip"] == "19850312 201001 1 003"  # stays text when Excel opens the CSV
    assert row["golongan"] == "III/a"
    assert row["tanggal_lahir"] == "12-03-1985"
    assert row["instansi"] == "1.02.01"


@pytest.mark.parametrize("nama", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)"])
def test_export_neutralises_formulae(referensi, nama):
    PegawaiFactory(nip="198503122010011003", nama=nama, instansi=referensi["dinkes"])

    dataset = PegawaiResource().export()
    text = CSV().export_data(dataset)
    book = openpyxl.load_workbook(io.BytesIO(XLSX().export_data(dataset)))

    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0]["nama"] == f"'{nama}"
    cell = book.active.cell(row=2, column=2)
    assert cell.value == f"'{nama}"
    assert cell.data_type == "s"  # text, never a formula


def test_export_keeps_plain_negative_numbers(referensi):
    from pontianak_mutasi.importing import escape_formula

    assert escape_formula("-2") == "-2"
    assert escape_formula("-1,5") == "-1,5"
    assert escape_formula(-2) == -2
    assert escape_formula("-2+3") == "'-2+3"


def test_exported_csv_and_xlsx_import_back_unchanged(referensi):
    PegawaiFactory(nip="198503122010011003", nama="=cmd", instansi=referensi["dinkes"])
    PegawaiFactory(
        nip="199001252015032001",
        jenis_kelamin="P",
        tanggal_lahir=dt.date(1990, 1, 25),
        tmt_cpns=dt.date(2015, 3, 1),
        tmt_pns=None,
        instansi=referensi["dinkes"],
    )
    dataset = PegawaiResource().export()
    csv_file = CSV().export_data(dataset).encode("utf-8")
    xlsx_file = XLSX().export_data(PegawaiResource().export(force_native_type=True))

    for data, loader in ((csv_file, load_csv), (xlsx_file, load_xlsx)):
        result = run_import(PegawaiResource, loader(data))
        assert_clean(result)
        assert totals(result) == {"skip": 2}
    assert Pegawai.objects.get(nip="198503122010011003").nama == "=cmd"


# -- riwayat -------------------------------------------------------------------------------


@pytest.fixture
def budi(referensi):
    return PegawaiFactory(
        nip="198503122010011003", nama="Budi Santoso", instansi=referensi["dinkes"]
    )


def test_riwayat_golongan_keyed_by_nip_and_golongan(budi):
    header = ["nip", "golongan", "tmt", "nomor_sk"]
    rows = [
        ["19850312 201001 1 003", "31", "01-01-2010", "SK-1"],
        ["198503122010011003", "III/b", "01/04/2014", "SK-2"],
    ]
    assert_clean(run_import(RiwayatGolonganResource, load_csv(csv_bytes([header, *rows]))))
    rows[1][3] = "SK-2 (perbaikan)"

    result = run_import(RiwayatGolonganResource, load_csv(csv_bytes([header, *rows])))

    assert_clean(result)
    assert totals(result) == {"skip": 1, "update": 1}
    assert dict(budi.riwayat_golongan.values_list("golongan", "nomor_sk")) == {
        "31": "SK-1",
        "32": "SK-2 (perbaikan)",
    }


def test_riwayat_for_an_unknown_nip_is_refused(budi):
    header = ["nip", "golongan", "tmt"]
    rows = [["198503122010011003", "31", "01-01-2010"], ["199001252015032001", "32", "01-01-2014"]]

    result = run_import(RiwayatGolonganResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert any(
        m.startswith("Row 3, column nip:") and "Employee with NIP 199001252015032001 not found" in m
        for m in messages
    ), messages
    assert not RiwayatGolongan.objects.exists()


def test_riwayat_with_an_excel_mangled_nip_is_refused(budi):
    header = ["nip", "golongan", "tmt"]

    result = run_import(
        RiwayatGolonganResource,
        load_xlsx(xlsx_bytes([header, [198503122010011003.0, "31", "01-01-2010"]])),
    )

    messages = import_errors(result)
    assert any(m.startswith("Row 2, column nip:") for m in messages), messages
    assert not RiwayatGolongan.objects.exists()


def test_riwayat_jabatan_keyed_by_nip_and_tmt(budi, referensi):
    header = ["nip", "jabatan", "instansi", "unit", "tmt_mulai", "tmt_selesai", "jenis_mutasi"]
    rows = [
        [
            "198503122010011003",
            "ANALIS-SDM",
            "2.16.01",
            "SEK",
            "01-01-2010",
            "31-12-2019",
            "pengangkatan",
        ],
        ["198503122010011003", "ANALIS-SDM", "1.02.01", "SEK", "01-01-2020", "", "intra"],
    ]
    assert_clean(run_import(RiwayatJabatanResource, load_csv(csv_bytes([header, *rows]))))
    rows[1][6] = "rotasi"

    result = run_import(RiwayatJabatanResource, load_csv(csv_bytes([header, *rows])))

    assert_clean(result)
    assert totals(result) == {"skip": 1, "update": 1}
    current = budi.riwayat_jabatan.get(tmt_selesai__isnull=True)
    assert (current.jenis_mutasi, current.unit) == ("rotasi", referensi["sekretariat"])
    assert current.nama_jabatan == "Analis SDM Aparatur"
    assert (
        budi.riwayat_jabatan.get(tmt_mulai=dt.date(2010, 1, 1)).unit
        == referensi["sekretariat_other"]
    )


def test_riwayat_jabatan_two_open_positions_are_refused(budi):
    header = ["nip", "nama_jabatan", "tmt_mulai", "tmt_selesai"]
    rows = [
        ["198503122010011003", "Staf", "01-01-2010", ""],
        ["198503122010011003", "Analis", "01-01-2020", ""],
    ]

    result = run_import(RiwayatJabatanResource, load_csv(csv_bytes([header, *rows])))

    assert any(m.startswith("Row 3") for m in import_errors(result)), import_errors(result)
    assert not RiwayatJabatan.objects.exists()


def test_riwayat_pendidikan_guesses_the_field_from_the_major(budi):
    it = BidangFactory(kode="ti", nama="Teknologi Informasi", kata_kunci="informatika\nkomputer")
    BidangFactory(kode="teknik", nama="Teknik", kata_kunci="teknik")
    header = ["nip", "jenjang", "jurusan", "bidang", "institusi", "tahun_lulus"]
    rows = [
        ["198503122010011003", "S-1", "Teknik Informatika", "", "Untan", "2008"],
        ["198503122010011003", "S2", "Manajemen", "", "UGM", 2015.0],
    ]

    result = run_import(RiwayatPendidikanResource, load_xlsx(xlsx_bytes([header, *rows])))

    assert_clean(result)
    s1 = RiwayatPendidikan.objects.get(jenjang="S1")
    assert s1.bidang == it  # the longer keyword wins over "teknik"
    assert RiwayatPendidikan.objects.get(jenjang="S2").bidang is None
    again = run_import(RiwayatPendidikanResource, load_xlsx(xlsx_bytes([header, *rows])))
    assert totals(again) == {"skip": 2}


def test_riwayat_pendidikan_unknown_bidang_code(budi):
    header = ["nip", "jenjang", "jurusan", "bidang", "tahun_lulus"]
    rows = [["198503122010011003", "S1", "Hukum", "hukum-x", "2008"]]

    result = run_import(RiwayatPendidikanResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert any(
        m.startswith("Row 2, column bidang:") and "hukum-x not found" in m for m in messages
    ), messages
    assert not Bidang.objects.exists() and not RiwayatPendidikan.objects.exists()


def test_riwayat_diklat_keyed_by_nip_name_and_start(budi):
    header = ["nip", "nama", "jenis", "tanggal_mulai", "jam_pelajaran"]
    rows = [
        ["198503122010011003", "Diklat PIM IV", "struktural", "01-05-2022", "120"],
        ["198503122010011003", "Diklat PIM IV", "struktural", "01-05-2023", "120"],
    ]
    assert_clean(run_import(RiwayatDiklatResource, load_csv(csv_bytes([header, *rows]))))
    rows[0][4] = "121"

    result = run_import(RiwayatDiklatResource, load_csv(csv_bytes([header, *rows])))

    assert totals(result) == {"update": 1, "skip": 1}
    assert sorted(RiwayatDiklat.objects.values_list("jam_pelajaran", flat=True)) == [120, 121]


@pytest.mark.parametrize(
    ("predikat", "nilai", "expected"),
    [
        ("Sangat Baik", "", "sangat_baik"),
        ("baik", "", "baik"),
        ("BUTUH PERBAIKAN", "", "butuh_perbaikan"),
        ("", "85", "baik"),
        ("", "91,5", "sangat_baik"),
        ("", "70", "butuh_perbaikan"),
        ("", "40", "sangat_kurang"),
        ("Cukup", "", "butuh_perbaikan"),
    ],
)
def test_penilaian_kinerja_label_value_or_old_score(budi, predikat, nilai, expected):
    header = ["nip", "tahun", "predikat", "nilai"]

    result = run_import(
        PenilaianKinerjaResource,
        load_csv(csv_bytes([header, ["198503122010011003", "2024", predikat, nilai]])),
    )

    assert_clean(result)
    assert PenilaianKinerja.objects.get().predikat == expected


def test_penilaian_kinerja_bad_score_and_missing_rating(budi):
    header = ["nip", "tahun", "predikat", "nilai"]
    rows = [
        ["198503122010011003", "2023", "", "150"],
        ["198503122010011003", "2024", "", ""],
        ["198503122010011003", "2025", "Luar Biasa", ""],
    ]

    result = run_import(PenilaianKinerjaResource, load_csv(csv_bytes([header, *rows])))

    messages = import_errors(result)
    assert any(m.startswith("Row 2, column nilai:") for m in messages), messages
    assert any(m.startswith("Row 3, column predikat:") for m in messages), messages
    assert any(m.startswith("Row 4, column predikat:") for m in messages), messages
    assert not PenilaianKinerja.objects.exists()


def test_penilaian_kinerja_reimport_updates_by_year(budi):
    header = ["nip", "tahun", "predikat"]
    assert_clean(
        run_import(
            PenilaianKinerjaResource,
            load_csv(csv_bytes([header, ["198503122010011003", "2024", "Baik"]])),
        )
    )

    result = run_import(
        PenilaianKinerjaResource,
        load_csv(csv_bytes([header, ["198503122010011003", "2024", "Sangat Baik"]])),
    )

    assert totals(result) == {"update": 1}
    assert PenilaianKinerja.objects.get().predikat == "sangat_baik"


def test_hukuman_disiplin_level_follows_the_sanction(budi):
    header = ["nip", "tingkat", "jenis", "tanggal_mulai", "tanggal_selesai"]
    rows = [["198503122010011003", "", "teguran_tertulis", "01-01-2025", "31-12-2025"]]

    result = run_import(HukumanDisiplinResource, load_csv(csv_bytes([header, *rows])))

    assert_clean(result)
    assert HukumanDisiplin.objects.get().tingkat == "ringan"
    assert totals(run_import(HukumanDisiplinResource, load_csv(csv_bytes([header, *rows])))) == {
        "skip": 1
    }


def test_hukuman_disiplin_wrong_level_is_refused(budi):
    header = ["nip", "tingkat", "jenis", "tanggal_mulai"]
    rows = [["198503122010011003", "berat", "teguran_lisan", "01-01-2025"]]

    result = run_import(HukumanDisiplinResource, load_csv(csv_bytes([header, *rows])))

    assert any(m.startswith("Row 2, column jenis:") for m in import_errors(result))
    assert not HukumanDisiplin.objects.exists()


def test_kompetensi_keyed_by_nip_and_bidang(budi):
    BidangFactory(kode="ti", nama="Teknologi Informasi")
    header = ["nip", "bidang", "level", "sumber"]
    assert_clean(
        run_import(
            KompetensiResource,
            load_csv(csv_bytes([header, ["198503122010011003", "ti", "3", "asesmen"]])),
        )
    )

    result = run_import(
        KompetensiResource,
        load_csv(csv_bytes([header, ["198503122010011003", "ti", "4", "Assessment"]])),
    )

    assert totals(result) == {"update": 1}
    assert Kompetensi.objects.get().level == 4


def test_kompetensi_level_out_of_range(budi):
    BidangFactory(kode="ti", nama="Teknologi Informasi")
    header = ["nip", "bidang", "level", "sumber"]

    result = run_import(
        KompetensiResource,
        load_csv(csv_bytes([header, ["198503122010011003", "ti", "6", "asesmen"]])),
    )

    assert any(m.startswith("Row 2, column level:") for m in import_errors(result))
    assert not Kompetensi.objects.exists()


def test_decimal_comma_is_accepted(budi):
    header = ["nip", "tahun", "nilai"]

    run_import(
        PenilaianKinerjaResource,
        load_csv(csv_bytes([header, ["198503122010011003", "2024", "88,25"]], delimiter=";")),
    )

    assert PenilaianKinerja.objects.get().nilai == Decimal("88.25")


@pytest.mark.parametrize(
    ("resource_class", "make"),
    [
        (PegawaiResource, lambda r: PegawaiFactory(instansi=InstansiFactory(), unit=None)),
        (
            RiwayatJabatanResource,
            lambda r: RiwayatJabatanFactory(unit=UnitKerjaFactory(instansi=r["dinkes"])),
        ),
        (RiwayatPendidikanResource, lambda r: RiwayatPendidikanFactory(bidang=BidangFactory())),
        (KompetensiResource, lambda r: KompetensiFactory()),
    ],
    ids=["pegawai", "riwayat-jabatan", "riwayat-pendidikan", "kompetensi"],
)
def test_export_query_count_does_not_grow_with_rows(referensi, resource_class, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make(referensi)
    with CaptureQueriesContext(connection) as few:
        assert len(resource_class().export()) == 1
    for _ in range(10):
        make(referensi)
    with CaptureQueriesContext(connection) as many:
        assert len(resource_class().export()) == 11

    assert len(many) == len(few)
