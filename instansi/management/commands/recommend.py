"""python manage.py recommend "<instansi name or kode>" "<jabatan name>" [--limit N] [--json]"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from instansi.models import Formasi, Instansi
from instansi.rekomendasi import rekomendasi_for_formasi
from instansi.selectors import formasi_annotated


def find_instansi(text: str) -> Instansi:
    text = text.strip()
    for q in (
        Q(kode=text),
        Q(nama__iexact=text),
        Q(singkatan__iexact=text),
        Q(nama__icontains=text),
    ):
        found = list(Instansi.objects.filter(q)[:2])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{i.kode} {i.nama}" for i in found)
            raise CommandError(f"Several agencies match {text!r}: {names}…")
    raise CommandError(f"No agency matches {text!r}.")


def find_formasi(instansi: Instansi, text: str) -> Formasi:
    """Exact position name, else a name containing the text; the largest gap wins a tie."""
    base = formasi_annotated(Formasi.objects.filter(instansi=instansi))
    rows = list(base.filter(jabatan__nama__iexact=text.strip())) or list(
        base.filter(jabatan__nama__icontains=text.strip())
    )
    if not rows:
        raise CommandError(f"No formasi of a position matching {text!r} at {instansi.nama}.")
    return max(rows, key=lambda f: (f.hasil.gap, -f.pk))


class Command(BaseCommand):
    help = "Rank candidates across the province for one formasi (position at an agency)."

    def add_arguments(self, parser):
        parser.add_argument("instansi", help="Agency code, name or abbreviation.")
        parser.add_argument("jabatan", help="Position name (exact, else contained).")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, **options):
        formasi = find_formasi(find_instansi(options["instansi"]), options["jabatan"])
        result = rekomendasi_for_formasi(formasi, limit=options["limit"])
        if options["as_json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        f = result.formasi
        self.stdout.write(
            f"{f.jabatan.nama} – {f.instansi.nama}: kebutuhan {result.kebutuhan}, "
            f"bezetting {result.bezetting}, gap {result.gap} "
            f"({result.considered} employees pre-filtered)"
        )
        names = ["fit", "performance", "rotation", "origin", "bup"]
        header = f"{'#':>3} {'NIP':18} {'Name':28} {'Agency':28} {'Score':>6} " + " ".join(
            f"{n[:6]:>6}" for n in names
        )
        for title, rows in (("Eligible", result.candidates), ("Not eligible", result.ineligible)):
            self.stdout.write(f"\n{title} ({len(rows)})")
            if not rows:
                continue
            self.stdout.write(header)
            for i, c in enumerate(rows, 1):
                p = c.pegawai
                self.stdout.write(
                    f"{i:>3} {p.nip:18} {p.nama_lengkap[:28]:28} {p.instansi.label[:28]:28} "
                    f"{c.score:>6.1f} "
                    + " ".join(f"{c.points[n]:>6.1f}" for n in names)
                    + f"  {c.pendidikan}"
                )
                for reason in c.reasons:
                    self.stdout.write(f"      - {reason}")
