"""``status_sejak``: when a proposal entered its state — set by every transition, filled from
the log for proposals older than the column, and the order of the approval queue."""

from __future__ import annotations

import datetime as dt
import importlib

import time_machine
from django.db import connection
from django.utils import timezone

from mutasi import queries, selectors, services
from mutasi.models import Status, UsulanLog, UsulanMutasi
from tests.mutasi.test_views import eligible_pegawai, make_eligible

backfill = importlib.import_module("mutasi.migrations.0007_usulan_status_sejak").backfill


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, 9, 0, tzinfo=dt.UTC)


def test_each_transition_stamps_the_time(
    operator_dinkes, verifikator_bkd, pejabat, dinkes, formasi_tujuan
):
    with time_machine.travel(_at(2), tick=False):
        usulan = make_eligible(
            operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan
        )
    usulan.refresh_from_db()
    assert usulan.status == Status.MEMENUHI_SYARAT
    assert usulan.status_sejak == _at(2)
    with time_machine.travel(_at(5), tick=False):
        services.usulan_transition(actor=pejabat, usulan=usulan, transition="setujui")
    usulan.refresh_from_db()
    assert usulan.status == Status.DISETUJUI and usulan.status_sejak == _at(5)


def test_approval_queue_oldest_first_by_when_declared_eligible(
    operator_dinkes, verifikator_bkd, pejabat, dinkes, formasi_tujuan
):
    made = []
    for day in (9, 3, 6):
        with time_machine.travel(_at(day), tick=False):
            made.append(
                make_eligible(
                    operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan
                )
            )
    rows = list(queries.antrian_persetujuan_rows(selectors.antrian_persetujuan(pejabat)))
    assert [u.pk for u in rows] == [made[1].pk, made[2].pk, made[0].pk]
    assert rows[0].menunggu_sejak == _at(3)
    # The queue reads the counts, not each rule's result nor the fit breakdown.
    assert rows[0].ringkasan_angka["lulus"] > 0
    assert not {"items", "fit"} & set(rows[0].ringkasan_angka)
    assert {"items", "fit"} <= set(UsulanMutasi.objects.get(pk=made[1].pk).ringkasan_kelayakan)


def test_backfill_reads_the_log(operator_dinkes, verifikator_bkd, dinkes, formasi_tujuan):
    with time_machine.travel(_at(4), tick=False):
        usulan = make_eligible(
            operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan
        )
    with time_machine.travel(_at(7), tick=False):
        # A document check logs a row that does not change the state: not an entry.
        UsulanLog.objects.create(
            usulan=usulan,
            actor=verifikator_bkd,
            transition="periksa_dokumen",
            from_status=Status.MEMENUHI_SYARAT,
            to_status=Status.MEMENUHI_SYARAT,
        )
    UsulanMutasi.objects.filter(pk=usulan.pk).update(status_sejak=timezone.now())

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    backfill(None, editor)
    usulan.refresh_from_db()
    assert usulan.status_sejak == _at(4)
