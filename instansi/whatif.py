"""What-if: the staffing gap a set of moves would leave, before anything is submitted.

A move is ``(origin, target)``, each ``(instansi_id, jabatan_id, unit_id | None)``. Each move
takes one holder off the origin formasi and adds one to the target formasi; kebutuhan (from
ABK) does not change. The formasi of a post is the unit's formasi, else the agency-wide one
(the choice the formasi rule and the approval queue make). A post with neither is reported
in ``Plan.unmatched`` and changes nothing.

One query: ``formasi_annotated`` over every formasi of the agencies involved. That covers
every affected (instansi, jabatan) pair and also gives whole-agency totals, so the agency
figures match the agency page and the province gap table.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from instansi.models import Formasi, Instansi
from instansi.selectors import formasi_annotated

Post = tuple[int, int | None, int | None]  # (instansi_id, jabatan_id, unit_id)
Move = tuple[Post, Post]

ORIGIN = "origin"
TARGET = "target"

# Warning codes (the template gives each its text).
LEFT_SHORT = "left_short"  # the origin had no shortage and will have one
WORSE = "worse"  # the origin was already short and loses more
OVER = "over"  # the target still has more holders than it needs


@dataclass
class FormasiRow:
    formasi: Formasi
    kebutuhan: int
    bezetting: int
    keluar: int = 0  # holders leaving under the plan
    masuk: int = 0  # holders arriving under the plan

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting

    @property
    def bezetting_after(self) -> int:
        return self.bezetting - self.keluar + self.masuk

    @property
    def gap_after(self) -> int:
        return self.kebutuhan - self.bezetting_after

    @property
    def warnings(self) -> list[str]:
        found = []
        # Only a net loss can leave an origin short: a formasi that loses one and gains one
        # (a swap) ends where it started.
        if self.gap_after > self.gap and self.gap_after > 0:
            found.append(WORSE if self.gap > 0 else LEFT_SHORT)
        if self.masuk > self.keluar and self.gap_after < 0:
            found.append(OVER)
        return found


@dataclass
class AgencyTotal:
    instansi: Instansi
    kebutuhan: int = 0
    bezetting: int = 0
    bezetting_after: int = 0

    @property
    def gap(self) -> int:
        return self.kebutuhan - self.bezetting

    @property
    def gap_after(self) -> int:
        return self.kebutuhan - self.bezetting_after


@dataclass
class Plan:
    rows: list[FormasiRow]  # affected formasi only
    agencies: list[AgencyTotal]  # every formasi of each agency involved
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (move index, side)

    @property
    def warning_count(self) -> int:
        return sum(1 for r in self.rows if r.warnings)


def _choose(rows: list[Formasi], unit_id: int | None) -> Formasi | None:
    if unit_id is not None:
        for f in rows:
            if f.unit_id == unit_id:
                return f
    for f in rows:
        if f.unit_id is None:
            return f
    return None


def simulate(moves: Sequence[Move]) -> Plan:
    """The gap per formasi and per agency before and after ``moves`` (one query)."""
    instansi_ids = {post[0] for move in moves for post in move if post[0]}
    by_pair: dict[tuple[int, int], list[Formasi]] = defaultdict(list)
    totals: dict[int, AgencyTotal] = {}
    rows: dict[int, FormasiRow] = {}
    if instansi_ids:
        qs = Formasi.objects.filter(instansi_id__in=instansi_ids).order_by()
        for f in formasi_annotated(qs):
            by_pair[(f.instansi_id, f.jabatan_id)].append(f)
            h = f.hasil
            rows[f.pk] = FormasiRow(formasi=f, kebutuhan=h.kebutuhan, bezetting=h.bezetting)
            total = totals.setdefault(f.instansi_id, AgencyTotal(instansi=f.instansi))
            total.kebutuhan += h.kebutuhan
            total.bezetting += h.bezetting

    unmatched: list[tuple[int, str]] = []
    affected: set[int] = set()
    for i, move in enumerate(moves):
        for side, (instansi_id, jabatan_id, unit_id) in zip((ORIGIN, TARGET), move, strict=True):
            f = _choose(by_pair.get((instansi_id, jabatan_id), []), unit_id)
            if f is None:
                unmatched.append((i, side))
                continue
            row = rows[f.pk]
            if side == ORIGIN:
                row.keluar += 1
            else:
                row.masuk += 1
            affected.add(f.pk)

    for total in totals.values():
        total.bezetting_after = total.bezetting
    for pk in affected:
        row = rows[pk]
        totals[row.formasi.instansi_id].bezetting_after += row.masuk - row.keluar

    shown = sorted(
        (rows[pk] for pk in affected),
        key=lambda r: (
            r.formasi.instansi.kode,
            r.formasi.jabatan.nama,
            r.formasi.unit.kode if r.formasi.unit else "",
        ),
    )
    agencies = sorted(totals.values(), key=lambda t: t.instansi.kode)
    return Plan(rows=shown, agencies=agencies, unmatched=unmatched)
