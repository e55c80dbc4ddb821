"""The home page: counts scoped to the user, navigation per role, accessibility basics."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from instansi.models import JenisInstansi
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    PegawaiFactory,
    UserFactory,
)

HOME = reverse("home")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def province(dinkes, diskominfo):
    upt = InstansiFactory(nama="UPT Labkesda", induk=dinkes, jenis=JenisInstansi.UPT)
    InstansiFactory(nama="Kabupaten Sambas", jenis=JenisInstansi.KABUPATEN_KOTA, is_external=True)
    PegawaiFactory.create_batch(2, instansi=dinkes)
    PegawaiFactory(instansi=dinkes, is_active=False)
    PegawaiFactory(instansi=upt)
    PegawaiFactory.create_batch(3, instansi=diskominfo)
    # Dinkes: one formasi short (75,000 minutes, nobody), one balanced.
    short = FormasiFactory(instansi=dinkes)
    AnalisisBebanKerjaFactory(formasi=short, volume=1250, norma_waktu=60)
    balanced = FormasiFactory(instansi=dinkes)
    AnalisisBebanKerjaFactory(formasi=balanced, volume=1250, norma_waktu=60)
    PegawaiFactory(instansi=dinkes, jabatan=balanced.jabatan)
    # Diskominfo: two formasi short.
    for _ in range(2):
        AnalisisBebanKerjaFactory(
            formasi=FormasiFactory(instansi=diskominfo), volume=75_000, norma_waktu=2
        )
    return upt


def counts(response) -> tuple[int, int, int, int]:
    c = response.context
    return (c["jumlah_pegawai"], c["jumlah_instansi"], c["jumlah_formasi"], c["jumlah_kekurangan"])


def test_operator_sees_their_agency_numbers(client, operator_dinkes, province):
    client.force_login(operator_dinkes)
    response = client.get(HOME)
    assert response.status_code == 200
    # employees: 2 active + 1 in the UPT + the balanced formasi's holder; agencies: Dinkes + UPT
    assert counts(response) == (4, 2, 2, 1)
    assert "Figures for Dinas Kesehatan and its child agencies." in response.content.decode()


def test_province_wide_user_sees_every_number(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    # 7 active employees; 3 provincial agencies (the regency is outside); 4 formasi, 3 short
    assert counts(client.get(HOME)) == (7, 3, 4, 3)


def test_user_without_scope_sees_zeroes_and_an_explanation(client, province):
    client.force_login(UserFactory(username="baru"))
    response = client.get(HOME)
    assert counts(response) == (0, 0, 0, 0)
    assert "not linked to an agency" in response.content.decode()


def test_admin_link_only_for_staff(client, operator_dinkes, admin_kepegawaian):
    admin_url = reverse("admin:index")
    client.force_login(operator_dinkes)
    assert f'href="{admin_url}"' not in client.get(HOME).content.decode()
    client.force_login(admin_kepegawaian)
    assert f'href="{admin_url}"' in client.get(HOME).content.decode()


def test_base_layout_has_landmarks_skip_link_and_roles(client, operator_dinkes):
    client.force_login(operator_dinkes)
    body = client.get(HOME).content.decode()
    assert '<html lang="en">' in body
    assert 'href="#main"' in body
    assert '<main id="main"' in body
    assert '<nav class="nav" aria-label="Main">' in body
    assert 'aria-current="page">Home<' in body
    assert "Agency HR operator" in body  # the role label
    assert "/static/vendor/htmx-2.0.11.min.js" in body
    assert "https://" not in body.split("<body")[0]  # no CDN in <head>


def test_language_follows_language_code_by_default(operator_dinkes):
    client = Client()
    client.force_login(operator_dinkes)
    assert '<html lang="id">' in client.get(HOME).content.decode()


def test_pages_speak_indonesian_even_when_the_browser_prefers_english(operator_dinkes, settings):
    from pontianak_mutasi import settings as prod

    settings.LANGUAGES = prod.LANGUAGES
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    client.force_login(operator_dinkes)
    response = client.get(reverse("pegawai:list"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "id"
    assert "Pegawai" in response.text
    assert "Employees" not in response.text


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
