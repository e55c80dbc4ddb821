"""``python manage.py seed_demo [--size N] [--seed S]``: load the demo data set.

Output is plain developer-facing text (not gettext): it is read in a terminal, never by users
of the application, and stays out of the Indonesian catalogue.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from mutasi.models import Status
from pegawai.demo.builder import DEMO_PASSWORD, SeedResult, seed_demo
from pegawai.demo.usulan import MIN_PROPOSALS

MIN_SIZE = 50  # below this the province's agencies cannot all have someone in them


class Command(BaseCommand):
    help = (
        "Load demo data: Kalimantan Barat agencies, positions, formasi with workload analysis, "
        "employees with their history, one demo user per role and transfer proposals in every "
        "state with their decrees. Safe to run again: "
        "existing demo data is detected and nothing is duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", type=int, default=3000, help="Number of employees (default 3000)."
        )
        parser.add_argument(
            "--proposals",
            type=int,
            default=None,
            help=(
                "Number of transfer proposals (default 5%% of --size, at least "
                f"{MIN_PROPOSALS}); 0 for none."
            ),
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same data."
        )

    def handle(
        self,
        *args,
        size: int,
        seed: int,
        proposals: int | None = None,
        verbosity: int = 1,
        **options,
    ) -> None:
        if size < MIN_SIZE:
            raise CommandError(f"--size must be at least {MIN_SIZE}.")
        if proposals is not None and proposals < 0:
            raise CommandError("--proposals cannot be negative.")

        def progress(done: int, total: int) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  employees: {done} / {total}")

        result = seed_demo(size=size, seed=seed, progress=progress, proposals=proposals)
        # Fresh planner statistics after a bulk load: without them PostgreSQL estimates the
        # new tables as nearly empty and picks slow plans until autovacuum comes round.
        if connection.vendor == "postgresql" and any(result.created.values()):
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if verbosity >= 1:
            self._report(result)

    def _report(self, result: SeedResult) -> None:
        write = self.stdout.write
        write(
            f"Demo data (size {result.size}, seed {result.seed}, date {result.today:%Y-%m-%d})"
            f" in {result.seconds:.1f} s."
        )
        created = {name: n for name, n in result.created.items() if n}
        if created:
            width = max(len(name) for name in created)
            for name, n in created.items():
                write(f"  {name:<{width}}  +{n}")
        else:
            write("  Nothing new: the demo data was already there.")
        if result.employees_skipped:
            # Size and seed only apply to a fresh database: employees are never duplicated.
            write("  Demo employees exist already, none added (reseed into a fresh database).")
        if result.usulan_by_status:
            by_state = ", ".join(
                f"{state} {result.usulan_by_status[state]}"
                for state in Status.values
                if state in result.usulan_by_status
            )
            total = sum(result.usulan_by_status.values())
            write(f"  Transfer proposals by state ({total}): {by_state}")

        headers = ("username", "password", "role", "agency")
        table = [(u.username, DEMO_PASSWORD, u.role, u.instansi or "-") for u in result.users]
        widths = [max(len(row[i]) for row in (headers, *table)) for i in range(len(headers))]
        write("")
        write("Demo users (the password is for demo databases only):")
        for row in (headers, *table):
            write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        if any(not u.created for u in result.users):
            write("  Users that existed already kept their current password.")
