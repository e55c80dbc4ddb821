"""Uploaded documents, decree PDFs and job files go through the storage API only.

Each flow runs against Django's in-memory storage, which has no ``path()``: code that assumed
a local folder (``.path``, ``MEDIA_ROOT``, ``open()`` on a file name) fails here, as it would on
S3 (SIMUTASI_MEDIA_STORAGE=s3). MEDIA_ROOT points at a folder that must never appear.
"""

# ruff: noqa: F811 (fixtures imported from other test modules, used as arguments)
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mutasi import documents, services
from mutasi.models import Status
from pegawai.models import Pegawai
from pontianak_mutasi.models import StatusTugas, Tugas
from tests.mutasi.conftest import (  # noqa: F401 (fixtures)
    MINIMAL_PDF,
    formasi_tujuan,
    jabatan_tujuan,
    make_usulan,
    pegawai_layak,
    put_in_state,
    usulan,
)
from tests.mutasi.test_sk import fake_pdf, fast_render, issued  # noqa: F401 (fixture)
from tests.pontianak_mutasi.test_tugas import (  # noqa: F401 (fixtures)
    HEADER,
    ROWS,
    csv_bytes,
    read_table,
    run_jobs,
    unit_sek,
)


@pytest.fixture
def memory_media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    # FileFields without their own storage use default_storage, which follows the setting.
    assert isinstance(storages["default"], InMemoryStorage)
    return root


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_uploaded_document_is_stored_and_downloaded_through_the_storage(
    client,
    memory_media,
    usulan,
    operator_dinkes,
    verifikator_bkd,
):
    persyaratan = services.persyaratan_for(usulan).first()
    dokumen = services.dokumen_upload(
        actor=operator_dinkes,
        usulan=usulan,
        persyaratan=persyaratan,
        berkas=SimpleUploadedFile("ijazah.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    assert default_storage.exists(dokumen.berkas.name)
    client.force_login(verifikator_bkd)
    url = reverse("mutasi:dokumen_download", args=[usulan.nomor, dokumen.pk])
    assert _body(client.get(url)) == MINIMAL_PDF
    assert not memory_media.exists()


def test_decree_pdf_is_stored_and_downloaded_through_the_storage(
    client,
    memory_media,
    make_usulan,
    admin_kepegawaian,
    fast_render,
):
    sk = issued(admin_kepegawaian, [put_in_state(make_usulan(), Status.DISETUJUI)])
    assert default_storage.exists(sk.berkas.name)
    client.force_login(admin_kepegawaian)
    assert _body(client.get(reverse("mutasi:sk_download", args=[sk.pk]))) == fake_pdf(sk)
    assert not memory_media.exists()


def test_import_and_export_jobs_read_and_write_through_the_storage(
    client,
    memory_media,
    admin_kepegawaian,
    unit_sek,
    run_jobs,
):
    client.force_login(admin_kepegawaian)
    with run_jobs():
        client.post(
            reverse("pegawai:impor"),
            {"berkas": SimpleUploadedFile("pegawai.csv", csv_bytes([HEADER, *ROWS]))},
        )
    impor = Tugas.objects.get()
    assert impor.status == StatusTugas.DONE, impor.error
    assert default_storage.exists(impor.input_file.name)
    assert Pegawai.objects.count() == 3

    with run_jobs():
        client.post(reverse("pegawai:ekspor", args=["csv"]))
    ekspor = Tugas.objects.exclude(pk=impor.pk).get()
    assert ekspor.status == StatusTugas.DONE, ekspor.error
    assert default_storage.exists(ekspor.result_file.name)
    rows = read_table(_body(client.get(reverse("tugas:download", args=[ekspor.pk]))), "csv")
    assert len(rows) == 4
    assert not memory_media.exists()


def test_letterhead_image_is_read_from_the_storage(memory_media, settings):
    name = default_storage.save("kop/lambang.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    settings.SIMUTASI = {**settings.SIMUTASI, "KOP_IMAGE": name}
    assert documents.kop_image().startswith("data:image/png;base64,")
    for missing in ("kop/tidak-ada.png", "../../etc/passwd"):
        settings.SIMUTASI = {**settings.SIMUTASI, "KOP_IMAGE": missing}
        assert documents.kop_image().startswith("data:image/svg+xml;base64,")
    assert not memory_media.exists()
