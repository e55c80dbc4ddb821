"""Demo agencies (DOMAIN.md §12): external kab/kota and other agencies, the provincial OPD with
their units (branch offices such as Bapenda's Samsat, the cabang dinas and the KPH included:
some 400 agencies and units), and how many of which positions each agency employs.

Codes follow the urusan.bidang.unit pattern of Permendagri 90/2019 in a shortened form
("1.02.01" Dinas Kesehatan); UPTs and Biro extend their parent's code. Street addresses are
plausible demo values, not verified postal addresses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from instansi.models import JenisInstansi, KabKota

# -- external agencies -------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalSpec:
    kode: str
    nama: str
    singkatan: str
    jenis: str
    wilayah: str
    alamat: str


_KABKOTA_SEAT = {
    KabKota.SAMBAS: "Sambas",
    KabKota.MEMPAWAH: "Mempawah",
    KabKota.SANGGAU: "Sanggau",
    KabKota.KETAPANG: "Ketapang",
    KabKota.SINTANG: "Sintang",
    KabKota.KAPUAS_HULU: "Putussibau",
    KabKota.BENGKAYANG: "Bengkayang",
    KabKota.LANDAK: "Ngabang",
    KabKota.SEKADAU: "Sekadau",
    KabKota.MELAWI: "Nanga Pinoh",
    KabKota.KAYONG_UTARA: "Sukadana",
    KabKota.KUBU_RAYA: "Sungai Raya",
    KabKota.PONTIANAK: "Pontianak",
    KabKota.SINGKAWANG: "Singkawang",
}


def _kabkota() -> list[ExternalSpec]:
    specs = []
    for wilayah, seat in _KABKOTA_SEAT.items():
        label = str(wilayah.label)  # "Kabupaten Sambas" / "Kota Pontianak"
        kind, _sep, name = label.partition(" ")
        office = "Kantor Bupati" if kind == "Kabupaten" else "Kantor Wali Kota"
        specs.append(
            ExternalSpec(
                kode=f"PEMDA-{wilayah.value}",
                nama=f"Pemerintah {label}",
                singkatan=f"Pemkab {name}" if kind == "Kabupaten" else f"Pemkot {name}",
                jenis=JenisInstansi.KABUPATEN_KOTA,
                wilayah=wilayah.value,
                alamat=f"{office} {name}, {seat}, Kalimantan Barat",
            )
        )
    return specs


EXTERNAL: tuple[ExternalSpec, ...] = (
    *_kabkota(),
    ExternalSpec(
        "PUSAT-BKN",
        "Badan Kepegawaian Negara",
        "BKN",
        JenisInstansi.INSTANSI_PUSAT,
        "",
        "Jl. Mayjen Sutoyo No. 12, Cililitan, Jakarta Timur",
    ),
    ExternalSpec(
        "PUSAT-KANREG-V-BKN",
        "Kantor Regional V Badan Kepegawaian Negara",
        "Kanreg V BKN",
        JenisInstansi.INSTANSI_PUSAT,
        "",
        "Jakarta",
    ),
    ExternalSpec(
        "PUSAT-KEMENDAGRI",
        "Kementerian Dalam Negeri",
        "Kemendagri",
        JenisInstansi.INSTANSI_PUSAT,
        "",
        "Jl. Medan Merdeka Utara No. 7, Jakarta Pusat",
    ),
    ExternalSpec(
        "PROV-62",
        "Pemerintah Provinsi Kalimantan Tengah",
        "Pemprov Kalteng",
        JenisInstansi.PROVINSI_LAIN,
        "",
        "Palangka Raya, Kalimantan Tengah",
    ),
    ExternalSpec(
        "PROV-64",
        "Pemerintah Provinsi Kalimantan Timur",
        "Pemprov Kaltim",
        JenisInstansi.PROVINSI_LAIN,
        "",
        "Samarinda, Kalimantan Timur",
    ),
)

KABKOTA_KODES = tuple(e.kode for e in EXTERNAL if e.jenis == JenisInstansi.KABUPATEN_KOTA)

# -- provincial agencies -----------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    kode: str
    nama: str
    head: str  # jabatan kode of the unit's head ("" when it has none)
    # "sek" (administration), "teknis", or "upt": a branch office (UPT, cabang dinas) or its
    # subunit, where only the holders of the positions in ``staff`` work.
    role: str
    parent: str = ""
    staff: tuple[str, ...] = ()  # "upt" only: the agency's positions whose holders work here


@dataclass(frozen=True)
class AgencySpec:
    kode: str
    nama: str
    singkatan: str
    jenis: str
    alamat: str
    head: str  # jabatan kode of the agency head
    units: tuple[UnitSpec, ...]
    staff: dict[str, float]  # jabatan kode → relative number of holders
    weight: float  # relative size of the agency
    fields: tuple[str, ...]  # fields its structural officials usually come from
    induk: str = ""
    wilayah: str = KabKota.PONTIANAK


GUBERNURAN = "Jl. Ahmad Yani No. 1, Pontianak 78124"

# Every agency has a little administration; technical agencies add their own positions.
COMMON_STAFF = {
    "PL-PENGADM": 3.0,
    "PL-PENATALK": 1.0,
    "PL-BENDAHARA": 0.5,
    "PL-PENGBMD": 0.5,
    "PL-PENGDATA": 0.8,
    "JF-ASDM-AP": 0.5,
    "JF-PERENCANA-AP": 0.5,
    "JF-ARSIPARIS-TRP": 0.4,
}
SMALL_STAFF = {"PL-PENGADM": 3.0, "PL-PENATALK": 0.6, "PL-PENGDATA": 0.4}


def _sekretariat() -> tuple[UnitSpec, ...]:
    return (
        UnitSpec("SEK", "Sekretariat", "ADM-SEKRETARIS", "sek"),
        UnitSpec("SEK.UK", "Subbagian Umum dan Kepegawaian", "PGW-KASUBAG", "sek", "SEK"),
        UnitSpec("SEK.PK", "Subbagian Perencanaan dan Keuangan", "PGW-KASUBAG", "sek", "SEK"),
    )


def _bidang_units(names: tuple[str, ...], head: str = "ADM-KABID") -> tuple[UnitSpec, ...]:
    return tuple(UnitSpec(f"B{i}", name, head, "teknis") for i, name in enumerate(names, 1))


# -- branch offices (UPT Daerah, cabang dinas) --------------------------------------------
# Units of their Dinas/Badan, not agencies of their own (those are in UPT below). A branch
# headed by an administrator (UPT kelas A, cabang dinas) has a Subbagian Tata Usaha under it
# (Permendagri 12/2017); its administrative staff sit there, the technical staff in the branch.

UPT_HEAD = "ADM-KAUPT"


def _kabkota_name(wilayah: str) -> str:
    """The name without "Kabupaten"/"Kota": Sambas, Singkawang."""
    return str(KabKota(wilayah).label).partition(" ")[2]


# Five regions for branches that each cover several kab/kota, named after their seat.
REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Pontianak", (KabKota.PONTIANAK, KabKota.KUBU_RAYA, KabKota.MEMPAWAH)),
    ("Singkawang", (KabKota.SINGKAWANG, KabKota.SAMBAS, KabKota.BENGKAYANG)),
    ("Sanggau", (KabKota.SANGGAU, KabKota.SEKADAU, KabKota.LANDAK)),
    ("Sintang", (KabKota.SINTANG, KabKota.MELAWI, KabKota.KAPUAS_HULU)),
    ("Ketapang", (KabKota.KETAPANG, KabKota.KAYONG_UTARA)),
)


def _branch(
    kode: str, nama: str, staff: tuple[str, ...], tu_staff: tuple[str, ...] | None = None
) -> tuple[UnitSpec, ...]:
    """A branch; with ``tu_staff`` (kelas A) also its Subbagian Tata Usaha."""
    unit = UnitSpec(kode, nama, UPT_HEAD, "upt", staff=staff)
    if tu_staff is None:
        return (unit,)
    # Named after its branch: an agency has many of them, and lists show the name alone.
    tu_nama = f"Subbagian Tata Usaha {nama}"
    tu = UnitSpec(f"{kode}.TU", tu_nama, "PGW-KASUBAG", "upt", kode, tu_staff)
    return (unit, tu)


def _branches(
    prefix: str,
    names: tuple[str, ...],
    staff: tuple[str, ...],
    tu_staff: tuple[str, ...] | None = None,
) -> tuple[UnitSpec, ...]:
    return tuple(
        unit
        for i, nama in enumerate(names, 1)
        for unit in _branch(f"{prefix}{i:02d}", nama, staff, tu_staff)
    )


def _opd(
    kode: str,
    nama: str,
    singkatan: str,
    alamat: str,
    bidang: tuple[str, ...],
    staff: dict[str, float],
    weight: float,
    fields: tuple[str, ...],
    *,
    jenis: str = JenisInstansi.DINAS,
    head: str = "JPT-KADIS",
    branches: tuple[UnitSpec, ...] = (),
) -> AgencySpec:
    return AgencySpec(
        kode=kode,
        nama=nama,
        singkatan=singkatan,
        jenis=jenis,
        alamat=alamat,
        head=head,
        units=_sekretariat() + _bidang_units(bidang) + branches,
        staff={**COMMON_STAFF, **staff},
        weight=weight,
        fields=fields,
    )


def _biro(kode: str, nama: str, singkatan: str, bagian: tuple[str, ...], staff, fields):
    units = (
        *_bidang_units(bagian, head="ADM-KABAG"),
        UnitSpec("TU", "Subbagian Tata Usaha", "PGW-KASUBAG", "sek", "B1"),
    )
    return AgencySpec(
        kode=kode,
        nama=nama,
        singkatan=singkatan,
        jenis=JenisInstansi.BIRO,
        alamat=f"Kantor Gubernur Kalimantan Barat, {GUBERNURAN}",
        head="JPT-KAROBIRO",
        units=units,
        staff={**SMALL_STAFF, **staff},
        weight=0.9,
        fields=fields,
        induk="4.01.01",
    )


def _upt(kode, nama, singkatan, induk, alamat, seksi, staff, fields, wilayah=KabKota.PONTIANAK):
    units = (
        UnitSpec("TU", "Subbagian Tata Usaha", "PGW-KASUBAG", "sek"),
        *(UnitSpec(f"S{i}", name, "PGW-KASI", "teknis") for i, name in enumerate(seksi, 1)),
    )
    return AgencySpec(
        kode=kode,
        nama=nama,
        singkatan=singkatan,
        jenis=JenisInstansi.UPT,
        alamat=alamat,
        head="ADM-KAUPT",
        units=units,
        staff={**SMALL_STAFF, **staff},
        weight=0.7,
        fields=fields,
        induk=induk,
        wilayah=wilayah,
    )


ADM = "administrasi-manajemen"
GOV = (ADM, "hukum", "ekonomi")

SETDA = AgencySpec(
    kode="4.01.01",
    nama="Sekretariat Daerah",
    singkatan="Setda",
    jenis=JenisInstansi.SEKRETARIAT_DAERAH,
    alamat=f"Kantor Gubernur Kalimantan Barat, {GUBERNURAN}",
    head="JPT-SEKDA",
    units=(
        UnitSpec("AS1", "Asisten Pemerintahan dan Kesejahteraan Rakyat", "JPT-ASISTEN", "teknis"),
        UnitSpec("AS2", "Asisten Perekonomian dan Pembangunan", "JPT-ASISTEN", "teknis"),
        UnitSpec("AS3", "Asisten Administrasi Umum", "JPT-ASISTEN", "sek"),
    ),
    staff={"PL-PENGADM": 2.0, "JF-ANJAK-AP": 1.0, "JF-ANJAK-AM": 0.5},
    weight=0.6,
    fields=GOV,
)

BIRO: tuple[AgencySpec, ...] = (
    _biro(
        "4.01.01.01",
        "Biro Administrasi Pimpinan",
        "Biro Adpim",
        ("Bagian Protokol", "Bagian Komunikasi Pimpinan", "Bagian Materi dan Naskah Pimpinan"),
        {"JF-HUMAS-AP": 2.0, "JF-ANJAK-AP": 0.5},
        (ADM, "komunikasi"),
    ),
    _biro(
        "4.01.01.02",
        "Biro Pemerintahan",
        "Biro Pem",
        ("Bagian Pemerintahan", "Bagian Otonomi Daerah", "Bagian Kerja Sama"),
        {"JF-ANJAK-AP": 1.5},
        GOV,
    ),
    _biro(
        "4.01.01.03",
        "Biro Hukum",
        "Biro Hukum",
        ("Bagian Perundang-undangan", "Bagian Bantuan Hukum", "Bagian Dokumentasi Hukum"),
        {"JF-ANALIS-HUKUM-AP": 2.0, "JF-ANALIS-HUKUM-AM": 0.7, "JF-PERANCANG-AP": 1.5},
        ("hukum",),
    ),
    _biro(
        "4.01.01.04",
        "Biro Perekonomian dan Pembangunan",
        "Biro Ekbang",
        ("Bagian Perekonomian", "Bagian Administrasi Pembangunan", "Bagian Sumber Daya Alam"),
        {"JF-ANJAK-AP": 1.0, "JF-PERENCANA-AP": 0.8},
        ("ekonomi", ADM),
    ),
    _biro(
        "4.01.01.05",
        "Biro Organisasi",
        "Biro Organisasi",
        ("Bagian Kelembagaan", "Bagian Tata Laksana", "Bagian Reformasi Birokrasi"),
        {"JF-ANJAK-AP": 1.5, "JF-ASDM-AP": 0.8},
        (ADM,),
    ),
    _biro(
        "4.01.01.06",
        "Biro Kesejahteraan Rakyat",
        "Biro Kesra",
        ("Bagian Bina Mental", "Bagian Kesejahteraan Sosial", "Bagian Pendidikan dan Kesehatan"),
        {"JF-ANJAK-AP": 1.0},
        (ADM, "sosial"),
    ),
    _biro(
        "4.01.01.07",
        "Biro Umum",
        "Biro Umum",
        ("Bagian Tata Usaha", "Bagian Rumah Tangga", "Bagian Keuangan dan Aset"),
        {"PL-PENGADM": 5.0, "PL-BENDAHARA": 0.8, "PL-PENGBMD": 1.0, "PL-TEKNISI": 1.0},
        (ADM, "keuangan-akuntansi"),
    ),
    _biro(
        "4.01.01.08",
        "Biro Pengadaan Barang dan Jasa",
        "Biro PBJ",
        ("Bagian Pengelolaan Pengadaan", "Bagian Layanan Pengadaan Secara Elektronik"),
        {"JF-PPBJ-AP": 2.5},
        (ADM, "teknik-sipil"),
    ),
)

SETWAN = AgencySpec(
    kode="4.02.01",
    nama="Sekretariat DPRD",
    singkatan="Setwan",
    jenis=JenisInstansi.SEKRETARIAT_DPRD,
    alamat="Jl. Ahmad Yani, Pontianak 78124",
    head="JPT-SEKWAN",
    units=(
        UnitSpec("B1", "Bagian Umum dan Keuangan", "ADM-KABAG", "sek"),
        UnitSpec("B2", "Bagian Persidangan dan Perundang-undangan", "ADM-KABAG", "teknis"),
        UnitSpec("B3", "Bagian Fasilitasi Penganggaran dan Pengawasan", "ADM-KABAG", "teknis"),
        UnitSpec("B1.TU", "Subbagian Tata Usaha dan Kepegawaian", "PGW-KASUBAG", "sek", "B1"),
    ),
    staff={
        **COMMON_STAFF,
        "PL-PENGADM": 5.0,
        "JF-ANALIS-HUKUM-AP": 1.0,
        "JF-ANJAK-AP": 1.0,
        "JF-HUMAS-AP": 1.0,
    },
    weight=1.4,
    fields=GOV,
)

INSPEKTORAT = AgencySpec(
    kode="6.01.01",
    nama="Inspektorat",
    singkatan="Inspektorat",
    jenis=JenisInstansi.INSPEKTORAT,
    alamat="Jl. Sutan Syahrir, Pontianak 78116",
    head="JPT-INSPEKTUR",
    units=(
        UnitSpec("SEK", "Sekretariat", "ADM-SEKRETARIS", "sek"),
        UnitSpec("SEK.UK", "Subbagian Umum dan Keuangan", "PGW-KASUBAG", "sek", "SEK"),
        *(
            UnitSpec(f"IRBAN{n}", f"Inspektur Pembantu Wilayah {roman}", "ADM-IRBAN", "teknis")
            for n, roman in enumerate(("I", "II", "III", "IV"), 1)
        ),
    ),
    staff={
        **COMMON_STAFF,
        "JF-AUDITOR-AP": 4.0,
        "JF-AUDITOR-AM": 2.0,
        "JF-PPUPD-AP": 2.0,
    },
    weight=2.0,
    fields=("keuangan-akuntansi", "hukum", ADM),
)


# Bapenda's UPT PPD (Samsat) in every kab/kota; Pontianak's and Singkawang's are agencies (UPT).
SAMSAT = _branches(
    "UPT",
    tuple(
        f"UPT Pengelolaan Pendapatan Daerah Wilayah {_kabkota_name(w)}"
        for w in _KABKOTA_SEAT
        if w not in (KabKota.PONTIANAK, KabKota.SINGKAWANG)
    ),
    ("PL-PENDAPATAN",),
    ("PL-PENGADM", "PL-BENDAHARA"),
)
# Secondary schools are provincial: a cabang dinas in each kab/kota, where the teachers work.
CABDIN_PENDIDIKAN = (
    *_branches(
        "CABDIN",
        tuple(
            f"Cabang Dinas Pendidikan dan Kebudayaan Wilayah {KabKota(w).label}"
            for w in _KABKOTA_SEAT
        ),
        ("JF-GURU-AP", "JF-GURU-AM"),
        ("PL-PENGADM",),
    ),
    *_branch("UPT01", "UPT Balai Teknologi Komunikasi Pendidikan", ("PL-PENGDATA", "PL-TEKNISI")),
    *_branch("UPT02", "UPT Taman Budaya", ("PL-PENGADM", "PL-TEKNISI")),
    *_branch("UPT03", "UPT Museum Provinsi Kalimantan Barat", ("PL-PENGADM", "PL-PENGDATA")),
)
# The 17 Kesatuan Pengelolaan Hutan (forest management units) of the province since 2017.
KPH = (
    *_branches(
        "KPH",
        tuple(
            f"UPT Kesatuan Pengelolaan Hutan Wilayah {name}"
            for name in (
                "Sambas",
                "Bengkayang",
                "Mempawah",
                "Kubu Raya",
                "Landak",
                "Sanggau Barat",
                "Sanggau Timur",
                "Sekadau",
                "Sintang Utara",
                "Sintang Timur",
                "Melawi",
                "Kapuas Hulu Utara",
                "Kapuas Hulu Selatan",
                "Kapuas Hulu Timur",
                "Ketapang Utara",
                "Ketapang Selatan",
                "Kayong Utara",
            )
        ),
        ("JF-POLHUT-TRP",),
        ("PL-PENGADM",),
    ),
    *_branch("UPT01", "UPT Laboratorium Lingkungan Hidup", ("JF-PEDAL-AP", "PL-TEKNISI")),
)


def _regional(
    prefix: str, nama: str, staff: tuple[str, ...], skip: str = ""
) -> tuple[UnitSpec, ...]:
    """One branch per region ("… Wilayah Singkawang"), but none at ``skip``."""
    names = tuple(f"{nama} Wilayah {seat}" for seat, _kabkota in REGIONS if seat != skip)
    return _branches(prefix, names, staff)


OPD: tuple[AgencySpec, ...] = (
    _opd(
        "1.01.01",
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        "Jl. Sutan Abdurrahman No. 137, Pontianak 78116",
        (
            "Bidang Pembinaan SMA",
            "Bidang Pembinaan SMK",
            "Bidang Pendidikan Khusus",
            "Bidang Kebudayaan",
        ),
        {"JF-GURU-AP": 60.0, "JF-GURU-AM": 30.0, "PL-PENGADM": 6.0, "PL-TEKNISI": 0.8},
        30.0,
        ("pendidikan", ADM),
        branches=CABDIN_PENDIDIKAN,
    ),
    _opd(
        "1.02.01",
        "Dinas Kesehatan",
        "Dinkes",
        "Jl. Letjend Sutoyo, Pontianak 78113",
        (
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ),
        {
            "JF-EPID-AP": 2.0,
            "JF-EPID-AM": 1.0,
            "JF-SANITARIAN-AP": 1.5,
            "JF-ADMINKES-AP": 1.5,
            "JF-DOKTER-AP": 1.0,
            "JF-APOTEKER-AP": 0.8,
            "JF-PRAKOM-AP": 0.5,
        },
        4.0,
        ("kesehatan-masyarakat", "kesehatan-keperawatan"),
        branches=(
            *_branch("UPT01", "UPT Pelatihan Kesehatan", ("JF-ADMINKES-AP", "PL-PENGADM")),
            *_branch("UPT02", "UPT Instalasi Farmasi", ("JF-APOTEKER-AP", "PL-PENGADM")),
        ),
    ),
    _opd(
        "1.03.01",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas PUPR",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Bina Marga",
            "Bidang Sumber Daya Air",
            "Bidang Cipta Karya",
            "Bidang Penataan Ruang",
        ),
        {"JF-TEKNIK-JALAN-AP": 4.0, "JF-TEKNIK-AIR-AP": 2.5, "PL-TEKNISI": 3.0},
        4.0,
        ("teknik-sipil",),
        branches=(
            *_branch(
                "UPT01", "UPT Laboratorium Bahan Konstruksi", ("JF-TEKNIK-JALAN-AP", "PL-TEKNISI")
            ),
            *_branch("UPT02", "UPT Peralatan dan Perbekalan", ("PL-TEKNISI",)),
            *_regional(
                "UPJJ", "UPT Pengelolaan Jalan dan Jembatan", ("JF-TEKNIK-JALAN-AP", "PL-TEKNISI")
            ),
        ),
    ),
    _opd(
        "1.04.01",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "Disperkim",
        "Jl. Ahmad Yani, Pontianak 78124",
        ("Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Pertanahan"),
        {"JF-TEKNIK-TBP-AP": 3.0, "PL-TEKNISI": 1.0},
        1.5,
        ("teknik-sipil", ADM),
    ),
    _opd(
        "1.05.01",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Penegakan Peraturan Daerah",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "Bidang Perlindungan Masyarakat",
        ),
        {"JF-POLPP-TRP": 12.0},
        2.5,
        ("hukum", ADM),
        head="JPT-KASATPOL",
    ),
    _opd(
        "1.05.02",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ),
        {"JF-PPB-AP": 3.0},
        1.5,
        (ADM, "kehutanan-lingkungan"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KALAKSA",
    ),
    _opd(
        "1.06.01",
        "Dinas Sosial",
        "Dinsos",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Perlindungan dan Jaminan Sosial",
            "Bidang Rehabilitasi Sosial",
            "Bidang Pemberdayaan Sosial",
        ),
        {"JF-PEKSOS-AP": 4.0, "JF-PENYULUH-SOS-AP": 1.5},
        2.5,
        ("sosial", ADM),
        branches=_branches(
            "UPT",
            (
                "UPT Panti Sosial Rehabilitasi Lanjut Usia Mustika Dharma",
                "UPT Panti Sosial Bina Remaja",
                "UPT Panti Sosial Asuhan Anak",
                "UPT Panti Sosial Rehabilitasi Penyandang Disabilitas",
            ),
            ("JF-PEKSOS-AP", "PL-PENGADM"),
        ),
    ),
    _opd(
        "2.07.01",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Penempatan Tenaga Kerja",
            "Bidang Hubungan Industrial",
            "Bidang Pengawasan Ketenagakerjaan",
            "Bidang Transmigrasi",
        ),
        {"JF-PENGANTAR-KERJA-AP": 2.0, "JF-MEDIATOR-AP": 1.5, "PL-TEKNISI": 0.5},
        2.0,
        (ADM, "hukum", "sosial"),
        branches=(
            *_regional("UPTWAS", "UPT Pengawasan Ketenagakerjaan", ("PL-PENGADM",)),
            *_branch("UPT01", "UPT Keselamatan dan Kesehatan Kerja", ("PL-TEKNISI",)),
        ),
    ),
    _opd(
        "2.09.01",
        "Dinas Ketahanan Pangan",
        "Disketapang",
        "Jl. Ahmad Yani, Pontianak 78124",
        ("Bidang Ketersediaan dan Distribusi Pangan", "Bidang Konsumsi dan Keamanan Pangan"),
        {"JF-AKP-AP": 3.0},
        1.2,
        ("pertanian", "ekonomi"),
        branches=_branch("UPT01", "UPT Pengawasan Mutu dan Keamanan Pangan", ("JF-AKP-AP",)),
    ),
    _opd(
        "2.11.01",
        "Dinas Lingkungan Hidup dan Kehutanan",
        "DLHK",
        "Jl. Sultan Abdurrahman, Pontianak 78116",
        (
            "Bidang Tata Lingkungan",
            "Bidang Pengendalian Pencemaran",
            "Bidang Perlindungan Hutan",
            "Bidang Pengelolaan Hutan",
        ),
        {"JF-POLHUT-TRP": 8.0, "JF-PEDAL-AP": 2.5, "PL-PENGADM": 6.0, "PL-TEKNISI": 0.6},
        5.5,
        ("kehutanan-lingkungan",),
        branches=KPH,
    ),
    _opd(
        "2.15.01",
        "Dinas Perhubungan",
        "Dishub",
        "Jl. Adisucipto, Pontianak 78124",
        (
            "Bidang Lalu Lintas dan Angkutan Jalan",
            "Bidang Pelayaran",
            "Bidang Perkeretaapian dan Udara",
        ),
        {"JF-PKB-TRP": 3.0, "PL-TEKNISI": 1.5},
        2.0,
        ("perhubungan", ADM),
        branches=_regional(
            "UPT", "UPT Pengelolaan Prasarana Perhubungan", ("JF-PKB-TRP", "PL-TEKNISI")
        ),
    ),
    _opd(
        "2.16.01",
        "Dinas Komunikasi dan Informatika",
        "Diskominfo",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Aplikasi Informatika",
            "Bidang Infrastruktur Teknologi Informasi",
            "Bidang Informasi dan Komunikasi Publik",
            "Bidang Persandian dan Statistik",
        ),
        {
            "JF-PRAKOM-AP": 3.0,
            "JF-PRAKOM-AM": 1.5,
            "JF-HUMAS-AP": 2.0,
            "JF-STATISTISI-AP": 1.0,
            "JF-SANDIMAN-AP": 1.0,
        },
        2.0,
        ("teknologi-informasi", "komunikasi"),
    ),
    _opd(
        "2.17.01",
        "Dinas Koperasi, Usaha Kecil dan Menengah",
        "Diskop UKM",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Kelembagaan dan Pengawasan Koperasi",
            "Bidang Pemberdayaan Usaha Kecil dan Menengah",
        ),
        {"JF-WASKOP-AP": 2.5},
        1.2,
        ("ekonomi", ADM),
        branches=_branch(
            "UPT01", "UPT Pelatihan Koperasi dan Usaha Kecil Menengah", ("PL-PENGADM",)
        ),
    ),
    _opd(
        "2.18.01",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Pelayanan Perizinan",
            "Bidang Promosi Penanaman Modal",
            "Bidang Pengendalian Penanaman Modal",
        ),
        {"PL-PERIZINAN": 4.0, "JF-ANJAK-AP": 0.5},
        1.3,
        (ADM, "hukum", "ekonomi"),
    ),
    _opd(
        "2.19.01",
        "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "Disporapar",
        "Jl. Ahmad Yani, Pontianak 78124",
        ("Bidang Kepemudaan", "Bidang Keolahragaan", "Bidang Destinasi dan Industri Pariwisata"),
        {"JF-ADYATAMA-AP": 2.5, "PL-TEKNISI": 0.5},
        1.4,
        ("pariwisata", ADM),
        branches=_branch("UPT01", "UPT Pengelolaan Prasarana Olahraga", ("PL-TEKNISI",)),
    ),
    _opd(
        "2.23.01",
        "Dinas Perpustakaan dan Kearsipan",
        "Dispusip",
        "Jl. Sutan Abdurrahman No. 34, Pontianak 78116",
        (
            "Bidang Layanan Perpustakaan",
            "Bidang Pengembangan Perpustakaan",
            "Bidang Pengelolaan Arsip",
        ),
        {
            "JF-PUSTAKAWAN-AP": 2.5,
            "JF-PUSTAKAWAN-TRP": 1.5,
            "JF-ARSIPARIS-AP": 2.0,
            "JF-ARSIPARIS-TRP": 1.5,
        },
        1.5,
        ("kearsipan-perpustakaan", ADM),
    ),
    _opd(
        "3.25.01",
        "Dinas Kelautan dan Perikanan",
        "DKP",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Perikanan Tangkap",
            "Bidang Perikanan Budidaya",
            "Bidang Pengawasan Sumber Daya Kelautan dan Perikanan",
        ),
        {"JF-WASKAN-AP": 2.5, "JF-PENYULUH-IKAN-AP": 2.5, "PL-TEKNISI": 0.4},
        2.0,
        ("perikanan",),
        branches=(
            *_branches(
                "CABDIN",
                (
                    "Cabang Dinas Kelautan dan Perikanan Wilayah Singkawang",
                    "Cabang Dinas Kelautan dan Perikanan Wilayah Ketapang",
                ),
                ("JF-PENYULUH-IKAN-AP", "JF-WASKAN-AP"),
            ),
            *_branch(
                "UPT01", "UPT Pelabuhan Perikanan Sungai Rengas", ("JF-WASKAN-AP", "PL-TEKNISI")
            ),
            *_branch("UPT02", "UPT Balai Benih Ikan", ("JF-PENYULUH-IKAN-AP",)),
            *_branch(
                "UPT03",
                "UPT Pengujian Mutu dan Pengembangan Produk Kelautan dan Perikanan",
                ("JF-WASKAN-AP",),
            ),
        ),
    ),
    _opd(
        "3.27.01",
        "Dinas Pertanian",
        "Distan",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Tanaman Pangan",
            "Bidang Hortikultura",
            "Bidang Prasarana dan Sarana Pertanian",
            "Bidang Penyuluhan",
        ),
        {
            "JF-PENYULUH-TAN-AP": 4.0,
            "JF-PENYULUH-TAN-AM": 2.0,
            "JF-POPT-AP": 2.0,
            "PL-TEKNISI": 0.6,
        },
        3.0,
        ("pertanian",),
        branches=(
            *_branch(
                "UPT01",
                "UPT Balai Benih Induk Tanaman Pangan dan Hortikultura",
                ("JF-PENYULUH-TAN-AP", "PL-TEKNISI"),
            ),
            *_branch(
                "UPT02",
                "UPT Pengawasan dan Sertifikasi Benih Tanaman Pangan dan Hortikultura",
                ("JF-PENYULUH-TAN-AP", "JF-POPT-AP"),
            ),
            *_branch("UPT03", "UPT Pengembangan Alat dan Mesin Pertanian", ("PL-TEKNISI",)),
        ),
    ),
    _opd(
        "3.27.02",
        "Dinas Perkebunan dan Peternakan",
        "Disbunnak",
        "Jl. Ahmad Yani, Pontianak 78124",
        (
            "Bidang Perkebunan",
            "Bidang Peternakan",
            "Bidang Kesehatan Hewan dan Kesehatan Masyarakat Veteriner",
        ),
        {"JF-MEDVET-AP": 2.0, "JF-PENYULUH-TAN-AP": 2.0, "JF-POPT-AP": 1.0},
        2.5,
        ("pertanian", "peternakan"),
        branches=(
            *_branch("UPT01", "UPT Perbenihan Perkebunan", ("JF-PENYULUH-TAN-AP",)),
            *_branch("UPT02", "UPT Proteksi Tanaman Perkebunan", ("JF-POPT-AP",)),
            *_branch(
                "UPT03",
                "UPT Pembibitan Ternak dan Hijauan Pakan Ternak",
                ("JF-MEDVET-AP", "JF-PENYULUH-TAN-AP"),
            ),
            *_branch(
                "UPT04",
                "UPT Laboratorium Kesehatan Hewan dan Kesehatan Masyarakat Veteriner",
                ("JF-MEDVET-AP",),
            ),
        ),
    ),
    _opd(
        "3.30.01",
        "Dinas Perindustrian, Perdagangan, Energi dan Sumber Daya Mineral",
        "Disperindag ESDM",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Perindustrian",
            "Bidang Perdagangan",
            "Bidang Energi dan Ketenagalistrikan",
            "Bidang Mineral dan Batubara",
        ),
        {"JF-WASDAG-AP": 2.0, "JF-PENERA-TRP": 2.0, "PL-TEKNISI": 0.8},
        2.0,
        ("ekonomi", "teknik-energi"),
        branches=(
            *_regional(
                "CABDIN",
                "Cabang Dinas Energi dan Sumber Daya Mineral",
                ("PL-TEKNISI",),
                skip="Pontianak",
            ),
            *_branch(
                "UPT01",
                "UPT Pengujian dan Sertifikasi Mutu Barang",
                ("JF-WASDAG-AP", "PL-TEKNISI"),
            ),
        ),
    ),
    _opd(
        "5.01.01",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "Jl. Ahmad Yani No. 2, Pontianak 78124",
        (
            "Bidang Perencanaan Makro",
            "Bidang Infrastruktur dan Kewilayahan",
            "Bidang Pemerintahan dan Pembangunan Manusia",
            "Bidang Perekonomian dan Sumber Daya Alam",
        ),
        {
            "JF-PERENCANA-AP": 4.0,
            "JF-PERENCANA-AM": 2.0,
            "JF-STATISTISI-AP": 0.8,
            "JF-PRAKOM-AP": 0.5,
        },
        1.8,
        ("ekonomi", ADM, "teknik-sipil"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
    ),
    _opd(
        "5.02.01",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "Jl. Ahmad Yani, Pontianak 78124",
        ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Pengelolaan Aset"),
        {"JF-AKPD-AP": 3.0, "JF-AKPD-AM": 1.5, "PL-PENATALK": 3.0, "PL-PENGBMD": 2.0},
        2.2,
        ("keuangan-akuntansi", "ekonomi"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
    ),
    _opd(
        "5.02.02",
        "Badan Pendapatan Daerah",
        "Bapenda",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Pajak Daerah",
            "Bidang Retribusi dan Pendapatan Lain",
            "Bidang Pengendalian dan Evaluasi Pendapatan",
        ),
        {"PL-PENDAPATAN": 8.0, "JF-AKPD-AP": 1.0, "PL-PENGADM": 6.0, "PL-BENDAHARA": 1.5},
        4.5,
        ("keuangan-akuntansi", "ekonomi"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
        branches=SAMSAT,
    ),
    _opd(
        "5.03.01",
        "Badan Kepegawaian Daerah",
        "BKD",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Pengadaan dan Informasi Kepegawaian",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Aparatur",
        ),
        {"JF-ASDM-AP": 4.0, "JF-ASDM-AM": 2.0, "JF-PRAKOM-AP": 0.8},
        1.6,
        (ADM, "hukum", "psikologi"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
        branches=_branch("UPT01", "UPT Penilaian Kompetensi Aparatur", ("JF-ASDM-AP",)),
    ),
    _opd(
        "5.04.01",
        "Badan Pengembangan Sumber Daya Manusia",
        "BPSDM",
        "Jl. Sutan Syahrir, Pontianak 78116",
        (
            "Bidang Pengembangan Kompetensi Manajerial",
            "Bidang Pengembangan Kompetensi Teknis dan Fungsional",
            "Bidang Sertifikasi Kompetensi dan Pengelolaan Kelembagaan",
        ),
        {"JF-WIDYAISWARA-AM": 3.0},
        1.2,
        (ADM, "pendidikan"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
    ),
    _opd(
        "7.01.01",
        "Badan Pengelola Perbatasan Daerah",
        "BPPD",
        "Jl. Ahmad Yani, Pontianak 78124",
        ("Bidang Pengelolaan Batas Wilayah", "Bidang Pembangunan Kawasan Perbatasan"),
        {"JF-PERENCANA-AP": 1.0, "JF-ANJAK-AP": 1.0},
        1.0,
        (ADM, "teknik-sipil"),
        jenis=JenisInstansi.BADAN,
        head="JPT-KABAN",
    ),
)


def _rumah_sakit(kode, nama, singkatan, alamat, staff, weight) -> AgencySpec:
    return AgencySpec(
        kode=kode,
        nama=nama,
        singkatan=singkatan,
        jenis=JenisInstansi.RUMAH_SAKIT,
        alamat=alamat,
        head="JPT-DIREKTUR",
        units=(
            UnitSpec("B1", "Bagian Umum dan Kepegawaian", "ADM-KABAG", "sek"),
            UnitSpec("B2", "Bagian Keuangan", "ADM-KABAG", "sek"),
            UnitSpec("B3", "Bidang Pelayanan Medik", "ADM-KABID", "teknis"),
            UnitSpec("B4", "Bidang Keperawatan", "ADM-KABID", "teknis"),
            UnitSpec("B5", "Bidang Penunjang", "ADM-KABID", "teknis"),
        ),
        staff={**COMMON_STAFF, **staff},
        weight=weight,
        fields=("kesehatan-keperawatan", "kesehatan-masyarakat"),
    )


RUMAH_SAKIT = (
    _rumah_sakit(
        "1.02.02",
        "Rumah Sakit Umum Daerah dr. Soedarso",
        "RSUD dr. Soedarso",
        "Jl. dr. Soedarso No. 1, Pontianak 78124",
        {
            "JF-DOKTER-AP": 5.0,
            "JF-DOKTER-AM": 3.0,
            "JF-PERAWAT-TRP": 14.0,
            "JF-PERAWAT-AP": 7.0,
            "JF-BIDAN-TRP": 3.0,
            "JF-APOTEKER-AP": 1.0,
            "JF-PRALAB-TRP": 1.5,
        },
        12.0,
    ),
    _rumah_sakit(
        "1.02.03",
        "Rumah Sakit Jiwa Sungai Bangkong",
        "RSJ",
        "Jl. Kom Yos Sudarso, Sungai Bangkong, Pontianak 78113",
        {
            "JF-DOKTER-AP": 2.0,
            "JF-DOKTER-AM": 1.0,
            "JF-PERAWAT-TRP": 8.0,
            "JF-PERAWAT-AP": 4.0,
            "JF-PSIKOLOG-AP": 1.5,
            "JF-APOTEKER-AP": 0.5,
        },
        3.5,
    ),
)

UPT: tuple[AgencySpec, ...] = (
    _upt(
        "1.02.01.01",
        "UPT Laboratorium Kesehatan Daerah",
        "UPT Labkesda",
        "1.02.01",
        "Jl. Sutan Syahrir, Pontianak 78116",
        ("Seksi Pelayanan Laboratorium",),
        {"JF-PRALAB-TRP": 4.0, "JF-EPID-AP": 0.5},
        ("kesehatan-keperawatan", "kesehatan-masyarakat"),
    ),
    _upt(
        "3.27.01.01",
        "UPT Perlindungan Tanaman Pangan dan Hortikultura",
        "UPT PTPH",
        "3.27.01",
        "Jl. Adisucipto, Pontianak 78124",
        ("Seksi Pengamatan dan Pengendalian",),
        {"JF-POPT-AP": 3.0},
        ("pertanian",),
    ),
    _upt(
        "5.02.02.01",
        "UPT Pengelolaan Pendapatan Daerah Wilayah Pontianak",
        "UPT PPD Pontianak",
        "5.02.02",
        "Jl. Sutan Syahrir, Pontianak 78116",
        ("Seksi Pendataan dan Penetapan",),
        {"PL-PENDAPATAN": 5.0},
        ("keuangan-akuntansi", ADM),
    ),
    _upt(
        "5.02.02.02",
        "UPT Pengelolaan Pendapatan Daerah Wilayah Singkawang",
        "UPT PPD Singkawang",
        "5.02.02",
        "Jl. Alianyang, Singkawang 79123",
        ("Seksi Pendataan dan Penetapan",),
        {"PL-PENDAPATAN": 4.0},
        ("keuangan-akuntansi", ADM),
        wilayah=KabKota.SINGKAWANG,
    ),
    _upt(
        "2.07.01.01",
        "UPT Balai Latihan Kerja",
        "UPT BLK",
        "2.07.01",
        "Jl. Adisucipto, Pontianak 78124",
        ("Seksi Pelatihan dan Sertifikasi",),
        {"JF-PENGANTAR-KERJA-AP": 1.0, "PL-TEKNISI": 1.5},
        (ADM, "teknik-energi"),
    ),
)

# Parents come before children so induk can be resolved in one pass.
AGENCIES: tuple[AgencySpec, ...] = (
    SETDA,
    *BIRO,
    SETWAN,
    INSPEKTORAT,
    *OPD,
    *RUMAH_SAKIT,
    *UPT,
)
AGENCY_BY_KODE: dict[str, AgencySpec] = {a.kode: a for a in AGENCIES}

# The agencies the demo users work at, and the three formasi the issue requires to show a
# clear shortage (kebutuhan from ABK above bezetting by several people).
BKD = "5.03.01"
DINKES = "1.02.01"
DISKOMINFO = "2.16.01"
DISTAN = "3.27.01"
KEY_SHORTAGES: tuple[tuple[str, str], ...] = (
    (DISKOMINFO, "JF-PRAKOM-AP"),
    (DISTAN, "JF-PENYULUH-TAN-AP"),
    (DINKES, "JF-EPID-AP"),
)
# Agencies whose heads are seated first when a small --size cannot fill every structural post.
PRIORITY_AGENCIES = (SETDA.kode, BKD, DINKES, DISKOMINFO, DISTAN)

# Fields whose graduates belong at these agencies (a misplaced graduate works elsewhere).
HOME_AGENCIES: dict[str, set[str]] = {
    "teknologi-informasi": {DISKOMINFO},
    "pertanian": {DISTAN, "3.27.02", "2.09.01", "3.27.01.01"},
    "kesehatan-masyarakat": {DINKES, "1.02.02", "1.02.03", "1.02.01.01"},
    "teknik-sipil": {"1.03.01", "1.04.01"},
}


@dataclass
class Roles:
    """Units of an agency by role, for placing holders."""

    sek: list[str] = field(default_factory=list)
    teknis: list[str] = field(default_factory=list)


def unit_roles(agency: AgencySpec) -> Roles:
    """The agency's head-office units by role (branch offices are in neither)."""
    roles = Roles()
    for unit in agency.units:
        if unit.role != "upt":
            getattr(roles, unit.role).append(unit.kode)
    if not roles.sek:
        roles.sek = list(roles.teknis)
    if not roles.teknis:
        roles.teknis = list(roles.sek)
    return roles


def unit_pool(agency: AgencySpec, jabatan: str, unit_role: str) -> tuple[str, ...]:
    """Units where holders of ``jabatan`` (whose unit role is ``unit_role``) work: the head
    office's units of that role and the branches that list the position."""
    roles = unit_roles(agency)
    base = roles.sek if unit_role == "sek" else roles.teknis
    return (*base, *(u.kode for u in agency.units if jabatan in u.staff))
