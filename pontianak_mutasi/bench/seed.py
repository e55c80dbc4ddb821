"""The benchmark's data: the demo data set at ``BENCH_SIZE`` plus proposals by the thousand.

``seed_demo`` makes every proposal through the real services (documents, checks, transitions,
decrees, applying the move): realistic, but about 0.4 s each on a 2-core machine, so 20,000
would take over two hours. The benchmark therefore seeds a few hundred that way (the
templates: every state, with their logs, documents and decrees) and copies them onto other
employees in bulk until proposals number ``share`` × employees:

- each copy is a template's proposal for another employee (origin snapshot from that
  employee, target, state, evaluation snapshot and timeline from the template, moved back by
  up to three days), numbered on from the year's proposal counter;
- its log and documents are the template's rows for the new proposal (the same stored file);
- a decreed copy (SK terbit, selesai) gets an individual decree of its own, numbered on from
  the year's decree counter, with the template decree's text and PDF.

Copies never change the employees themselves (a completed copy did not move anyone): the
benchmark measures reading, and the employee tables are the demo's own. Every copy is an
INSERT the application could have made; nothing is updated, so the append-only log stays so.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Model
from django.utils import timezone

from mutasi.models import (
    OPEN_STATES,
    DokumenUsulan,
    JenisSK,
    Penomoran,
    Status,
    StatusSK,
    SuratKeputusan,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.models.sk import new_token
from pegawai.models import Pegawai

#: Proposals made through the real services, the templates of the copies.
TEMPLATES = 300
#: Proposals per employee the benchmark wants (issue 8: 20 % of BENCH_SIZE).
SHARE = 0.20
BATCH = 2000
DECREED = (Status.SK_TERBIT, Status.SELESAI)


@dataclass
class CopyResult:
    usulan: int = 0
    log: int = 0
    dokumen: int = 0
    sk: int = 0
    seconds: float = 0.0


def insert_rows(model: type[Model], rows: list[dict], *, batch: int = BATCH) -> None:
    """Plain INSERTs of ``rows`` (field name → value), values prepared by each field.

    ``bulk_create`` would stamp ``auto_now_add`` fields with the current time; copies keep
    the template's (shifted) times, so the statement is written here.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(row[f.name], connection) for f in fields]
                    for row in rows[start : start + batch]
                ],
            )


def _values(obj: Model, exclude: Iterable[str] = ("id",)) -> dict:
    return {
        f.name: getattr(obj, f.attname) if f.is_relation else getattr(obj, f.name)
        for f in obj._meta.concrete_fields
        if f.name not in exclude
    }


def _row(obj: Model, **changes) -> dict:
    """The object's column values by field name (foreign keys as ids), with ``changes``."""
    values = _values(obj)
    values.update(changes)
    return values


def _counter(kode: str, tahun: int) -> Penomoran:
    counter, _new = Penomoran.objects.select_for_update().get_or_create(kode=kode, tahun=tahun)
    return counter


def copy_proposals(target: int, *, seed: int = 1, log: Callable[[str], None] = print) -> CopyResult:
    """Copy the existing proposals onto employees without one until there are ``target``."""
    started = time.monotonic()
    result = CopyResult()
    have = UsulanMutasi.objects.count()
    want = target - have
    templates = list(UsulanMutasi.objects.order_by("pk"))
    if want <= 0 or not templates:
        return result
    rng = random.Random(f"{seed}:bench")
    used = set(UsulanMutasi.objects.values_list("pegawai_id", flat=True))
    pool = [
        p
        for p in Pegawai.objects.filter(is_active=True)
        .order_by("pk")
        .only("pk", "instansi_id", "unit_id", "jabatan_id", "golongan", "tmt_jabatan")
        if p.pk not in used
    ]
    rng.shuffle(pool)
    want = min(want, len(pool))
    logs = defaultdict(list)
    for row in UsulanLog.objects.filter(usulan__in=templates).order_by("created_at", "pk"):
        logs[row.usulan_id].append(row)
    docs = defaultdict(list)
    for row in DokumenUsulan.objects.filter(usulan__in=templates):
        docs[row.usulan_id].append(row)
    # Each template's issued decree: two queries, not one per decree.
    decrees = {
        sk.pk: sk
        for sk in SuratKeputusan.objects.filter(usulan__in=templates)
        .exclude(status=StatusSK.DRAFT)
        .distinct()
    }
    decree_of = {
        usulan_id: decrees[sk_id]
        for sk_id, usulan_id in SuratKeputusan.usulan.through.objects.filter(
            suratkeputusan_id__in=decrees
        ).values_list("suratkeputusan_id", "usulanmutasi_id")
    }

    with transaction.atomic():
        year = timezone.localdate().year
        counter = _counter("UM", year)
        sk_counter = _counter("SK", year)
        next_nomor = counter.terakhir
        next_sk = max(
            sk_counter.terakhir,
            SuratKeputusan.objects.filter(tahun=year).aggregate(m=Max("urutan"))["m"] or 0,
        )
        for start in range(0, want, BATCH):
            chunk = pool[start : min(want, start + BATCH)]
            copies, plan = [], []
            for pegawai in chunk:
                template = templates[rng.randrange(len(templates))]
                shift = dt.timedelta(minutes=rng.randint(0, 3 * 24 * 60))
                next_nomor += 1
                copies.append(
                    _row(
                        template,
                        nomor=f"UM-{year}-{next_nomor:06d}",
                        pegawai=pegawai.pk,
                        asal_instansi=pegawai.instansi_id,
                        asal_unit=pegawai.unit_id,
                        asal_jabatan=pegawai.jabatan_id,
                        asal_golongan=pegawai.golongan,
                        asal_tmt_jabatan=pegawai.tmt_jabatan,
                        created_at=template.created_at - shift,
                        updated_at=template.updated_at - shift,
                        status_sejak=template.status_sejak - shift,
                        diajukan_at=template.diajukan_at and template.diajukan_at - shift,
                        diputuskan_at=template.diputuskan_at and template.diputuskan_at - shift,
                        perlu_penanganan=False,
                        catatan_penanganan="",
                    )
                )
                plan.append((template, shift))
            insert_rows(UsulanMutasi, copies)
            ids = dict(
                UsulanMutasi.objects.filter(nomor__in=[c["nomor"] for c in copies]).values_list(
                    "nomor", "pk"
                )
            )
            log_rows, doc_rows, sk_rows, sk_links = [], [], [], []
            for copy, (template, shift) in zip(copies, plan, strict=True):
                new_id = ids[copy["nomor"]]
                log_rows += [
                    _row(e, usulan=new_id, created_at=e.created_at - shift)
                    for e in logs[template.pk]
                ]
                doc_rows += [
                    _row(
                        d,
                        usulan=new_id,
                        diunggah_at=d.diunggah_at - shift,
                        diperiksa_at=d.diperiksa_at and d.diperiksa_at - shift,
                    )
                    for d in docs[template.pk]
                ]
                sk = decree_of.get(template.pk)
                if template.status in DECREED and sk is not None:
                    next_sk += 1
                    nomor = settings.SIMUTASI["SK_NUMBER_PATTERN"].format(seq=next_sk, year=year)
                    sk_rows.append(
                        _row(
                            sk,
                            jenis=JenisSK.INDIVIDU,
                            nomor=nomor,
                            tahun=year,
                            urutan=next_sk,
                            token=new_token(),
                            # Rebuilt from the proposal when shown: it names this employee.
                            snapshot={},
                            created_at=sk.created_at - shift,
                            updated_at=sk.updated_at - shift,
                            diterbitkan_at=sk.diterbitkan_at and sk.diterbitkan_at - shift,
                        )
                    )
                    sk_links.append((nomor, new_id))
            insert_rows(UsulanLog, log_rows)
            insert_rows(DokumenUsulan, doc_rows)
            insert_rows(SuratKeputusan, sk_rows)
            if sk_links:
                sk_ids = dict(
                    SuratKeputusan.objects.filter(nomor__in=[n for n, _u in sk_links]).values_list(
                        "nomor", "pk"
                    )
                )
                Through = SuratKeputusan.usulan.through
                Through.objects.bulk_create(
                    Through(suratkeputusan_id=sk_ids[n], usulanmutasi_id=u) for n, u in sk_links
                )
            result.usulan += len(copies)
            result.log += len(log_rows)
            result.dokumen += len(doc_rows)
            result.sk += len(sk_rows)
            log(f"  copied proposals: {result.usulan} / {want}")
        Penomoran.objects.filter(pk=counter.pk).update(terakhir=next_nomor)
        Penomoran.objects.filter(pk=sk_counter.pk).update(terakhir=next_sk)
    result.seconds = time.monotonic() - started
    return result


def open_per_employee_ok() -> bool:
    """At most one open proposal per employee (the database constraint, checked again)."""
    return (
        not UsulanMutasi.objects.filter(status__in=OPEN_STATES)
        .values("pegawai")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )
