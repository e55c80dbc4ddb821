"""Concurrency, repeated: two officers saving the same proposal version at the same instant, and
two task workers applying the same due decrees at once. Real threads on PostgreSQL (row locks);
SQLite serialises writers and is skipped.

Each scenario runs ROUNDS times: a race that is lost once in twenty would show up here.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mutasi import services
from mutasi.models import Status, UsulanLog, UsulanMutasi
from mutasi.services.penerapan import apply_due
from pegawai.models import RiwayatJabatan
from tests.factories import PegawaiFactory, RiwayatJabatanFactory
from tests.mutasi.conftest import put_in_state
from tests.mutasi.test_penerapan import SK_TMT, make_sk

ROUNDS = 20

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    # serialized_rollback: the data migrations' rows (roles, checklists) survive the flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def race(*calls) -> list[object]:
    """Run the calls in threads released together; each result is "ok" or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            call()
            results[i] = "ok"
        except Exception as exc:  # collected and asserted by the caller
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_two_officers_saving_the_same_version_one_gets_a_conflict(make_usulan, operator_dinkes):
    usulan = make_usulan()
    for round_ in range(ROUNDS):
        versi = UsulanMutasi.objects.get(pk=usulan.pk).versi
        results = race(
            *(
                lambda text=text, versi=versi: services.usulan_update(
                    actor=operator_dinkes,
                    usulan=usulan,
                    versi=versi,
                    alasan="lainnya",
                    alasan_keterangan=text,
                )
                for text in (f"A{round_}", f"B{round_}")
            )
        )
        assert results.count("ok") == 1, results
        [loser] = [r for r in results if r != "ok"]
        assert isinstance(loser, services.ConflictError)
        final = UsulanMutasi.objects.get(pk=usulan.pk)
        assert final.versi == versi + 1  # one save, not two
        winner = "A" if results[0] == "ok" else "B"
        assert final.alasan_keterangan == f"{winner}{round_}"  # the winner's text, whole


def test_two_workers_applying_the_same_decrees_move_each_employee_once(
    make_usulan, dinkes, formasi_tujuan
):
    for _round in range(ROUNDS // 4):
        due = []
        for _ in range(3):  # three due proposals of one decree each
            pegawai = PegawaiFactory(instansi=dinkes)
            RiwayatJabatanFactory(
                pegawai=pegawai, jabatan=pegawai.jabatan, instansi=pegawai.instansi
            )
            usulan = make_usulan(pegawai=pegawai)
            make_sk(usulan, urutan=UsulanMutasi.objects.count())
            due.append(put_in_state(usulan, Status.SK_TERBIT))
        results = race(lambda: apply_due(today=SK_TMT), lambda: apply_due(today=SK_TMT))
        assert results == ["ok", "ok"]
        for usulan in due:
            usulan.refresh_from_db()
            assert usulan.status == Status.SELESAI
            assert UsulanLog.objects.filter(usulan=usulan, transition="selesaikan").count() == 1
            rows = RiwayatJabatan.objects.filter(pegawai=usulan.pegawai, tmt_mulai=SK_TMT)
            assert rows.count() == 1  # appended once, not twice
            assert usulan.pegawai.__class__.objects.get(pk=usulan.pegawai_id).jabatan_id == (
                formasi_tujuan.jabatan_id
            )
