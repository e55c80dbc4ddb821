"""The PDF measurement of ``manage.py bench``: real renders, nothing left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from mutasi.models import SuratKeputusan, UsulanLog, UsulanMutasi
from pontianak_mutasi.bench.pdf import measure_pdf
from tests.factories import PegawaiFactory


def _counts() -> tuple[int, int, int]:
    return (
        UsulanMutasi.objects.count(),
        SuratKeputusan.objects.count(),
        UsulanLog.objects.count(),
    )


def _media_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def test_measure_pdf_times_renders_and_leaves_db_and_media_unchanged(admin_kepegawaian):
    PegawaiFactory.create_batch(3)
    before, files_before = _counts(), _media_files()
    lines: list[str] = []

    result = measure_pdf(repeat=1, collective=4, log=lines.append)

    for key in ("floor_s", "single_s", "collective_500_s", "single_ratio", "collective_ratio"):
        assert result[key] > 0, key
    assert result["collective_employees"] == 4
    # A collective decree is the decree plus its landscape lampiran: at least two pages.
    assert result["collective_pages"] >= 2
    assert len(lines) == 3
    assert _counts() == before
    assert _media_files() == files_before


def test_measure_pdf_needs_employees(admin_kepegawaian):
    with pytest.raises(RuntimeError, match="employees"):
        measure_pdf(repeat=1, collective=2, log=lambda _: None)
    assert _counts() == (0, 0, 0)
