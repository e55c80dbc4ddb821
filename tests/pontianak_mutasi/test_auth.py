"""Sign-in, sign-out, password change, lockout (django-axes) and the URL × role table."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from pontianak_mutasi.models import JenisTugas, Tugas
from tests.conftest import PASSWORD
from tests.factories import FormasiFactory, PegawaiFactory

LOGIN = reverse("login")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def urls(dinkes, diskominfo, operator_dinkes):
    """Every page of the UI shell, with one object inside and one outside Dinkes."""
    tugas = Tugas.objects.create(owner=operator_dinkes, jenis=JenisTugas.EKSPOR_PEGAWAI)
    own = PegawaiFactory(instansi=dinkes)
    other = PegawaiFactory(instansi=diskominfo)
    formasi = FormasiFactory(instansi=diskominfo)
    return {
        "home": reverse("home"),
        "pegawai_list": reverse("pegawai:list"),
        "pegawai_own": reverse("pegawai:detail", args=[own.nip]),
        "pegawai_other": reverse("pegawai:detail", args=[other.nip]),
        "instansi_list": reverse("instansi:list"),
        "instansi_other": reverse("instansi:detail", args=[diskominfo.kode]),
        "formasi_other": reverse("instansi:formasi_detail", args=[diskominfo.kode, formasi.pk]),
        "password_change": reverse("password_change"),
        "password_change_done": reverse("password_change_done"),
        "pegawai_impor": reverse("pegawai:impor"),
        "tugas_list": reverse("tugas:list"),
        "tugas_operator_dinkes": reverse("tugas:detail", args=[tugas.pk]),
    }


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "pegawai_list",
        "pegawai_own",
        "pegawai_other",
        "instansi_list",
        "instansi_other",
        "formasi_other",
        "password_change",
        "password_change_done",
        "pegawai_impor",
        "tugas_list",
        "tugas_operator_dinkes",
    ],
)
def test_anonymous_is_sent_to_login(client, urls, name):
    response = client.get(urls[name])
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={urls[name]}"


# URL × role → status. Employees outside an operator's agency are 404 (not 403: no leak);
# agencies and their formasi are reference data readable by every signed-in user.
# The employee import is for HR administrators (403 for other roles); a background job is
# its owner's (and superusers') alone: 404 for everyone else, province-wide roles included.
ROLE_TABLE = {
    "operator_dinkes": {
        "pegawai_own": 200,
        "pegawai_other": 404,
        "pegawai_impor": 403,
        "tugas_operator_dinkes": 200,
    },
    "operator_diskominfo": {
        "pegawai_own": 404,
        "pegawai_other": 200,
        "pegawai_impor": 403,
        "tugas_operator_dinkes": 404,
    },
    "verifikator_bkd": {
        "pegawai_own": 200,
        "pegawai_other": 200,
        "pegawai_impor": 403,
        "tugas_operator_dinkes": 404,
    },
    "pejabat": {
        "pegawai_own": 200,
        "pegawai_other": 200,
        "pegawai_impor": 403,
        "tugas_operator_dinkes": 404,
    },
    "admin_kepegawaian": {
        "pegawai_own": 200,
        "pegawai_other": 200,
        "pegawai_impor": 200,
        "tugas_operator_dinkes": 404,
    },
    "admin": {
        "pegawai_own": 200,
        "pegawai_other": 200,
        "pegawai_impor": 200,
        "tugas_operator_dinkes": 200,
    },
}
COMMON = {
    "home": 200,
    "pegawai_list": 200,
    "instansi_list": 200,
    "instansi_other": 200,
    "formasi_other": 200,
    "password_change": 200,
    "password_change_done": 200,
    "tugas_list": 200,
}


@pytest.mark.parametrize(
    ("role", "name", "status"),
    [
        (role, name, status)
        for role, specific in ROLE_TABLE.items()
        for name, status in {**COMMON, **specific}.items()
    ],
)
def test_url_role_status(client, request, urls, role, name, status):
    client.force_login(request.getfixturevalue(role))
    assert client.get(urls[name]).status_code == status


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
