"""What-if screen: the gap per formasi and per agency if the selected moves went ahead."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from instansi import whatif
from instansi.models import Formasi
from mutasi.models import OPEN_STATES
from mutasi.selectors import usulan_list_for_user
from pegawai.models import Pegawai

# A plan is a handful of moves; the cap keeps a hand-made URL from asking for thousands.
MAX_MOVES = 100


@dataclass(frozen=True)
class MoveLine:
    """One move as the page lists it: who, and from where to where (names only)."""

    label: str  # proposal number, or "" for a candidate
    pegawai: Pegawai
    origin: str
    target: str
    unmatched: tuple[str, ...] = ()


def _post(instansi, jabatan, unit) -> str:
    parts = [jabatan.nama if jabatan else _("no position"), instansi.label]
    if unit:
        parts.append(unit.nama)
    return ", ".join(parts)


def _parse_kandidat(values: list[str]) -> list[tuple[str, int]]:
    pairs = []
    for value in values:
        nip, _sep, pk = value.partition(":")
        if nip.strip().isdigit() and pk.strip().isdigit():
            pairs.append((nip.strip(), int(pk)))
    return pairs


@login_required
def simulasi(request: HttpRequest) -> HttpResponse:
    nomors = list(dict.fromkeys(request.GET.getlist("usulan")))[:MAX_MOVES]
    kandidat = _parse_kandidat(request.GET.getlist("kandidat"))[:MAX_MOVES]
    notes: list[str] = []
    lines: list[MoveLine] = []
    moves: list[whatif.Move] = []

    # Proposals: only those the user may see (outside the scope: "not found", nothing leaks).
    found = {u.nomor: u for u in usulan_list_for_user(request.user).filter(nomor__in=nomors)}
    for nomor in nomors:
        u = found.get(nomor)
        if u is None:
            notes.append(_("%(nomor)s: not found.") % {"nomor": nomor})
        elif u.status not in OPEN_STATES:
            notes.append(_("%(nomor)s is no longer open; left out.") % {"nomor": nomor})
        else:
            moves.append(
                (
                    (u.asal_instansi_id, u.asal_jabatan_id, u.asal_unit_id),
                    (u.tujuan_instansi_id, u.tujuan_jabatan_id, u.tujuan_unit_id),
                )
            )
            lines.append(
                MoveLine(
                    u.nomor,
                    u.pegawai,
                    _post(u.asal_instansi, u.asal_jabatan, u.asal_unit),
                    _post(u.tujuan_instansi, u.tujuan_jabatan, u.tujuan_unit),
                )
            )

    # Recommended candidates may work anywhere in the province (as on the recommendation
    # screen); the page shows only their name, NIP and current post.
    if kandidat:
        pegawai = {
            p.nip: p
            for p in Pegawai.objects.filter(
                is_active=True, nip__in={nip for nip, _pk in kandidat}
            ).select_related("instansi", "jabatan", "unit")
        }
        formasi = Formasi.objects.select_related("instansi", "jabatan", "unit").in_bulk(
            {pk for _nip, pk in kandidat}
        )
        for nip, pk in kandidat:
            p, f = pegawai.get(nip), formasi.get(pk)
            if p is None or f is None:
                notes.append(_("Candidate %(nip)s: not found.") % {"nip": nip})
                continue
            moves.append(
                ((p.instansi_id, p.jabatan_id, p.unit_id), (f.instansi_id, f.jabatan_id, f.unit_id))
            )
            lines.append(
                MoveLine(
                    "",
                    p,
                    _post(p.instansi, p.jabatan, p.unit),
                    _post(f.instansi, f.jabatan, f.unit),
                )
            )

    plan = whatif.simulate(moves)
    unmatched: dict[int, list[str]] = {}
    for i, side in plan.unmatched:
        unmatched.setdefault(i, []).append(side)
    lines = [
        MoveLine(m.label, m.pegawai, m.origin, m.target, tuple(unmatched.get(i, ())))
        for i, m in enumerate(lines)
    ]
    context = {"plan": plan, "lines": lines, "notes": notes}
    return render(request, "instansi/whatif.html", context)
