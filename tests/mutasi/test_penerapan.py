"""Applying the move on its TMT (mutasi.services.penerapan, manage.py apply_due_mutations)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from instansi.models import Formasi
from instansi.selectors import formasi_annotated
from mutasi.models import Status, SuratKeputusan, UsulanLog, UsulanMutasi
from mutasi.services import penerapan
from mutasi.services.penerapan import apply_due, usulan_apply
from pegawai.models import Pegawai, RiwayatJabatan
from tests.factories import FormasiFactory, JabatanFactory, PegawaiFactory, RiwayatJabatanFactory
from tests.mutasi.conftest import put_in_state

SK_TMT = dt.date(2026, 3, 1)
SK_TANGGAL = dt.date(2026, 2, 10)


def make_sk(usulan: UsulanMutasi, *, urutan: int = 1, status: str = "terbit", tmt=SK_TMT):
    sk = SuratKeputusan.objects.create(
        jenis="individu",
        status=status,
        nomor=f"800.1.3/{urutan:04d}/BKD/2026",
        tahun=2026,
        urutan=urutan,
        tanggal_penetapan=SK_TANGGAL,
        tmt=tmt,
        penandatangan_nama="Drs. Penandatangan Uji",
        penandatangan_jabatan="GUBERNUR KALIMANTAN BARAT",
        menimbang="a",
        mengingat="b",
        diktum_kesatu="c",
        diktum_kedua="d",
        diktum_ketiga="e",
        tembusan="f",
        dibuat_oleh=usulan.created_by,
    )
    sk.usulan.add(usulan)
    return sk


@pytest.fixture
def siap(usulan):
    """A proposal whose SK (TMT 1 March 2026) is issued; the employee has an open position."""
    pegawai = usulan.pegawai
    RiwayatJabatanFactory(
        pegawai=pegawai,
        jabatan=pegawai.jabatan,
        instansi=pegawai.instansi,
        tmt_mulai=dt.date(2022, 3, 1),
    )
    make_sk(usulan)
    return put_in_state(usulan, Status.SK_TERBIT)


def snapshot(pegawai: Pegawai) -> tuple:
    p = Pegawai.objects.get(pk=pegawai.pk)
    riwayat = list(
        RiwayatJabatan.objects.filter(pegawai=pegawai)
        .order_by("pk")
        .values_list("pk", "jabatan_id", "instansi_id", "tmt_mulai", "tmt_selesai", "nomor_sk")
    )
    return (p.instansi_id, p.unit_id, p.jabatan_id, p.tmt_jabatan, p.updated_at, riwayat)


def test_not_applied_before_tmt(siap):
    before = snapshot(siap.pegawai)

    hasil = apply_due(today=SK_TMT - dt.timedelta(days=1))

    assert hasil.diterapkan == hasil.ditandai == hasil.dilewati == hasil.gagal == []
    assert usulan_apply(usulan_id=siap.pk, today=SK_TMT - dt.timedelta(days=1)) == "dilewati"
    siap.refresh_from_db()
    assert siap.status == Status.SK_TERBIT
    assert snapshot(siap.pegawai) == before


def test_applied_on_tmt_using_todays_date(siap, formasi_tujuan):
    # 08:00 in Pontianak (UTC+7) on the TMT: the local date is what counts.
    with time_machine.travel(dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.UTC), tick=False):
        hasil = apply_due()

    assert hasil.diterapkan == [siap.nomor]
    siap.refresh_from_db()
    assert siap.status == Status.SELESAI
    pegawai = Pegawai.objects.get(pk=siap.pegawai_id)
    assert pegawai.instansi == formasi_tujuan.instansi
    assert pegawai.jabatan == formasi_tujuan.jabatan
    assert pegawai.unit is None
    assert pegawai.tmt_jabatan == SK_TMT
    log = UsulanLog.objects.filter(usulan=siap).exclude(transition="buat").get()
    assert log.actor is None
    assert (log.transition, log.from_status, log.to_status) == (
        "selesaikan",
        Status.SK_TERBIT,
        Status.SELESAI,
    )
    assert log.note == "Diterapkan sesuai SK 800.1.3/0001/BKD/2026"


def test_idempotent(siap):
    assert apply_due(today=SK_TMT).diterapkan == [siap.nomor]
    after_first = snapshot(siap.pegawai)
    logs = UsulanLog.objects.filter(usulan=siap).count()

    hasil = apply_due(today=SK_TMT + dt.timedelta(days=5))

    assert hasil.diterapkan == [] and hasil.ditandai == [] and hasil.gagal == []
    assert usulan_apply(usulan_id=siap.pk, today=SK_TMT) == "dilewati"
    assert snapshot(siap.pegawai) == after_first
    assert UsulanLog.objects.filter(usulan=siap).count() == logs


def test_history_chain(siap, formasi_tujuan):
    apply_due(today=SK_TMT)

    lama, baru = RiwayatJabatan.objects.filter(pegawai=siap.pegawai).order_by("tmt_mulai")
    assert lama.tmt_selesai == dt.date(2026, 2, 28)  # the day before TMT
    assert baru.tmt_selesai is None
    assert baru.tmt_mulai == SK_TMT
    assert baru.jabatan == formasi_tujuan.jabatan
    assert baru.nama_jabatan == formasi_tujuan.jabatan.nama
    assert baru.instansi == formasi_tujuan.instansi
    assert baru.nomor_sk == "800.1.3/0001/BKD/2026"
    assert baru.tanggal_sk == SK_TANGGAL
    assert baru.jenis_mutasi == "intra"
    assert (
        RiwayatJabatan.objects.filter(pegawai=siap.pegawai, tmt_selesai__isnull=True).count() == 1
    )


def test_history_open_row_starting_on_tmt_gets_a_valid_period(usulan):
    RiwayatJabatanFactory(pegawai=usulan.pegawai, tmt_mulai=SK_TMT)
    make_sk(usulan)
    put_in_state(usulan, Status.SK_TERBIT)

    assert usulan_apply(usulan_id=usulan.pk, today=SK_TMT) == "diterapkan"

    lama = RiwayatJabatan.objects.get(pegawai=usulan.pegawai, nomor_sk="")
    assert lama.tmt_selesai == lama.tmt_mulai == SK_TMT


def test_employee_without_history_is_applied(usulan):
    make_sk(usulan)
    put_in_state(usulan, Status.SK_TERBIT)

    assert usulan_apply(usulan_id=usulan.pk, today=SK_TMT) == "diterapkan"

    assert RiwayatJabatan.objects.get(pegawai=usulan.pegawai).tmt_selesai is None


def test_conflict_is_flagged_and_employee_untouched(siap):
    # Someone moved the employee after the proposal took its snapshot.
    lain = JabatanFactory(nama="Analis Kebijakan Ahli Muda")
    Pegawai.objects.filter(pk=siap.pegawai_id).update(jabatan=lain)
    before = snapshot(siap.pegawai)

    hasil = apply_due(today=SK_TMT)

    assert hasil.ditandai == [siap.nomor] and hasil.diterapkan == []
    siap.refresh_from_db()
    assert siap.status == Status.SK_TERBIT
    assert siap.perlu_penanganan is True
    assert "Analis Kebijakan Ahli Muda" in siap.catatan_penanganan
    assert "jabatan" in siap.catatan_penanganan
    assert snapshot(siap.pegawai) == before
    log = UsulanLog.objects.get(usulan=siap, transition="tandai_penanganan")
    assert log.actor is None
    assert log.from_status == log.to_status == Status.SK_TERBIT
    assert log.note == siap.catatan_penanganan

    # Flagged proposals wait for a person: another run neither applies nor re-flags them.
    assert apply_due(today=SK_TMT).ditandai == []
    assert usulan_apply(usulan_id=siap.pk, today=SK_TMT) == "dilewati"
    assert UsulanLog.objects.filter(usulan=siap, transition="tandai_penanganan").count() == 1


def test_revoked_sk_is_not_applied(usulan):
    make_sk(usulan, status="dicabut")
    usulan = put_in_state(usulan, Status.SK_TERBIT)
    before = snapshot(usulan.pegawai)

    assert apply_due(today=SK_TMT).diterapkan == []
    assert usulan_apply(usulan_id=usulan.pk, today=SK_TMT) == "dilewati"
    usulan.refresh_from_db()
    assert usulan.status == Status.SK_TERBIT
    assert snapshot(usulan.pegawai) == before


def test_correcting_sk_replaces_the_revoked_one(usulan):
    make_sk(usulan, urutan=1, status="dicabut", tmt=SK_TMT)
    make_sk(usulan, urutan=2, tmt=dt.date(2026, 4, 1))
    put_in_state(usulan, Status.SK_TERBIT)

    assert apply_due(today=SK_TMT).diterapkan == []
    assert apply_due(today=dt.date(2026, 4, 1)).diterapkan == [usulan.nomor]

    baru = RiwayatJabatan.objects.get(pegawai=usulan.pegawai)
    assert (baru.nomor_sk, baru.tmt_mulai) == ("800.1.3/0002/BKD/2026", dt.date(2026, 4, 1))


def test_bezetting_follows(siap, formasi_tujuan):
    asal = FormasiFactory(instansi=siap.asal_instansi, jabatan=siap.asal_jabatan)

    def bezetting() -> dict[int, int]:
        qs = formasi_annotated(Formasi.objects.filter(pk__in=[asal.pk, formasi_tujuan.pk]))
        return {f.pk: f.bezetting for f in qs}

    assert bezetting() == {asal.pk: 1, formasi_tujuan.pk: 0}
    apply_due(today=SK_TMT)
    assert bezetting() == {asal.pk: 0, formasi_tujuan.pk: 1}


def test_failure_in_one_proposal_rolls_it_back_and_others_go_on(
    siap, make_usulan, monkeypatch, dinkes
):
    lain = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2021, 1, 1))
    usulan_lain = make_usulan(pegawai=lain)
    make_sk(usulan_lain, urutan=2)
    put_in_state(usulan_lain, Status.SK_TERBIT)
    before = snapshot(siap.pegawai)

    real = penerapan._append_riwayat

    def broken(pegawai, usulan, sk):
        # Fails after the employee row was already updated: the rollback must undo that.
        if usulan.pk == siap.pk:
            raise RuntimeError("disk full")
        return real(pegawai, usulan, sk)

    monkeypatch.setattr(penerapan, "_append_riwayat", broken)

    hasil = apply_due(today=SK_TMT)

    assert hasil.gagal == [siap.nomor]
    assert hasil.diterapkan == [usulan_lain.nomor]
    assert snapshot(siap.pegawai) == before
    siap.refresh_from_db()
    assert siap.status == Status.SK_TERBIT
    assert not UsulanLog.objects.filter(usulan=siap, transition="selesaikan").exists()
    assert Pegawai.objects.get(pk=lain.pk).tmt_jabatan == SK_TMT
    assert UsulanMutasi.objects.get(pk=usulan_lain.pk).status == Status.SELESAI


def test_command_prints_counts(siap):
    out = StringIO()

    call_command("apply_due_mutations", "--date", "2026-03-01", stdout=out)

    text = out.getvalue()
    assert "diterapkan=1 ditandai=0 dilewati=0 gagal=0" in text
    assert f"diterapkan: {siap.nomor}" in text
    assert UsulanMutasi.objects.get(pk=siap.pk).status == Status.SELESAI


def test_command_dry_run_writes_nothing(siap):
    before = snapshot(siap.pegawai)
    logs = UsulanLog.objects.count()
    riwayat = RiwayatJabatan.objects.count()
    out = StringIO()

    call_command("apply_due_mutations", "--date", "2026-03-01", "--dry-run", stdout=out)

    assert "DRY RUN" in out.getvalue()
    assert "diterapkan=1" in out.getvalue()
    assert f"diterapkan: {siap.nomor}" in out.getvalue()
    assert UsulanMutasi.objects.get(pk=siap.pk).status == Status.SK_TERBIT
    assert snapshot(siap.pegawai) == before
    assert UsulanLog.objects.count() == logs
    assert RiwayatJabatan.objects.count() == riwayat


def test_command_rejects_a_bad_date(db):
    with pytest.raises(CommandError):
        call_command("apply_due_mutations", "--date", "01-03-2026", stdout=StringIO())


def test_resolving_a_flag_lets_the_next_run_apply(usulan, admin_kepegawaian, operator_dinkes):
    from django.core.exceptions import PermissionDenied, ValidationError

    from mutasi.services.penerapan import usulan_resolve_penanganan

    UsulanMutasi.objects.filter(pk=usulan.pk).update(perlu_penanganan=True)
    usulan.refresh_from_db()
    with pytest.raises(PermissionDenied):
        usulan_resolve_penanganan(actor=operator_dinkes, usulan=usulan, catatan="sudah")
    with pytest.raises(ValidationError):
        usulan_resolve_penanganan(actor=admin_kepegawaian, usulan=usulan, catatan=" ")
    done = usulan_resolve_penanganan(
        actor=admin_kepegawaian, usulan=usulan, catatan="Jabatan dikembalikan sesuai data SK."
    )
    assert done.perlu_penanganan is False
    log = usulan.log.last()
    assert (log.transition, log.actor) == ("selesai_penanganan", admin_kepegawaian)


def test_flagged_proposal_shows_the_note_and_can_be_resolved_in_the_app(
    client, usulan, admin_kepegawaian
):
    from django.urls import reverse

    UsulanMutasi.objects.filter(pk=usulan.pk).update(
        perlu_penanganan=True, catatan_penanganan="jabatan A → B"
    )
    client.force_login(admin_kepegawaian)
    detail = reverse("mutasi:detail", args=[usulan.nomor])
    assert "jabatan A → B" in client.get(detail).text
    response = client.post(
        reverse("mutasi:penanganan_selesai", args=[usulan.nomor]),
        {"catatan": "Data jabatan dikoreksi sesuai SK."},
    )
    assert response.status_code == 302
    usulan.refresh_from_db()
    assert usulan.perlu_penanganan is False
