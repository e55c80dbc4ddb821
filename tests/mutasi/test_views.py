"""Proposal screens through the test client: the full cycle, scoping, conflicts, bulk decisions,
the preview, the employee search, status labels and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from mutasi import services
from mutasi.models import (
    DokumenUsulan,
    Notifikasi,
    PengecualianAturan,
    Status,
    StatusDokumen,
    UsulanLog,
    UsulanMutasi,
)
from pontianak_mutasi.models import Role
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    PenilaianKinerjaFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


def login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def pdf(name: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def tmt() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=30)


def text(response) -> str:
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def jabatan_tujuan():
    return JabatanFactory(nama="Pranata Komputer Uji")


@pytest.fixture
def formasi_tujuan(diskominfo, jabatan_tujuan):
    """Diskominfo needs 5 (375,000 minutes of work) and has nobody: gap 5."""
    formasi = FormasiFactory(instansi=diskominfo, jabatan=jabatan_tujuan)
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal(6250), norma_waktu=Decimal(60))
    return formasi


def eligible_pegawai(instansi, **kwargs):
    """A PNS who passes every rule: 6 years in position, rated Baik in the last two years."""
    pegawai = PegawaiFactory(instansi=instansi, tmt_jabatan=dt.date(2020, 1, 1), **kwargs)
    # The last two completed years, whether or not the TMT falls in the next year.
    this_year = timezone.localdate().year
    for year in (this_year - 2, this_year - 1, this_year):
        PenilaianKinerjaFactory(pegawai=pegawai, tahun=year, predikat="baik")
    return pegawai


@pytest.fixture
def pegawai(dinkes, formasi_tujuan):
    return eligible_pegawai(dinkes, nama="Siti Rahmawati")


def form_data(pegawai, formasi, **overrides) -> dict:
    data = {
        "cari": "",
        "pegawai": pegawai.nip,
        "jenis_mutasi": "intra",
        "tujuan_instansi": formasi.instansi_id,
        "tujuan_unit": "",
        "tujuan_jabatan": formasi.jabatan_id,
        "alasan": "kepentingan_dinas",
        "alasan_keterangan": "",
        "tmt_rencana": tmt().isoformat(),
    }
    data.update(overrides)
    return data


def create_proposal(actor, pegawai, formasi) -> UsulanMutasi:
    return services.usulan_create(
        actor=actor,
        pegawai=pegawai,
        jenis_mutasi="intra",
        tujuan_instansi=formasi.instansi,
        tujuan_jabatan=formasi.jabatan,
        tmt_rencana=tmt(),
        alasan="kepentingan_dinas",
    )


def make_eligible(operator, verifier, pegawai, formasi) -> UsulanMutasi:
    """Through the services: created, documents valid, submitted, verified eligible."""
    usulan = create_proposal(operator, pegawai, formasi)
    for item in services.persyaratan_for(usulan).filter(wajib=True):
        services.dokumen_upload(actor=operator, usulan=usulan, persyaratan=item, berkas=pdf())
    usulan = services.usulan_transition(actor=operator, usulan=usulan, transition="ajukan")
    usulan = services.usulan_transition(
        actor=verifier, usulan=usulan, transition="mulai_verifikasi"
    )
    for dokumen in usulan.dokumen.all():
        services.dokumen_review(actor=verifier, dokumen=dokumen, status=StatusDokumen.VALID)
    return services.usulan_transition(
        actor=verifier, usulan=usulan, transition="nyatakan_memenuhi_syarat"
    )


def url(name: str, *args) -> str:
    return reverse(f"mutasi:{name}", args=args)


# -- the whole cycle through the screens --------------------------------------------------


def test_full_cycle_through_the_views(
    client, operator_dinkes, verifikator_bkd, pejabat, pegawai, formasi_tujuan
):
    login(client, operator_dinkes)
    assert client.get(url("create")).status_code == 200
    response = client.post(url("create"), form_data(pegawai, formasi_tujuan))
    usulan = UsulanMutasi.objects.get(pegawai=pegawai)
    assert response.status_code == 302
    assert response["Location"] == url("detail", usulan.nomor)
    assert usulan.status == Status.DRAFT
    assert usulan.asal_instansi == pegawai.instansi

    for item in services.persyaratan_for(usulan).filter(wajib=True):
        response = client.post(url("dokumen_upload", usulan.nomor, item.pk), {"berkas": pdf()})
        assert response.status_code == 302
    assert usulan.dokumen.count() == services.persyaratan_for(usulan).filter(wajib=True).count()

    detail = client.get(url("detail", usulan.nomor))
    assert detail.status_code == 200
    assert url("transition", usulan.nomor, "ajukan") in text(detail)
    confirm = client.get(url("transition", usulan.nomor, "ajukan"))
    assert confirm.status_code == 200
    assert 'name="status" value="draft"' in text(confirm)
    client.post(url("transition", usulan.nomor, "ajukan"), {"note": "", "status": "draft"})
    usulan.refresh_from_db()
    assert usulan.status == Status.DIAJUKAN

    login(client, verifikator_bkd)
    queue = client.get(url("antrian_verifikasi"))
    assert usulan.nomor in text(queue)
    client.post(
        url("transition", usulan.nomor, "mulai_verifikasi"), {"note": "", "status": "diajukan"}
    )
    page = client.get(url("verifikasi", usulan.nomor))
    assert page.status_code == 200
    for dokumen in usulan.dokumen.all():
        assert url("dokumen_review", usulan.nomor, dokumen.pk) in text(page)
        client.post(url("dokumen_review", usulan.nomor, dokumen.pk), {"status": "valid"})
    assert not usulan.dokumen.exclude(status=StatusDokumen.VALID).exists()
    response = client.post(
        url("transition", usulan.nomor, "nyatakan_memenuhi_syarat"),
        {"note": "Lengkap.", "status": "verifikasi"},
    )
    assert response.status_code == 302
    usulan.refresh_from_db()
    assert usulan.status == Status.MEMENUHI_SYARAT

    login(client, pejabat)
    queue = client.get(url("antrian_persetujuan"))
    assert usulan.nomor in text(queue)
    response = client.post(
        url("antrian_persetujuan"), {"usulan": [usulan.pk], "keputusan": "setujui", "note": ""}
    )
    assert response.status_code == 302
    result = client.get(response["Location"])
    assert usulan.nomor in text(result)
    assert "Approved." in text(result)
    usulan.refresh_from_db()
    assert usulan.status == Status.DISETUJUI
    steps = list(usulan.log.values_list("transition", flat=True))
    assert steps[:3] == ["buat", "ajukan", "mulai_verifikasi"]
    assert steps[-2:] == ["nyatakan_memenuhi_syarat", "setujui"]
    assert steps.count("periksa_dokumen") == usulan.dokumen.count()

    # The timeline shows each step with its time in WIB.
    detail = client.get(url("detail", usulan.nomor))
    body = text(detail)
    local = timezone.localtime(usulan.log.last().created_at)
    assert f"{local:%d-%m-%Y %H:%M} WIB" in body
    assert "Approve" in body and "Start verification" in body


def test_verifier_overrides_a_failed_rule(
    client, operator_dinkes, verifikator_bkd, dinkes, formasi_tujuan
):
    # No performance ratings: the performance rule fails (it may be overridden).
    pegawai = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2020, 1, 1))
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    usulan = services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    services.usulan_transition(actor=verifikator_bkd, usulan=usulan, transition="mulai_verifikasi")
    login(client, verifikator_bkd)
    page = client.get(url("verifikasi", usulan.nomor))
    assert url("override", usulan.nomor, "kinerja") in text(page)

    too_short = client.post(url("override", usulan.nomor, "kinerja"), {"alasan": "ok"})
    assert too_short.status_code == 200
    assert "at least 10 characters" in text(too_short)
    assert not PengecualianAturan.objects.exists()

    response = client.post(
        url("override", usulan.nomor, "kinerja"),
        {"alasan": "SKP 2024 sudah dinilai Baik; data belum diimpor dari SIASN."},
    )
    assert response.status_code == 302
    assert PengecualianAturan.objects.filter(usulan=usulan, kode_aturan="kinerja").exists()
    assert usulan.log.filter(transition="pengecualian").count() == 1
    page = client.get(url("verifikasi", usulan.nomor))
    assert "Overridden" in text(page)
    assert "data belum diimpor dari SIASN" in text(page)


# -- refusals -----------------------------------------------------------------------------


def test_fake_pdf_is_refused_with_a_message(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    item = services.persyaratan_for(usulan).first()
    login(client, operator_dinkes)
    fake = SimpleUploadedFile("surat.pdf", b"just text, not a PDF", content_type="application/pdf")
    response = client.post(url("dokumen_upload", usulan.nomor, item.pk), {"berkas": fake})
    assert response.status_code == 302
    assert any("The file is not a PDF document." in m for m in flashed(response))
    assert not DokumenUsulan.objects.exists()


def test_other_agency_operator_gets_404(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    item = services.persyaratan_for(usulan).first()
    dokumen = services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=item, berkas=pdf()
    )
    outsider = UserFactory(
        username="operator_dispendik", instansi=InstansiFactory(), roles=[Role.OPERATOR_OPD]
    )
    login(client, outsider)
    assert client.get(url("detail", usulan.nomor)).status_code == 404
    assert client.get(url("dokumen_download", usulan.nomor, dokumen.pk)).status_code == 404
    assert client.get(url("update", usulan.nomor)).status_code == 404
    assert client.get(url("transition", usulan.nomor, "batalkan")).status_code == 404
    assert usulan.nomor not in text(client.get(url("list")))


def test_download_is_an_attachment_with_the_original_name(
    client, operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan
):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    item = services.persyaratan_for(usulan).first()
    dokumen = services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=item, berkas=pdf("SK Jabatan.pdf")
    )
    login(client, verifikator_bkd)
    response = client.get(url("dokumen_download", usulan.nomor, dokumen.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "SK Jabatan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_stale_edit_shows_the_conflict(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    login(client, operator_dinkes)
    form = client.get(url("update", usulan.nomor))
    assert 'name="versi" value="1"' in text(form)
    # Another officer saves first.
    services.usulan_update(
        actor=operator_dinkes, usulan=usulan, versi=1, alasan_keterangan="Diubah rekan."
    )
    data = form_data(pegawai, formasi_tujuan, versi=1, alasan="lainnya")
    data["alasan_keterangan"] = "Penataan pegawai."
    response = client.post(url("update", usulan.nomor), data)
    assert response.status_code == 200
    assert "Another officer changed this proposal" in text(response)
    assert "Penataan pegawai." in text(response)  # what was typed is not lost
    usulan.refresh_from_db()
    assert usulan.versi == 2
    assert usulan.alasan_keterangan == "Diubah rekan."


def test_edit_saves_with_the_current_version(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    login(client, operator_dinkes)
    data = form_data(pegawai, formasi_tujuan, versi=1, alasan="lainnya")
    data["alasan_keterangan"] = "Penataan pegawai."
    response = client.post(url("update", usulan.nomor), data)
    assert response.status_code == 302
    usulan.refresh_from_db()
    assert (usulan.versi, usulan.alasan) == (2, "lainnya")


def test_create_refusal_keeps_the_form(client, operator_dinkes, dinkes, formasi_tujuan):
    pppk = PegawaiFactory(
        instansi=dinkes, status_kepegawaian="pppk", golongan="", nama="Rina Kontrak"
    )
    login(client, operator_dinkes)
    data = form_data(pppk, formasi_tujuan, alasan="lainnya", alasan_keterangan="Kebutuhan.")
    response = client.post(url("create"), data)
    assert response.status_code == 200
    assert "PPPK employees have no right to a transfer" in text(response)
    assert "Rina Kontrak" in text(response)  # the chosen employee is still shown, checked
    assert "Kebutuhan." in text(response)
    assert not UsulanMutasi.objects.exists()


def test_create_needs_an_explanation_for_other(client, operator_dinkes, pegawai, formasi_tujuan):
    login(client, operator_dinkes)
    response = client.post(url("create"), form_data(pegawai, formasi_tujuan, alasan="lainnya"))
    assert response.status_code == 200
    assert "Explain the reason." in text(response)


def test_create_prefill_from_query_string(client, operator_dinkes, pegawai, formasi_tujuan):
    login(client, operator_dinkes)
    query = (
        f"?pegawai={pegawai.nip}&instansi={formasi_tujuan.instansi.kode}"
        f"&jabatan={formasi_tujuan.jabatan.kode}"
    )
    response = client.get(url("create") + query)
    body = text(response)
    assert f'value="{pegawai.nip}" checked' in body
    assert f'<option value="{formasi_tujuan.instansi_id}" selected>' in body
    assert f'<option value="{formasi_tujuan.jabatan_id}" selected>' in body
    assert "Kebutuhan" in body  # the formasi figures of the prefilled target


# -- transitions --------------------------------------------------------------------------


def test_unknown_transition_is_404(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    login(client, operator_dinkes)
    assert client.get(url("transition", usulan.nomor, "hapus")).status_code == 404


def test_note_required_is_shown_and_enforced(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    login(client, operator_dinkes)
    page = client.get(url("transition", usulan.nomor, "batalkan"))
    assert "(required)" in text(page)
    assert "required" in text(page).split('name="note"')[1].split(">")[0]
    response = client.post(url("transition", usulan.nomor, "batalkan"), {"status": "draft"})
    assert response.status_code == 200
    assert "This field is required." in text(response)
    usulan.refresh_from_db()
    assert usulan.status == Status.DRAFT


def test_transition_on_changed_status_is_refused(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    login(client, operator_dinkes)
    services.usulan_transition(
        actor=operator_dinkes, usulan=usulan, transition="batalkan", note="Batal."
    )
    # The user still had the confirm page of "submit" open, seen as a draft.
    response = client.post(url("transition", usulan.nomor, "ajukan"), {"status": "draft"})
    assert response.status_code == 302
    assert any("changed meanwhile" in m for m in flashed(response))
    assert usulan.log.count() == 2


def test_transition_without_permission_is_403(client, operator_dinkes, pegawai, formasi_tujuan):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    login(client, operator_dinkes)
    confirm = client.get(url("transition", usulan.nomor, "mulai_verifikasi"))
    assert confirm.status_code == 403
    response = client.post(
        url("transition", usulan.nomor, "mulai_verifikasi"), {"status": "diajukan"}
    )
    assert response.status_code == 403
    usulan.refresh_from_db()
    assert usulan.status == Status.DIAJUKAN


def test_detail_offers_only_the_users_transitions(
    client, operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan
):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    login(client, verifikator_bkd)
    body = text(client.get(url("detail", usulan.nomor)))
    assert url("transition", usulan.nomor, "mulai_verifikasi") in body
    assert url("transition", usulan.nomor, "kembalikan") in body
    assert url("transition", usulan.nomor, "batalkan") not in body
    login(client, operator_dinkes)
    body = text(client.get(url("detail", usulan.nomor)))
    assert url("transition", usulan.nomor, "batalkan") in body
    assert url("transition", usulan.nomor, "mulai_verifikasi") not in body


def test_detail_shows_a_system_step_of_the_log(client, operator_dinkes, pegawai, formasi_tujuan):
    """Applying a move on its TMT is logged without an actor (found by `make bench`: every
    completed proposal's page failed with a template error)."""
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    UsulanLog.objects.create(
        usulan=usulan,
        actor=None,
        transition="selesaikan",
        from_status=Status.SK_TERBIT,
        to_status=Status.SELESAI,
    )
    login(client, operator_dinkes)
    response = client.get(url("detail", usulan.nomor))
    assert response.status_code == 200
    assert "by the system" in text(response)


def test_a_closed_proposal_shows_the_evaluation_recorded_before_it_closed(
    client, operator_dinkes, verifikator_bkd, pejabat, pegawai, formasi_tujuan, monkeypatch
):
    """An auditor opening a rejected (or completed) proposal sees the rules as they stood when
    it was decided, with the time; today's records are not run through the rules again."""
    usulan = make_eligible(operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan)
    services.usulan_transition(
        actor=pejabat, usulan=usulan, transition="tolak", note="Formasi dialihkan."
    )
    recorded = UsulanMutasi.objects.get(pk=usulan.pk).ringkasan_kelayakan
    assert recorded["dievaluasi_at"] and recorded["fit"]
    # Since then the employee left: evaluated again, the first rule would now fail.
    type(pegawai).objects.filter(pk=pegawai.pk).update(is_active=False)

    def not_again(_usulan):
        raise AssertionError("a closed proposal is not evaluated again")

    from mutasi.services import common

    monkeypatch.setattr(common, "usulan_evaluate", not_again)
    login(client, operator_dinkes)
    response = client.get(url("detail", usulan.nomor))
    body = text(response)
    assert "As recorded at the proposal's last evaluation, on" in body
    assert "Evaluated now" not in body
    assert "no longer active" not in body
    assert "No rule blocks this proposal." in body
    rows = {row.hasil.kode: row.hasil for row in response.context["aturan"]}
    assert (
        rows["status_pns"].hasil == "lulus" and str(rows["status_pns"].nama) == "Employment status"
    )
    assert response.context["fit"].skor == usulan.skor_kecocokan
    assert [i["label"].rstrip(".") for i in recorded["fit"]] == [
        label for label, _poin, _maks in response.context["fit_rincian"]
    ]


def test_the_not_eligible_declaration_records_the_evaluation(
    operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan
):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    usulan = services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    usulan = services.usulan_transition(
        actor=verifikator_bkd, usulan=usulan, transition="mulai_verifikasi"
    )
    UsulanMutasi.objects.filter(pk=usulan.pk).update(ringkasan_kelayakan={})
    services.usulan_transition(
        actor=verifikator_bkd,
        usulan=usulan,
        transition="nyatakan_tidak_memenuhi_syarat",
        note="Dokumen tidak lengkap.",
    )
    usulan.refresh_from_db()
    assert usulan.status == Status.TIDAK_MEMENUHI_SYARAT
    assert len(usulan.ringkasan_kelayakan["items"]) == 13


def test_a_closed_proposal_without_a_record_is_evaluated_now(
    client, operator_dinkes, pegawai, formasi_tujuan
):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    services.usulan_transition(
        actor=operator_dinkes, usulan=usulan, transition="batalkan", note="Tidak jadi."
    )
    UsulanMutasi.objects.filter(pk=usulan.pk).update(ringkasan_kelayakan={})
    login(client, operator_dinkes)
    body = text(client.get(url("detail", usulan.nomor)))
    assert "Evaluated now" in body and "As recorded" not in body


# -- approval queue -----------------------------------------------------------------------


def test_bulk_approve_reports_the_one_withdrawn_meanwhile(
    client, operator_dinkes, verifikator_bkd, pejabat, dinkes, formasi_tujuan
):
    first = make_eligible(
        operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan
    )
    second = make_eligible(
        operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan
    )
    login(client, pejabat)
    queue = client.get(url("antrian_persetujuan"))
    assert first.nomor in text(queue) and second.nomor in text(queue)
    # The operator withdraws the second while the official has the queue open.
    services.usulan_transition(
        actor=operator_dinkes, usulan=second, transition="batalkan", note="Pegawai menolak."
    )
    response = client.post(
        url("antrian_persetujuan"),
        {"usulan": [first.pk, second.pk], "keputusan": "setujui", "note": ""},
        follow=True,
    )
    rows = {h["nomor"]: h for h in response.context["hasil"]}
    assert rows[first.nomor]["ok"] is True
    assert rows[second.nomor]["ok"] is False
    assert "changed meanwhile" in rows[second.nomor]["pesan"]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.DISETUJUI, Status.DIBATALKAN)
    assert "Failed" in text(response) and "Done" in text(response)


def test_bulk_reject_needs_a_note(
    client, operator_dinkes, verifikator_bkd, pejabat, pegawai, formasi_tujuan
):
    usulan = make_eligible(operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan)
    login(client, pejabat)
    response = client.post(
        url("antrian_persetujuan"), {"usulan": [usulan.pk], "keputusan": "tolak", "note": ""}
    )
    assert response.status_code == 200
    assert "A note is required to reject." in text(response)
    assert f'value="{usulan.pk}" id="pilih-{usulan.pk}" checked' in text(response)
    usulan.refresh_from_db()
    assert usulan.status == Status.MEMENUHI_SYARAT


def test_queue_shows_formasi_gaps_before_and_after(
    client, operator_dinkes, verifikator_bkd, pejabat, dinkes, pegawai, formasi_tujuan
):
    # Origin: Dinkes needs 1 of the employee's position and has just them: gap 0 → +1.
    origin = FormasiFactory(instansi=dinkes, jabatan=pegawai.jabatan)
    AnalisisBebanKerjaFactory(formasi=origin, volume=Decimal(1250), norma_waktu=Decimal(60))
    usulan = make_eligible(operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan)
    login(client, pejabat)
    response = client.get(url("antrian_persetujuan"))
    row = response.context["page_obj"].object_list[0]
    assert row.pk == usulan.pk
    assert (row.dampak.asal.gap, row.dampak.asal_sesudah) == (0, 1)
    assert (row.dampak.tujuan.gap, row.dampak.tujuan_sesudah) == (5, 4)
    assert row.umur_hari == 0


def test_the_evaluation_reuses_the_proposals_employee_and_position(
    operator_dinkes, pegawai, formasi_tujuan
):
    """The detail page has the proposal with its employee and target position joined: the
    rules load their histories and fields, not the two rows again."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutasi import selectors

    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    usulan = selectors.usulan_get_for_user(operator_dinkes, usulan.nomor)
    with CaptureQueriesContext(connection) as captured:
        results, _fit = services.usulan_evaluate(usulan)
    assert len(results) == 13
    for query in captured.captured_queries:
        sql = query["sql"]
        assert not sql.startswith('SELECT "pegawai_pegawai"."id"'), sql
        assert 'FROM "instansi_jabatan" WHERE "instansi_jabatan"."id" = ' not in sql, sql


def test_staffing_effect_reads_only_the_formasi_figures(pegawai, formasi_tujuan):
    """The effect of a page of moves is summed from the figures: the query joins none of the
    formasi's names (agency, unit, position) and sorts nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mutasi import queries

    usulan = UsulanMutasi(
        pegawai=pegawai,
        asal_instansi_id=pegawai.instansi_id,
        asal_jabatan_id=pegawai.jabatan_id,
        tujuan_instansi_id=formasi_tujuan.instansi_id,
        tujuan_jabatan_id=formasi_tujuan.jabatan_id,
    )
    with CaptureQueriesContext(connection) as captured:
        queries.dampak_formasi([usulan])
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "instansi_instansi" not in sql and "instansi_unitkerja" not in sql
    assert "ORDER BY" not in sql
    assert usulan.dampak.tujuan.gap == 5


def test_queue_filters_and_sorts(
    client, operator_dinkes, verifikator_bkd, pejabat, dinkes, diskominfo, formasi_tujuan
):
    a = make_eligible(operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan)
    b = make_eligible(operator_dinkes, verifikator_bkd, eligible_pegawai(dinkes), formasi_tujuan)
    UsulanMutasi.objects.filter(pk=a.pk).update(skor_kecocokan=40)
    UsulanMutasi.objects.filter(pk=b.pk).update(skor_kecocokan=90)
    login(client, pejabat)

    def order(query: str) -> list[int]:
        response = client.get(url("antrian_persetujuan") + query)
        return [u.pk for u in response.context["page_obj"].object_list]

    assert order("") == [a.pk, b.pk]
    assert order("?urutan=skor") == [b.pk, a.pk]
    assert order(f"?tujuan_instansi={diskominfo.pk}") == [a.pk, b.pk]
    assert order(f"?tujuan_instansi={dinkes.pk}") == []
    assert order("?jenis_mutasi=pusat") == []


# -- preview and search -------------------------------------------------------------------


def test_preview_returns_rule_results(client, operator_dinkes, pegawai, formasi_tujuan):
    login(client, operator_dinkes)
    response = client.post(
        url("pratinjau"), form_data(pegawai, formasi_tujuan), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body  # a partial
    assert "Time in current position" in body
    assert "PP 11/2017 Pasal 190(3)" in body
    assert "Fit score:" in body
    assert "No rule blocks this proposal." in body
    assert not UsulanMutasi.objects.exists()


def test_preview_of_an_incomplete_form_lists_what_is_missing(client, operator_dinkes, db):
    login(client, operator_dinkes)
    response = client.post(url("pratinjau"), {"cari": ""}, headers={"HX-Request": "true"})
    assert "Complete the form" in text(response)
    assert "Choose the employee from the search results." in text(response)


def test_preview_without_javascript_renders_the_whole_form(
    client, operator_dinkes, pegawai, formasi_tujuan
):
    login(client, operator_dinkes)
    response = client.post(url("pratinjau"), form_data(pegawai, formasi_tujuan))
    body = text(response)
    assert "<html" in body and "Time in current position" in body
    assert f'value="{pegawai.nip}" checked' in body


def test_employee_search_by_nip_with_spaces_and_by_name(client, operator_dinkes, diskominfo):
    # Someone from another agency can be found: they may be proposed into Dinkes.
    budi = PegawaiFactory(instansi=diskominfo, nama="Budi Santoso")
    PegawaiFactory(instansi=diskominfo, nama="Budi Nonaktif", is_active=False)
    login(client, operator_dinkes)
    spaced = f"{budi.nip[:8]} {budi.nip[8:14]}"
    by_nip = client.get(url("cari_pegawai"), {"cari": spaced})
    assert by_nip.status_code == 200
    assert "Budi Santoso" in text(by_nip)
    assert budi.nip_display in text(by_nip)
    assert f'value="{budi.nip}"' in text(by_nip)
    by_name = client.get(url("cari_pegawai"), {"cari": "udi sant"})
    assert "Budi Santoso" in text(by_name)
    assert "Budi Nonaktif" not in text(client.get(url("cari_pegawai"), {"cari": "budi"}))
    assert "at least 3 characters" in text(client.get(url("cari_pegawai"), {"cari": "bu"}))


def test_employee_search_is_limited_and_cheap(client, operator_dinkes, dinkes):
    PegawaiFactory.create_batch(25, instansi=dinkes, nama="Ahmad Uji")
    login(client, operator_dinkes)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("cari_pegawai"), {"cari": "ahmad"})
    assert len(response.context["hasil"]) == 20
    search = [q["sql"] for q in queries.captured_queries if "pegawai_pegawai" in q["sql"]]
    assert len(search) == 1
    assert "LIMIT 20" in search[0]


def test_unit_options_and_formasi_partials(client, operator_dinkes, diskominfo, formasi_tujuan):
    from tests.factories import UnitKerjaFactory

    unit = UnitKerjaFactory(instansi=diskominfo, nama="Bidang Aplikasi Informatika")
    login(client, operator_dinkes)
    options = client.get(url("unit_options"), {"tujuan_instansi": diskominfo.pk})
    assert "Bidang Aplikasi Informatika" in text(options)
    figures = client.get(
        url("formasi"),
        {"tujuan_instansi": diskominfo.pk, "tujuan_jabatan": formasi_tujuan.jabatan_id},
    )
    assert figures.context["formasi_angka"].gap == 5
    # A unit without its own formasi falls back to the agency-wide one.
    figures = client.get(
        url("formasi"),
        {
            "tujuan_instansi": diskominfo.pk,
            "tujuan_jabatan": formasi_tujuan.jabatan_id,
            "tujuan_unit": unit.pk,
        },
    )
    assert figures.context["formasi_angka"].kebutuhan == 5


# -- labels, notifications, navigation, permissions ---------------------------------------


@pytest.mark.parametrize("status", Status.values)
def test_status_badge_label_for_every_status(status):
    with translation.override("en"):
        html = render_to_string("_status_badge.html", {"status": status})
        assert str(Status(status).label) in html
    assert 'class="badge' in html


def test_notifications_list_and_mark_all_read(
    client, operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan
):
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    services.usulan_transition(actor=operator_dinkes, usulan=usulan, transition="ajukan")
    login(client, verifikator_bkd)
    home = client.get(reverse("home"))
    assert 'class="count-badge">1' in text(home)
    page = client.get(reverse("notifikasi:list"))
    assert "notif--unread" in text(page)
    assert url("detail", usulan.nomor) in text(page)
    response = client.post(reverse("notifikasi:baca_semua"))
    assert response.status_code == 302
    assert not Notifikasi.objects.filter(user=verifikator_bkd, read_at__isnull=True).exists()
    assert "notif--unread" not in text(client.get(reverse("notifikasi:list")))


def test_navigation_per_role(client, operator_dinkes, verifikator_bkd, pejabat):
    def nav(user) -> str:
        return text(login(client, user).get(reverse("home")))

    operator, verifier, official = nav(operator_dinkes), nav(verifikator_bkd), nav(pejabat)
    for body in (operator, verifier, official):
        assert url("list") in body
    assert url("antrian_verifikasi") in verifier
    assert url("antrian_verifikasi") not in operator + official
    assert url("antrian_persetujuan") in official
    assert url("antrian_persetujuan") not in operator + verifier


@pytest.mark.parametrize(
    ("name", "role", "expected"),
    [
        ("list", "operator", 200),
        ("list", "verifier", 200),
        ("list", "official", 200),
        ("list", "nobody", 403),
        ("create", "operator", 200),
        ("create", "verifier", 403),
        ("create", "official", 403),
        ("antrian_verifikasi", "operator", 403),
        ("antrian_verifikasi", "verifier", 200),
        ("antrian_verifikasi", "official", 403),
        ("antrian_persetujuan", "operator", 403),
        ("antrian_persetujuan", "verifier", 403),
        ("antrian_persetujuan", "official", 200),
        ("cari_pegawai", "verifier", 403),
    ],
)
def test_url_role_status_codes(
    client, operator_dinkes, verifikator_bkd, pejabat, name, role, expected
):
    users = {
        "operator": operator_dinkes,
        "verifier": verifikator_bkd,
        "official": pejabat,
        "nobody": UserFactory(username="tanpa_peran"),
    }
    assert login(client, users[role]).get(url(name)).status_code == expected


# -- query counts -------------------------------------------------------------------------


def _count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_list_query_count_is_constant(
    client, operator_dinkes, dinkes, formasi_tujuan, django_assert_max_num_queries
):
    for _ in range(2):
        create_proposal(operator_dinkes, eligible_pegawai(dinkes), formasi_tujuan)
    login(client, operator_dinkes)
    few = _count_queries(client, url("list"))
    for _ in range(6):
        create_proposal(operator_dinkes, eligible_pegawai(dinkes), formasi_tujuan)
    assert _count_queries(client, url("list")) == few
    # Seven of them fetch the agencies, units, positions and proposers (mutasi/selectors.py).
    with django_assert_max_num_queries(16):
        client.get(url("list") + "?q=pegawai&status=draft")


def test_queue_query_count_is_constant(
    client,
    operator_dinkes,
    verifikator_bkd,
    pejabat,
    dinkes,
    formasi_tujuan,
    django_assert_max_num_queries,
):
    def add_one():
        pegawai = eligible_pegawai(dinkes)
        origin = FormasiFactory(instansi=dinkes, jabatan=pegawai.jabatan)
        AnalisisBebanKerjaFactory(formasi=origin)
        make_eligible(operator_dinkes, verifikator_bkd, pegawai, formasi_tujuan)

    add_one()
    login(client, pejabat)
    few = _count_queries(client, url("antrian_persetujuan"))
    for _ in range(3):
        add_one()
    assert _count_queries(client, url("antrian_persetujuan")) == few
    with django_assert_max_num_queries(19):
        client.get(url("antrian_persetujuan") + "?urutan=skor")

    login(client, verifikator_bkd)
    assert _count_queries(client, url("antrian_verifikasi")) <= 15


def test_log_rows_are_written_for_uploads_only_as_documents(
    client, operator_dinkes, pegawai, formasi_tujuan
):
    """Uploading is not a status change: no log row, just the document."""
    usulan = create_proposal(operator_dinkes, pegawai, formasi_tujuan)
    item = services.persyaratan_for(usulan).first()
    login(client, operator_dinkes)
    client.post(url("dokumen_upload", usulan.nomor, item.pk), {"berkas": pdf()})
    assert UsulanLog.objects.filter(usulan=usulan).count() == 1
    assert usulan.dokumen.get().nama_asli == "surat.pdf"


def test_opening_a_proposal_marks_its_notifications_read(client, usulan, verifikator_bkd):
    from mutasi.models import Notifikasi

    note = Notifikasi.objects.create(user=verifikator_bkd, usulan=usulan, pesan="baru")
    other = Notifikasi.objects.create(user=verifikator_bkd, usulan=None, pesan="lain")
    client.force_login(verifikator_bkd)
    assert client.get(reverse("mutasi:detail", args=[usulan.nomor])).status_code == 200
    note.refresh_from_db()
    other.refresh_from_db()
    assert note.read_at is not None
    assert other.read_at is None
