"""Generate one employee and their history from a seat of the staffing plan.

Builds unsaved model instances only (foreign keys as ids, history rows pointing at the
unsaved Pegawai), so the builder can bulk-insert thousands at a time. All randomness comes
from the one ``random.Random`` in the context, consumed in a fixed order: the same seed and
the same "today" give the same people.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

from instansi.models import JenisJabatan, JenjangJabatan, bup_years
from pegawai.demo.agencies import AGENCY_BY_KODE
from pegawai.demo.common import (
    GOLONGAN,
    START_GOLONGAN,
    YEAR_DAYS,
    Context,
    Education,
    Person,
    Refs,
    add_months,
    month_start,
    snap_kp,
)
from pegawai.demo.education import EducationMaker
from pegawai.demo.history import HistoryMaker
from pegawai.demo.people import NAME_GROUPS, NameGroup
from pegawai.demo.plan import Seat
from pegawai.demo.reference import JabatanSpec
from pegawai.models import Pegawai, RiwayatGolongan, StatusKepegawaian, add_years

DEMO_EMAIL_DOMAIN = "demo.simutasi.example"  # marks demo employees (RFC 2606 domain)
# Highest rank a pelaksana reaches by regular promotion, by education.
PELAKSANA_CAP = {"SMA": "32", "D3": "33", "D4": "34", "S1": "34", "S2": "41"}
ENTRY_AGE = {"SMA": (19, 26), "D3": (21.5, 28), "D4": (22, 25), "S1": (23, 31), "S2": (26, 34.5)}
FEMALE_SHARE = {
    "Bidan": 1.0,
    "Perawat": 0.72,
    "Guru": 0.62,
    "Apoteker": 0.7,
    "Pranata Laboratorium Kesehatan": 0.7,
    "Polisi Pamong Praja": 0.15,
    "Polisi Kehutanan": 0.12,
    "Penguji Kendaraan Bermotor": 0.1,
}


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", ".", ascii_text.lower()).strip(".")


class PersonFactory:
    def __init__(self, *, rng: random.Random, today: dt.date, refs: Refs, taken: set[str]) -> None:
        self.ctx = Context(rng=rng, today=today, refs=refs)
        self.rng = rng
        self.today = today
        self.refs = refs
        self.sk = self.ctx.sk
        self.taken = taken  # NIPs already used (in the database or generated)
        self.group_weights = [g.weight for g in NAME_GROUPS]
        self.education = EducationMaker(self.ctx)
        self.history = HistoryMaker(self.ctx)

    def _name(self, group: NameGroup, gender: str) -> str:
        rng = self.rng
        given = rng.choice(group.male if gender == "L" else group.female)
        parts = [given]
        if rng.random() < group.second_share:
            pool = group.second
            if gender == "P" and group.second_female and rng.random() < 0.5:
                pool = group.second_female
            second = rng.choice(pool)
            if second not in given:
                parts.append(second)
        prefixes = group.prefix_male if gender == "L" else group.prefix_female
        if prefixes and rng.random() < group.prefix_share:
            parts.insert(0, rng.choice(prefixes))
        return " ".join(parts)

    def _nip_pns(self, born: dt.date, tmt_cpns: dt.date, gender: str) -> str:
        head = f"{born:%Y%m%d}{tmt_cpns:%Y%m}{'1' if gender == 'L' else '2'}"
        serial = self.rng.randint(1, 6)
        while f"{head}{serial:03d}" in self.taken:
            serial += 1
        nip = f"{head}{serial:03d}"
        self.taken.add(nip)
        return nip

    def _ni_pppk(self, born: dt.date, year: int, contract: int, gender: str) -> str:
        # 18 digits: birth date · year of appointment · 2 · contract count · gender · serial.
        head = f"{born:%Y%m%d}{year}2{contract}{'1' if gender == 'L' else '2'}"
        serial = self.rng.randint(1, 30)
        while f"{head}{serial:03d}" in self.taken:
            serial += 1
        nip = f"{head}{serial:03d}"
        self.taken.add(nip)
        return nip

    def make(self, seat: Seat) -> Person:
        rng = self.rng
        today = self.today
        formasi = seat.formasi
        spec = formasi.spec
        agency = AGENCY_BY_KODE[formasi.instansi]
        status = seat.status
        bup = bup_years(spec.jenis, spec.jenjang)

        female = FEMALE_SHARE.get(spec.family)
        if female is None:
            female = {"jpt_madya": 0.2, "jpt_pratama": 0.2, "administrator": 0.3}.get(
                spec.jenis, 0.45
            )
        gender = "P" if rng.random() < female else "L"
        group = rng.choices(NAME_GROUPS, weights=self.group_weights)[0]
        nama = self._name(group, gender)
        edu = self.education.choose(seat, spec, agency)
        if status == StatusKepegawaian.CPNS and edu.later:
            # A new CPNS has had no time to study on: appointed with what they hold.
            if spec.jenis == JenisJabatan.FUNGSIONAL_KETERAMPILAN:
                edu = Education(edu.bidang, edu.entry, [], [])
            else:
                degree, field = edu.later[-1]
                edu = Education(edu.bidang, degree, [], [(edu.entry, edu.bidang)], field)
        entry_level = edu.entry.jenjang

        tmt_pns = None
        golongan_rows: list[tuple[str, dt.date]] = []
        if status == StatusKepegawaian.PPPK:
            year = rng.randint(max(2019, today.year - 5), today.year - 1)
            start = dt.date(year, rng.choice((1, 3, 4, 10)), 1)
            born = start - dt.timedelta(days=round(rng.uniform(23, 48) * YEAR_DAYS))
            nip = self._ni_pppk(born, year, 1 + (today.year - year) // 5, gender)
            tmt_cpns = None
            service = (today - start).days / YEAR_DAYS
        else:
            lo, hi = ENTRY_AGE[entry_level]
            age_entry = rng.uniform(lo, hi)
            if status == StatusKepegawaian.CPNS:
                start = add_months(month_start(today), -rng.randint(1, 11))
                born = start - dt.timedelta(days=round(age_entry * YEAR_DAYS))
            else:
                service, age_now = self._service(seat, spec, entry_level, age_entry, bup)
                start = month_start(self.ctx.years_ago(service))
                born = self.ctx.years_ago(age_now)
                tmt_pns = add_months(start, 12 + rng.choice((0, 0, 1, 2, 3, 6)))
                if tmt_pns > today:
                    tmt_pns = add_months(start, 12)
            tmt_cpns = start
            service = (today - start).days / YEAR_DAYS
            nip = self._nip_pns(born, start, gender)
            golongan_rows = self._golongan(spec, edu, start, status)

        # Where and since when the employee holds the current position.
        tmt_jabatan = self._tmt_jabatan(seat, spec, start, service, status)
        depan, belakang = self.education.gelar(edu)
        if (
            not depan
            and group.muslim
            and (today - born).days > 45 * YEAR_DAYS
            and rng.random() < 0.15
        ):
            depan = "H." if gender == "L" else "Hj."
        stored_born = born
        if seat.flag == "nip_mismatch":
            # Older records: the birth date on file differs from the one in the NIP.
            stored_born = born + dt.timedelta(days=rng.choice((-366, -3, -1, 1, 2, 365)))

        pegawai = Pegawai(
            nip=nip,
            nama=nama,
            gelar_depan=depan,
            gelar_belakang=belakang,
            tempat_lahir=rng.choice(group.birthplaces),
            tanggal_lahir=stored_born,
            jenis_kelamin=gender,
            status_kepegawaian=status,
            golongan=golongan_rows[-1][0] if golongan_rows else "",
            tmt_golongan=golongan_rows[-1][1] if golongan_rows else None,
            instansi_id=self.refs.instansi[formasi.instansi],
            unit_id=self.refs.unit_id(formasi.instansi, seat.unit),
            jabatan_id=self.refs.jabatan[spec.kode],
            tmt_jabatan=tmt_jabatan,
            tmt_cpns=tmt_cpns,
            tmt_pns=tmt_pns,
            email=f"{_slug(nama)}.{nip}@{DEMO_EMAIL_DOMAIN}",
        )
        if seat.flag == "tugas_belajar":
            pegawai.tugas_belajar_sampai = today + dt.timedelta(days=rng.randint(60, 700))
        elif seat.flag == "ikatan_dinas":
            pegawai.ikatan_dinas_sampai = add_years(start, 10)

        person = Person(pegawai)
        person.riwayat_golongan = [
            RiwayatGolongan(
                pegawai=pegawai,
                golongan=gol,
                tmt=tmt,
                nomor_sk=self.sk.next(tmt, "pengangkatan" if i == 0 else "pangkat"),
                tanggal_sk=tmt - dt.timedelta(days=rng.randint(10, 60)),
            )
            for i, (gol, tmt) in enumerate(golongan_rows)
        ]
        person.riwayat_jabatan = self.history.jabatan_rows(
            pegawai, seat, spec, agency, start, tmt_jabatan
        )
        person.riwayat_pendidikan = self.education.rows(pegawai, edu, born, start)
        person.riwayat_diklat = self.history.diklat_rows(
            pegawai, seat, spec, edu, start, tmt_jabatan
        )
        person.kompetensi = self.history.kompetensi_rows(pegawai, seat, spec, edu, start)
        person.penilaian_kinerja = self.history.kinerja_rows(pegawai, seat, start, status)
        person.hukuman_disiplin = self.history.hukuman_rows(pegawai, seat, start)
        return person

    def _service(
        self, seat: Seat, spec: JabatanSpec, entry_level: str, age_entry: float, bup: int
    ) -> tuple[float, float]:
        """(years of service, age today) for a PNS, within the position's requirements."""
        rng = self.rng
        start_i = GOLONGAN.index(START_GOLONGAN[entry_level])
        min_i = GOLONGAN.index(spec.min_golongan) if spec.min_golongan else start_i
        steps = max(0, min_i - start_i)
        # Four years per regular promotion, plus room for the April/October periods.
        min_s = max(1.2, float(spec.min_masa_kerja), 4 * steps + 0.7 if steps else 0.0)
        max_s = bup - 1.3 - age_entry
        if max_s < min_s:
            age_entry = max(18.5, bup - 1.3 - min_s)
            max_s = bup - 1.3 - age_entry
        flag = seat.flag
        if flag == "near_retirement":
            age_now = bup - rng.uniform(0.05, 0.95)
            service = min(max(age_now - age_entry, min_s), 38.0)
            return service, age_now
        if seat.misplaced:
            low = max(10.0, min_s)
            service = rng.uniform(low, max(low, min(20.0, bup - 3.5 - age_entry)))
        elif flag == "nip_mismatch":
            low = max(15.0, min_s)
            service = rng.uniform(low, max(low, max_s))
        elif flag == "sanction_past":  # served a sanction some years ago
            low = max(5.0, min_s)
            service = rng.uniform(low, max(low, max_s))
        elif flag == "tugas_belajar":
            low = max(3.0, min_s)
            service = rng.uniform(low, max(low, min(14.0, max_s)))
        elif flag == "ikatan_dinas":
            service = rng.uniform(1.2, 7.0)
        else:
            if spec.max_masa_kerja:  # entry-level posts: holders move up after some years
                max_s = max(min_s, min(max_s, spec.max_masa_kerja))
            service = rng.triangular(min_s, max_s, min_s + 0.6 * (max_s - min_s))
        return service, age_entry + service

    def _golongan(
        self, spec: JabatanSpec, edu: Education, tmt_cpns: dt.date, status: str
    ) -> list[tuple[str, dt.date]]:
        """Rank history: the entry rank, then one step every four years up to the cap."""
        start = START_GOLONGAN[edu.entry.jenjang]
        rows = [(start, tmt_cpns)]
        if status == StatusKepegawaian.CPNS:
            return rows
        if spec.jenis == JenisJabatan.PELAKSANA:
            cap = PELAKSANA_CAP[edu.highest]
        else:
            cap = spec.max_golongan
        index, cap_i = GOLONGAN.index(start), GOLONGAN.index(cap)
        step = 1
        while index < cap_i:
            tmt = snap_kp(add_years(tmt_cpns, 4 * step))
            if tmt > self.today:
                break
            index += 1
            rows.append((GOLONGAN[index], tmt))
            step += 1
        min_i = GOLONGAN.index(spec.min_golongan) if spec.min_golongan else 0
        while index < min_i:  # defensive: a promotion by selection to meet the position
            index += 1
            tmt = min(self.today, snap_kp(rows[-1][1] + dt.timedelta(days=1)))
            rows.append((GOLONGAN[index], tmt))
        return rows

    def _tmt_jabatan(
        self, seat: Seat, spec: JabatanSpec, start: dt.date, service: float, status: str
    ) -> dt.date:
        rng = self.rng
        if status != StatusKepegawaian.PNS:
            return start
        if seat.misplaced:
            years = rng.uniform(2.2, 6.0)
        else:
            r = rng.random()
            years = (
                rng.uniform(0.1, 1.9)
                if r < 0.22
                else (rng.uniform(2.0, 5.0) if r < 0.77 else rng.uniform(5.0, 12.0))
            )
        needs_previous = spec.is_struktural or spec.jenjang == JenjangJabatan.AHLI_MUDA
        if needs_previous:
            years = min(years, service - min(4.0, service / 2))
        if years > service - 2.0:  # nobody is moved in their first two years
            return start
        return self.ctx.years_ago(years)
