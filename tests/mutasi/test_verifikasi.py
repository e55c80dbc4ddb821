"""The public verification page of a decree: what it shows, what it hides, the hash check,
the rate limit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mutasi import documents, services
from mutasi.models import Status
from tests.factories import PegawaiFactory
from tests.mutasi.conftest import put_in_state

FAKE_PDF = b"%PDF-1.4 the issued decree"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def pegawai(dinkes):
    return PegawaiFactory(
        instansi=dinkes,
        nama="Siti Rahmawati",
        tanggal_lahir=dt.date(1985, 3, 12),
        tmt_cpns=dt.date(2010, 1, 1),
        tmt_jabatan=dt.date(2020, 1, 1),
        nip="198503122010012003",
        jenis_kelamin="P",
    )


@pytest.fixture
def sk(make_usulan, pegawai, admin_kepegawaian, monkeypatch):
    monkeypatch.setattr(documents, "render_sk_pdf", lambda sk, **kw: FAKE_PDF)
    usulan = put_in_state(make_usulan(pegawai=pegawai), Status.DISETUJUI)
    draft = services.sk_compose(
        actor=admin_kepegawaian,
        usulan_ids=[usulan.pk],
        tanggal_penetapan=dt.date(2026, 11, 28),
        tmt=dt.date(2099, 1, 1),
        penandatangan_nama="Drs. H. Contoh",
    )
    return services.sk_issue(actor=admin_kepegawaian, sk=draft)


def url(sk) -> str:
    return reverse("sk_verifikasi", args=[sk.token])


def test_valid_decree_shows_the_public_facts_only(client, sk, pegawai):
    response = client.get(url(sk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "This decree is valid" in page
    assert "800.1.3/0001/BKD/2026" in page
    assert "28 November 2026" in page and "1 Januari 2099" in page
    assert "Siti Rahmawati" in page and "1985**** ****** * 003" in page
    assert "19850312" not in page  # the birth date stays hidden
    assert sk.sha256 in page
    usulan = sk.usulan.get()
    assert usulan.tujuan_jabatan.nama in page
    # Nothing beyond the listed fields: no full NIP, birth date, proposal number or ids.
    assert pegawai.nip not in page and pegawai.nip_display not in page
    assert "12 Maret 1985" not in page and "1985-03-12" not in page
    assert usulan.nomor not in page
    assert reverse("mutasi:sk_detail", args=[sk.pk]) not in page
    assert "Drs. H. Contoh" not in page  # not in the listed fields either


def test_revoked_decree_says_by_which(client, sk, admin_kepegawaian, monkeypatch):
    koreksi = services.sk_revoke(actor=admin_kepegawaian, sk=sk, alasan="Salah penulisan jabatan.")
    draft_page = client.get(url(sk)).content.decode()
    assert "This decree is valid" in draft_page  # a drafted correction changes nothing yet
    assert client.get(url(koreksi)).status_code == 404  # nor is the draft public
    koreksi = services.sk_issue(actor=admin_kepegawaian, sk=koreksi)
    page = client.get(url(sk)).content.decode()
    assert "This decree has been revoked" in page and koreksi.nomor in page
    assert url(koreksi) in page
    assert "This decree is valid" in client.get(url(koreksi)).content.decode()


def test_unknown_and_draft_tokens_are_404(client, make_usulan, admin_kepegawaian):
    assert client.get(reverse("sk_verifikasi", args=["tidak-ada"])).status_code == 404
    usulan = put_in_state(make_usulan(), Status.DISETUJUI)
    draft = services.sk_compose(
        actor=admin_kepegawaian,
        usulan_ids=[usulan.pk],
        tanggal_penetapan=dt.date(2026, 11, 28),
        tmt=dt.date(2099, 1, 1),
        penandatangan_nama="Drs. H. Contoh",
    )
    assert client.get(url(draft)).status_code == 404


def test_upload_identical_and_not_identical(client, sk):
    same = client.post(url(sk), {"berkas": SimpleUploadedFile("sk.pdf", FAKE_PDF)})
    assert same.status_code == 200
    assert "Identical: the file is exactly the issued decree." in same.content.decode()
    other = client.post(url(sk), {"berkas": SimpleUploadedFile("sk.pdf", FAKE_PDF + b" ")})
    page = other.content.decode()
    assert "Not identical" in page and "Identical: the file" not in page


def test_upload_needs_csrf(sk):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url(sk), {"berkas": SimpleUploadedFile("sk.pdf", FAKE_PDF)})
    assert response.status_code == 403


def test_oversized_upload_is_refused(client, sk, monkeypatch):
    from mutasi import views_public

    monkeypatch.setattr(views_public, "MAX_UPLOAD_BYTES", 10)
    response = client.post(url(sk), {"berkas": SimpleUploadedFile("sk.pdf", FAKE_PDF * 5000)})
    assert response.status_code == 413


def test_rate_limit(client, sk, settings):
    settings.SIMUTASI = {**settings.SIMUTASI, "VERIFY_RATE_PER_MINUTE": 3}
    assert [client.get(url(sk)).status_code for _ in range(3)] == [200, 200, 200]
    limited = client.get(url(sk))
    assert limited.status_code == 429
    assert "Too many verification requests" in limited.content.decode()
    # Another address has its own allowance.
    assert client.get(url(sk), REMOTE_ADDR="10.0.0.9").status_code == 200
