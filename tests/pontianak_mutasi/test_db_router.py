"""The read-replica router: reports read from the replica, everything else from the primary."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.urls import reverse

from instansi import selectors as instansi_selectors
from mutasi.models import UsulanMutasi
from pegawai import laporan
from pegawai.models import Pegawai
from pontianak_mutasi import beranda, db_router, views
from pontianak_mutasi.db_router import REPLICA, ReplicaRouter, baca_replika, replica_reads

router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch):
    """As if DATABASE_REPLICA_URL were set (no second connection is ever opened here)."""
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)


def test_no_replica_configured_in_the_test_settings():
    assert not db_router.replica_configured()


def test_reads_stay_on_the_primary_outside_a_report(with_replica):
    assert router.db_for_read(Pegawai) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_inside_a_report(with_replica):
    with replica_reads():
        assert db_router.replica_reads_active()
        assert router.db_for_read(Pegawai) == REPLICA
        assert router.db_for_read(UsulanMutasi) == REPLICA
    assert not db_router.replica_reads_active()
    assert router.db_for_read(Pegawai) == DEFAULT_DB_ALIAS


def test_without_a_replica_a_report_reads_the_primary():
    with replica_reads():
        assert router.db_for_read(Pegawai) == DEFAULT_DB_ALIAS


def test_the_context_is_left_even_when_the_report_fails(with_replica):
    @baca_replika
    def failing_view(request):
        assert router.db_for_read(Pegawai) == REPLICA
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        failing_view(None)
    assert router.db_for_read(Pegawai) == DEFAULT_DB_ALIAS


def test_writes_always_go_to_the_primary(with_replica):
    assert router.db_for_write(Pegawai) == DEFAULT_DB_ALIAS
    with replica_reads():
        # Even for an object read from the replica (Django would default to its database).
        replica_obj = Pegawai()
        replica_obj._state.db = REPLICA
        assert router.db_for_write(Pegawai, instance=replica_obj) == DEFAULT_DB_ALIAS


def test_reads_inside_a_transaction_stay_on_the_primary(with_replica, db):
    # Not a transactional test (those reorder and flush the suite's SQLite database): the
    # block below is a savepoint inside the test's own transaction, which is the point.
    with replica_reads(), transaction.atomic():
        assert connection.in_atomic_block
        assert router.db_for_read(Pegawai) == DEFAULT_DB_ALIAS


def test_migrations_only_on_the_primary():
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "pegawai", "pegawai") is True
    assert router.allow_migrate(REPLICA, "pegawai", "pegawai") is False


def test_relations_between_primary_and_replica_objects_are_allowed():
    a, b = Pegawai(), Pegawai()
    a._state.db, b._state.db = DEFAULT_DB_ALIAS, REPLICA
    assert router.allow_relation(a, b) is True
    b._state.db = "other"
    assert router.allow_relation(a, b) is None


# -- wiring: the report views read inside the replica context --------------------------------


def _spy(monkeypatch, target, name: str) -> list[bool]:
    """Wrap target.name to record whether it ran inside replica_reads()."""
    seen: list[bool] = []
    original = getattr(target, name)

    def spy(*args, **kwargs):
        seen.append(db_router.replica_reads_active())
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, spy)
    return seen


@pytest.mark.parametrize(
    ("url", "target", "name"),
    [
        ("dasbor", views, "dasbor_context_cached"),
        ("pegawai:laporan_rotasi", laporan, "rotasi_query"),
        ("pegawai:laporan_kualitas", laporan, "kualitas_per_instansi"),
        ("instansi:kesenjangan", instansi_selectors, "gap_rows"),
    ],
)
def test_report_views_read_from_the_replica(
    client, verifikator_bkd, monkeypatch, url, target, name
):
    seen = _spy(monkeypatch, target, name)
    client.force_login(verifikator_bkd)
    assert client.get(reverse(url)).status_code == 200
    assert seen and all(seen)
    assert not db_router.replica_reads_active()


def test_other_views_read_from_the_primary(client, verifikator_bkd, monkeypatch):
    """The home page shows some of the same figures, but right after the user's own actions."""
    seen = _spy(monkeypatch, beranda, "sections_for")
    client.force_login(verifikator_bkd)
    assert client.get(reverse("home")).status_code == 200
    assert seen == [False]
