"""Backup and restore (docs/backup.md): the whole domain goes out through ``dumpdata`` and comes
back through ``loaddata`` unchanged, and the media files with it.

The database is emptied with ``flush``, as a restore onto a fresh database would find it. On
PostgreSQL ``flush`` is a TRUNCATE, which the log's append-only trigger (a row-level trigger on
UPDATE and DELETE) does not fire on, so the transition log is emptied and restored like the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from mutasi.models import Status, SuratKeputusan, UsulanLog, UsulanMutasi
from pegawai.models import Pegawai
from tests.factories import (
    BidangFactory,
    HukumanDisiplinFactory,
    KompetensiFactory,
    PegawaiFactory,
    RiwayatDiklatFactory,
    RiwayatGolonganFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
)
from tests.mutasi.conftest import (  # noqa: F401 (fixtures)
    formasi_tujuan,
    jabatan_tujuan,
    make_usulan,
    pegawai_layak,
    put_in_state,
    valid_documents,
)
from tests.mutasi.test_sk import fast_render, issued  # noqa: F401 (fixture)

#: Rebuilt by ``migrate``/``flush`` on the target (content types, permissions) or throwaway
#: (sessions): not part of the backup. Everything else is.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def domain_models() -> list:
    skipped = {"contenttypes", "sessions"}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skipped and m._meta.label != "auth.Permission"
    ]


def snapshot() -> dict[str, list[dict]]:
    """Every row of every backed-up model, field by field, in primary-key order.

    References to content types and permissions are compared by natural key: their ids are
    whatever the target's ``migrate`` gave them.
    """
    return {
        model._meta.label: serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
        )
        for model in domain_models()
    }


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of this test's own, so moving it away does not touch other tests' files."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def domain(media, make_usulan, dinkes, operator_dinkes, admin_kepegawaian, fast_render):  # noqa: F811
    """Small but complete: agencies, positions, formasi with ABK, employees with every kind
    of riwayat, proposals with logs, uploaded documents, an issued SK with its PDF, history."""
    first = make_usulan()
    pegawai = first.pegawai
    RiwayatJabatanFactory(pegawai=pegawai, tmt_mulai=dt.date(2015, 1, 1))
    RiwayatGolonganFactory(pegawai=pegawai)
    RiwayatPendidikanFactory(pegawai=pegawai)
    RiwayatDiklatFactory(pegawai=pegawai)
    HukumanDisiplinFactory(pegawai=pegawai)
    KompetensiFactory(pegawai=pegawai, bidang=BidangFactory())
    valid_documents(first, operator_dinkes)
    second = make_usulan(pegawai=PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2020, 1, 1)))
    sk = issued(admin_kepegawaian, [put_in_state(second, Status.DISETUJUI)])
    pegawai.nama = "Nama Diperbaiki"
    pegawai.save()  # one more history row
    return sk


# Inside the test's transaction: flush and loaddata are rolled back with it, so the rows the data
# migrations made (roles, checklists, the SK template) are there for the tests that follow on
# this worker. (A transactional test would leave them flushed for any later non-serialized test.)
@pytest.mark.django_db
def test_dumpdata_flush_loaddata_gives_back_identical_data_and_files(domain, media, tmp_path):
    sk = SuratKeputusan.objects.get(pk=domain.pk)
    assert sk.berkas and sk.sha256
    before = snapshot()
    # The test can only fail if there is something to lose.
    for label in (
        "instansi.Formasi",
        "pegawai.RiwayatDiklat",
        "pegawai.HistoricalPegawai",
        "mutasi.UsulanLog",
        "mutasi.DokumenUsulan",
        "mutasi.SuratKeputusan",
        "auth.Group",
    ):
        assert before[label], label
    files_before = {p.relative_to(media): sha256(p) for p in media.rglob("*") if p.is_file()}
    assert len(files_before) >= 2  # the SK's PDF and the uploaded documents

    # Backup: the database as XML, the media folder as a copy (what tar/rsync do).
    # XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, so every timestamp
    # would come back different.
    dump = tmp_path / "simutasi.xml"
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        use_base_manager=True,
        exclude=EXCLUDED,
        output=str(dump),
        verbosity=0,
    )
    media_backup = tmp_path / "media-backup"
    shutil.copytree(media, media_backup)

    # Disaster: an empty database and no media.
    if connection.vendor == "postgresql":
        # Inside the test's transaction the deferred foreign-key checks are still pending, and
        # PostgreSQL refuses to TRUNCATE a table with pending trigger events: check them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # back to deferred, as loaddata expects
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Pegawai.objects.exists() and not UsulanLog.objects.exists()
    shutil.rmtree(media)

    # Restore.
    call_command("loaddata", str(dump), verbosity=0)
    shutil.copytree(media_backup, media)

    after = snapshot()
    assert after.keys() == before.keys()
    for label, rows in before.items():
        assert after[label] == rows, label
    files_after = {p.relative_to(media): sha256(p) for p in media.rglob("*") if p.is_file()}
    assert files_after == files_before
    sk = SuratKeputusan.objects.get(pk=domain.pk)
    with sk.berkas.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == sk.sha256

    # The restored database keeps working: sequences continue after the restored ids ...
    new = PegawaiFactory()
    assert new.pk > max(row["pk"] for row in before["pegawai.Pegawai"])
    # ... and on PostgreSQL the log is still append-only.
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            UsulanLog.objects.update(note="ditulis ulang")
    assert UsulanMutasi.objects.count() == 2
