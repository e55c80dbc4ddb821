"""Site-wide layout: navigation per role, language, accessibility basics (the home page's
sections: test_home.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

HOME = reverse("home")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


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
