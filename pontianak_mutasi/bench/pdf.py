"""How long the decree PDF takes, against WeasyPrint's floor.

``measure_pdf`` times three renders:

* floor — a minimal one-page WeasyPrint document (what any PDF costs here);
* single — an individual decree (1 employee), ``documents.render_sk_pdf`` as ``sk_issue`` runs
  it inline;
* collective — a collective decree of ``collective`` employees (500 by default), rendered by
  ``sk_render_background``, the task worker's job (render, then store the file and its hash).

The decrees and their proposals are built from existing employees inside a transaction that is
rolled back, and the PDF files the worker stores are deleted: the database and the media folder
are left as they were.
"""

from __future__ import annotations

import io
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

FLOOR_HTML = "<!DOCTYPE html><html><body><p>Simutasi</p></body></html>"


class _Rollback(Exception):
    """Raised at the end of the measurement to undo everything it wrote."""


def _median_time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _floor_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string=FLOOR_HTML).write_pdf()


def _build_sk(*, size: int, tag: str, urutan: int):
    """An issued decree of ``size`` employees, frozen like ``sk_issue`` freezes it.

    The proposals are written directly as completed (``selesai``: not open, so an employee may
    appear in several of them and in real open proposals) — only their data matters to the PDF.
    """
    from instansi.models import Jabatan
    from mutasi import documents
    from mutasi.models import (
        JenisSK,
        Status,
        StatusSK,
        SuratKeputusan,
        TemplateSK,
        UsulanMutasi,
    )
    from mutasi.models.sk import RenderStatus
    from pegawai.models import Pegawai
    from pontianak_mutasi.models import User

    user = User.objects.order_by("pk").first()
    if user is None:
        raise RuntimeError("The PDF benchmark needs at least one user (run seed_demo).")
    pegawai = list(
        Pegawai.objects.filter(jabatan__isnull=False)
        .select_related("instansi", "unit", "jabatan")
        .order_by("pk")[:size]
    )
    jabatan = list(Jabatan.objects.order_by("pk")[:50])
    if not pegawai or not jabatan:
        raise RuntimeError("The PDF benchmark needs employees with a position (run seed_demo).")
    today = timezone.localdate()
    usulan = []
    # Each employee moves to the agency, unit and a position of the next one: realistic
    # lengths for the lampiran's columns. Fewer employees than ``size`` are reused.
    for i, (p, nxt, jab) in enumerate(
        zip(
            itertools.islice(itertools.cycle(pegawai), size),
            itertools.islice(itertools.cycle(pegawai[1:] + pegawai[:1]), size),
            itertools.cycle(jabatan),
            strict=False,
        )
    ):
        usulan.append(
            UsulanMutasi(
                nomor=f"BENCH-{tag}-{i:05d}"[:20],
                pegawai=p,
                asal_instansi=p.instansi,
                asal_unit=p.unit,
                asal_jabatan=p.jabatan,
                asal_golongan=p.golongan,
                tujuan_instansi=nxt.instansi,
                tujuan_unit=nxt.unit,
                tujuan_jabatan=jab,
                tmt_rencana=today,
                status=Status.SELESAI,
                created_by=user,
            )
        )
    usulan = UsulanMutasi.objects.bulk_create(usulan)
    template = TemplateSK.objects.filter(is_default=True).first()
    individu = size == 1
    texts = {
        name: getattr(template, name, "") or "-"
        for name in ("menimbang", "mengingat", "diktum_kedua", "diktum_ketiga", "tembusan")
    }
    kesatu = (
        getattr(template, "diktum_kesatu_individu" if individu else "diktum_kesatu_kolektif", "")
        or documents.KESATU_INDIVIDU
    )
    sk = SuratKeputusan.objects.create(
        jenis=JenisSK.INDIVIDU if individu else JenisSK.KOLEKTIF,
        status=StatusSK.TERBIT,
        nomor=f"800.1.3/BENCH-{tag}/BKD/{today.year}",
        tahun=today.year,
        urutan=urutan,
        tanggal_penetapan=today,
        tmt=today,
        penandatangan_nama=getattr(template, "penandatangan_nama", "") or "Bench",
        penandatangan_nip=getattr(template, "penandatangan_nip", ""),
        penandatangan_jabatan=getattr(template, "penandatangan_jabatan", "")
        or "GUBERNUR KALIMANTAN BARAT",
        atas_nama=getattr(template, "atas_nama", ""),
        diktum_kesatu=kesatu,
        dibuat_oleh=user,
        diterbitkan_oleh=user,
        diterbitkan_at=timezone.now(),
        render_status=RenderStatus.PENDING,
        **texts,
    )
    sk.usulan.set(usulan)
    sk.snapshot = documents.snapshot_for(sk)
    sk.save(update_fields=["snapshot"])
    return sk


def _delete_file(sk_id: int) -> None:
    from mutasi.models import SuratKeputusan

    sk = SuratKeputusan.objects.get(pk=sk_id)
    if sk.berkas:
        sk.berkas.storage.delete(sk.berkas.name)


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def measure_pdf(
    *,
    repeat: int = 3,
    collective: int = 500,
    collective_repeat: int | None = None,
    log: Callable[[str], Any] = print,
) -> dict:
    """Median render times (seconds) of the floor, an individual and a collective decree.

    ``collective_repeat`` defaults to ``repeat``, capped at 2 for big decrees (each 500-employee
    render takes seconds). Nothing is left in the database or the media folder.
    """
    from mutasi import documents
    from mutasi.models import SuratKeputusan
    from mutasi.models.sk import RenderStatus
    from mutasi.services.sk import sk_render_background

    if collective_repeat is None:
        collective_repeat = repeat if collective <= 50 else min(repeat, 2)
    _floor_pdf()  # warm up: WeasyPrint's import and font configuration are not the floor
    floor = _median_time(_floor_pdf, repeat)
    log(f"pdf floor (1-page WeasyPrint document): {floor:.3f} s")

    result: dict = {}
    try:
        with transaction.atomic():
            base = (SuratKeputusan.objects.aggregate(m=Max("urutan"))["m"] or 0) + 1000
            single_sk = _build_sk(size=1, tag="1", urutan=base)
            single = _median_time(lambda: documents.render_sk_pdf(single_sk), repeat)
            log(f"pdf single decree (1 employee): {single:.3f} s")

            big = _build_sk(size=collective, tag=str(collective), urutan=base + 1)
            rows = SuratKeputusan.objects.filter(pk=big.pk)

            times = []
            pages = 0
            for _ in range(max(1, collective_repeat)):
                started = time.perf_counter()
                rows.update(render_status=RenderStatus.PENDING, render_progress=0)
                sk_render_background(sk_id=big.pk)
                times.append(time.perf_counter() - started)
                done = SuratKeputusan.objects.get(pk=big.pk)
                if done.render_status != RenderStatus.DONE:
                    raise RuntimeError(f"collective render failed: {done.render_error}")
                with done.berkas.open("rb") as fh:
                    pages = _pdf_pages(fh.read())
                _delete_file(big.pk)
            coll = statistics.median(times)
            log(
                f"pdf collective decree ({collective} employees, {pages} pages, "
                f"worker job): {coll:.3f} s"
            )
            result = {
                "floor_s": floor,
                "single_s": single,
                "collective_500_s": coll,
                "single_ratio": single / floor,
                "collective_ratio": coll / floor,
                "collective_pages": pages,
                "collective_employees": collective,
            }
            raise _Rollback
    except _Rollback:
        pass
    return result
