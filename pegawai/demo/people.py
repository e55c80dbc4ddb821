"""Demo people data: names common in Kalimantan Barat, fields of study with their degrees,
institutions, birthplaces and training names. Plain data, no database access.
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> tuple[str, ...]:
    """A tuple from a comma-separated list, so long vocabularies read as text."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


# -- names -------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameGroup:
    key: str
    weight: float
    male: tuple[str, ...]
    female: tuple[str, ...]
    second: tuple[str, ...]  # second names / family names, either gender
    second_male: tuple[str, ...] = ()
    second_female: tuple[str, ...] = ()
    prefix_male: tuple[str, ...] = ()  # hereditary titles used as part of the name
    prefix_female: tuple[str, ...] = ()
    prefix_share: float = 0.0
    second_share: float = 0.8
    muslim: bool = True
    birthplaces: tuple[str, ...] = ()


NAME_GROUPS: tuple[NameGroup, ...] = (
    NameGroup(
        "melayu",
        0.30,
        male=_words(
            "Muhammad, Ahmad, Rizki, Fadli, Hendra, Zulkarnain, Hairul, Mahmud, Rusdi, "
            "Hamdan, Syahrial, Iskandar, Firdaus, Ridwan, Hasan, Husin, Abdul Rahman, "
            "Wahyudi, Ismail, Zainal, Arief, Budiman, Safarudin, Harisson, Saptiko, Mursalin, "
            "Effendi, Junaidi, Rahmat, Yusuf"
        ),
        female=_words(
            "Nurhayati, Siti Aminah, Rahmawati, Fitriani, Nurul Hidayah, Hasanah, Zubaidah, "
            "Rosita, Maimunah, Nurlela, Juliana, Fatimah, Raudhah, Mardiana, Halimah, Sri "
            "Rahayu, Aisyah, Nurjanah, Sumiati, Erlina"
        ),
        second=_words(
            "Abdullah, Alkadrie, Alqadri, Alhadi, Assegaf, Hamid, Idrus, Yusuf, Ramadhan, "
            "Saputra, Pratama, Hidayat, Rahman, Gani, Arsyad"
        ),
        second_female=_words("Putri, Sari, Wati, Lestari"),
        prefix_male=_words("Syarif, Uray, Gusti, Abang"),
        prefix_female=_words("Syarifah, Utin, Dayang, Sharifah"),
        prefix_share=0.15,
        birthplaces=_words(
            "Pontianak, Pontianak, Pontianak, Sambas, Mempawah, Ketapang, Sukadana, Sungai "
            "Raya, Singkawang, Sanggau, Putussibau"
        ),
    ),
    NameGroup(
        "dayak",
        0.28,
        male=_words(
            "Yohanes, Antonius, Paulus, Agustinus, Fransiskus, Stefanus, Markus, Yosef, "
            "Andreas, Lukas, Herkulanus, Ignatius, Martinus, Yakobus, Petrus, Benediktus, "
            "Kornelius, Aloysius, Dominikus, Simon, Matius, Lasarus, Rikardus, Gregorius, "
            "Heronimus"
        ),
        female=_words(
            "Maria, Yuliana, Lusia, Veronika, Natalia, Kristina, Agustina, Theresia, "
            "Elisabeth, Margaretha, Florentina, Katarina, Yosefina, Fransiska, Susana, Agnes, "
            "Imelda, Marselina, Dorothea, Yasinta"
        ),
        second=_words(
            "Ajang, Acui, Alen, Apui, Lawing, Ding, Ngiuk, Usop, Jamar, Lintang, Ason, Ijop, "
            "Sengkuwan, Libau, Ensiang, Jimbun, Iring, Anyik, Bajau, Kiyai, Lawai, Ipong, "
            "Mising, Odo, Didi, Kumis, Ngabut, Nyangun, Sinjan, Bayau"
        ),
        second_share=0.9,
        muslim=False,
        birthplaces=_words(
            "Ngabang, Sanggau, Sintang, Putussibau, Bengkayang, Sekadau, Nanga Pinoh, "
            "Pontianak, Ketapang, Landak, Darit, Balai Karangan"
        ),
    ),
    NameGroup(
        "jawa",
        0.18,
        male=_words(
            "Sutrisno, Suparman, Bambang, Joko, Agus, Budi, Slamet, Eko, Wahyu, Hadi, Sigit, "
            "Dwi Cahyono, Tri Wibowo, Heru, Teguh, Sugeng, Yudi, Puji Santoso, Aris, Gunawan, "
            "Bayu, Adi, Rudi, Kuswanto, Sukirno"
        ),
        female=_words(
            "Sri Wahyuni, Endang, Rini, Sulastri, Dwi Astuti, Tri Wahyuni, Puji Lestari, "
            "Ratna, Wulan, Yuni, Suryani, Siti Fatimah, Ika, Dewi, Retno, Anik, Sumarni, "
            "Kartini, Lestari, Nanik"
        ),
        second=_words(
            "Purnomo, Setyawan, Nugroho, Prasetyo, Susilo, Widodo, Santoso, Wibowo, Hartono, "
            "Raharjo, Subagyo, Suprapto, Wijayanto, Kuncoro, Sulistyo, Hermawan"
        ),
        second_female=_words("Handayani, Rahayu, Kurniasih, Lestari, Wahyuningsih, Astuti"),
        second_share=0.7,
        birthplaces=_words(
            "Pontianak, Sungai Raya, Rasau Jaya, Yogyakarta, Surakarta, Semarang, Surabaya, "
            "Klaten, Kediri, Ketapang, Sintang"
        ),
    ),
    NameGroup(
        "tionghoa",
        0.10,
        male=_words(
            "Hendra, Andi, Steven, Kevin, Jimmy, Ferry, Suryadi, Hartono, Budi, Tommy, "
            "Wilson, Edy, Rudy, Sanjaya, Vincent, Hermanto"
        ),
        female=_words(
            "Yanti, Lina, Susan, Meliana, Wenny, Siska, Lily, Fenny, Yuliana, Merry, Novita, "
            "Selvi, Sherly, Vivian, Agnes, Mei Lan"
        ),
        second=_words(
            "Wijaya, Gunawan, Halim, Santoso, Salim, Susanto, Kurniawan, Lukito, Setiawan, "
            "Tjhai, Bong, Lim, Tan, Lie, Phang, Chandra, Tjhin, Tanoto, Lukman, Sutanto"
        ),
        second_share=0.95,
        muslim=False,
        birthplaces=_words("Singkawang, Singkawang, Pontianak, Pontianak, Pemangkat, Sambas"),
    ),
    NameGroup(
        "bugis",
        0.07,
        male=_words(
            "Hasanuddin, Syamsuddin, Jamaluddin, Baharuddin, Amiruddin, Nurdin, Rusli, Haris, "
            "Ridwan, Arfah, Mustari, Kaharuddin, Sudirman, Syukri"
        ),
        female=_words(
            "Nurhayati, Hasnah, Nurhaedah, Hamsinah, Marwah, Nurbaya, Rosmini, Hasmiah, Sitti "
            "Rahmah, Nurmiati, Asniar"
        ),
        second=_words("Daeng, Mappa, Rauf, Mallarangeng, Pallawa, Amir, Latif, Rahim"),
        prefix_male=("Andi",),
        prefix_female=("Andi",),
        prefix_share=0.3,
        second_share=0.6,
        birthplaces=_words("Pontianak, Sungai Kakap, Ketapang, Mempawah, Makassar, Bone"),
    ),
    NameGroup(
        "madura",
        0.04,
        male=_words("Moh. Holil, Abd. Rahem, Moh. Sahri, Matrawi, Suhaimi, Badrus"),
        female=_words("Siti Khotijah, Halimatus, Sa'diyah, Nur Laila, Zainab"),
        second=_words("Hasan, Ali, Sholeh, Hadi, Rasyid"),
        second_share=0.5,
        birthplaces=_words("Pontianak, Sungai Raya, Sampang, Bangkalan"),
    ),
    NameGroup(
        "batak",
        0.03,
        male=_words("Parulian, Hotman, Tumpal, Jonner, Martua, Sahat, Robert, Binsar"),
        female=_words("Rosmaida, Lamria, Tiurma, Hotnida, Dame, Nurmaida"),
        second=_words("Simanjuntak, Siregar, Sihombing, Nainggolan, Pardede, Situmorang, Hutapea"),
        second_share=1.0,
        muslim=False,
        birthplaces=_words("Medan, Pematangsiantar, Tarutung, Pontianak"),
    ),
)

# -- fields of study ---------------------------------------------------------------------


@dataclass(frozen=True)
class Major:
    jenjang: str
    jurusan: str
    gelar: str = ""  # gelar belakang
    gelar_depan: str = ""


def _m(jenjang: str, jurusan: str, gelar: str = "", depan: str = "") -> Major:
    return Major(jenjang, jurusan, gelar, depan)


# Majors per bidang and level. D4 counts as S1 for appointment (PENDIDIKAN_RANK).
MAJORS: dict[str, tuple[Major, ...]] = {
    "teknologi-informasi": (
        _m("SMA", "Teknik Komputer dan Jaringan"),
        _m("D3", "Manajemen Informatika", "A.Md.Kom."),
        _m("D3", "Teknik Informatika", "A.Md.Kom."),
        _m("S1", "Teknik Informatika", "S.Kom."),
        _m("S1", "Sistem Informasi", "S.Kom."),
        _m("S1", "Ilmu Komputer", "S.Kom."),
        _m("S1", "Informatika", "S.Kom."),
        _m("S2", "Teknik Informatika", "M.T."),
        _m("S2", "Ilmu Komputer", "M.Kom."),
        _m("S2", "Sistem Informasi", "M.Kom."),
    ),
    "kesehatan-masyarakat": (
        _m("D3", "Kesehatan Lingkungan", "A.Md.KL."),
        _m("D3", "Gizi", "A.Md.Gz."),
        _m("S1", "Kesehatan Masyarakat", "S.K.M."),
        _m("S1", "Kesehatan Masyarakat", "S.K.M."),
        _m("S1", "Gizi", "S.Gz."),
        _m("S1", "Kesehatan Lingkungan", "S.K.M."),
        _m("S2", "Epidemiologi", "M.Epid."),
        _m("S2", "Kesehatan Masyarakat", "M.Kes."),
        _m("S2", "Administrasi dan Kebijakan Kesehatan", "M.K.M."),
    ),
    "kesehatan-keperawatan": (
        _m("D3", "Keperawatan", "A.Md.Kep."),
        _m("D3", "Kebidanan", "A.Md.Keb."),
        _m("D3", "Teknologi Laboratorium Medis", "A.Md.Kes."),
        _m("D3", "Farmasi", "A.Md.Farm."),
        _m("S1", "Keperawatan (Profesi Ners)", "S.Kep., Ners"),
        _m("S1", "Pendidikan Dokter", "", "dr."),
        _m("S1", "Farmasi (Profesi Apoteker)", "S.Farm.", "apt."),
        _m("S2", "Spesialis Penyakit Dalam", "Sp.PD.", "dr."),
        _m("S2", "Spesialis Anak", "Sp.A.", "dr."),
        _m("S2", "Spesialis Kedokteran Jiwa", "Sp.KJ.", "dr."),
        _m("S2", "Keperawatan", "M.Kep."),
    ),
    "pertanian": (
        _m("SMA", "Agribisnis Tanaman Pangan dan Hortikultura"),
        _m("D3", "Budidaya Tanaman Perkebunan", "A.Md.P."),
        _m("S1", "Agroteknologi", "S.P."),
        _m("S1", "Agribisnis", "S.P."),
        _m("S1", "Agronomi", "S.P."),
        _m("S1", "Ilmu Tanah", "S.P."),
        _m("S1", "Proteksi Tanaman", "S.P."),
        _m("S2", "Agronomi", "M.P."),
        _m("S2", "Ilmu Pertanian", "M.Si."),
    ),
    "peternakan": (
        _m("D3", "Kesehatan Hewan", "A.Md.Pt."),
        _m("S1", "Peternakan", "S.Pt."),
        _m("S1", "Kedokteran Hewan (Profesi Dokter Hewan)", "", "drh."),
        _m("S2", "Ilmu Peternakan", "M.Si."),
    ),
    "perikanan": (
        _m("D3", "Budidaya Perairan", "A.Md.Pi."),
        _m("S1", "Budidaya Perairan", "S.Pi."),
        _m("S1", "Ilmu Kelautan", "S.Kel."),
        _m("S1", "Teknologi Hasil Perikanan", "S.Pi."),
        _m("S2", "Sumber Daya Perairan", "M.Si."),
    ),
    "kehutanan-lingkungan": (
        _m("D3", "Kehutanan", "A.Md.Hut."),
        _m("S1", "Kehutanan", "S.Hut."),
        _m("S1", "Manajemen Hutan", "S.Hut."),
        _m("S1", "Teknik Lingkungan", "S.T."),
        _m("S2", "Ilmu Lingkungan", "M.Si."),
    ),
    "keuangan-akuntansi": (
        _m("SMA", "Akuntansi dan Keuangan Lembaga"),
        _m("D3", "Akuntansi", "A.Md.Ak."),
        _m("D3", "Akuntansi Sektor Publik", "A.Md.Ak."),
        _m("S1", "Akuntansi", "S.E."),
        _m("S1", "Akuntansi", "S.Ak."),
        _m("S1", "Manajemen Keuangan", "S.E."),
        _m("S2", "Akuntansi", "M.Ak."),
        _m("S2", "Keuangan Negara", "M.E."),
    ),
    "hukum": (
        _m("S1", "Ilmu Hukum", "S.H."),
        _m("S1", "Ilmu Hukum", "S.H."),
        _m("S2", "Ilmu Hukum", "M.H."),
        _m("S2", "Hukum Administrasi Negara", "M.H."),
    ),
    "administrasi-manajemen": (
        _m("SMA", "Otomatisasi dan Tata Kelola Perkantoran"),
        _m("D3", "Administrasi Perkantoran", "A.Md.A.B."),
        _m("D3", "Administrasi Bisnis", "A.Md.A.B."),
        _m("S1", "Ilmu Administrasi Negara", "S.Sos."),
        _m("S1", "Administrasi Publik", "S.A.P."),
        _m("S1", "Manajemen", "S.E."),
        _m("S1", "Ilmu Pemerintahan", "S.IP."),
        _m("S2", "Administrasi Publik", "M.A.P."),
        _m("S2", "Manajemen", "M.M."),
        _m("S2", "Ilmu Administrasi", "M.Si."),
    ),
    "teknik-sipil": (
        _m("D3", "Teknik Sipil", "A.Md.T."),
        _m("S1", "Teknik Sipil", "S.T."),
        _m("S1", "Arsitektur", "S.Ars."),
        _m("S1", "Perencanaan Wilayah dan Kota", "S.T."),
        _m("S2", "Teknik Sipil", "M.T."),
    ),
    "pendidikan": (
        _m("S1", "Pendidikan Matematika", "S.Pd."),
        _m("S1", "Pendidikan Bahasa Indonesia", "S.Pd."),
        _m("S1", "Pendidikan Bahasa Inggris", "S.Pd."),
        _m("S1", "Pendidikan Biologi", "S.Pd."),
        _m("S1", "Pendidikan Fisika", "S.Pd."),
        _m("S1", "Pendidikan Kimia", "S.Pd."),
        _m("S1", "Pendidikan Sejarah", "S.Pd."),
        _m("S1", "Pendidikan Ekonomi", "S.Pd."),
        _m("S1", "Pendidikan Jasmani", "S.Pd."),
        _m("S1", "Bimbingan dan Konseling", "S.Pd."),
        _m("S2", "Teknologi Pendidikan", "M.Pd."),
        _m("S2", "Pendidikan Matematika", "M.Pd."),
    ),
    "ekonomi": (
        _m("D3", "Ekonomi Pembangunan", "A.Md."),
        _m("S1", "Ekonomi Pembangunan", "S.E."),
        _m("S1", "Ilmu Ekonomi", "S.E."),
        _m("S1", "Ekonomi Syariah", "S.E."),
        _m("S2", "Ilmu Ekonomi", "M.E."),
        _m("S2", "Studi Pembangunan", "M.Si."),
    ),
    "statistik": (
        _m("D3", "Statistika", "A.Md.Stat."),
        _m("S1", "Statistika", "S.Stat."),
        _m("S1", "Komputasi Statistik (D-IV)", "S.Tr.Stat."),
        _m("S2", "Statistika", "M.Si."),
    ),
    "kearsipan-perpustakaan": (
        _m("D3", "Kearsipan", "A.Md.Ars."),
        _m("D3", "Perpustakaan", "A.Md.Pus."),
        _m("S1", "Ilmu Perpustakaan", "S.I.P."),
        _m("S1", "Ilmu Informasi dan Perpustakaan", "S.Hum."),
        _m("S2", "Manajemen Informasi dan Dokumen", "M.Si."),
    ),
    "sosial": (
        _m("S1", "Kesejahteraan Sosial", "S.Sos."),
        _m("S1", "Sosiologi", "S.Sos."),
        _m("S1", "Antropologi", "S.Ant."),
        _m("S2", "Kesejahteraan Sosial", "M.Si."),
        _m("S2", "Sosiologi", "M.Si."),
    ),
    "komunikasi": (
        _m("D3", "Hubungan Masyarakat", "A.Md.Kom."),
        _m("S1", "Ilmu Komunikasi", "S.I.Kom."),
        _m("S1", "Jurnalistik", "S.I.Kom."),
        _m("S2", "Ilmu Komunikasi", "M.I.Kom."),
    ),
    "perhubungan": (
        _m("D3", "Lalu Lintas Angkutan Jalan", "A.Md.LLAJ."),
        _m("D3", "Teknik Keselamatan Otomotif", "A.Md.T."),
        _m("S1", "Manajemen Transportasi", "S.Tr.M.Tr."),
        _m("S2", "Manajemen Transportasi", "M.M.Tr."),
    ),
    "psikologi": (
        _m("S1", "Psikologi", "S.Psi."),
        _m("S2", "Psikologi Profesi", "M.Psi., Psikolog"),
    ),
    "pariwisata": (
        _m("D3", "Perhotelan", "A.Md.Par."),
        _m("S1", "Pariwisata", "S.Par."),
        _m("S1", "Ilmu Keolahragaan", "S.Or."),
        _m("S2", "Pariwisata", "M.Par."),
    ),
    "teknik-energi": (
        _m("D3", "Teknik Mesin", "A.Md.T."),
        _m("D3", "Teknik Elektro", "A.Md.T."),
        _m("S1", "Teknik Elektro", "S.T."),
        _m("S1", "Teknik Mesin", "S.T."),
        _m("S1", "Teknik Pertambangan", "S.T."),
        _m("S2", "Teknik Elektro", "M.T."),
    ),
}

# What a general senior-high-school leaver studied (no bidang).
SMA_UMUM = _words("IPA, IPS, IPS, Bahasa")

# IPDN graduates (sarjana terapan, ikatan dinas).
IPDN = Major("D4", "Ilmu Pemerintahan (Sarjana Terapan)", "S.Tr.IP.")

# -- institutions ------------------------------------------------------------------------

UNTAN = "Universitas Tanjungpura"
POLNEP = "Politeknik Negeri Pontianak"

LOCAL_S1 = (
    UNTAN,
    UNTAN,
    UNTAN,
    "Universitas Muhammadiyah Pontianak",
    "Universitas Panca Bhakti",
    "Universitas Widya Dharma Pontianak",
    "IKIP PGRI Pontianak",
    "Universitas Terbuka",
)
NATIONAL_S1 = _words(
    "Universitas Gadjah Mada, Institut Pertanian Bogor, Universitas Indonesia, Universitas "
    "Airlangga, Universitas Diponegoro, Universitas Brawijaya, Universitas Hasanuddin, "
    "Universitas Padjadjaran, Universitas Sebelas Maret, Universitas Lambung Mangkurat"
)
S2_INSTITUTIONS = (
    UNTAN,
    UNTAN,
    "Universitas Gadjah Mada",
    "Institut Pertanian Bogor",
    "Universitas Indonesia",
    "Universitas Terbuka",
    "Universitas Brawijaya",
)
D3_INSTITUTIONS = (POLNEP, POLNEP, "Politeknik Negeri Sambas", "Politeknik Negeri Ketapang")

# Where a field is usually studied, overriding the general lists.
BY_BIDANG: dict[tuple[str, str], tuple[str, ...]] = {
    ("teknologi-informasi", "S1"): (
        UNTAN,
        UNTAN,
        "STMIK Pontianak",
        "Universitas Widya Dharma Pontianak",
    ),
    ("teknologi-informasi", "D3"): (POLNEP, "Politeknik Negeri Sambas", "AMIK BSI Pontianak"),
    ("kesehatan-masyarakat", "S1"): (
        UNTAN,
        "Universitas Muhammadiyah Pontianak",
        "Universitas Airlangga",
        "Universitas Hasanuddin",
    ),
    ("kesehatan-masyarakat", "D3"): ("Poltekkes Kemenkes Pontianak",),
    ("kesehatan-keperawatan", "D3"): ("Poltekkes Kemenkes Pontianak", "STIKes Yarsi Pontianak"),
    ("kesehatan-keperawatan", "S1"): (UNTAN, "STIKes Yarsi Pontianak", "Universitas Gadjah Mada"),
    ("kesehatan-keperawatan", "S2"): (
        "Universitas Gadjah Mada",
        "Universitas Airlangga",
        "Universitas Indonesia",
    ),
    ("pertanian", "S1"): (UNTAN, UNTAN, "Universitas Panca Bhakti", "Institut Pertanian Bogor"),
    ("pertanian", "D3"): ("Politeknik Negeri Sambas", "Politeknik Negeri Ketapang"),
    ("pendidikan", "S1"): (
        "FKIP Universitas Tanjungpura",
        "IKIP PGRI Pontianak",
        "Universitas Katolik Santo Agustinus Hippo",
    ),
    ("hukum", "S1"): (UNTAN, "Universitas Panca Bhakti", "Universitas Muhammadiyah Pontianak"),
    ("keuangan-akuntansi", "D3"): (POLNEP, "Politeknik Keuangan Negara STAN"),
    ("statistik", "S1"): ("Politeknik Statistika STIS", "Institut Pertanian Bogor"),
    ("perhubungan", "D3"): ("Politeknik Keselamatan Transportasi Jalan",),
    ("perhubungan", "S1"): ("Politeknik Transportasi Darat Indonesia-STTD",),
    ("perikanan", "S1"): (UNTAN, "Universitas Muhammadiyah Pontianak", "Institut Pertanian Bogor"),
}
IPDN_INSTITUTION = "Institut Pemerintahan Dalam Negeri"

SMA_SCHOOLS = _words(
    "SMA Negeri 1 Pontianak, SMA Negeri 3 Pontianak, SMA Negeri 8 Pontianak, SMA Santu Petrus "
    "Pontianak, SMA Negeri 1 Singkawang, SMA Negeri 1 Sambas, SMA Negeri 1 Ketapang, SMA "
    "Negeri 1 Sintang, SMA Negeri 1 Sanggau, SMA Negeri 1 Ngabang, SMA Negeri 1 Putussibau, "
    "MAN 1 Pontianak"
)
SMK_SCHOOLS = ("SMK Negeri 1 Pontianak", "SMK Negeri 3 Pontianak", "SMK Negeri 1 Singkawang")

# -- training ----------------------------------------------------------------------------

BPSDM = "BPSDM Provinsi Kalimantan Barat"

# Technical training per field: (name, organiser, lesson hours).
DIKLAT_TEKNIS: dict[str, tuple[tuple[str, str, int], ...]] = {
    "teknologi-informasi": (
        ("Pelatihan Keamanan Informasi", "Badan Siber dan Sandi Negara", 40),
        (
            "Pelatihan Pengembangan Aplikasi Berbasis Web",
            "Kementerian Komunikasi dan Informatika",
            60,
        ),
        (
            "Digital Talent Scholarship: Cloud Computing",
            "Kementerian Komunikasi dan Informatika",
            80,
        ),
        ("Sertifikasi Administrator Jaringan", "BNSP", 40),
    ),
    "kesehatan-masyarakat": (
        ("Pelatihan Surveilans Epidemiologi", "Balai Pelatihan Kesehatan", 50),
        (
            "Pelatihan Penyelidikan Epidemiologi KLB",
            "Dinas Kesehatan Provinsi Kalimantan Barat",
            40,
        ),
        ("Pelatihan Sanitasi Total Berbasis Masyarakat", "Kementerian Kesehatan", 40),
    ),
    "kesehatan-keperawatan": (
        ("Pelatihan Basic Trauma Cardiac Life Support", "RSUD dr. Soedarso", 40),
        ("Pelatihan Pencegahan dan Pengendalian Infeksi", "Kementerian Kesehatan", 30),
        ("Pelatihan Asuhan Persalinan Normal", "Kementerian Kesehatan", 50),
    ),
    "pertanian": (
        ("Pelatihan Dasar Penyuluh Pertanian", "Kementerian Pertanian", 100),
        ("Pelatihan Budidaya Padi Ramah Lingkungan", "Kementerian Pertanian", 40),
        ("Pelatihan Pengendalian Hama Terpadu", "Kementerian Pertanian", 40),
    ),
    "peternakan": (
        ("Pelatihan Inseminasi Buatan", "Kementerian Pertanian", 60),
        ("Pelatihan Penanganan Penyakit Hewan Menular", "Kementerian Pertanian", 40),
    ),
    "perikanan": (
        ("Pelatihan Budidaya Ikan Air Tawar", "Kementerian Kelautan dan Perikanan", 40),
        ("Pelatihan Pengawasan Sumber Daya Perikanan", "Kementerian Kelautan dan Perikanan", 60),
    ),
    "kehutanan-lingkungan": (
        (
            "Pelatihan Pengendalian Kebakaran Hutan dan Lahan",
            "Kementerian Lingkungan Hidup dan Kehutanan",
            60,
        ),
        ("Pelatihan Penyusunan Dokumen AMDAL", "Kementerian Lingkungan Hidup dan Kehutanan", 80),
    ),
    "keuangan-akuntansi": (
        ("Bimbingan Teknis Akuntansi Berbasis Akrual", "BPKP Perwakilan Kalimantan Barat", 40),
        ("Pelatihan Pengelolaan Keuangan Daerah (SIPD)", "Kementerian Dalam Negeri", 30),
        ("Sertifikasi Bendahara Pengeluaran", "Kementerian Keuangan", 40),
    ),
    "hukum": (
        ("Pelatihan Legal Drafting", "Kementerian Hukum", 50),
        ("Bimbingan Teknis Penyusunan Produk Hukum Daerah", "Kementerian Dalam Negeri", 30),
    ),
    "administrasi-manajemen": (
        ("Bimbingan Teknis Tata Naskah Dinas", BPSDM, 30),
        ("Pelatihan Pelayanan Prima", BPSDM, 30),
        ("Bimbingan Teknis Manajemen Kinerja ASN", "Badan Kepegawaian Negara", 24),
    ),
    "teknik-sipil": (
        ("Pelatihan Pengawasan Konstruksi Jalan", "Kementerian Pekerjaan Umum", 60),
        ("Sertifikasi Ahli Muda Teknik Jalan", "LPJK", 40),
    ),
    "pendidikan": (
        ("Pendidikan Profesi Guru Dalam Jabatan", "Kementerian Pendidikan Dasar dan Menengah", 200),
        ("Pelatihan Implementasi Kurikulum Merdeka", "Balai Guru Penggerak Kalimantan Barat", 32),
    ),
    "ekonomi": (
        ("Pelatihan Analisis Ekonomi Regional", "Bank Indonesia Kalimantan Barat", 30),
        ("Pelatihan Penyusunan Kajian Kelayakan Investasi", BPSDM, 40),
    ),
    "statistik": (
        ("Pelatihan Statistik Sektoral", "Badan Pusat Statistik", 40),
        ("Pelatihan Analisis Data dengan R", "Badan Pusat Statistik", 40),
    ),
    "kearsipan-perpustakaan": (
        ("Pelatihan Pengelolaan Arsip Dinamis", "Arsip Nasional Republik Indonesia", 40),
        ("Pelatihan Otomasi Perpustakaan (INLISLite)", "Perpustakaan Nasional", 40),
    ),
    "sosial": (
        ("Pelatihan Pendampingan Sosial", "Kementerian Sosial", 50),
        ("Pelatihan Manajemen Kasus", "Kementerian Sosial", 40),
    ),
    "komunikasi": (
        (
            "Pelatihan Manajemen Media Sosial Pemerintah",
            "Kementerian Komunikasi dan Informatika",
            30,
        ),
        ("Pelatihan Penulisan Siaran Pers", BPSDM, 24),
    ),
    "perhubungan": (
        ("Pelatihan Manajemen Lalu Lintas", "Kementerian Perhubungan", 60),
        ("Pelatihan Penguji Kendaraan Bermotor", "Kementerian Perhubungan", 100),
    ),
    "psikologi": (("Pelatihan Asesmen Psikologi", "Himpunan Psikologi Indonesia", 40),),
    "pariwisata": (("Pelatihan Pengembangan Desa Wisata", "Kementerian Pariwisata", 40),),
    "teknik-energi": (
        ("Pelatihan Inspeksi Ketenagalistrikan", "Kementerian ESDM", 60),
        ("Pelatihan Metrologi Legal", "Kementerian Perdagangan", 80),
    ),
}
