"""Agencies, units, positions and the rule settings kept between requests, read again after
any write to them (instansi/referensi.py, pontianak_mutasi/generasi.py)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from instansi import referensi
from instansi.models import Jabatan, KebutuhanKompetensi
from mutasi import services
from mutasi.models import AturanMutasi, UsulanMutasi
from mutasi.selectors import usulan_get_for_user
from tests.factories import BidangFactory, UnitKerjaFactory
from tests.pontianak_mutasi.conftest import kept_settings

# Committed, as in production: what a transaction reads after it wrote to these tables is not
# kept (a rollback would leave it behind), and a test's own transaction wrote them all.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TABLES = (
    '"instansi_instansi"',
    '"instansi_unitkerja"',
    '"instansi_jabatan"',
    '"instansi_kebutuhankompetensi"',
    '"instansi_bidang"',
    '"mutasi_aturanmutasi"',
)


@pytest.fixture(autouse=True)
def _kept():
    with kept_settings(REFERENCE_CACHE_SECONDS=600):
        yield


def reference_queries(queries) -> list[str]:
    """The queries that read these tables (not those that only join them)."""
    return [
        q["sql"]
        for q in queries
        if (found := re.search(r'FROM ("\w+")', q["sql"])) and found.group(1) in TABLES
    ]


def evaluated(usulan: UsulanMutasi) -> list[tuple[str, str, str]]:
    results, _fit = services.usulan_evaluate(usulan)
    return [(r.kode, r.hasil, r.pesan) for r in results]


def test_a_proposal_reads_them_once_then_from_the_cache(usulan, verifikator_bkd):
    first = usulan_get_for_user(verifikator_bkd, usulan.nomor)
    expected = evaluated(first)
    with CaptureQueriesContext(connection) as queries:
        again = usulan_get_for_user(verifikator_bkd, usulan.nomor)
        results = evaluated(again)
    assert reference_queries(queries) == []
    assert results == expected
    assert again.tujuan_jabatan.nama == usulan.tujuan_jabatan.nama
    assert again.asal_instansi.nama == usulan.asal_instansi.nama
    assert again.pegawai.jabatan == usulan.pegawai.jabatan
    with override_settings(SIMUTASI={**settings.SIMUTASI, "REFERENCE_CACHE_SECONDS": 0}):
        # The same as read from the database every time.
        assert evaluated(usulan_get_for_user(verifikator_bkd, usulan.nomor)) == expected


def test_a_renamed_position_shows_on_the_next_page(usulan, verifikator_bkd):
    client = Client(headers={"accept-language": "en"})
    client.force_login(verifikator_bkd)
    url = reverse("mutasi:detail", args=[usulan.nomor])
    assert client.get(url).status_code == 200
    client.get(url)  # kept now
    Jabatan.objects.filter(pk=usulan.tujuan_jabatan_id).update(nama="Analis Kebijakan Baru")
    assert "Analis Kebijakan Baru" in client.get(url).content.decode()


def test_a_new_requirement_of_the_target_applies_at_once(usulan, verifikator_bkd):
    before = {k: p for k, _h, p in evaluated(usulan_get_for_user(verifikator_bkd, usulan.nomor))}
    assert "Kebijakan Publik" not in before["kompetensi"]
    bidang = BidangFactory(kode="UJI-KEBIJAKAN", nama="Kebijakan Publik")
    KebutuhanKompetensi.objects.create(jabatan_id=usulan.tujuan_jabatan_id, bidang=bidang, level=4)
    after = {k: (h, p) for k, h, p in evaluated(usulan_get_for_user(verifikator_bkd, usulan.nomor))}
    assert "Kebijakan Publik" in after["kompetensi"][1]


def test_the_rule_settings_are_kept_until_saved():
    AturanMutasi.load()  # created on first use: a write, which replaces what it read
    aturan = AturanMutasi.load()
    with CaptureQueriesContext(connection) as queries:
        assert AturanMutasi.load().min_tahun_jabatan == aturan.min_tahun_jabatan
    assert reference_queries(queries) == []
    aturan.min_tahun_jabatan = aturan.min_tahun_jabatan + 1
    aturan.save()
    assert AturanMutasi.load().min_tahun_jabatan == aturan.min_tahun_jabatan


def test_isi_leaves_loaded_and_empty_relations_alone(usulan):
    unit = UnitKerjaFactory(instansi=usulan.tujuan_instansi)
    UsulanMutasi.objects.filter(pk=usulan.pk).update(tujuan_unit=unit, asal_unit=None)
    loaded = UsulanMutasi.objects.select_related("tujuan_jabatan").get(pk=usulan.pk)
    own = loaded.tujuan_jabatan
    referensi.isi([loaded], "tujuan_jabatan", "tujuan_unit", "asal_unit", "pegawai__jabatan")
    assert loaded.tujuan_jabatan is own  # left as it was
    with CaptureQueriesContext(connection) as queries:
        assert loaded.tujuan_unit == unit
        assert loaded.asal_unit is None
    assert queries.captured_queries == []
    # The employee was not loaded: set through the path, one query for the employee only.
    assert loaded.pegawai.jabatan_id == usulan.pegawai.jabatan_id


def test_off_reads_every_time(usulan, verifikator_bkd):
    with override_settings(SIMUTASI={**settings.SIMUTASI, "REFERENCE_CACHE_SECONDS": 0}):
        usulan_get_for_user(verifikator_bkd, usulan.nomor)
        with CaptureQueriesContext(connection) as queries:
            usulan_get_for_user(verifikator_bkd, usulan.nomor)
    assert reference_queries(queries)


def test_what_a_transaction_reads_after_writing_them_is_not_kept(usulan, verifikator_bkd):
    usulan_get_for_user(verifikator_bkd, usulan.nomor)  # kept
    with transaction.atomic():
        Jabatan.objects.filter(pk=usulan.tujuan_jabatan_id).update(nama="Dibatalkan Nanti")
        inside = usulan_get_for_user(verifikator_bkd, usulan.nomor)
        assert inside.tujuan_jabatan.nama == "Dibatalkan Nanti"
        transaction.set_rollback(True)
    after = usulan_get_for_user(verifikator_bkd, usulan.nomor)
    assert after.tujuan_jabatan.nama == usulan.tujuan_jabatan.nama


def test_the_document_checklist_is_kept_until_changed(usulan):
    from mutasi.models import PersyaratanDokumen

    first = services.persyaratan_list(usulan)
    assert [p.pk for p in first] == [p.pk for p in services.persyaratan_for(usulan)]
    with CaptureQueriesContext(connection) as queries:
        assert services.persyaratan_list(usulan) == first
    assert not [q for q in queries if "mutasi_persyaratandokumen" in q["sql"]]
    only_own_request = PersyaratanDokumen.objects.create(
        jenis_mutasi=usulan.jenis_mutasi,
        kode="UJI-SENDIRI",
        nama="Surat permohonan pindah (uji)",
        hanya_permintaan_sendiri=True,
    )
    general = PersyaratanDokumen.objects.create(
        jenis_mutasi=usulan.jenis_mutasi, kode="UJI-UMUM", nama="Dokumen umum (uji)"
    )
    kept = {p.pk for p in services.persyaratan_list(usulan)}
    assert general.pk in kept and only_own_request.pk not in kept  # kepentingan_dinas
    usulan.alasan = "permintaan_sendiri"
    assert only_own_request.pk in {p.pk for p in services.persyaratan_list(usulan)}


@pytest.mark.parametrize(
    ("url_name", "status", "role"),
    [
        ("mutasi:list", "draft", "verifikator_bkd"),
        ("mutasi:antrian_verifikasi", "diajukan", "verifikator_bkd"),
        ("mutasi:antrian_persetujuan", "memenuhi_syarat", "pejabat"),
    ],
)
def test_list_rows_take_them_from_the_cache(usulan, url_name, status, role, request):
    from tests.mutasi.conftest import put_in_state

    put_in_state(usulan, status)
    client = Client(headers={"accept-language": "en"})
    client.force_login(request.getfixturevalue(role))
    url = reverse(url_name)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert usulan.nomor in page and usulan.tujuan_jabatan.nama in page
    assert usulan.asal_instansi.label in page
    # The filter forms list the agencies; the rows read none of them.
    assert not [q for q in reference_queries(queries) if "instansi_jabatan" in q]
    assert not [q for q in reference_queries(queries) if "instansi_unitkerja" in q]
