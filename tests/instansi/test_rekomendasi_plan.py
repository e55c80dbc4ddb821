"""The recommendations' ranking query: its planner setting and the indexes of its sets.

Apart from test_rekomendasi.py, whose module-wide demo data holds a transaction open that
the transactional test here must not run inside."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_the_ranking_query_runs_without_parallel_workers_and_leaves_the_setting_alone():
    from instansi.rekomendasi import _serial_plan

    def workers() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return cursor.fetchone()[0]

    before = workers()
    with _serial_plan():
        assert workers() == "0"
    assert workers() == before


@pytest.mark.django_db
def test_the_recommendation_sets_have_their_covering_indexes():
    with connection.cursor() as cursor:
        for table, name in (
            ("pegawai_riwayatpendidikan", "pendidikan_bidang_pegawai"),
            ("pegawai_kompetensi", "kompetensi_bidang_pegawai"),
        ):
            found = connection.introspection.get_constraints(cursor, table)
            assert found[name]["columns"] == ["bidang_id", "pegawai_id"], table


# serialized_rollback: the flush afterwards would delete the data migrations' rows (roles,
# content types) that later tests restore.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL planner setting")
def test_the_serial_plan_is_undone_on_an_error_in_autocommit():
    from instansi.rekomendasi import _serial_plan

    def workers() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            return cursor.fetchone()[0]

    before = workers()
    with pytest.raises(ZeroDivisionError), _serial_plan():
        assert workers() == "0"
        1 / 0  # noqa: B018
    assert workers() == before
