"""Groups and permissions kept between requests, read again after any write to them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from pontianak_mutasi import akses
from pontianak_mutasi.models import Role
from tests.factories import UserFactory
from tests.pontianak_mutasi.conftest import kept_settings, signed_in

# Committed, as in production: what a transaction reads after it wrote to users, groups or
# permissions is not kept (a rollback would leave it behind), and a test's own transaction
# wrote them all (the fixtures' users).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Needs the verifier's permission (mutasi.verify_usulanmutasi through the role).
VERIFY_QUEUE = reverse("mutasi:antrian_verifikasi")
HOME = reverse("home")


@pytest.fixture(autouse=True)
def _access_cache_on():
    with kept_settings(ACCESS_CACHE_SECONDS=600):
        yield


def access_queries(client: Client, url: str) -> tuple[int, list[str]]:
    """The response's status and its queries on users, groups, permissions and sessions."""
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    tables = ("auth_", "_user_groups", "_user_user_permissions", "django_session")
    return status, [q["sql"] for q in queries if any(t in q["sql"] for t in tables)]


@pytest.mark.parametrize(
    ("sql", "write"),
    [
        ('INSERT INTO "pontianak_mutasi_user_groups" ("user_id", "group_id") VALUES (1, 2)', True),
        ('INSERT OR IGNORE INTO "pontianak_mutasi_user_groups" ("user_id") VALUES (1)', True),
        ('DELETE FROM "pontianak_mutasi_user_groups" WHERE "user_id" = 1', True),
        ('INSERT INTO "pontianak_mutasi_user_user_permissions" ("user_id") VALUES (1)', True),
        ('DELETE FROM "auth_group_permissions" WHERE "group_id" = 3', True),
        ('UPDATE "auth_group" SET "name" = %s', True),
        ('INSERT INTO "auth_permission" ("codename") VALUES (%s)', True),
        ('UPDATE "pontianak_mutasi_user" SET "is_superuser" = true', True),
        ('INSERT INTO "django_content_type" ("app_label") VALUES (%s)', True),
        ('ALTER TABLE "auth_group" ADD COLUMN "c" int', True),
        ('TRUNCATE "auth_group"', True),
        ('INSERT INTO "mutasi_usulanmutasi" ("nomor") VALUES (%s)', False),
        ('UPDATE "pegawai_pegawai" SET "nama" = %s', False),
        ('DELETE FROM "mutasi_notifikasi" WHERE "user_id" = 1', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
    ],
)
def test_writes_to_access_tables_are_told_from_others(sql, write):
    assert akses.AKSES.is_write(sql) is write


def test_access_is_read_once_and_kept_between_requests(verifikator_bkd):
    client = signed_in(verifikator_bkd)
    status, first = access_queries(client, VERIFY_QUEUE)
    assert status == 200
    # Groups, the user's own and their groups' permissions, read from the database.
    assert len(first) == 3
    status, second = access_queries(client, VERIFY_QUEUE)
    # Kept: no group or permission query, and the session comes from the cache too.
    assert status == 200 and second == []


def test_a_role_given_applies_on_the_next_request(operator_dinkes):
    client = signed_in(operator_dinkes)
    assert client.get(VERIFY_QUEUE).status_code == 403
    assert client.get(VERIFY_QUEUE).status_code == 403  # kept
    operator_dinkes.groups.add(Group.objects.get(name=Role.VERIFIKATOR_BKD))
    status, queries = access_queries(client, VERIFY_QUEUE)
    assert status == 200 and queries  # read again


def test_a_role_taken_away_applies_on_the_next_request(verifikator_bkd):
    client = signed_in(verifikator_bkd)
    assert client.get(VERIFY_QUEUE).status_code == 200
    assert client.get(VERIFY_QUEUE).status_code == 200
    verifikator_bkd.groups.clear()
    assert client.get(VERIFY_QUEUE).status_code == 403


def test_a_permission_taken_from_the_group_applies_on_the_next_request(verifikator_bkd):
    client = signed_in(verifikator_bkd)
    assert client.get(VERIFY_QUEUE).status_code == 200
    assert client.get(VERIFY_QUEUE).status_code == 200
    group = Group.objects.get(name=Role.VERIFIKATOR_BKD)
    group.permissions.remove(Permission.objects.get(codename="verify_usulanmutasi"))
    assert client.get(VERIFY_QUEUE).status_code == 403


def test_a_permission_given_to_the_user_directly_applies(operator_dinkes):
    client = signed_in(operator_dinkes)
    assert client.get(VERIFY_QUEUE).status_code == 403
    operator_dinkes.user_permissions.add(Permission.objects.get(codename="verify_usulanmutasi"))
    assert client.get(VERIFY_QUEUE).status_code == 200


def test_made_superuser_applies_on_the_next_request(db):
    user = UserFactory(username="biasa")
    client = signed_in(user)
    assert client.get(VERIFY_QUEUE).status_code == 403
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    assert client.get(VERIFY_QUEUE).status_code == 200


def test_other_writes_keep_the_entries(verifikator_bkd, dinkes):
    from tests.factories import PegawaiFactory

    client = signed_in(verifikator_bkd)
    client.get(VERIFY_QUEUE)
    PegawaiFactory(instansi=dinkes)  # a write, but not to users, groups or permissions
    status, queries = access_queries(client, VERIFY_QUEUE)
    assert status == 200 and queries == []


def test_each_user_has_their_own_entry(verifikator_bkd, operator_dinkes):
    signed_in(verifikator_bkd).get(VERIFY_QUEUE)
    assert signed_in(operator_dinkes).get(VERIFY_QUEUE).status_code == 403
    assert akses.groups_of(verifikator_bkd) == {Role.VERIFIKATOR_BKD}
    assert akses.groups_of(operator_dinkes) == {Role.OPERATOR_OPD}


def test_off_reads_on_every_request(verifikator_bkd):
    client = signed_in(verifikator_bkd)
    with override_settings(SIMUTASI={**settings.SIMUTASI, "ACCESS_CACHE_SECONDS": 0}):
        client.get(VERIFY_QUEUE)
        _, queries = access_queries(client, VERIFY_QUEUE)
    assert len(queries) == 3


def test_a_page_without_a_permission_check_reads_only_the_groups(verifikator_bkd):
    client = signed_in(verifikator_bkd)
    with override_settings(SIMUTASI={**settings.SIMUTASI, "ACCESS_CACHE_SECONDS": 0}):
        client.get(HOME)
        _, queries = access_queries(client, HOME)
    assert len(queries) == 1 and "auth_group" in queries[0]


def test_a_transaction_replaces_the_generation_on_each_write_and_on_commit():
    def generation():
        return cache.get(akses.AKSES.key)

    user = UserFactory(username="dalam_transaksi")
    group = Group.objects.get(name=Role.PEJABAT_PENYETUJU)
    before = akses.AKSES.renew()
    with transaction.atomic():
        user.groups.add(group)
        during = generation()
    after = generation()  # the commit
    assert len({before, during, after}) == 3


def test_what_a_transaction_reads_after_writing_access_is_not_kept(db):
    user = UserFactory(username="dibatalkan")
    signed_in(user).get(HOME)  # kept: no role
    assert akses.groups_of(UserFactory._meta.model.objects.get(pk=user.pk)) == frozenset()
    with transaction.atomic():
        user.groups.add(Group.objects.get(name=Role.PEJABAT_PENYETUJU))
        # Seen inside the transaction, not taken from what was kept…
        inside = UserFactory._meta.model.objects.get(pk=user.pk)
        assert akses.groups_of(inside) == {Role.PEJABAT_PENYETUJU}
        transaction.set_rollback(True)
    # …and not kept either: after the rollback no role, although no commit replaced the token.
    after = UserFactory._meta.model.objects.get(pk=user.pk)
    assert akses.groups_of(after) == frozenset()


def test_the_signed_in_user_comes_with_their_agency(operator_dinkes, dinkes):
    client = signed_in(operator_dinkes)
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert dinkes.label in response.content.decode()
    # Joined to the user's row, not read by a query of its own.
    assert not [q for q in queries if q["sql"].startswith('SELECT "instansi_instansi"."id"')]
    assert any('"instansi_instansi"' in q["sql"] and "pontianak_mutasi_user" in q["sql"]
               for q in queries)  # fmt: skip
