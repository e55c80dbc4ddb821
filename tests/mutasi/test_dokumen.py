"""Required documents (PDF by content, size limit, verifier's check) and rule overrides."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mutasi import services
from mutasi.models import AturanMutasi, PengecualianAturan, Status, StatusDokumen
from tests.mutasi.conftest import LAST_YEAR, MINIMAL_PDF, put_in_state


def pdf(name: str = "surat.pdf", content: bytes = MINIMAL_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def persyaratan(usulan):
    return services.persyaratan_for(usulan).first()


def test_valid_pdf_is_stored_with_its_hash(usulan, persyaratan, operator_dinkes):
    dokumen = services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=pdf()
    )
    assert dokumen.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest()
    assert dokumen.nama_asli == "surat.pdf"
    assert dokumen.status == StatusDokumen.BELUM
    # Stored under a random name, never the uploaded one.
    assert "surat" not in dokumen.berkas.name
    with dokumen.berkas.open("rb") as fh:
        assert fh.read() == MINIMAL_PDF


def test_fake_pdf_with_a_pdf_name_is_refused(usulan, persyaratan, operator_dinkes):
    fake = pdf("ijazah.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="not a PDF"):
        services.dokumen_upload(
            actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=fake
        )
    assert not usulan.dokumen.exists()


def test_size_limit_is_configurable(usulan, persyaratan, operator_dinkes):
    aturan = AturanMutasi.load()
    aturan.ukuran_maks_dokumen_mb = 1
    aturan.save()
    big = pdf(content=MINIMAL_PDF[:-6] + b" " * (1024 * 1024) + b"%%EOF\n")
    with pytest.raises(ValidationError, match="1 MB"):
        services.dokumen_upload(
            actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=big
        )


def test_reupload_replaces_the_document(usulan, persyaratan, operator_dinkes):
    services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=pdf("a.pdf")
    )
    services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=pdf("b.pdf")
    )
    assert list(usulan.dokumen.values_list("nama_asli", flat=True)) == ["b.pdf"]


def test_upload_only_while_draft_or_returned(usulan, persyaratan, operator_dinkes):
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    with pytest.raises(ValidationError):
        services.dokumen_upload(
            actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=pdf()
        )


def test_verifier_checks_documents_and_invalid_needs_a_note(
    usulan, persyaratan, operator_dinkes, verifikator_bkd, pejabat
):
    dokumen = services.dokumen_upload(
        actor=operator_dinkes, usulan=usulan, persyaratan=persyaratan, berkas=pdf()
    )
    put_in_state(usulan, Status.VERIFIKASI)
    with pytest.raises(ValidationError):
        services.dokumen_review(actor=verifikator_bkd, dokumen=dokumen, status="tidak_valid")
    with pytest.raises(PermissionDenied):
        services.dokumen_review(actor=pejabat, dokumen=dokumen, status="valid")
    checked = services.dokumen_review(
        actor=verifikator_bkd, dokumen=dokumen, status="tidak_valid", catatan="tidak terbaca"
    )
    assert (checked.status, checked.diperiksa_oleh) == ("tidak_valid", verifikator_bkd)
    assert usulan.log.filter(transition="periksa_dokumen").count() == 1


def test_override_needs_a_justification_and_is_logged(usulan, verifikator_bkd, pegawai_layak):
    # Break the performance rule: the last completed year rated below Baik.
    pegawai_layak.penilaian_kinerja.filter(tahun=LAST_YEAR).update(predikat="butuh_perbaikan")
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    with pytest.raises(ValidationError):
        services.usulan_override_rule(
            actor=verifikator_bkd, usulan=usulan, kode_aturan="kinerja", alasan="ok"
        )
    services.usulan_override_rule(
        actor=verifikator_bkd,
        usulan=usulan,
        kode_aturan="kinerja",
        alasan="Predikat 2025 dikoreksi oleh atasan langsung; surat terlampir.",
    )
    assert PengecualianAturan.objects.filter(usulan=usulan, kode_aturan="kinerja").exists()
    log = usulan.log.last()
    assert (log.transition, log.actor) == ("pengecualian", verifikator_bkd)
    assert "dikoreksi" in log.note


def test_a_passing_or_final_rule_cannot_be_overridden(usulan, verifikator_bkd):
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    with pytest.raises(ValidationError, match="failed"):
        services.usulan_override_rule(
            actor=verifikator_bkd,
            usulan=usulan,
            kode_aturan="kinerja",
            alasan="Tidak ada yang perlu dikecualikan di sini.",
        )


def test_overridden_failure_no_longer_blocks_verification(
    usulan, verifikator_bkd, operator_dinkes, pegawai_layak
):
    from tests.mutasi.conftest import valid_documents

    pegawai_layak.penilaian_kinerja.filter(tahun=LAST_YEAR).delete()
    usulan = put_in_state(usulan, Status.VERIFIKASI)
    valid_documents(usulan, operator_dinkes)
    with pytest.raises(ValidationError, match="rules"):
        services.usulan_transition(
            actor=verifikator_bkd, usulan=usulan, transition="nyatakan_memenuhi_syarat"
        )
    services.usulan_override_rule(
        actor=verifikator_bkd,
        usulan=usulan,
        kode_aturan="kinerja",
        alasan="SKP 2025 hilang dalam migrasi data; salinan fisik diperiksa: Baik.",
    )
    done = services.usulan_transition(
        actor=verifikator_bkd, usulan=usulan, transition="nyatakan_memenuhi_syarat"
    )
    assert done.status == Status.MEMENUHI_SYARAT
    assert done.ringkasan_kelayakan["blocking"] == 0
