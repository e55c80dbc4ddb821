"""The audit trail (docs/audit.md): who changed employee data and proposals, when, and what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from mutasi.models import Status, UsulanLog, UsulanMutasi
from mutasi.services.penerapan import usulan_apply
from pegawai.models import Pegawai, RiwayatGolongan, RiwayatJabatan
from pegawai.resources import PegawaiResource, RiwayatGolonganResource
from pegawai.tugas import impor_pegawai
from tests.factories import InstansiFactory, PegawaiFactory, RiwayatJabatanFactory, UserFactory
from tests.mutasi.conftest import (  # noqa: F401 (fixtures)
    formasi_tujuan,
    jabatan_tujuan,
    make_usulan,
    pegawai_layak,
    put_in_state,
    usulan,
)
from tests.mutasi.test_penerapan import SK_TMT, make_sk
from tests.pegawai.test_import import HEADER, ROW_A, csv_bytes, load_csv

INLINES = (
    "riwayat_jabatan",
    "riwayat_golongan",
    "riwayat_pendidikan",
    "riwayat_diklat",
    "penilaian_kinerja",
    "hukuman_disiplin",
    "kompetensi",
)


@pytest.fixture
def client_en(client, admin):
    client.force_login(admin)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def change_form_data(pegawai: Pegawai, **changes) -> dict:
    """The change form as the admin shows it for ``pegawai``, with ``changes`` typed in."""
    from django.forms.models import model_to_dict

    fields = [f.name for f in Pegawai._meta.concrete_fields if f.editable and f.name != "id"]
    data = {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in model_to_dict(pegawai, fields=fields).items()
        if value is not None
    }
    data["is_active"] = "on" if pegawai.is_active else ""
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def test_admin_edit_records_user_time_and_changed_fields(client_en, admin):
    pegawai = PegawaiFactory(nama="Budi Santoso", golongan="32")
    started = timezone.now()

    response = client_en.post(
        admin_url(Pegawai, "change", pegawai.pk),
        change_form_data(pegawai, nama="Budi Santosa", golongan="33"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    latest, created = pegawai.history.order_by("-history_id")[:2]
    assert latest.history_type == "~" and created.history_type == "+"
    assert latest.history_user == admin
    assert latest.history_date >= started
    delta = latest.diff_against(created)
    assert sorted(delta.changed_fields) == ["golongan", "nama"]
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("nama", "Budi Santoso", "Budi Santosa"),
        ("golongan", "32", "33"),
    }


def test_audit_page_renders_who_and_old_to_new_values(client_en, admin):
    pegawai = PegawaiFactory(nama="Budi Santoso", golongan="32")
    RiwayatJabatanFactory(pegawai=pegawai, tmt_mulai=dt.date(2020, 1, 1))
    client_en.post(
        admin_url(Pegawai, "change", pegawai.pk), change_form_data(pegawai, golongan="33")
    )

    page = client_en.get(admin_url(Pegawai, "audit", pegawai.pk))

    assert page.status_code == 200
    html = page.content.decode()
    assert "Audit trail" in html
    # Choices shown by their labels, as the form does; the editor by name.
    assert "<del>III/b – Penata Muda Tingkat I</del> → <ins>III/c – Penata</ins>" in html
    assert "<td>admin</td>" in html
    assert "Position history" in html  # the riwayat rows are part of the employee's trail
    change = client_en.get(admin_url(Pegawai, "change", pegawai.pk)).content.decode()
    assert admin_url(Pegawai, "audit", pegawai.pk) in change


def test_audit_page_needs_the_view_permission(client, db):
    pegawai = PegawaiFactory()
    staff = UserFactory(username="staf", is_staff=True)
    client.force_login(staff)

    assert client.get(admin_url(Pegawai, "audit", pegawai.pk)).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_pegawai"))
    assert client.get(admin_url(Pegawai, "audit", pegawai.pk)).status_code == 200

    client.logout()
    response = client.get(admin_url(Pegawai, "audit", pegawai.pk))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_import_records_history_with_the_file(admin):
    InstansiFactory(kode="1.02.01")
    row = [*ROW_A[:8], "", "", ROW_A[10]]  # no unit or position needed here

    result = PegawaiResource().import_data(
        load_csv(csv_bytes([HEADER, row])), user=admin, file_name="pegawai.csv"
    )

    assert not result.has_errors() and not result.has_validation_errors()
    record = Pegawai.history.get()
    assert record.history_type == "+"
    assert record.history_user == admin
    assert record.history_change_reason == "Impor berkas pegawai.csv"


def test_riwayat_import_records_history(admin):
    budi = PegawaiFactory()
    rows = [["nip", "golongan", "tmt"], [budi.nip, "III/b", "2014-04-01"]]

    RiwayatGolonganResource().import_data(load_csv(csv_bytes(rows)), user=admin)

    record = RiwayatGolongan.history.get()
    assert (record.pegawai_id, record.history_user) == (budi.pk, admin)


def test_background_import_records_the_job_owner(admin):
    from django.core.files.base import ContentFile

    from pontianak_mutasi.models import Tugas
    from pontianak_mutasi.tugas.progress import ProgressReporter

    InstansiFactory(kode="1.02.01")
    row = [*ROW_A[:8], "", "", ROW_A[10]]
    tugas = Tugas.objects.create(owner=admin, jenis="impor_pegawai", input_name="data.csv")
    tugas.input_file.save("data.csv", ContentFile(csv_bytes([HEADER, row])))

    impor_pegawai(tugas, ProgressReporter(tugas))

    record = Pegawai.history.get()
    assert record.history_user == admin
    assert record.history_change_reason == "Impor berkas data.csv"


def test_applying_a_move_records_the_system_and_the_decree(
    usulan,  # noqa: F811
    client_en,
):
    pegawai = usulan.pegawai
    RiwayatJabatanFactory(
        pegawai=pegawai,
        jabatan=pegawai.jabatan,
        instansi=pegawai.instansi,
        tmt_mulai=dt.date(2022, 3, 1),
    )
    sk = make_sk(usulan)
    siap = put_in_state(usulan, Status.SK_TERBIT)

    assert usulan_apply(usulan_id=siap.pk, today=SK_TMT) == "diterapkan"

    reason = f"Diterapkan sesuai SK {sk.nomor}"
    moved = pegawai.history.latest("history_id")
    assert (moved.history_type, moved.history_user, moved.history_change_reason) == (
        "~",
        None,
        reason,
    )
    assert moved.instansi_id == siap.tujuan_instansi_id
    riwayat = RiwayatJabatan.history.filter(pegawai_id=pegawai.pk, history_change_reason=reason)
    assert sorted(r.history_type for r in riwayat) == ["+", "~"]  # one closed, one appended
    done = UsulanMutasi.history.filter(id=siap.pk).latest("history_id")
    assert (done.status, done.history_change_reason) == (Status.SELESAI, reason)

    page = client_en.get(admin_url(Pegawai, "audit", pegawai.pk)).content.decode()
    assert reason in page and "System" in page


def test_proposal_audit_page_combines_log_and_field_changes(
    usulan,  # noqa: F811
    client_en,
    operator_dinkes,
):
    from mutasi import services

    services.usulan_update(
        actor=operator_dinkes, usulan=usulan, versi=usulan.versi, alasan_keterangan="Pindah"
    )

    page = client_en.get(admin_url(UsulanMutasi, "audit", usulan.pk))

    assert page.status_code == 200
    html = page.content.decode()
    assert "State change" in html and "Draft" in html  # the log row of the creation
    assert "<del>—</del> → <ins>Pindah</ins>" in html  # the edit, from the history
    assert "operator_dinkes" in html
    change = client_en.get(admin_url(UsulanMutasi, "change", usulan.pk)).content.decode()
    assert admin_url(UsulanMutasi, "audit", usulan.pk) in change


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL trigger")
def test_postgres_refuses_update_and_delete_of_the_transition_log(usulan):  # noqa: F811
    log = UsulanLog.objects.filter(usulan=usulan)
    for attempt in (
        lambda: log.update(note="ditulis ulang"),  # QuerySet paths skip the model's guard
        lambda: log._raw_delete(log.db),
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            attempt()
    assert log.count() == 1 and log.get().note != "ditulis ulang"
