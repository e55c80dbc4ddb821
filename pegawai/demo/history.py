"""History of a generated employee: positions, training, competences, ratings, sanctions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from instansi.models import JenisJabatan, JenjangJabatan
from pegawai.demo.agencies import AGENCIES, AGENCY_BY_KODE, KABKOTA_KODES, AgencySpec, unit_pool
from pegawai.demo.common import START_GOLONGAN, Context, Education
from pegawai.demo.people import BPSDM, DIKLAT_TEKNIS
from pegawai.demo.plan import Seat
from pegawai.demo.reference import JABATAN_BY_KODE, JabatanSpec
from pegawai.models import (
    HukumanDisiplin,
    JenisDiklat,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatJabatan,
    StatusKepegawaian,
    SumberKompetensi,
)
from pegawai.referensi import (
    TINGKAT_OF_JENIS,
    JenisHukuman,
    JenisMutasi,
    PredikatKinerja,
    TingkatHukuman,
    predikat_from_nilai,
)

ENTRY_PELAKSANA = ("PL-PENGADM", "PL-PENGDATA", "PL-PENGBMD")
# Functional families whose holders are appointed straight into the position, often at a
# regency first (teachers, health workers, extension workers).
DIRECT_ENTRY = {
    "Guru",
    "Perawat",
    "Dokter",
    "Bidan",
    "Pranata Laboratorium Kesehatan",
    "Penyuluh Pertanian",
    "Apoteker",
}
INTERNAL = tuple(a.kode for a in AGENCIES)
SANCTIONS = (
    # (jenis, weight, months in force)
    (JenisHukuman.TEGURAN_LISAN, 2, 6),
    (JenisHukuman.TEGURAN_TERTULIS, 3, 6),
    (JenisHukuman.PERNYATAAN_TIDAK_PUAS, 2, 6),
    (JenisHukuman.POTONG_TUKIN_6, 2, 6),
    (JenisHukuman.POTONG_TUKIN_9, 1, 9),
    (JenisHukuman.POTONG_TUKIN_12, 1, 12),
    (JenisHukuman.PENURUNAN_JABATAN, 1, 12),
    (JenisHukuman.PEMBEBASAN_JABATAN, 1, 12),
)
SANCTION_REASONS = (
    "Tidak masuk kerja tanpa alasan yang sah",
    "Tidak menaati ketentuan jam kerja",
    "Tidak mencapai sasaran kinerja yang ditetapkan",
    "Menyalahgunakan fasilitas dinas",
)
KINERJA_WEIGHTS = (
    (PredikatKinerja.SANGAT_BAIK, 22),
    (PredikatKinerja.BAIK, 68),
    (PredikatKinerja.BUTUH_PERBAIKAN, 8),
    (PredikatKinerja.KURANG, 1.5),
    (PredikatKinerja.SANGAT_KURANG, 0.5),
)
LAST_OLD_STYLE_YEAR = 2021  # PP 46/2011 scores until SKP 2021; PermenPANRB 6/2022 after


class HistoryMaker:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.refs = ctx.refs
        self.sk = ctx.sk

    def _previous_jabatan(self, spec: JabatanSpec, count: int) -> list[str]:
        rng = self.rng
        entry = rng.choice(ENTRY_PELAKSANA)
        if spec.jenis in {JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}:
            chain = [entry, "ADM-KABID"]
        elif spec.jenis == JenisJabatan.ADMINISTRATOR:
            chain = [entry, "PGW-KASUBAG"]
        elif spec.jenjang == JenjangJabatan.AHLI_MUDA:
            ap = spec.kode.removesuffix("-AM") + "-AP"
            chain = [entry, ap if ap in JABATAN_BY_KODE else entry]
        elif spec.family in DIRECT_ENTRY:
            chain = [spec.kode, spec.kode]
        else:
            chain = [entry, rng.choice(ENTRY_PELAKSANA)]
        return chain[-count:]

    def _previous_agency(self, jabatan: str, current: JabatanSpec, agency: str) -> str:
        rng = self.rng
        spec = JABATAN_BY_KODE[jabatan]
        if jabatan == current.kode:  # same post, first held at a regency or city
            return rng.choice(KABKOTA_KODES)
        if spec.is_fungsional:
            return agency
        r = rng.random()
        if spec.is_struktural:
            return agency if r < 0.5 else rng.choice(INTERNAL)
        if r < 0.6:
            return agency
        return rng.choice(INTERNAL) if r < 0.85 else rng.choice(KABKOTA_KODES)

    def _previous_unit(self, agency: str, jabatan: str) -> str:
        spec = AGENCY_BY_KODE.get(agency)
        if spec is None:
            return ""
        headed = [u.kode for u in spec.units if u.head == jabatan]
        position = JABATAN_BY_KODE[jabatan]
        if position.is_struktural:
            return self.rng.choice(headed) if headed else ""
        return self.rng.choice(unit_pool(spec, jabatan, position.unit_role))

    @staticmethod
    def _jenis_mutasi(prev_agency: str, prev_jabatan: str, agency: str, jabatan: str) -> str:
        if prev_agency != agency:
            if prev_agency in KABKOTA_KODES:
                return JenisMutasi.KABKOTA_PROV
            return JenisMutasi.INTRA
        if JABATAN_BY_KODE[jabatan].kelas > JABATAN_BY_KODE[prev_jabatan].kelas:
            return JenisMutasi.PROMOSI
        return JenisMutasi.ROTASI

    def jabatan_rows(
        self,
        p: Pegawai,
        seat: Seat,
        spec: JabatanSpec,
        agency: AgencySpec,
        start: dt.date,
        tmt_jabatan: dt.date,
    ) -> list[RiwayatJabatan]:
        rng = self.rng
        stints: list[tuple[str, str, str, dt.date]] = []  # (agency, unit, jabatan, from)
        if tmt_jabatan > start:
            span = (tmt_jabatan - start).days
            previous = self._previous_jabatan(spec, 2 if span > 8 * 365 else 1)
            for i, jabatan in enumerate(previous):
                where = self._previous_agency(jabatan, spec, agency.kode)
                since = start + dt.timedelta(days=round(span * i / len(previous)))
                stints.append((where, self._previous_unit(where, jabatan), jabatan, since))
        stints.append((agency.kode, seat.unit, spec.kode, tmt_jabatan))
        rows = []
        for i, (where, unit, jabatan, since) in enumerate(stints):
            if i == 0:
                jenis = JenisMutasi.PENGANGKATAN
            else:
                prev = stints[i - 1]
                jenis = self._jenis_mutasi(prev[0], prev[2], where, jabatan)
            until = stints[i + 1][3] - dt.timedelta(days=1) if i + 1 < len(stints) else None
            rows.append(
                RiwayatJabatan(
                    pegawai=p,
                    jabatan_id=self.refs.jabatan[jabatan],
                    nama_jabatan=JABATAN_BY_KODE[jabatan].nama,
                    instansi_id=self.refs.instansi[where],
                    unit_id=self.refs.unit_id(where, unit),
                    tmt_mulai=since,
                    tmt_selesai=until,
                    jenis_mutasi=jenis,
                    nomor_sk=self.sk.next(since, "pengangkatan" if i == 0 else "mutasi"),
                    tanggal_sk=since - dt.timedelta(days=rng.randint(3, 30)),
                )
            )
        return rows

    def diklat_rows(
        self,
        p: Pegawai,
        seat: Seat,
        spec: JabatanSpec,
        edu: Education,
        start: dt.date,
        tmt_jabatan: dt.date,
    ) -> list[RiwayatDiklat]:
        rng = self.rng
        today = self.today
        latest = today - dt.timedelta(days=30)
        rows: list[RiwayatDiklat] = []

        def add(nama: str, jenis: str, bidang: str | None, organiser: str, day: dt.date, jp: int):
            day = max(start, min(day, latest))
            rows.append(
                RiwayatDiklat(
                    pegawai=p,
                    nama=nama,
                    jenis=jenis,
                    bidang_id=self.refs.bidang.get(bidang) if bidang else None,
                    penyelenggara=organiser,
                    tanggal_mulai=day,
                    tanggal_selesai=min(day + dt.timedelta(days=max(2, jp // 8)), today),
                    jam_pelajaran=jp,
                )
            )

        if (today - start).days < 150:
            return rows
        if seat.status == StatusKepegawaian.PPPK:
            add(
                "Orientasi PPPK",
                JenisDiklat.STRUKTURAL,
                None,
                BPSDM,
                start + dt.timedelta(days=60),
                30,
            )
        else:
            group = "III" if START_GOLONGAN[edu.entry.jenjang] >= "31" else "II"
            day = start + dt.timedelta(days=rng.randint(90, 240))
            if start.year >= 2018:
                add(
                    f"Pelatihan Dasar CPNS Golongan {group}",
                    JenisDiklat.STRUKTURAL,
                    None,
                    BPSDM,
                    day,
                    240,
                )
            else:
                organiser = "Badan Pendidikan dan Pelatihan Daerah Provinsi Kalimantan Barat"
                add(
                    f"Diklat Prajabatan Golongan {group}",
                    JenisDiklat.STRUKTURAL,
                    None,
                    organiser,
                    day,
                    180,
                )
        if spec.is_struktural:
            new_style = tmt_jabatan.year >= 2019
            if spec.jenis == JenisJabatan.PENGAWAS:
                nama = (
                    "Pelatihan Kepemimpinan Pengawas"
                    if new_style
                    else "Diklat Kepemimpinan Tingkat IV"
                )
                organiser = BPSDM
            elif spec.jenis == JenisJabatan.ADMINISTRATOR:
                nama = (
                    "Pelatihan Kepemimpinan Administrator"
                    if new_style
                    else "Diklat Kepemimpinan Tingkat III"
                )
                organiser = BPSDM
            else:
                nama = (
                    "Pelatihan Kepemimpinan Nasional Tingkat II"
                    if new_style
                    else "Diklat Kepemimpinan Tingkat II"
                )
                organiser = "Lembaga Administrasi Negara"
            add(
                nama,
                JenisDiklat.STRUKTURAL,
                "administrasi-manajemen",
                organiser,
                tmt_jabatan + dt.timedelta(days=rng.randint(-300, 300)),
                300,
            )
        elif spec.is_fungsional and seat.status == StatusKepegawaian.PNS:
            bidang = spec.kompetensi[0][0] if spec.kompetensi else None
            day = tmt_jabatan - dt.timedelta(days=rng.randint(30, 365))
            add(
                f"Pelatihan Fungsional {spec.family}",
                JenisDiklat.FUNGSIONAL,
                bidang,
                spec.pembina,
                day,
                80,
            )
        # Technical training in the employee's own field (what a misplaced graduate brings).
        own = edu.bidang
        catalogue = DIKLAT_TEKNIS.get(own or "", ())
        count = rng.choice((1, 2)) if seat.misplaced else rng.choice((0, 1, 1, 2))
        span = max(1, (latest - start).days)
        for nama, organiser, jp in rng.sample(catalogue, min(count, len(catalogue))):
            day = start + dt.timedelta(days=rng.randint(0, span))
            jenis = (
                JenisDiklat.SERTIFIKASI if nama.startswith("Sertifikasi") else JenisDiklat.TEKNIS
            )
            add(nama, jenis, own, organiser, day, jp)
        return rows

    def kompetensi_rows(
        self, p: Pegawai, seat: Seat, spec: JabatanSpec, edu: Education, start: dt.date
    ) -> list[Kompetensi]:
        rng = self.rng
        levels: dict[str, tuple[int, str]] = {}
        if seat.status == StatusKepegawaian.CPNS:
            if edu.bidang:
                levels[edu.bidang] = (rng.choice((1, 2)), SumberKompetensi.MANDIRI)
        else:
            if not seat.misplaced:
                for bidang, required in spec.kompetensi:
                    shift = rng.choices((-1, 0, 1), weights=(5, 70, 25))[0]
                    levels[bidang] = (
                        min(5, max(1, required + shift)),
                        rng.choice((SumberKompetensi.ASESMEN, SumberKompetensi.PENGALAMAN)),
                    )
            else:
                # The job they do now, learned on it, below what a specialist post needs.
                for bidang, _required in spec.kompetensi:
                    levels[bidang] = (rng.choice((1, 2)), SumberKompetensi.PENGALAMAN)
            if edu.bidang and edu.bidang not in levels:
                level = 3 if seat.misplaced or edu.highest == "S2" else 2
                source = SumberKompetensi.SERTIFIKASI if seat.misplaced else SumberKompetensi.DIKLAT
                levels[edu.bidang] = (level, source)
        first_year = max(start.year, self.today.year - 5)
        last_year = max(first_year, self.today.year - 1)
        return [
            Kompetensi(
                pegawai=p,
                bidang_id=self.refs.bidang[bidang],
                level=level,
                sumber=source,
                tahun=rng.randint(first_year, last_year),
            )
            for bidang, (level, source) in levels.items()
        ]

    def kinerja_rows(
        self, p: Pegawai, seat: Seat, start: dt.date, status: str
    ) -> list[PenilaianKinerja]:
        rng = self.rng
        if status == StatusKepegawaian.CPNS:
            return []
        this_year = self.today.year
        years = [y for y in range(this_year - 3, this_year) if y > start.year]
        # A few long-serving employees still have PP 46/2011 scores on file.
        if status == StatusKepegawaian.PNS and not seat.misplaced and rng.random() < 0.05:
            years = [
                y
                for y in range(LAST_OLD_STYLE_YEAR - 2, LAST_OLD_STYLE_YEAR + 1)
                if y > start.year and y < this_year - 3
            ] + years
        good = seat.misplaced
        predikat_values = [k for k, _w in KINERJA_WEIGHTS]
        weights = [w for _k, w in KINERJA_WEIGHTS]
        rows = []
        for year in years:
            nilai = None
            if year <= LAST_OLD_STYLE_YEAR:
                nilai = Decimal(str(round(rng.uniform(80, 95) if good else rng.uniform(68, 95), 2)))
                predikat = predikat_from_nilai(float(nilai))
            elif good:
                predikat = (
                    PredikatKinerja.SANGAT_BAIK if rng.random() < 0.35 else PredikatKinerja.BAIK
                )
            else:
                predikat = rng.choices(predikat_values, weights=weights)[0]
            rows.append(PenilaianKinerja(pegawai=p, tahun=year, predikat=predikat, nilai=nilai))
        return rows

    def hukuman_rows(self, p: Pegawai, seat: Seat, start: dt.date) -> list[HukumanDisiplin]:
        rng = self.rng
        today = self.today
        flag = seat.flag
        if flag not in {"sanction_active", "sanction_examination", "sanction_past"}:
            return []
        reason = rng.choice(SANCTION_REASONS)
        if flag == "sanction_examination":
            began = today - dt.timedelta(days=rng.randint(5, 60))
            return [
                HukumanDisiplin(
                    pegawai=p,
                    tingkat=rng.choice((TingkatHukuman.RINGAN, TingkatHukuman.SEDANG)),
                    jenis="",
                    dalam_pemeriksaan=True,
                    tanggal_mulai=began,
                    keterangan=f"Dalam pemeriksaan: {reason.lower()}.",
                )
            ]
        jenis, _w, months = rng.choices(SANCTIONS, weights=[w for _j, w, _m in SANCTIONS])[0]
        length = round(months * 30.44)  # days in force
        if flag == "sanction_active":
            began = today - dt.timedelta(days=rng.randint(1, length - 2))
        else:  # served and over, some years ago but after appointment
            earliest = (start + dt.timedelta(days=60) - today).days
            began = today + dt.timedelta(days=max(earliest, -rng.randint(800, 2500)))
        return [
            HukumanDisiplin(
                pegawai=p,
                tingkat=TINGKAT_OF_JENIS[jenis],
                jenis=jenis,
                tanggal_mulai=began,
                tanggal_selesai=began + dt.timedelta(days=length - 1),
                nomor_sk=self.sk.next(began, "hukuman"),
                tanggal_sk=began - dt.timedelta(days=rng.randint(1, 14)),
                keterangan=f"{reason}.",
            )
        ]
