"""Sign-in, sign-out, password change and lockout (django-axes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("login")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


# The URL × role → status table lives in test_permission_matrix.py (every URL, every role).


def test_login_page_renders_our_template(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "registration/login.html" in [t.name for t in response.templates]
    body = response.content.decode()
    assert 'for="id_username"' in body
    assert 'for="id_password"' in body


def test_successful_login_redirects_home(client, operator_dinkes):
    response = client.post(LOGIN, {"username": "operator_dinkes", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == operator_dinkes


def test_login_honours_a_safe_next(client, operator_dinkes):
    response = client.post(
        LOGIN, {"username": "operator_dinkes", "password": PASSWORD, "next": "/pegawai/"}
    )
    assert response["Location"] == "/pegawai/"


def test_login_refuses_an_offsite_next(client, operator_dinkes):
    response = client.post(
        LOGIN,
        {"username": "operator_dinkes", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_wrong_password_shows_an_error(client, operator_dinkes):
    response = client.post(LOGIN, {"username": "operator_dinkes", "password": "salah"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_five_failures(client, operator_dinkes):
    for _ in range(5):
        client.post(LOGIN, {"username": "operator_dinkes", "password": "salah"})
    # Even the right password is refused now, and the page says why.
    response = client.post(LOGIN, {"username": "operator_dinkes", "password": PASSWORD})
    assert response.status_code == 429
    assert "registration/lockout.html" in [t.name for t in response.templates]
    assert (
        "Too many failed login attempts. Your account is locked for one hour; contact the "
        "BKD administrator."
    ) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, operator_dinkes):
    for _ in range(4):
        client.post(LOGIN, {"username": "operator_dinkes", "password": "salah"})
    response = client.post(LOGIN, {"username": "operator_dinkes", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_needs_post(client, operator_dinkes):
    client.force_login(operator_dinkes)
    assert client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert "You have signed out." in client.get(LOGIN).content.decode()


def test_every_page_has_a_logout_form(client, operator_dinkes):
    client.force_login(operator_dinkes)
    body = client.get(reverse("home")).content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in body


def test_password_change(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Khatulistiwa-2026!",
            "new_password2": "Khatulistiwa-2026!",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    operator_dinkes.refresh_from_db()
    assert operator_dinkes.check_password("Khatulistiwa-2026!")


def test_healthz_needs_no_login(client, db):
    from pontianak_mutasi import heartbeat

    heartbeat.beat()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.startswith(b"database: ok\nworker: ok")
