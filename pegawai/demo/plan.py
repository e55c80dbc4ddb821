"""Staffing plan: how many holders each formasi gets, its ABK rows, and each seat's traits.

Pure functions of (size, seed): no database access, so the plan is the same on every run
and every backend. The three formasi the issue names get a clear shortage (kebutuhan from
ABK above bezetting by at least three people) whatever the size.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from instansi import abk
from pegawai.demo.agencies import (
    AGENCIES,
    BKD,
    DINKES,
    DISKOMINFO,
    HOME_AGENCIES,
    KEY_SHORTAGES,
    PRIORITY_AGENCIES,
    unit_pool,
    unit_roles,
)
from pegawai.demo.reference import JABATAN_BY_KODE, JabatanSpec

# At most this share of the employees hold structural posts: at the default size (3,000) every
# head's seat of the ~400 agencies and units is filled; smaller provinces leave the lowest
# tiers vacant.
STRUCTURAL_SHARE = 0.14
KEY_SHORTAGE_MIN_HOLDERS = 2
KEY_SHORTAGE_MIN_GAP = 3

# Seat traits, as shares of all employees (minimum one seat each where marked).
MISPLACED_SHARE = 0.06
PPPK_SHARE = 0.10
CPNS_SHARE = 0.05
FLAG_SHARES: tuple[tuple[str, float, int], ...] = (
    # (flag, share, minimum)
    ("nip_mismatch", 0.005, 1),
    ("near_retirement", 0.03, 1),
    ("tugas_belajar", 0.01, 1),
    ("ikatan_dinas", 0.008, 1),
    ("sanction_active", 0.005, 1),
    ("sanction_examination", 0.003, 1),
    ("sanction_past", 0.01, 0),
)
# Where a misplaced graduate of each field works: (field, positions, share of the misplaced).
MISPLACED_KINDS: tuple[tuple[str, frozenset[str], float], ...] = (
    (
        "teknologi-informasi",
        frozenset({"PL-PENATALK", "PL-BENDAHARA", "JF-AKPD-AP", "PL-PENDAPATAN"}),
        0.45,
    ),
    ("pertanian", frozenset({"PL-PENGADM"}), 0.25),
    (
        "kesehatan-masyarakat",
        frozenset({"PL-PENGADM", "PL-PENGBMD", "PL-PENGDATA", "PL-PERIZINAN"}),
        0.20,
    ),
    ("teknik-sipil", frozenset({"PL-PENGADM", "PL-PERIZINAN", "PL-PENDAPATAN"}), 0.10),
)
IKATAN_DINAS_JABATAN = frozenset(
    {"PL-PENGADM", "PL-PERIZINAN", "JF-ANJAK-AP", "JF-ASDM-AP", "JF-PPUPD-AP"}
)


@dataclass
class FormasiPlan:
    instansi: str
    unit: str  # "" = the formasi covers the whole agency
    jabatan: str
    unit_pool: tuple[str, ...]  # units where holders sit ("" = none)
    weight: float = 0.0
    tier: int | None = None  # structural seat priority; None for staff positions
    holders: int = 0
    kebutuhan: int = 0
    abk: list[tuple[str, str, Decimal, Decimal]] = field(default_factory=list)

    @property
    def spec(self) -> JabatanSpec:
        return JABATAN_BY_KODE[self.jabatan]

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.instansi, self.unit, self.jabatan)


@dataclass(slots=True)
class Seat:
    formasi: FormasiPlan
    unit: str
    status: str = "pns"
    misplaced: str = ""  # the graduate's field when misplaced
    flag: str = ""  # one of FLAG_SHARES, at most one per seat


def _structural_tier(jabatan: str) -> int:
    spec = JABATAN_BY_KODE[jabatan]
    if spec.jenis.startswith("jpt"):
        return 0
    if jabatan == "ADM-SEKRETARIS":
        return 1
    if spec.jenis == "administrator":
        return 2
    return 3


def build_formasi() -> list[FormasiPlan]:
    """Every formasi of every provincial agency, without holders yet."""
    formasi: list[FormasiPlan] = []
    for agency in AGENCIES:
        formasi.append(FormasiPlan(agency.kode, "", agency.head, ("",), tier=0))
        for unit in agency.units:
            if unit.head:
                formasi.append(
                    FormasiPlan(
                        agency.kode,
                        unit.kode,
                        unit.head,
                        (unit.kode,),
                        tier=_structural_tier(unit.head),
                    )
                )
        total = sum(agency.staff.values())
        for kode, share in agency.staff.items():
            pool = unit_pool(agency, kode, JABATAN_BY_KODE[kode].unit_role)
            formasi.append(
                FormasiPlan(
                    agency.kode,
                    "",
                    kode,
                    pool,
                    weight=agency.weight * share / total,
                )
            )
    return formasi


def _largest_remainder(weights: list[float], total: int) -> list[int]:
    if total <= 0 or not weights:
        return [0] * len(weights)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    counts = [math.floor(x) for x in exact]
    rest = total - sum(counts)
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[:rest]:
        counts[i] += 1
    return counts


def allocate(formasi: list[FormasiPlan], size: int) -> None:
    """Set ``holders``: structural seats first (by priority), the rest by weight."""
    order = {a.kode: i for i, a in enumerate(AGENCIES)}
    structural = sorted(
        (f for f in formasi if f.tier is not None),
        key=lambda f: (
            f.tier,
            f.instansi not in PRIORITY_AGENCIES,
            order[f.instansi],
            f.unit,
        ),
    )
    budget = min(len(structural), round(size * STRUCTURAL_SHARE))
    for i, f in enumerate(structural):
        f.holders = 1 if i < budget else 0
    staff = [f for f in formasi if f.tier is None]
    counts = _largest_remainder([f.weight for f in staff], size - budget)
    for f, n in zip(staff, counts, strict=True):
        f.holders = n
    # Seats the demo relies on whatever the size: the shortage formasi, someone at BKD for
    # the verifier, and someone at the operators' agencies.
    minimums = dict.fromkeys(KEY_SHORTAGES, KEY_SHORTAGE_MIN_HOLDERS)
    minimums.update(
        {(BKD, "JF-ASDM-AP"): 1, (DINKES, "PL-PENGADM"): 1, (DISKOMINFO, "PL-PENGADM"): 1}
    )
    by_key = {(f.instansi, f.jabatan): f for f in staff}
    for key, minimum in minimums.items():
        f = by_key[key]
        while f.holders < minimum:
            donor = max(staff, key=lambda s: s.holders)  # first of the largest
            if donor.holders <= 1:
                break
            donor.holders -= 1
            f.holders += 1


def _abk_rows(
    rng: random.Random, spec: JabatanSpec, kebutuhan: int, minutes: int
) -> list[tuple[str, str, Decimal, Decimal]]:
    """Task rows whose Σ volume × norma / minutes rounds (half up) to ``kebutuhan``."""
    tasks = list(spec.tasks)
    target = Decimal(str(round(kebutuhan + rng.uniform(-0.3, 0.3), 3))) * minutes
    weights = [rng.uniform(0.5, 1.5) for _ in tasks]
    total_w = sum(weights)
    volumes = [
        max(1, round(float(target) * w / total_w / norma))
        for w, (_u, _s, norma) in zip(weights, tasks, strict=True)
    ]
    # Rounding volumes can push the total across a half; correct it on the first row.
    beban = sum(v * t[2] for v, t in zip(volumes, tasks, strict=True))
    if abk.round_kebutuhan(Decimal(beban) / minutes) != kebutuhan:
        rest = beban - volumes[0] * tasks[0][2]
        volumes[0] = max(1, round((kebutuhan * minutes - rest) / tasks[0][2]))
    return [
        (uraian, satuan, Decimal(volume), Decimal(norma))
        for volume, (uraian, satuan, norma) in zip(volumes, tasks, strict=True)
    ]


def add_abk(formasi: list[FormasiPlan], rng: random.Random, minutes: int) -> None:
    """Choose each formasi's kebutuhan (shortage, surplus or balance) and its ABK rows."""
    key_shortages = set(KEY_SHORTAGES)
    for f in formasi:
        h = f.holders
        draw = rng.random()
        if (f.instansi, f.jabatan) in key_shortages and not f.unit:
            kebutuhan = h + max(KEY_SHORTAGE_MIN_GAP, math.ceil(h * 0.5))
        elif f.tier is not None:
            kebutuhan = 1  # one head per unit; a vacant seat is a gap of one
        elif h == 0:
            kebutuhan = 1 + (draw < 0.5)
        elif draw < 0.25:
            kebutuhan = h + max(1, round(h * rng.uniform(0.15, 0.5)))
        elif draw < 0.45 and h >= 2:
            kebutuhan = max(1, h - max(1, round(h * rng.uniform(0.15, 0.4))))
        else:
            kebutuhan = h
        f.kebutuhan = kebutuhan
        f.abk = _abk_rows(rng, f.spec, kebutuhan, minutes)


def _sample(rng: random.Random, pool: list[int], k: int) -> list[int]:
    return rng.sample(pool, min(k, len(pool)))


def _home(agency: str, bidang: str) -> bool:
    return agency in HOME_AGENCIES.get(bidang, set())


def build_seats(formasi: list[FormasiPlan], rng: random.Random, size: int) -> list[Seat]:
    """One seat per holder, with employment status and at most one special trait."""
    sek_units = {a.kode: set(unit_roles(a).sek) for a in AGENCIES}
    seats = [Seat(f, rng.choice(f.unit_pool)) for f in formasi for _ in range(f.holders)]
    free = set(range(len(seats)))

    # Misplaced graduates first: they must stay plain PNS with a clean record.
    total_misplaced = round(size * MISPLACED_SHARE)
    for bidang, positions, share in MISPLACED_KINDS:
        pool = [
            i
            for i in sorted(free)
            if seats[i].formasi.jabatan in positions
            and not _home(seats[i].formasi.instansi, bidang)
            and bidang not in seats[i].formasi.spec.bidang
            and (bidang != "pertanian" or seats[i].unit in sek_units[seats[i].formasi.instansi])
        ]
        for i in _sample(rng, pool, max(1, round(total_misplaced * share))):
            seats[i].misplaced = bidang
            free.discard(i)

    pppk_pool = [i for i in sorted(free) if seats[i].formasi.spec.pppk]
    for i in _sample(rng, pppk_pool, round(size * PPPK_SHARE)):
        seats[i].status = "pppk"
        free.discard(i)
    cpns_pool = [i for i in sorted(free) if seats[i].formasi.spec.entry]
    for i in _sample(rng, cpns_pool, round(size * CPNS_SHARE)):
        seats[i].status = "cpns"
        free.discard(i)

    for flag, share, minimum in FLAG_SHARES:
        pool = sorted(free)
        if flag == "ikatan_dinas":
            pool = [i for i in pool if seats[i].formasi.jabatan in IKATAN_DINAS_JABATAN]
        for i in _sample(rng, pool, max(minimum, round(size * share))):
            seats[i].flag = flag
            free.discard(i)
    return seats


def plan_formasi(size: int, seed: int, minutes: int) -> list[FormasiPlan]:
    """Every formasi with its holders count, kebutuhan and ABK rows."""
    formasi = build_formasi()
    allocate(formasi, size)
    add_abk(formasi, random.Random(f"{seed}:abk"), minutes)
    return formasi


def plan_seats(formasi: list[FormasiPlan], size: int, seed: int) -> list[Seat]:
    return build_seats(formasi, random.Random(f"{seed}:seats"), size)
