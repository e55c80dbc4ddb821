"""Education of a generated employee: field, degrees, titles (gelar) and their history."""

from __future__ import annotations

import datetime as dt

from instansi.models import JenisJabatan, JenjangJabatan
from pegawai.demo.agencies import AgencySpec
from pegawai.demo.common import LEVEL_ORDER, Context, Education
from pegawai.demo.people import (
    BY_BIDANG,
    D3_INSTITUTIONS,
    IPDN,
    IPDN_INSTITUTION,
    LOCAL_S1,
    MAJORS,
    NATIONAL_S1,
    S2_INSTITUTIONS,
    SMA_SCHOOLS,
    SMA_UMUM,
    SMK_SCHOOLS,
    Major,
)
from pegawai.demo.plan import Seat
from pegawai.demo.reference import JabatanSpec
from pegawai.models import Pegawai, RiwayatPendidikan

# Majors a functional family is recruited from (matched in the major's name).
FAMILY_MAJOR = {
    "Perawat": ("Keperawatan",),
    "Bidan": ("Kebidanan",),
    "Dokter": ("Dokter", "Spesialis"),
    "Apoteker": ("Farmasi",),
    "Pranata Laboratorium Kesehatan": ("Laboratorium",),
    "Medik Veteriner": ("Hewan",),
    "Epidemiolog Kesehatan": ("Kesehatan Masyarakat", "Epidemiologi"),
}
GOV_FIELDS = ("administrasi-manajemen", "hukum", "ekonomi")


class EducationMaker:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.today = ctx.today
        self.refs = ctx.refs

    def _level(self, spec: JabatanSpec) -> str:
        rng = self.rng
        r = rng.random()
        if spec.jenis in {JenisJabatan.JPT_MADYA, JenisJabatan.JPT_PRATAMA}:
            return "S2" if r < 0.8 else "S1"
        if spec.jenis == JenisJabatan.ADMINISTRATOR:
            return "S2" if r < 0.55 else "S1"
        if spec.jenis == JenisJabatan.PENGAWAS:
            return "S1" if r < 0.6 else ("S2" if r < 0.85 else "D3")
        if spec.jenis == JenisJabatan.FUNGSIONAL_KETERAMPILAN:
            return spec.min_pendidikan if r < 0.65 else "S1"
        if spec.jenis == JenisJabatan.FUNGSIONAL_KEAHLIAN:
            if spec.family == "Widyaiswara":
                return "S2" if r < 0.8 else "S1"
            if spec.jenjang == JenjangJabatan.AHLI_MUDA:
                return "S2" if r < 0.45 else "S1"
            return "S2" if r < 0.15 else "S1"
        if spec.min_pendidikan == "SMA":
            return "SMA" if r < 0.45 else ("D3" if r < 0.65 else "S1")
        return "D3" if r < 0.5 else ("S1" if r < 0.95 else "S2")

    def _major(self, bidang: str, level: str, family: str, structural: bool) -> Major | None:
        options = [m for m in MAJORS[bidang] if m.jenjang == level]
        keywords = FAMILY_MAJOR.get(family)
        if keywords:
            # A midwife has no first degree in the table: no degree rather than a wrong one.
            options = [m for m in options if any(k in m.jurusan for k in keywords)]
        elif not structural:
            # Only doctors, pharmacists and vets carry a professional title before the name.
            options = [m for m in options if not m.gelar_depan] or options
        return self.rng.choice(options) if options else None

    def choose(self, seat: Seat, spec: JabatanSpec, agency: AgencySpec) -> Education:
        rng = self.rng
        if seat.flag == "ikatan_dinas":
            return Education("administrasi-manajemen", IPDN, [], [])
        if seat.misplaced:
            bidang, highest = seat.misplaced, ("S2" if rng.random() < 0.1 else "S1")
        else:
            highest = self._level(spec)
            accepted = spec.bidang
            if highest == "SMA":
                accepted = tuple(b for b in accepted if any(m.jenjang == "SMA" for m in MAJORS[b]))
            if accepted:
                bidang = rng.choice(accepted)
            elif spec.is_struktural and rng.random() < 0.35:
                bidang = rng.choice(GOV_FIELDS)
            else:
                bidang = rng.choice(agency.fields)
        family = spec.family
        structural = spec.is_struktural
        if highest == "SMA":
            major = self._major(bidang, "SMA", family, structural)
            if major is None:
                return Education(None, Major("SMA", rng.choice(SMA_UMUM)), [], [])
            return Education(bidang, major, [], [])
        # Keterampilan holders were appointed with their diploma and studied on later.
        if spec.jenis == JenisJabatan.FUNGSIONAL_KETERAMPILAN and highest == "S1":
            entry = self._major(bidang, spec.min_pendidikan, family, structural)
            later = self._major(bidang, "S1", family, structural)
            if entry and later:
                return Education(bidang, entry, [(later, bidang)], [])
            highest = spec.min_pendidikan
        if highest == "D3":
            major = self._major(bidang, "D3", family, structural)
            if major:
                return Education(bidang, major, [], [])
            highest = "S1"
        first = self._major(bidang, "S1", family, structural)
        if first is None:  # a field without a first degree in the table: should not happen
            first = self._major("administrasi-manajemen", "S1", "", structural)
        if highest == "S1":
            return Education(bidang, first, [], [])
        # A master's degree: in the same field, or (for officials) in administration.
        s2_bidang = bidang
        if structural and rng.random() < 0.5:
            s2_bidang = rng.choice(("administrasi-manajemen", "ekonomi", "hukum"))
        second = self._major(s2_bidang, "S2", family, structural)
        if second is None:
            return Education(bidang, first, [], [])
        if second.jurusan.startswith("Spesialis"):
            first = next(m for m in MAJORS["kesehatan-keperawatan"] if "Dokter" in m.jurusan)
        elif first.gelar_depan == "dr." and not second.gelar_depan:
            second = Major("S2", "Kesehatan Masyarakat", "M.Kes.")
            s2_bidang = "kesehatan-masyarakat"
        if rng.random() < 0.3 and not second.gelar_depan:
            # Appointed with the master's degree, which may be in another field.
            return Education(bidang, second, [], [(first, bidang)], entry_bidang=s2_bidang)
        return Education(bidang, first, [(second, s2_bidang)], [])

    @staticmethod
    def gelar(edu: Education) -> tuple[str, str]:
        degrees = [*(m for m, _b in edu.pre), edu.entry, *(m for m, _b in edu.later)]
        depan = next((m.gelar_depan for m in reversed(degrees) if m.gelar_depan), "")
        has_degree = any(m.jenjang in {"S1", "D4", "S2"} for m in degrees)
        belakang = [
            m.gelar
            for m in sorted(degrees, key=lambda m: LEVEL_ORDER[m.jenjang])
            if m.gelar and not (has_degree and m.jenjang == "D3")
        ]
        return depan, ", ".join(belakang)

    def _institution(self, bidang: str | None, major: Major) -> str:
        rng = self.rng
        if major is IPDN:
            return IPDN_INSTITUTION
        if major.jenjang == "SMA":
            return rng.choice(SMA_SCHOOLS if major.jurusan in SMA_UMUM else SMK_SCHOOLS)
        specific = BY_BIDANG.get((bidang or "", major.jenjang))
        if specific and rng.random() < 0.8:
            return rng.choice(specific)
        if major.jenjang == "D3":
            return rng.choice(D3_INSTITUTIONS)
        if major.jenjang == "S2":
            return rng.choice(S2_INSTITUTIONS)
        return rng.choice(LOCAL_S1 if rng.random() < 0.7 else NATIONAL_S1)

    def rows(
        self, p: Pegawai, edu: Education, born: dt.date, start: dt.date
    ) -> list[RiwayatPendidikan]:
        rng = self.rng
        rows: list[RiwayatPendidikan] = []
        bidang_id = self.refs.bidang.get

        def add(major: Major, bidang: str | None, year: int) -> None:
            rows.append(
                RiwayatPendidikan(
                    pegawai=p,
                    jenjang=major.jenjang,
                    jurusan=major.jurusan,
                    bidang_id=bidang_id(bidang) if bidang else None,
                    institusi=self._institution(bidang, major),
                    tahun_lulus=year,
                )
            )

        entry_year = min(
            start.year,
            born.year
            + {"SMA": 18, "D3": 21, "S2": 26}.get(edu.entry.jenjang, 23)
            + rng.randint(0, 1),
        )
        if edu.entry.jenjang != "SMA":
            add(Major("SMA", rng.choice(SMA_UMUM)), None, born.year + 18)
        for major, bidang in edu.pre:
            add(major, bidang, entry_year - rng.randint(2, 3))
        add(edu.entry, edu.entry_field, entry_year)
        last = max(start.year + 1, entry_year + 2)
        for major, bidang in edu.later:
            year = rng.randint(last, max(last, self.today.year - 1))
            add(major, bidang, min(year, self.today.year))
            last = year + 2
        return rows
