"""Apply the moves whose decree (SK) takes effect today or earlier (see docs/penerapan.md)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from mutasi.services.penerapan import HasilPenerapan, apply_due


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date: expected YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = (
        "Apply transfer proposals whose issued decree (SK) has a TMT on or before today: "
        "move the employee, update the position history and mark the proposal completed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=_date, default=None, help="Act as if today were YYYY-MM-DD."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would be applied, then roll everything back.",
        )

    def handle(self, *args, date: dt.date | None, dry_run: bool, **options) -> None:
        if dry_run:
            # Every proposal's transaction is a savepoint inside this one; rolling it back
            # undoes them all (and drops their on-commit e-mails).
            with transaction.atomic():
                hasil = apply_due(today=date)
                transaction.set_rollback(True)
        else:
            hasil = apply_due(today=date)
        self._report(hasil, dry_run=dry_run)
        if hasil.gagal:
            raise CommandError(f"{len(hasil.gagal)} proposal(s) failed; see the log.")

    def _report(self, hasil: HasilPenerapan, *, dry_run: bool) -> None:
        prefix = "DRY RUN (nothing written): " if dry_run else ""
        self.stdout.write(
            f"{prefix}diterapkan={len(hasil.diterapkan)} ditandai={len(hasil.ditandai)} "
            f"dilewati={len(hasil.dilewati)} gagal={len(hasil.gagal)}"
        )
        for label, nomor in (
            ("diterapkan", hasil.diterapkan),
            ("ditandai", hasil.ditandai),
            ("dilewati", hasil.dilewati),
            ("gagal", hasil.gagal),
        ):
            if nomor:
                self.stdout.write(f"  {label}: {', '.join(nomor)}")
