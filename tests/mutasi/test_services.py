"""The proposal state machine through its services: every (state, transition, role),
separation of duties, one open proposal per employee, the append-only log, concurrency."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from mutasi import services
from mutasi.models import Status, UsulanLog, UsulanMutasi
from pontianak_mutasi.models import Role
from tests.factories import InstansiFactory, PegawaiFactory, UserFactory
from tests.mutasi.conftest import TMT, put_in_state, valid_documents

# (transition, source states, role that may take it)
ALLOWED = {
    "ajukan": ([Status.DRAFT, Status.DIKEMBALIKAN], "operator_dinkes"),
    "mulai_verifikasi": ([Status.DIAJUKAN], "verifikator_bkd"),
    "kembalikan": ([Status.DIAJUKAN, Status.VERIFIKASI], "verifikator_bkd"),
    "nyatakan_memenuhi_syarat": ([Status.VERIFIKASI], "verifikator_bkd"),
    "nyatakan_tidak_memenuhi_syarat": ([Status.VERIFIKASI], "verifikator_bkd"),
    "setujui": ([Status.MEMENUHI_SYARAT], "pejabat"),
    "tolak": ([Status.MEMENUHI_SYARAT], "pejabat"),
    "batalkan": (
        [
            Status.DRAFT,
            Status.DIAJUKAN,
            Status.VERIFIKASI,
            Status.DIKEMBALIKAN,
            Status.MEMENUHI_SYARAT,
        ],
        "operator_dinkes",
    ),
}
ROLES = [
    "operator_dinkes",
    "operator_diskominfo",
    "verifikator_bkd",
    "pejabat",
    "admin_kepegawaian",
]
CASES = [
    (state, transition, role)
    for state in Status.values
    for transition in services.TRANSITIONS
    for role in ROLES
]


@pytest.mark.parametrize(("state", "transition", "role"), CASES)
def test_every_state_transition_and_role(db, request, usulan, state, transition, role):
    states, allowed_role = ALLOWED[transition]
    usulan = put_in_state(usulan, state)
    if transition == "nyatakan_memenuhi_syarat":
        valid_documents(usulan, request.getfixturevalue("operator_dinkes"))
    actor = request.getfixturevalue(role)
    if role == "operator_diskominfo":
        # The target agency's operator may also propose; keep this one outside both sides.
        actor.instansi = InstansiFactory()
        actor.save()
    logs_before = UsulanLog.objects.filter(usulan=usulan).count()
    allowed = state in states and (role == allowed_role)
    if allowed:
        result = services.usulan_transition(
            actor=actor, usulan=usulan, transition=transition, note="catatan uji"
        )
        assert result.status != state
        assert UsulanLog.objects.filter(usulan=usulan).count() == logs_before + 1
        log = UsulanLog.objects.filter(usulan=usulan).last()
        assert (log.actor, log.transition, log.from_status, log.to_status) == (
            actor,
            transition,
            state,
            result.status,
        )
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            services.usulan_transition(
                actor=actor, usulan=usulan, transition=transition, note="catatan uji"
            )
        assert UsulanMutasi.objects.get(pk=usulan.pk).status == state
        assert UsulanLog.objects.filter(usulan=usulan).count() == logs_before


def test_create_takes_a_snapshot_and_logs(usulan, pegawai_layak, operator_dinkes):
    assert usulan.nomor.startswith("UM-")
    assert usulan.status == Status.DRAFT
    assert usulan.asal_instansi == pegawai_layak.instansi
    assert usulan.asal_jabatan == pegawai_layak.jabatan
    assert usulan.asal_golongan == pegawai_layak.golongan
    # The snapshot does not follow later changes to the employee.
    pegawai_layak.golongan = "41"
    pegawai_layak.save()
    usulan.refresh_from_db()
    assert usulan.asal_golongan == "32"
    assert list(usulan.log.values_list("transition", "actor")) == [("buat", operator_dinkes.pk)]


def test_numbers_are_consecutive(make_usulan, dinkes):
    first = make_usulan()
    second = make_usulan(pegawai=PegawaiFactory(instansi=dinkes))
    a, b = (int(u.nomor.rsplit("-", 1)[1]) for u in (first, second))
    assert b == a + 1


@pytest.mark.parametrize("transition", sorted(services.NOTE_REQUIRED))
def test_note_is_required(db, usulan, request, transition):
    states, role = ALLOWED[transition]
    usulan = put_in_state(usulan, states[-1] if transition != "batalkan" else Status.DRAFT)
    with pytest.raises(ValidationError) as exc:
        services.usulan_transition(
            actor=request.getfixturevalue(role), usulan=usulan, transition=transition, note="  "
        )
    assert "note" in exc.value.message_dict
    assert usulan.log.count() == 1  # only the creation


def test_one_open_proposal_per_employee(make_usulan, usulan):
    with pytest.raises(ValidationError, match=usulan.nomor):
        make_usulan()
    # …enforced by the database too.
    with pytest.raises(IntegrityError), transaction.atomic():
        UsulanMutasi.objects.create(
            nomor="UM-X",
            pegawai=usulan.pegawai,
            asal_instansi=usulan.asal_instansi,
            tujuan_instansi=usulan.tujuan_instansi,
            tujuan_jabatan=usulan.tujuan_jabatan,
            tmt_rencana=TMT,
            created_by=usulan.created_by,
        )


def test_a_closed_proposal_allows_a_new_one(make_usulan, usulan, operator_dinkes):
    services.usulan_transition(
        actor=operator_dinkes, usulan=usulan, transition="batalkan", note="salah jabatan"
    )
    assert make_usulan().status == Status.DRAFT


def test_pppk_is_refused_with_the_reason(make_usulan, dinkes):
    pppk = PegawaiFactory(
        instansi=dinkes,
        status_kepegawaian="pppk",
        golongan="",
        nip="199005202022210015",
        tanggal_lahir="1990-05-20",
    )
    with pytest.raises(ValidationError, match="PPPK"):
        make_usulan(pegawai=pppk)


def test_move_to_the_position_already_held_is_refused(make_usulan, pegawai_layak):
    with pytest.raises(ValidationError, match="already holds"):
        make_usulan(tujuan_instansi=pegawai_layak.instansi, tujuan_jabatan=pegawai_layak.jabatan)


def test_operator_of_an_unrelated_agency_cannot_propose(make_usulan):
    outsider = UserFactory(instansi=InstansiFactory(), roles=[Role.OPERATOR_OPD])
    with pytest.raises(PermissionDenied):
        make_usulan(actor=outsider)


def test_target_agency_operator_may_propose(make_usulan, operator_diskominfo):
    assert make_usulan(actor=operator_diskominfo).created_by == operator_diskominfo


def test_nobody_acts_on_a_proposal_about_themselves(usulan, verifikator_bkd):
    verifikator_bkd.pegawai = usulan.pegawai
    verifikator_bkd.save()
    usulan = put_in_state(usulan, Status.DIAJUKAN)
    with pytest.raises(PermissionDenied, match="yourself"):
        services.usulan_transition(
            actor=verifikator_bkd, usulan=usulan, transition="mulai_verifikasi"
        )


def test_separation_of_duties_verifier_cannot_decide(usulan, operator_dinkes):
    both = UserFactory(roles=[Role.VERIFIKATOR_BKD, Role.PEJABAT_PENYETUJU])
    usulan = services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    usulan = services.usulan_transition(actor=both, usulan=usulan, transition="mulai_verifikasi")
    valid_documents(usulan, operator_dinkes)
    usulan = services.usulan_transition(
        actor=both, usulan=usulan, transition="nyatakan_memenuhi_syarat"
    )
    with pytest.raises(PermissionDenied, match="Separation of duties"):
        services.usulan_transition(actor=both, usulan=usulan, transition="setujui")
    assert UsulanMutasi.objects.get(pk=usulan.pk).status == Status.MEMENUHI_SYARAT


def test_separation_of_duties_proposer_cannot_verify(make_usulan, dinkes):
    proposer = UserFactory(instansi=dinkes, roles=[Role.OPERATOR_OPD, Role.VERIFIKATOR_BKD])
    usulan = make_usulan(actor=proposer)
    usulan = services.usulan_transition(actor=proposer, usulan=usulan, transition="ajukan")
    with pytest.raises(PermissionDenied):
        services.usulan_transition(actor=proposer, usulan=usulan, transition="mulai_verifikasi")


def test_missing_documents_block_verification(usulan, verifikator_bkd):
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    with pytest.raises(ValidationError, match="documents"):
        services.usulan_transition(
            actor=verifikator_bkd, usulan=usulan, transition="nyatakan_memenuhi_syarat"
        )


def test_stale_status_is_a_conflict(usulan, operator_dinkes):
    services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    with pytest.raises(services.ConflictError):
        services.usulan_transition(
            actor=operator_dinkes,
            usulan=usulan,
            transition="batalkan",
            note="x",
            status=Status.DRAFT,
        )


def test_optimistic_locking_refuses_a_stale_edit(usulan, operator_dinkes):
    services.usulan_update(actor=operator_dinkes, usulan=usulan, versi=1, alasan_keterangan="a")
    with pytest.raises(services.ConflictError):
        services.usulan_update(actor=operator_dinkes, usulan=usulan, versi=1, alasan_keterangan="b")
    assert UsulanMutasi.objects.get(pk=usulan.pk).alasan_keterangan == "a"


def test_notifications_go_to_the_next_actor_and_the_proposer(
    usulan, operator_dinkes, verifikator_bkd, mailoutbox, django_capture_on_commit_callbacks
):
    verifikator_bkd.email = "verif@kalbarprov.go.id"
    verifikator_bkd.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    assert verifikator_bkd.notifikasi.filter(usulan=usulan).count() == 1
    assert not operator_dinkes.notifikasi.exists()  # the actor is not told of their own act
    assert [m.to for m in mailoutbox] == [["verif@kalbarprov.go.id"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.usulan_transition(
            actor=verifikator_bkd, usulan=usulan, transition="kembalikan", note="lengkapi SKP"
        )
    assert operator_dinkes.notifikasi.filter(usulan=usulan).count() == 1


def test_bulk_decision_reports_per_proposal(make_usulan, dinkes, pejabat, operator_dinkes):
    first = put_in_state(make_usulan(), Status.MEMENUHI_SYARAT)
    second = put_in_state(
        make_usulan(pegawai=PegawaiFactory(instansi=dinkes)), Status.MEMENUHI_SYARAT
    )
    # The second is withdrawn by its proposer before the official's bulk approval.
    services.usulan_transition(
        actor=operator_dinkes, usulan=second, transition="batalkan", note="ditarik"
    )
    outcome = services.usulan_bulk_decide(
        actor=pejabat, usulan_ids=[first.pk, second.pk], approve=True
    )
    assert [(u.pk, ok) for u, ok, _msg in outcome] == [(first.pk, True), (second.pk, False)]
    assert UsulanMutasi.objects.get(pk=first.pk).status == Status.DISETUJUI
    assert UsulanMutasi.objects.get(pk=second.pk).status == Status.DIBATALKAN


def test_log_rows_cannot_be_changed_through_the_model(usulan):
    log = usulan.log.get()
    log.note = "ditulis ulang"
    with pytest.raises(ValidationError):
        log.save()
    with pytest.raises(ValidationError):
        log.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
def test_postgres_trigger_refuses_update_and_delete_of_the_log(usulan):
    from django.db import DatabaseError

    for sql in (
        "UPDATE mutasi_usulanlog SET note = 'x'",
        "DELETE FROM mutasi_usulanlog",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert usulan.log.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
# serialized_rollback: the flush after a transactional test would delete the rows the data
# migrations made (roles, checklists, the SK template) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officials_deciding_at_once_exactly_one_wins(make_usulan, pejabat):
    other = UserFactory(username="pejabat2", roles=[Role.PEJABAT_PENYETUJU])
    usulan = put_in_state(make_usulan(), Status.MEMENUHI_SYARAT)
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(actor, transition):
        try:
            barrier.wait()
            services.usulan_transition(
                actor=actor,
                usulan=usulan,
                transition=transition,
                note="keputusan",
                status=Status.MEMENUHI_SYARAT,
            )
            results[transition] = "ok"
        except Exception as exc:
            results[transition] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(pejabat, "setujui")),
        threading.Thread(target=decide, args=(other, "tolak")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [k for k, v in results.items() if v == "ok"]
    losers = [v for v in results.values() if v != "ok"]
    assert len(winners) == 1
    assert len(losers) == 1 and isinstance(losers[0], services.ConflictError)
    final = UsulanMutasi.objects.get(pk=usulan.pk)
    assert final.status == {"setujui": Status.DISETUJUI, "tolak": Status.DITOLAK}[winners[0]]
    decisions = final.log.filter(transition__in=["setujui", "tolak"])
    assert list(decisions.values_list("transition", flat=True)) == winners
