"""Demo reference data: the field vocabulary (Bidang) and the position catalogue (Jabatan).

Plain data, no database access. Position names follow the SIASN/KemenPANRB nomenclature
("Pranata Komputer Ahli Pertama"), so a search for the family name finds every level.
Kelas jabatan, minimum ranks and ABK time norms are illustrative demo values, not a
regulation's table.
"""

from __future__ import annotations

from dataclasses import dataclass

from instansi.models import JenisJabatan, JenjangJabatan


def _words(text: str) -> tuple[str, ...]:
    """A tuple from a comma-separated list, so long vocabularies read as text."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


# -- Bidang (fields) ---------------------------------------------------------------------


@dataclass(frozen=True)
class BidangSpec:
    kode: str
    nama: str
    kata_kunci: tuple[str, ...]
    deskripsi: str = ""


BIDANG: tuple[BidangSpec, ...] = (
    BidangSpec(
        "teknologi-informasi",
        "Teknologi Informasi",
        _words(
            "Teknik Informatika, Informatika, Sistem Informasi, Ilmu Komputer, Teknik "
            "Komputer, Manajemen Informatika, Teknologi Informasi, Rekayasa Perangkat Lunak, "
            "Teknik Komputer dan Jaringan, Sains Data"
        ),
        "Pengembangan aplikasi, infrastruktur jaringan, keamanan informasi, data.",
    ),
    BidangSpec(
        "kesehatan-masyarakat",
        "Kesehatan Masyarakat",
        _words(
            "Kesehatan Masyarakat, Epidemiologi, Kesehatan Lingkungan, Sanitasi, Gizi, "
            "Promosi Kesehatan, Administrasi dan Kebijakan Kesehatan, Biostatistik"
        ),
        "Surveilans, pencegahan penyakit, kesehatan lingkungan, gizi.",
    ),
    BidangSpec(
        "kesehatan-keperawatan",
        "Kesehatan dan Keperawatan",
        _words(
            "Pendidikan Dokter, Kedokteran Umum, Spesialis, Keperawatan, Ners, Kebidanan, "
            "Farmasi, Apoteker, Teknologi Laboratorium Medis, Analis Kesehatan, Radiologi"
        ),
        "Pelayanan klinis: dokter, perawat, bidan, apoteker, laboratorium.",
    ),
    BidangSpec(
        "pertanian",
        "Pertanian",
        _words(
            "Agroteknologi, Agribisnis, Agronomi, Ilmu Tanah, Proteksi Tanaman, Hortikultura, "
            "Penyuluhan Pertanian, Ilmu Pertanian, Budidaya Tanaman, Teknologi Pangan"
        ),
        "Budidaya tanaman pangan, hortikultura dan perkebunan, penyuluhan, pangan.",
    ),
    BidangSpec(
        "peternakan",
        "Peternakan dan Kesehatan Hewan",
        _words("Peternakan, Kedokteran Hewan, Kesehatan Hewan, Produksi Ternak"),
    ),
    BidangSpec(
        "perikanan",
        "Perikanan dan Kelautan",
        _words(
            "Perikanan, Budidaya Perairan, Akuakultur, Ilmu Kelautan, Sumber Daya Perairan, "
            "Teknologi Hasil Perikanan"
        ),
    ),
    BidangSpec(
        "kehutanan-lingkungan",
        "Kehutanan dan Lingkungan Hidup",
        _words(
            "Kehutanan, Manajemen Hutan, Teknik Lingkungan, Ilmu Lingkungan, Konservasi "
            "Sumber Daya Hutan"
        ),
    ),
    BidangSpec(
        "keuangan-akuntansi",
        "Keuangan dan Akuntansi",
        _words(
            "Akuntansi, Akuntansi Sektor Publik, Keuangan Negara, Perpajakan, Manajemen "
            "Keuangan, Keuangan dan Perbankan"
        ),
    ),
    BidangSpec(
        "hukum",
        "Hukum",
        _words("Ilmu Hukum, Hukum Tata Negara, Hukum Administrasi Negara, Hukum Bisnis"),
    ),
    BidangSpec(
        "administrasi-manajemen",
        "Administrasi dan Manajemen",
        _words(
            "Administrasi Negara, Administrasi Publik, Ilmu Administrasi, Administrasi "
            "Perkantoran, Administrasi Bisnis, Manajemen, Manajemen Sumber Daya Manusia, Ilmu "
            "Pemerintahan, Tata Kelola Perkantoran"
        ),
    ),
    BidangSpec(
        "teknik-sipil",
        "Teknik Sipil dan Tata Ruang",
        _words(
            "Teknik Sipil, Arsitektur, Perencanaan Wilayah dan Kota, Teknik Pengairan, Teknik "
            "Konstruksi"
        ),
    ),
    BidangSpec(
        "pendidikan",
        "Pendidikan",
        _words(
            "Pendidikan Matematika, Pendidikan Bahasa Indonesia, Pendidikan Bahasa Inggris, "
            "Pendidikan Biologi, Pendidikan Fisika, Pendidikan Kimia, Pendidikan Sejarah, "
            "Pendidikan Ekonomi, Pendidikan Jasmani, Bimbingan dan Konseling, Keguruan, "
            "Teknologi Pendidikan"
        ),
    ),
    BidangSpec(
        "ekonomi",
        "Ekonomi dan Pembangunan",
        _words("Ilmu Ekonomi, Ekonomi Pembangunan, Ekonomi Syariah, Studi Pembangunan"),
    ),
    BidangSpec(
        "statistik",
        "Statistika",
        _words("Statistika, Statistik, Komputasi Statistik, Sains Aktuaria"),
    ),
    BidangSpec(
        "kearsipan-perpustakaan",
        "Kearsipan dan Perpustakaan",
        _words(
            "Ilmu Perpustakaan, Perpustakaan, Kearsipan, Ilmu Informasi dan Perpustakaan, "
            "Manajemen Informasi dan Dokumen"
        ),
    ),
    BidangSpec(
        "sosial",
        "Kesejahteraan Sosial",
        _words("Kesejahteraan Sosial, Sosiologi, Pekerjaan Sosial, Antropologi"),
    ),
    BidangSpec(
        "komunikasi",
        "Komunikasi dan Hubungan Masyarakat",
        _words("Ilmu Komunikasi, Jurnalistik, Hubungan Masyarakat, Penyiaran"),
    ),
    BidangSpec(
        "perhubungan",
        "Perhubungan dan Transportasi",
        _words(
            "Transportasi, Manajemen Transportasi, Lalu Lintas Angkutan Jalan, Keselamatan "
            "Otomotif, Pelayaran"
        ),
    ),
    BidangSpec("psikologi", "Psikologi", ("Psikologi",)),
    BidangSpec(
        "pariwisata",
        "Pariwisata dan Olahraga",
        _words("Pariwisata, Perhotelan, Usaha Perjalanan Wisata, Ilmu Keolahragaan"),
    ),
    BidangSpec(
        "teknik-energi",
        "Teknik Mesin, Elektro dan Energi",
        _words(
            "Teknik Elektro, Teknik Mesin, Teknik Pertambangan, Teknik Geologi, Teknik Kimia, "
            "Teknik Industri, Metrologi"
        ),
    ),
)

BIDANG_BY_KODE = {b.kode: b for b in BIDANG}


def bidang_for_major(jurusan: str) -> str | None:
    """The bidang whose longest keyword occurs in a field of study ("Manajemen Informatika"
    matches teknologi informasi's keyword, not the shorter "Manajemen")."""
    text = jurusan.lower()
    best: tuple[int, str] | None = None
    for spec in BIDANG:
        for word in spec.kata_kunci:
            if word.lower() in text and (best is None or len(word) > best[0]):
                best = (len(word), spec.kode)
    return best[1] if best else None


# -- ABK task templates ------------------------------------------------------------------
# (uraian tugas, satuan hasil, norma waktu in minutes). Volumes are computed per formasi.

Task = tuple[str, str, int]

TASKS: dict[str, tuple[Task, ...]] = {
    "pimpinan": (
        ("Merumuskan kebijakan teknis dan rencana strategis", "Dokumen", 2400),
        ("Memimpin rapat koordinasi pimpinan", "Kegiatan", 180),
        ("Menandatangani naskah dinas dan keputusan", "Naskah", 15),
        ("Mengevaluasi capaian kinerja organisasi", "Laporan", 960),
    ),
    "sekretaris": (
        ("Mengoordinasikan penyusunan rencana kerja dan anggaran", "Dokumen", 1920),
        ("Membina urusan umum, kepegawaian dan keuangan", "Kegiatan", 240),
        ("Memaraf naskah dinas sebelum ditandatangani pimpinan", "Naskah", 10),
        ("Menyusun laporan kinerja instansi pemerintah", "Laporan", 2400),
    ),
    "kabid": (
        ("Menyusun program kerja bidang", "Dokumen", 1440),
        ("Mengendalikan pelaksanaan kegiatan bidang", "Kegiatan", 300),
        ("Menelaah konsep naskah dinas bawahan", "Naskah", 20),
        ("Melaporkan hasil pelaksanaan tugas bidang", "Laporan", 720),
    ),
    "kasubag": (
        ("Menyusun rencana kegiatan subbagian", "Dokumen", 960),
        ("Membagi dan memeriksa pekerjaan staf", "Kegiatan", 60),
        ("Menyiapkan bahan telaahan staf", "Telaahan", 240),
        ("Menyusun laporan kegiatan subbagian", "Laporan", 480),
    ),
    "pengadm": (
        ("Mengagendakan surat masuk dan surat keluar", "Surat", 10),
        ("Menyusun konsep naskah dinas", "Konsep", 45),
        ("Menata dan menyimpan arsip aktif", "Berkas", 15),
        ("Menyiapkan bahan dan perlengkapan rapat", "Kegiatan", 90),
    ),
    "penatalk": (
        ("Memverifikasi dokumen pertanggungjawaban keuangan", "Dokumen", 30),
        ("Menyusun laporan realisasi anggaran", "Laporan", 960),
        ("Melakukan rekonsiliasi data keuangan", "Berita acara", 240),
        ("Menyusun catatan atas laporan keuangan", "Dokumen", 2400),
    ),
    "bendahara": (
        ("Menerima dan memeriksa SPP/SPM", "Dokumen", 40),
        ("Membukukan penerimaan dan pengeluaran kas", "Transaksi", 10),
        ("Menyusun laporan pertanggungjawaban bendahara", "Laporan", 720),
        ("Menyetor dan melaporkan pajak", "Bukti setor", 20),
    ),
    "pengbmd": (
        ("Mencatat barang milik daerah dalam kartu inventaris", "Barang", 15),
        ("Melaksanakan stock opname persediaan", "Berita acara", 480),
        ("Menyusun laporan barang pengguna semesteran", "Laporan", 1440),
    ),
    "pengdata": (
        ("Menghimpun dan memvalidasi data sektoral", "Dataset", 120),
        ("Memutakhirkan basis data", "Rekaman", 5),
        ("Menyajikan data dalam tabel dan grafik", "Sajian", 90),
    ),
    "teknisi": (
        ("Memeriksa kondisi sarana dan prasarana kantor", "Laporan", 120),
        ("Memperbaiki kerusakan ringan instalasi", "Perbaikan", 90),
        ("Menyusun usulan pemeliharaan", "Dokumen", 480),
    ),
    "pendapatan": (
        ("Melayani pendaftaran dan penetapan pajak kendaraan", "Berkas", 12),
        ("Merekapitulasi penerimaan pajak daerah", "Laporan", 240),
        ("Menindaklanjuti tunggakan pajak", "Wajib pajak", 30),
    ),
    "perizinan": (
        ("Memverifikasi kelengkapan permohonan izin", "Berkas", 30),
        ("Menyusun konsep keputusan perizinan", "Konsep", 60),
        ("Memberikan informasi layanan perizinan", "Layanan", 15),
    ),
    "prakom": (
        ("Menyusun rancangan sistem informasi", "Dokumen", 1200),
        ("Mengembangkan modul aplikasi", "Modul", 1800),
        ("Memelihara server dan jaringan", "Laporan", 240),
        ("Menangani gangguan layanan TIK", "Tiket", 60),
        ("Menyusun rencana keamanan informasi", "Dokumen", 960),
    ),
    "penyuluh_tan": (
        ("Menyusun programa penyuluhan pertanian", "Dokumen", 1440),
        ("Membimbing kelompok tani di lapangan", "Kunjungan", 240),
        ("Menyelenggarakan demonstrasi plot", "Demplot", 2400),
        ("Mengevaluasi penerapan teknologi budidaya", "Laporan", 480),
    ),
    "epidemiolog": (
        ("Melaksanakan surveilans penyakit potensial wabah", "Laporan mingguan", 300),
        ("Melakukan penyelidikan epidemiologi kejadian luar biasa", "Kasus", 1440),
        ("Menganalisis data kesakitan dan kematian", "Laporan", 720),
        ("Menyusun rekomendasi pengendalian penyakit", "Rekomendasi", 480),
    ),
    "auditor": (
        ("Melaksanakan audit kinerja perangkat daerah", "Laporan hasil audit", 4800),
        ("Melakukan reviu laporan keuangan", "Laporan reviu", 2400),
        ("Memantau tindak lanjut temuan", "Temuan", 60),
    ),
    "anjak": (
        ("Menyusun kajian kebijakan", "Naskah kajian", 4800),
        ("Menyusun policy brief untuk pimpinan", "Policy brief", 960),
        ("Mengevaluasi pelaksanaan kebijakan daerah", "Laporan", 2400),
    ),
    "perencana": (
        ("Menyusun rancangan rencana kerja perangkat daerah", "Dokumen", 4800),
        ("Menyusun indikator kinerja dan target", "Dokumen", 960),
        ("Memantau dan mengevaluasi pelaksanaan rencana", "Laporan", 720),
    ),
    "arsiparis": (
        ("Memberkaskan arsip aktif", "Berkas", 20),
        ("Menyusun daftar arsip inaktif", "Daftar", 240),
        ("Melaksanakan pemindahan arsip ke unit kearsipan", "Berita acara", 480),
    ),
    "pustakawan": (
        ("Mengolah bahan perpustakaan (katalogisasi)", "Judul", 30),
        ("Melayani pemustaka dan penelusuran informasi", "Layanan", 15),
        ("Menyelenggarakan kegiatan literasi", "Kegiatan", 480),
    ),
    "perawat": (
        ("Melakukan pengkajian keperawatan pasien", "Pasien", 30),
        ("Melaksanakan tindakan keperawatan", "Tindakan", 20),
        ("Mendokumentasikan asuhan keperawatan", "Dokumen", 10),
        ("Melakukan serah terima pasien antar shift", "Kegiatan", 15),
    ),
    "dokter": (
        ("Melakukan pemeriksaan dan diagnosis pasien", "Pasien", 15),
        ("Melakukan tindakan medis", "Tindakan", 45),
        ("Melakukan visite pasien rawat inap", "Visite", 10),
        ("Menyusun rekam medis dan resume", "Dokumen", 10),
    ),
    "bidan": (
        ("Melakukan pemeriksaan kehamilan", "Pasien", 30),
        ("Menolong persalinan normal", "Persalinan", 240),
        ("Memberikan konseling keluarga berencana", "Konseling", 20),
    ),
    "laboratorium": (
        ("Mengambil dan menyiapkan spesimen", "Spesimen", 10),
        ("Melakukan pemeriksaan laboratorium", "Pemeriksaan", 20),
        ("Melakukan kalibrasi dan pemantapan mutu alat", "Kegiatan", 240),
    ),
    "guru": (
        ("Melaksanakan pembelajaran tatap muka", "Jam pelajaran", 45),
        ("Menyusun perangkat pembelajaran", "Modul ajar", 240),
        ("Menilai hasil belajar peserta didik", "Peserta didik", 15),
        ("Membimbing kegiatan ekstrakurikuler", "Kegiatan", 120),
    ),
    "asdm": (
        ("Memproses usulan kenaikan pangkat", "Usulan", 60),
        ("Memproses usulan mutasi dan pemindahan", "Usulan", 120),
        ("Memutakhirkan data kepegawaian di SIASN", "Rekaman", 10),
        ("Menyusun analisis kebutuhan pegawai", "Dokumen", 2400),
    ),
    "humas": (
        ("Menyusun siaran pers", "Siaran pers", 180),
        ("Mengelola konten media sosial instansi", "Konten", 60),
        ("Meliput kegiatan pimpinan", "Liputan", 240),
    ),
    "hukum": (
        ("Menyusun telaahan hukum", "Telaahan", 480),
        ("Menyusun rancangan produk hukum daerah", "Rancangan", 2400),
        ("Mendampingi penanganan perkara", "Perkara", 960),
    ),
    "keuangan_daerah": (
        ("Menganalisis rancangan anggaran perangkat daerah", "Dokumen", 960),
        ("Menyusun analisis realisasi pendapatan dan belanja", "Laporan", 1440),
        ("Memverifikasi laporan keuangan", "Laporan", 720),
    ),
}


def generic_tasks(objek: str) -> tuple[Task, ...]:
    """Tasks for a functional family without a dedicated template."""
    return (
        (f"Menyusun rencana kerja {objek}", "Dokumen", 960),
        (f"Melaksanakan kegiatan teknis {objek}", "Kegiatan", 240),
        (f"Melakukan analisis dan evaluasi {objek}", "Laporan", 720),
        (f"Memberikan bimbingan teknis {objek}", "Kegiatan", 300),
    )


# -- Position catalogue ------------------------------------------------------------------

SEK = "sek"  # holders sit in the secretariat / administrative units
TEKNIS = "teknis"  # holders sit in the technical units (bidang, bagian, seksi)


@dataclass(frozen=True)
class JabatanSpec:
    kode: str
    nama: str
    jenis: str
    kelas: int
    min_pendidikan: str
    bidang: tuple[str, ...]  # accepted fields of study; empty = any
    min_golongan: str
    max_golongan: str
    kompetensi: tuple[tuple[str, int], ...]
    tasks: tuple[Task, ...]
    jenjang: str = ""
    unit_role: str = TEKNIS
    min_masa_kerja: int = 0  # years of service a holder typically has at least
    max_masa_kerja: int = 0  # … and at most (0 = no bound), for entry-level posts
    pppk: bool = False  # may be held by PPPK
    entry: bool = False  # may be held by a CPNS / newly appointed employee
    family: str = ""  # functional family name ("Pranata Komputer")
    pembina: str = ""  # the functional family's supervising agency (for training)

    @property
    def is_struktural(self) -> bool:
        return self.jenis in STRUKTURAL_JENIS

    @property
    def is_fungsional(self) -> bool:
        return self.jenis in {
            JenisJabatan.FUNGSIONAL_KEAHLIAN,
            JenisJabatan.FUNGSIONAL_KETERAMPILAN,
        }


STRUKTURAL_JENIS = {
    JenisJabatan.JPT_MADYA,
    JenisJabatan.JPT_PRATAMA,
    JenisJabatan.ADMINISTRATOR,
    JenisJabatan.PENGAWAS,
}

ADM = "administrasi-manajemen"


def _jpt(kode: str, nama: str, bidang: tuple[str, ...] = (), madya: bool = False) -> JabatanSpec:
    return JabatanSpec(
        kode=kode,
        nama=nama,
        jenis=JenisJabatan.JPT_MADYA if madya else JenisJabatan.JPT_PRATAMA,
        kelas=16 if madya else 14,
        min_pendidikan="S1",
        bidang=bidang,
        min_golongan="43" if madya else "41",
        max_golongan="45" if madya else "44",
        kompetensi=((ADM, 4),),
        tasks=TASKS["pimpinan"],
        min_masa_kerja=22 if madya else 18,
    )


STRUKTURAL: tuple[JabatanSpec, ...] = (
    _jpt("JPT-SEKDA", "Sekretaris Daerah", madya=True),
    _jpt("JPT-ASISTEN", "Asisten Sekretaris Daerah"),
    _jpt("JPT-KADIS", "Kepala Dinas"),
    _jpt("JPT-KABAN", "Kepala Badan"),
    _jpt("JPT-INSPEKTUR", "Inspektur"),
    _jpt("JPT-SEKWAN", "Sekretaris DPRD"),
    _jpt("JPT-KAROBIRO", "Kepala Biro"),
    _jpt("JPT-KASATPOL", "Kepala Satuan Polisi Pamong Praja"),
    _jpt("JPT-KALAKSA", "Kepala Pelaksana Badan Penanggulangan Bencana Daerah"),
    _jpt(
        "JPT-DIREKTUR",
        "Direktur Rumah Sakit",
        bidang=("kesehatan-keperawatan", "kesehatan-masyarakat"),
    ),
    JabatanSpec(
        "ADM-SEKRETARIS",
        "Sekretaris",
        JenisJabatan.ADMINISTRATOR,
        12,
        "S1",
        (),
        "33",
        "42",
        ((ADM, 3),),
        TASKS["sekretaris"],
        unit_role=SEK,
        min_masa_kerja=12,
    ),
    JabatanSpec(
        "ADM-KABID",
        "Kepala Bidang",
        JenisJabatan.ADMINISTRATOR,
        12,
        "S1",
        (),
        "33",
        "42",
        ((ADM, 3),),
        TASKS["kabid"],
        min_masa_kerja=12,
    ),
    JabatanSpec(
        "ADM-KABAG",
        "Kepala Bagian",
        JenisJabatan.ADMINISTRATOR,
        12,
        "S1",
        (),
        "33",
        "42",
        ((ADM, 3),),
        TASKS["kabid"],
        min_masa_kerja=12,
    ),
    JabatanSpec(
        "ADM-IRBAN",
        "Inspektur Pembantu",
        JenisJabatan.ADMINISTRATOR,
        12,
        "S1",
        ("keuangan-akuntansi", "hukum", ADM, "ekonomi", "teknik-sipil"),
        "33",
        "42",
        ((ADM, 3), ("keuangan-akuntansi", 3)),
        TASKS["kabid"],
        min_masa_kerja=12,
    ),
    JabatanSpec(
        "ADM-KAUPT",
        "Kepala Unit Pelaksana Teknis",
        JenisJabatan.ADMINISTRATOR,
        11,
        "S1",
        (),
        "33",
        "42",
        ((ADM, 3),),
        TASKS["kabid"],
        min_masa_kerja=10,
    ),
    JabatanSpec(
        "PGW-KASUBAG",
        "Kepala Subbagian",
        JenisJabatan.PENGAWAS,
        9,
        "D3",
        (),
        "32",
        "41",
        ((ADM, 2),),
        TASKS["kasubag"],
        unit_role=SEK,
        min_masa_kerja=6,
    ),
    JabatanSpec(
        "PGW-KASI",
        "Kepala Seksi",
        JenisJabatan.PENGAWAS,
        9,
        "D3",
        (),
        "32",
        "41",
        ((ADM, 2),),
        TASKS["kasubag"],
        min_masa_kerja=6,
    ),
)

PELAKSANA = JenisJabatan.PELAKSANA

PELAKSANA_JABATAN: tuple[JabatanSpec, ...] = (
    JabatanSpec(
        "PL-PENGADM",
        "Pengadministrasi Perkantoran",
        PELAKSANA,
        5,
        "SMA",
        (ADM, "sosial", "ekonomi", "keuangan-akuntansi", "komunikasi"),
        "",
        "",
        ((ADM, 1),),
        TASKS["pengadm"],
        unit_role=SEK,
        pppk=True,
        entry=True,
    ),
    JabatanSpec(
        "PL-PENATALK",
        "Penata Laporan Keuangan",
        PELAKSANA,
        7,
        "D3",
        ("keuangan-akuntansi", "ekonomi"),
        "",
        "",
        (("keuangan-akuntansi", 2),),
        TASKS["penatalk"],
        unit_role=SEK,
        entry=True,
    ),
    JabatanSpec(
        "PL-BENDAHARA",
        "Bendahara",
        PELAKSANA,
        7,
        "D3",
        ("keuangan-akuntansi", "ekonomi"),
        "",
        "",
        (("keuangan-akuntansi", 2),),
        TASKS["bendahara"],
        unit_role=SEK,
    ),
    JabatanSpec(
        "PL-PENGBMD",
        "Pengelola Barang Milik Daerah",
        PELAKSANA,
        6,
        "D3",
        (ADM, "keuangan-akuntansi", "ekonomi"),
        "",
        "",
        (("keuangan-akuntansi", 1),),
        TASKS["pengbmd"],
        unit_role=SEK,
        entry=True,
    ),
    JabatanSpec(
        "PL-PENGDATA",
        "Pengelola Data",
        PELAKSANA,
        6,
        "D3",
        ("statistik", "teknologi-informasi"),
        "",
        "",
        (("statistik", 1),),
        TASKS["pengdata"],
        entry=True,
        pppk=True,
    ),
    JabatanSpec(
        "PL-TEKNISI",
        "Teknisi Sarana dan Prasarana",
        PELAKSANA,
        6,
        "D3",
        ("teknik-sipil", "teknik-energi"),
        "",
        "",
        (("teknik-sipil", 1),),
        TASKS["teknisi"],
        entry=True,
    ),
    JabatanSpec(
        "PL-PENDAPATAN",
        "Pengelola Pendapatan Daerah",
        PELAKSANA,
        6,
        "D3",
        ("keuangan-akuntansi", "ekonomi", ADM),
        "",
        "",
        (("keuangan-akuntansi", 1),),
        TASKS["pendapatan"],
        entry=True,
    ),
    JabatanSpec(
        "PL-PERIZINAN",
        "Pengelola Perizinan",
        PELAKSANA,
        6,
        "D3",
        (ADM, "hukum"),
        "",
        "",
        (("hukum", 1),),
        TASKS["perizinan"],
        entry=True,
    ),
)

# Functional families: (key, name, levels, accepted fields, competence field, tasks key
# or generic object, supervising agency, PPPK allowed, holders sit in).
AP, AM, TRP = JenjangJabatan.AHLI_PERTAMA, JenjangJabatan.AHLI_MUDA, JenjangJabatan.TERAMPIL

_LEVEL = {
    # jenjang: (suffix, kelas, min education, min rank, max rank, kode suffix,
    #          min years of service, max years of service)
    AP: ("Ahli Pertama", 8, "S1", "31", "32", "AP", 0, 12),
    AM: ("Ahli Muda", 9, "S1", "33", "34", "AM", 8, 0),
    TRP: ("Terampil", 6, "D3", "23", "24", "TRP", 0, 18),
}


@dataclass(frozen=True)
class Family:
    key: str
    nama: str
    levels: tuple[str, ...]
    bidang: tuple[str, ...]
    kompetensi: str | None
    tasks: str  # a TASKS key, or the object of generic tasks
    pembina: str
    pppk: bool = False
    unit_role: str = TEKNIS
    min_pendidikan: dict[str, str] | None = None


FAMILIES: tuple[Family, ...] = (
    Family(
        "PRAKOM",
        "Pranata Komputer",
        (AP, AM),
        ("teknologi-informasi",),
        "teknologi-informasi",
        "prakom",
        "Badan Pusat Statistik",
        pppk=True,
    ),
    Family(
        "PENYULUH-TAN",
        "Penyuluh Pertanian",
        (AP, AM),
        ("pertanian", "peternakan"),
        "pertanian",
        "penyuluh_tan",
        "Kementerian Pertanian",
        pppk=True,
    ),
    Family(
        "EPID",
        "Epidemiolog Kesehatan",
        (AP, AM),
        ("kesehatan-masyarakat",),
        "kesehatan-masyarakat",
        "epidemiolog",
        "Kementerian Kesehatan",
    ),
    Family(
        "ANJAK",
        "Analis Kebijakan",
        (AP, AM),
        (ADM, "hukum", "ekonomi", "sosial"),
        ADM,
        "anjak",
        "Lembaga Administrasi Negara",
    ),
    Family(
        "PERENCANA",
        "Perencana",
        (AP, AM),
        ("ekonomi", ADM, "teknik-sipil", "statistik"),
        "ekonomi",
        "perencana",
        "Kementerian PPN/Bappenas",
        unit_role=SEK,
    ),
    Family(
        "AUDITOR",
        "Auditor",
        (AP, AM),
        ("keuangan-akuntansi", "ekonomi", "hukum"),
        "keuangan-akuntansi",
        "auditor",
        "BPKP",
    ),
    Family(
        "PPUPD",
        "Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah",
        (AP,),
        (ADM, "hukum"),
        ADM,
        "pengawasan penyelenggaraan pemerintahan daerah",
        "Kementerian Dalam Negeri",
    ),
    Family(
        "ARSIPARIS",
        "Arsiparis",
        (TRP, AP),
        ("kearsipan-perpustakaan", ADM),
        "kearsipan-perpustakaan",
        "arsiparis",
        "Arsip Nasional Republik Indonesia",
        unit_role=SEK,
    ),
    Family(
        "PUSTAKAWAN",
        "Pustakawan",
        (TRP, AP),
        ("kearsipan-perpustakaan",),
        "kearsipan-perpustakaan",
        "pustakawan",
        "Perpustakaan Nasional",
    ),
    Family(
        "PERAWAT",
        "Perawat",
        (TRP, AP),
        ("kesehatan-keperawatan",),
        "kesehatan-keperawatan",
        "perawat",
        "Kementerian Kesehatan",
        pppk=True,
    ),
    Family(
        "DOKTER",
        "Dokter",
        (AP, AM),
        ("kesehatan-keperawatan",),
        "kesehatan-keperawatan",
        "dokter",
        "Kementerian Kesehatan",
        pppk=True,
    ),
    Family(
        "BIDAN",
        "Bidan",
        (TRP,),
        ("kesehatan-keperawatan",),
        "kesehatan-keperawatan",
        "bidan",
        "Kementerian Kesehatan",
        pppk=True,
    ),
    Family(
        "APOTEKER",
        "Apoteker",
        (AP,),
        ("kesehatan-keperawatan",),
        "kesehatan-keperawatan",
        "pelayanan kefarmasian",
        "Kementerian Kesehatan",
    ),
    Family(
        "PRALAB",
        "Pranata Laboratorium Kesehatan",
        (TRP,),
        ("kesehatan-keperawatan",),
        "kesehatan-keperawatan",
        "laboratorium",
        "Kementerian Kesehatan",
        pppk=True,
    ),
    Family(
        "SANITARIAN",
        "Tenaga Sanitasi Lingkungan",
        (AP,),
        ("kesehatan-masyarakat",),
        "kesehatan-masyarakat",
        "penyehatan lingkungan",
        "Kementerian Kesehatan",
    ),
    Family(
        "ADMINKES",
        "Administrator Kesehatan",
        (AP,),
        ("kesehatan-masyarakat", ADM),
        "kesehatan-masyarakat",
        "administrasi dan kebijakan kesehatan",
        "Kementerian Kesehatan",
    ),
    Family(
        "AKPD",
        "Analis Keuangan Pusat dan Daerah",
        (AP, AM),
        ("keuangan-akuntansi", "ekonomi"),
        "keuangan-akuntansi",
        "keuangan_daerah",
        "Kementerian Keuangan",
        unit_role=SEK,
    ),
    Family(
        "ANALIS-HUKUM",
        "Analis Hukum",
        (AP, AM),
        ("hukum",),
        "hukum",
        "hukum",
        "Kementerian Hukum",
    ),
    Family(
        "PERANCANG",
        "Perancang Peraturan Perundang-undangan",
        (AP,),
        ("hukum",),
        "hukum",
        "hukum",
        "Kementerian Hukum",
    ),
    Family(
        "ASDM",
        "Analis Sumber Daya Manusia Aparatur",
        (AP, AM),
        (ADM, "hukum", "psikologi"),
        ADM,
        "asdm",
        "Badan Kepegawaian Negara",
        unit_role=SEK,
    ),
    Family(
        "HUMAS",
        "Pranata Hubungan Masyarakat",
        (AP,),
        ("komunikasi",),
        "komunikasi",
        "humas",
        "Kementerian Komunikasi dan Digital",
    ),
    Family(
        "STATISTISI",
        "Statistisi",
        (AP,),
        ("statistik",),
        "statistik",
        "statistik sektoral",
        "Badan Pusat Statistik",
    ),
    Family(
        "SANDIMAN",
        "Sandiman",
        (AP,),
        ("teknologi-informasi",),
        "teknologi-informasi",
        "persandian dan keamanan informasi",
        "Badan Siber dan Sandi Negara",
    ),
    Family(
        "GURU",
        "Guru",
        (AP, AM),
        ("pendidikan",),
        "pendidikan",
        "guru",
        "Kementerian Pendidikan Dasar dan Menengah",
        pppk=True,
    ),
    Family(
        "WIDYAISWARA",
        "Widyaiswara",
        (AM,),
        (),
        None,
        "pengembangan kompetensi aparatur",
        "Lembaga Administrasi Negara",
    ),
    Family(
        "WASKAN",
        "Pengawas Perikanan",
        (AP,),
        ("perikanan",),
        "perikanan",
        "pengawasan sumber daya perikanan",
        "Kementerian Kelautan dan Perikanan",
    ),
    Family(
        "PENYULUH-IKAN",
        "Penyuluh Perikanan",
        (AP,),
        ("perikanan",),
        "perikanan",
        "penyuluhan perikanan",
        "Kementerian Kelautan dan Perikanan",
    ),
    Family(
        "POLHUT",
        "Polisi Kehutanan",
        (TRP,),
        ("kehutanan-lingkungan",),
        "kehutanan-lingkungan",
        "perlindungan hutan",
        "Kementerian Kehutanan",
    ),
    Family(
        "PEDAL",
        "Pengendali Dampak Lingkungan",
        (AP,),
        ("kehutanan-lingkungan",),
        "kehutanan-lingkungan",
        "pengendalian dampak lingkungan",
        "Kementerian Lingkungan Hidup",
    ),
    Family(
        "MEDVET",
        "Medik Veteriner",
        (AP,),
        ("peternakan",),
        "peternakan",
        "kesehatan hewan",
        "Kementerian Pertanian",
    ),
    Family(
        "POPT",
        "Pengendali Organisme Pengganggu Tumbuhan",
        (AP,),
        ("pertanian",),
        "pertanian",
        "pengamatan organisme pengganggu tumbuhan",
        "Kementerian Pertanian",
    ),
    Family(
        "AKP",
        "Analis Ketahanan Pangan",
        (AP,),
        ("pertanian", "ekonomi"),
        "pertanian",
        "ketahanan pangan",
        "Badan Pangan Nasional",
    ),
    Family(
        "PEKSOS",
        "Pekerja Sosial",
        (AP,),
        ("sosial", "psikologi"),
        "sosial",
        "rehabilitasi sosial",
        "Kementerian Sosial",
    ),
    Family(
        "PENYULUH-SOS",
        "Penyuluh Sosial",
        (AP,),
        ("sosial", "komunikasi"),
        "sosial",
        "penyuluhan sosial",
        "Kementerian Sosial",
    ),
    Family(
        "TEKNIK-JALAN",
        "Teknik Jalan dan Jembatan",
        (AP,),
        ("teknik-sipil",),
        "teknik-sipil",
        "penyelenggaraan jalan dan jembatan",
        "Kementerian Pekerjaan Umum",
    ),
    Family(
        "TEKNIK-AIR",
        "Teknik Pengairan",
        (AP,),
        ("teknik-sipil",),
        "teknik-sipil",
        "sumber daya air",
        "Kementerian Pekerjaan Umum",
    ),
    Family(
        "TEKNIK-TBP",
        "Teknik Tata Bangunan dan Perumahan",
        (AP,),
        ("teknik-sipil",),
        "teknik-sipil",
        "penataan bangunan dan perumahan",
        "Kementerian Perumahan dan Kawasan Permukiman",
    ),
    Family(
        "PKB",
        "Penguji Kendaraan Bermotor",
        (TRP,),
        ("perhubungan", "teknik-energi"),
        "perhubungan",
        "pengujian kendaraan bermotor",
        "Kementerian Perhubungan",
    ),
    Family(
        "POLPP",
        "Polisi Pamong Praja",
        (TRP,),
        (),
        "hukum",
        "penegakan peraturan daerah",
        "Kementerian Dalam Negeri",
        min_pendidikan={TRP: "SMA"},
    ),
    Family(
        "PENGANTAR-KERJA",
        "Pengantar Kerja",
        (AP,),
        ("sosial", "psikologi", ADM),
        ADM,
        "penempatan tenaga kerja",
        "Kementerian Ketenagakerjaan",
    ),
    Family(
        "MEDIATOR",
        "Mediator Hubungan Industrial",
        (AP,),
        ("hukum",),
        "hukum",
        "penyelesaian perselisihan hubungan industrial",
        "Kementerian Ketenagakerjaan",
    ),
    Family(
        "PENERA",
        "Penera",
        (TRP,),
        ("teknik-energi",),
        "teknik-energi",
        "tera dan tera ulang alat ukur",
        "Kementerian Perdagangan",
    ),
    Family(
        "WASDAG",
        "Pengawas Perdagangan",
        (AP,),
        ("ekonomi", "hukum"),
        "ekonomi",
        "pengawasan perdagangan",
        "Kementerian Perdagangan",
    ),
    Family(
        "ADYATAMA",
        "Adyatama Kepariwisataan dan Ekonomi Kreatif",
        (AP,),
        ("pariwisata", "komunikasi", "ekonomi"),
        "pariwisata",
        "pengembangan destinasi pariwisata",
        "Kementerian Pariwisata",
    ),
    Family(
        "WASKOP",
        "Pengawas Koperasi",
        (AP,),
        ("ekonomi", "keuangan-akuntansi"),
        "ekonomi",
        "pengawasan koperasi",
        "Kementerian Koperasi",
    ),
    Family(
        "PPB",
        "Penata Penanggulangan Bencana",
        (AP,),
        ("kehutanan-lingkungan", "teknik-sipil", "sosial"),
        "kehutanan-lingkungan",
        "penanggulangan bencana",
        "Badan Nasional Penanggulangan Bencana",
    ),
    Family(
        "PSIKOLOG",
        "Psikolog Klinis",
        (AP,),
        ("psikologi",),
        "psikologi",
        "pelayanan psikologi klinis",
        "Kementerian Kesehatan",
    ),
    Family(
        "PPBJ",
        "Pengelola Pengadaan Barang/Jasa",
        (AP,),
        (),
        ADM,
        "pengadaan barang/jasa",
        "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
    ),
)


def _family_jabatan(family: Family) -> list[JabatanSpec]:
    specs = []
    for level in family.levels:
        suffix, kelas, pendidikan, min_gol, max_gol, kode_suffix, years, max_years = _LEVEL[level]
        if family.min_pendidikan and level in family.min_pendidikan:
            pendidikan = family.min_pendidikan[level]
            min_gol = "21"
        tasks = TASKS.get(family.tasks) or generic_tasks(family.tasks)
        kompetensi_level = 3 if level == AM else 2
        specs.append(
            JabatanSpec(
                kode=f"JF-{family.key}-{kode_suffix}",
                nama=f"{family.nama} {suffix}",
                jenis=(
                    JenisJabatan.FUNGSIONAL_KETERAMPILAN
                    if level == TRP
                    else JenisJabatan.FUNGSIONAL_KEAHLIAN
                ),
                jenjang=level,
                kelas=kelas,
                min_pendidikan=pendidikan,
                bidang=family.bidang,
                min_golongan=min_gol,
                max_golongan=max_gol,
                kompetensi=((family.kompetensi, kompetensi_level),) if family.kompetensi else (),
                tasks=tasks,
                unit_role=family.unit_role,
                min_masa_kerja=years,
                max_masa_kerja=max_years,
                pppk=family.pppk and level != AM,
                entry=level != AM,
                family=family.nama,
                pembina=family.pembina,
            )
        )
    return specs


FUNGSIONAL: tuple[JabatanSpec, ...] = tuple(j for f in FAMILIES for j in _family_jabatan(f))

JABATAN: tuple[JabatanSpec, ...] = STRUKTURAL + PELAKSANA_JABATAN + FUNGSIONAL
JABATAN_BY_KODE: dict[str, JabatanSpec] = {j.kode: j for j in JABATAN}
