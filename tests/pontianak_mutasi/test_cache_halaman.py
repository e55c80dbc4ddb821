"""The validated page cache: a stored page is served only while no write has happened since."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from instansi.models import Instansi
from mutasi import services
from mutasi.models import Status
from pontianak_mutasi import cache_halaman
from tests.factories import InstansiFactory
from tests.pontianak_mutasi.conftest import kept_settings, make_usulan, signed_in

QUEUE = reverse("mutasi:antrian_persetujuan")
LIST = reverse("mutasi:list")
GAP = reverse("instansi:kesenjangan")


@pytest.fixture(autouse=True)
def _page_cache_on():
    with kept_settings(PAGE_CACHE_SECONDS=600):
        yield


def served(client: Client, url: str) -> tuple[str, bool]:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), response.get("X-Simutasi-Cache") == "hit"


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('INSERT INTO "mutasi_usulanmutasi" ("nomor") VALUES (%s)', True),
        ('  UPDATE "pegawai_pegawai" SET "nama" = %s', True),
        ('DELETE FROM "instansi_formasi" WHERE "id" = %s', True),
        ('TRUNCATE "pegawai_pegawai"', True),
        ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", True),
        ('ALTER TABLE "t" ADD COLUMN "c" int', True),
        ('SELECT "id" FROM "mutasi_usulanmutasi" FOR UPDATE', False),
        ('SELECT "nama" FROM "pegawai_pegawai" WHERE "nama" = \'UPDATE\'', False),
        ('SAVEPOINT "s1"', False),
        ('RELEASE SAVEPOINT "s1"', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        # The session store and the sign-in records change nothing a page shows.
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        ('DELETE FROM "axes_accesslog"', False),
        # The task queue: a page that queues a background refresh, the worker's bookkeeping.
        ('INSERT INTO "django_tasks_database_dbtaskresult" ("id") VALUES (%s)', False),
        ('UPDATE "django_tasks_database_dbtaskresult" SET "status" = %s', False),
    ],
)
def test_writes_are_told_from_reads(sql, write):
    assert cache_halaman.is_data_write(sql) is write


def test_a_page_is_served_again_until_a_write(client, admin, diskominfo, dinkes):
    usulan = make_usulan(dinkes, diskominfo, status=Status.DIAJUKAN)
    client = signed_in(admin)
    _, hit = served(client, LIST)  # sets the CSRF cookie the page's token belongs to
    assert not hit
    second, hit = served(client, LIST)
    assert not hit and usulan.nomor in second
    third, hit = served(client, LIST)
    assert hit and third == second

    # Any write through Django — here a rename of the employee shown on the page.
    usulan.pegawai.nama = "Nama Yang Baru Diubah"
    usulan.pegawai.save()
    fourth, hit = served(client, LIST)
    assert not hit and "Nama Yang Baru Diubah" in fourth
    _, hit = served(client, LIST)
    assert hit


def test_a_decision_shows_at_once_in_the_queue(pejabat, diskominfo, dinkes):
    usulan = make_usulan(dinkes, diskominfo, status=Status.MEMENUHI_SYARAT)
    client = signed_in(pejabat)
    served(client, QUEUE)
    served(client, QUEUE)
    page, hit = served(client, QUEUE)
    assert hit and usulan.nomor in page
    response = client.post(
        QUEUE, {"usulan": [usulan.pk], "keputusan": "setujui", "note": ""}, follow=True
    )
    assert response.status_code == 200
    page, hit = served(client, QUEUE)
    assert not hit and usulan.nomor not in page


def test_bulk_update_and_raw_sql_count_as_writes(admin, diskominfo, dinkes):
    usulan = make_usulan(dinkes, diskominfo, status=Status.DIAJUKAN)
    client = signed_in(admin)
    for _ in range(2):
        served(client, LIST)
    assert served(client, LIST)[1]
    type(usulan).objects.filter(pk=usulan.pk).update(tmt_rencana=dt.date(2031, 7, 1))
    page, hit = served(client, LIST)
    assert not hit and "01-07-2031" in page
    assert served(client, LIST)[1]
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{type(usulan)._meta.db_table}" SET "tmt_rencana" = %s WHERE "id" = %s',
            [dt.date(2032, 8, 1), usulan.pk],
        )
    page, hit = served(client, LIST)
    assert not hit and "01-08-2032" in page


def test_an_update_that_matches_nothing_keeps_the_pages(admin, diskominfo, dinkes):
    """Opening a proposal marks its notifications read: with none unread nothing changed, and
    every user's kept pages stay valid; with one, the pages showing the count render anew."""
    from mutasi.models import AturanMutasi, Notifikasi

    AturanMutasi.load()  # the rules' settings row, created on first use: a real write
    usulan = make_usulan(dinkes, diskominfo, status=Status.DIAJUKAN)
    client = signed_in(admin)
    for _ in range(2):
        served(client, LIST)
    assert served(client, LIST)[1]
    assert client.get(reverse("mutasi:detail", args=[usulan.nomor])).status_code == 200
    assert served(client, LIST)[1]
    type(usulan).objects.filter(pk=usulan.pk, nomor="no such number").update(catatan_penanganan="x")
    Notifikasi.objects.filter(pk=-1).delete()
    assert served(client, LIST)[1]

    Notifikasi.objects.create(user=admin, usulan=usulan, pesan="Usulan baru")
    served(client, LIST)
    assert served(client, LIST)[1]
    assert client.get(reverse("mutasi:detail", args=[usulan.nomor])).status_code == 200
    assert Notifikasi.objects.get(user=admin).read_at is not None
    assert not served(client, LIST)[1]


# serialized_rollback: the flush afterwards would delete the data migrations' rows (roles,
# content types) that later tests restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_replaces_the_generation_on_each_write_and_on_commit():
    def generation():
        return cache.get(cache_halaman.DATA.key)

    before = cache_halaman.DATA.renew()
    with transaction.atomic():
        instansi = InstansiFactory()
        first = generation()
        instansi.nama = "Badan Uji"
        instansi.save()
        second = generation()
        Instansi.objects.get(pk=instansi.pk)  # a read replaces nothing
        assert generation() == second
    after = generation()  # the commit
    assert len({before, first, second, after}) == 4


def page_renewals() -> list:
    """The page cache's commit callbacks (agencies written also renew the reference rows')."""
    return [
        func
        for _sids, func, _robust in connection.run_on_commit
        if func is cache_halaman.DATA.renew_on_commit
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rolled_back_savepoint_still_replaces_on_commit():
    with transaction.atomic():
        instansi = InstansiFactory()
        try:
            with transaction.atomic():
                instansi.save()
                # The outer level's commit callback is already there: not registered again.
                assert len(page_renewals()) == 1
                raise RuntimeError
        except RuntimeError:
            pass
        instansi.save()
        last_write = cache.get(cache_halaman.DATA.key)
        assert len(page_renewals()) == 1
    assert cache.get(cache_halaman.DATA.key) != last_write


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_write_only_in_a_rolled_back_savepoint_registers_again():
    with transaction.atomic():
        try:
            with transaction.atomic():
                InstansiFactory()
                raise RuntimeError
        except RuntimeError:
            pass
        assert page_renewals() == []  # gone with the savepoint
        InstansiFactory()
        last_write = cache.get(cache_halaman.DATA.key)
        assert len(page_renewals()) == 1
    assert cache.get(cache_halaman.DATA.key) != last_write


def test_each_user_and_query_has_its_own_page(admin, pejabat, diskominfo, dinkes):
    make_usulan(dinkes, diskominfo, status=Status.MEMENUHI_SYARAT)
    admin_client, pejabat_client = signed_in(admin), signed_in(pejabat)
    for _ in range(2):
        served(admin_client, LIST)
    assert served(admin_client, LIST)[1]
    # Another user, another query string: rendered for them, not taken from the admin's page.
    served(pejabat_client, LIST)
    assert not served(pejabat_client, LIST)[1]
    assert not served(admin_client, LIST + "?status=diajukan")[1]
    assert served(admin_client, LIST + "?status=diajukan")[1]


def test_pages_with_messages_or_without_csrf_cookie_are_not_kept(rf, admin):
    client = signed_in(admin)
    # No CSRF cookie yet: the page creates the secret its token belongs to.
    assert not served(client, GAP)[1]
    assert not served(client, GAP)[1]  # stored now
    assert served(client, GAP)[1]
    request = rf.get(GAP)
    request.user = admin
    request.session = client.session
    request.META["CSRF_COOKIE"] = "x" * 32
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)
    assert cache_halaman._cacheable(request)
    messages.info(request, "Tersimpan.")
    assert not cache_halaman._cacheable(request)


def test_a_new_day_renders_anew(pejabat, diskominfo, dinkes):
    make_usulan(dinkes, diskominfo, status=Status.MEMENUHI_SYARAT)
    now = dt.datetime(2026, 11, 30, 15, 0, tzinfo=dt.UTC)  # 22:00 WIB
    with time_machine.travel(now, tick=False):
        client = signed_in(pejabat)
        served(client, QUEUE)
        served(client, QUEUE)
        assert served(client, QUEUE)[1]
    # Waiting days count to today: the next day's page is rendered again.
    with time_machine.travel(now + dt.timedelta(hours=3), tick=False):
        assert not served(client, QUEUE)[1]


def test_off_with_zero_seconds_and_with_a_replica(admin, monkeypatch):
    client = signed_in(admin)
    with override_settings(SIMUTASI={**settings.SIMUTASI, "PAGE_CACHE_SECONDS": 0}):
        for _ in range(3):
            assert not served(client, GAP)[1]
    # A replica may lag behind the write that replaced the generation.
    monkeypatch.setattr("pontianak_mutasi.db_router.replica_configured", lambda: True)
    for _ in range(3):
        assert not served(client, GAP)[1]


def test_a_post_is_never_answered_from_the_cache(pejabat, diskominfo, dinkes):
    usulan = make_usulan(dinkes, diskominfo, status=Status.MEMENUHI_SYARAT)
    client = signed_in(pejabat)
    for _ in range(3):
        served(client, QUEUE)
    # An invalid decision re-renders the queue with the error, not the stored page.
    response = client.post(QUEUE, {"usulan": [usulan.pk], "keputusan": "salah", "note": ""})
    assert response.status_code == 200
    assert response.get("X-Simutasi-Cache") is None
    assert 'role="alert"' in response.content.decode()


def test_services_outside_requests_replace_the_generation(admin, pejabat, diskominfo, dinkes):
    usulan = make_usulan(dinkes, diskominfo, status=Status.MEMENUHI_SYARAT)
    client = signed_in(pejabat)
    for _ in range(3):
        served(client, QUEUE)
    services.usulan_bulk_decide(actor=pejabat, usulan_ids=[usulan.pk], approve=False, note="X")
    page, hit = served(client, QUEUE)
    assert not hit and usulan.nomor not in page
