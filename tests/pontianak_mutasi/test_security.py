"""Security settings (docs/security.md): production settings, headers and CSP, CSRF,
login lockout, session expiry and password validators."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.conftest import PASSWORD
from tests.factories import FormasiFactory

ROOT = Path(__file__).resolve().parents[2]
LOGIN = reverse("login")

# Never connected to: the checks must not need a database.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "pontianak_mutasi.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "simutasi.kalbarprov.go.id",
    "DATABASE_URL": "postgres://simutasi@127.0.0.1:1/simutasi",
}


def run_production(args: list[str], **env: str | None) -> subprocess.CompletedProcess:
    """Run Python with the real settings module (not settings_test) and production env vars;
    a None value removes the variable."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    environ.update(PRODUCTION_ENV)
    for key, value in env.items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


# -- production settings ------------------------------------------------------------------


def test_check_deploy_is_clean_with_production_settings():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": "dev-only-insecure-key-simutasi"}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS is required"),
        ({"DATABASE_URL": None}, "DATABASE_URL is required"),
    ],
)
def test_production_refuses_to_start_without(env, message):
    result = run_production(["manage.py", "check"], **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


PRINT_SETTINGS = """
import json
from django.conf import settings
names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
         "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_PROXY_SSL_HEADER"]
print(json.dumps({n: getattr(settings, n) for n in names}))
"""


def production_settings(**env: str) -> dict:
    result = run_production(["-c", PRINT_SETTINGS], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_turns_on_the_https_settings():
    assert production_settings() == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }


def test_https_settings_can_be_overridden():
    values = production_settings(
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_HSTS_SECONDS="3600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="false",
        DJANGO_HSTS_PRELOAD="false",
        DJANGO_SECURE_PROXY_SSL_HEADER="false",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    # Cookies stay secure whatever the proxy does.
    assert values["SESSION_COOKIE_SECURE"] is True


# -- headers and the Content Security Policy ----------------------------------------------


@pytest.fixture
def pages(operator_dinkes, dinkes):
    """(url, extra request headers, signed in?) for each kind of response."""
    formasi = FormasiFactory(instansi=dinkes)
    hx = {"HX-Request": "true"}
    return {
        "page": (reverse("home"), {}, True),
        "login": (LOGIN, {}, False),
        "public": (reverse("lacak"), {}, False),
        "download": (reverse("instansi:kesenjangan") + "?format=csv", {}, True),
        "htmx_partial": (
            reverse("instansi:formasi_detail", args=[dinkes.kode, formasi.pk]),
            hx,
            True,
        ),
        "not_found": ("/tidak-ada/", {}, True),
    }


@pytest.mark.parametrize(
    "kind", ["page", "login", "public", "download", "htmx_partial", "not_found"]
)
def test_security_headers(client, operator_dinkes, pages, kind):
    url, headers, signed_in = pages[kind]
    if signed_in:
        client.force_login(operator_dinkes)
    response = client.get(url, headers=headers)
    assert response.status_code == (404 if kind == "not_found" else 200)
    if kind == "download":
        assert response["Content-Disposition"].startswith("attachment")
    if kind == "htmx_partial":
        assert "<html" not in response.content.decode()

    csp = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert csp == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


TEMPLATES = ROOT / "templates"
INLINE = [
    (re.compile(r"\sstyle\s*="), "style attribute"),
    (re.compile(r"<style"), "<style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>"), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"\shx-on"), "hx-on (needs eval)"),
    (re.compile(r"javascript:"), "javascript: URL"),
]


@pytest.mark.parametrize(
    "path",
    # sk/ are the decree letters: WeasyPrint renders them on the server, outside any CSP.
    sorted(p for p in TEMPLATES.rglob("*.html") if p.parent != TEMPLATES / "sk"),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_templates_need_no_inline_script_or_style(path):
    """The CSP blocks these in the browser; catch them before a browser test has to."""
    source = path.read_text()
    found = [what for pattern, what in INLINE if pattern.search(source)]
    assert not found, f"{path.name}: {', '.join(found)}"


def test_htmx_evaluates_no_javascript(client, operator_dinkes):
    client.force_login(operator_dinkes)
    body = client.get(reverse("home")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", body)
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }


# -- CSRF ---------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True, headers={"accept-language": "en"})


@pytest.fixture
def posts(operator_dinkes, dinkes):
    """(url, data, htmx?, signed in?) for a sample of the forms."""
    formasi = FormasiFactory(instansi=dinkes)
    return {
        "login": (LOGIN, {"username": "operator_dinkes", "password": PASSWORD}, False, False),
        "logout": (reverse("logout"), {}, False, True),
        "password_change": (reverse("password_change"), {"old_password": PASSWORD}, False, True),
        "tracking": (reverse("lacak"), {"nip": "1" * 18, "nomor": "UM-2026-000001"}, False, False),
        "notifications": (reverse("notifikasi:baca_semua"), {}, False, True),
        "htmx_preview": (reverse("mutasi:pratinjau"), {"cari": ""}, True, True),
        "htmx_abk_totals": (
            reverse("instansi:abk_totals", args=[dinkes.kode, formasi.pk]),
            {},
            True,
            True,
        ),
    }


POST_NAMES = [
    "login",
    "logout",
    "password_change",
    "tracking",
    "notifications",
    "htmx_preview",
    "htmx_abk_totals",
]


@pytest.mark.parametrize("name", POST_NAMES)
def test_post_without_csrf_token_is_refused(csrf_client, operator_dinkes, posts, name):
    url, data, htmx, signed_in = posts[name]
    if signed_in:
        csrf_client.force_login(operator_dinkes)
    headers = {"HX-Request": "true"} if htmx else {}
    response = csrf_client.post(url, data, headers=headers)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


@pytest.mark.parametrize("name", POST_NAMES)
def test_post_with_the_token_htmx_sends_gets_through(csrf_client, operator_dinkes, posts, name):
    """The control: the token base.html gives htmx (hx-headers) is accepted."""
    url, data, htmx, signed_in = posts[name]
    if signed_in:
        csrf_client.force_login(operator_dinkes)
    page = csrf_client.get(reverse("home") if signed_in else LOGIN).content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page).group(1)
    headers = {"X-CSRFToken": token, **({"HX-Request": "true"} if htmx else {})}
    response = csrf_client.post(url, data, headers=headers)
    assert response.status_code != 403


# -- login lockout (django-axes) ----------------------------------------------------------


def test_lockout_after_five_failures_speaks_indonesian(db, operator_dinkes):
    client = Client(headers={"accept-language": "id"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "operator_dinkes", "password": "salah"})
    response = client.post(LOGIN, {"username": "operator_dinkes", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    with translation.override("id"):
        title = translation.gettext("Account locked")
        message = translation.gettext(
            "Too many failed login attempts. Your account is locked for one hour; contact the "
            "BKD administrator."
        )
    assert title == "Akun terkunci"
    assert message.startswith("Terlalu banyak percobaan masuk yang gagal.")
    assert title in body
    assert message in body
    assert response["Content-Security-Policy"]


def test_lockout_is_per_username_and_address(db, operator_dinkes):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN, {"username": "operator_dinkes", "password": "salah"}, REMOTE_ADDR="10.0.0.1"
        )
    locked = {"username": "operator_dinkes", "password": PASSWORD}
    assert client.post(LOGIN, locked, REMOTE_ADDR="10.0.0.1").status_code == 429
    # The same user from another address is not locked out by someone guessing elsewhere.
    assert Client().post(LOGIN, locked, REMOTE_ADDR="10.0.0.2").status_code == 302


def test_lockout_ends_after_the_cool_off(db, operator_dinkes):
    assert settings.AXES_COOLOFF_TIME == 1  # the lockout page says "one hour"
    client = Client()
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(LOGIN, {"username": "operator_dinkes", "password": "salah"})
    credentials = {"username": "operator_dinkes", "password": PASSWORD}
    # Trying again while locked does not restart the hour.
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert client.post(LOGIN, credentials).status_code == 429
    with time_machine.travel(start + dt.timedelta(hours=1, minutes=1), tick=False):
        assert client.post(LOGIN, credentials).status_code == 302


# -- sessions and passwords ---------------------------------------------------------------


def test_session_lasts_one_working_day_and_ends_with_the_browser(client, operator_dinkes):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        login = client.post(LOGIN, {"username": "operator_dinkes", "password": PASSWORD})
        assert login.status_code == 302
        response = client.get(reverse("home"))
        assert response.status_code == 200
        # A browser-session cookie: no Max-Age or Expires, gone when the browser closes.
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["max-age"]
        assert not cookie["expires"]
    with time_machine.travel(start + dt.timedelta(hours=7, minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + dt.timedelta(hours=8, minutes=1), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def test_password_validators_reject_a_weak_password(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert "This password is too short. It must contain at least 10 characters." in errors
    assert "This password is too common." in errors
    assert "This password is entirely numeric." in errors
    operator_dinkes.refresh_from_db()
    assert operator_dinkes.check_password(PASSWORD)


def test_password_validators_reject_one_like_the_username(client, operator_dinkes):
    client.force_login(operator_dinkes)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "operator_dinkes1",
            "new_password2": "operator_dinkes1",
        },
    )
    assert response.status_code == 200
    assert any("too similar" in e for e in response.context["form"].errors["new_password2"])
