"""Request ids and the one log line per request (RequestIdMiddleware), in text and JSON."""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.conf import settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from pontianak_mutasi.logs import RequestIdFilter, request_id_var

GENERATED = re.compile(r"[0-9a-f]{32}")


def request_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "simutasi.request"]


@pytest.fixture
def caplog(caplog):
    caplog.set_level(logging.INFO, logger="simutasi.request")
    return caplog


def test_each_request_gets_a_new_id_in_the_header_and_one_log_line(client, db, caplog):
    first = client.get(reverse("login"))
    second = client.get(reverse("login"))
    assert GENERATED.fullmatch(first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    lines = request_lines(caplog)
    assert len(lines) == 2
    line = lines[0]
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/akun/masuk/", 200, None)
    assert line.request_id == first["X-Request-ID"]
    assert isinstance(line.duration_ms, float) and line.duration_ms >= 0


@pytest.mark.parametrize("incoming", ["0f1e2d3c4b5a69788796a5b4c3d2e1f0", "req-2026.11_29"])
def test_a_sane_id_from_nginx_is_kept(client, db, caplog, incoming):
    response = client.get(reverse("login"), headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] == incoming
    assert request_lines(caplog)[0].request_id == incoming


@pytest.mark.parametrize(
    "incoming", ["", "has space", "<script>", "a" * 65, "-leading-dash", "ünïcode", "x\ty"]
)
def test_an_odd_id_from_outside_is_replaced(client, db, caplog, incoming):
    response = client.get(reverse("login"), headers={"X-Request-ID": incoming})
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_the_line_names_the_user_and_leaves_out_the_query_string(client, caplog, verifikator_bkd):
    client.force_login(verifikator_bkd)
    response = client.get(reverse("pegawai:list") + "?q=198503122010011003")
    assert response.status_code == 200
    [line] = request_lines(caplog)
    assert (line.path, line.user_id) == (reverse("pegawai:list"), verifikator_bkd.pk)
    assert "1985" not in line.getMessage()


def test_a_redirect_to_the_login_page_is_logged_with_its_status(client, db, caplog):
    response = client.get(reverse("dasbor"))
    assert response.status_code == 302
    assert response["X-Request-ID"]
    [line] = request_lines(caplog)
    assert (line.status, line.user_id) == (302, None)


def test_other_log_lines_during_the_request_carry_its_id(client, db):
    """Django's own "Not Found" warning is matched to the request by the id (the filter that
    the console handler runs)."""
    seen = []

    class Collect(logging.Handler):
        def emit(self, record):
            seen.append(record)

    handler = Collect()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client.get("/tidak-ada/", headers={"X-Request-ID": "abc123"})
    finally:
        logger.removeHandler(handler)
    assert response.status_code in (302, 404)
    assert response["X-Request-ID"] == "abc123"
    assert seen and {r.request_id for r in seen} == {"abc123"}
    assert request_id_var.get() is None  # reset after the request


def test_json_line_parses_with_the_expected_keys(client, caplog, verifikator_bkd):
    """The formatter exactly as DJANGO_LOG_FORMAT=json configures it (settings.LOGGING)."""
    config = dict(settings.LOGGING["formatters"]["json"])
    assert config.pop("()") == "pythonjsonlogger.json.JsonFormatter"
    formatter = JsonFormatter(**config)
    client.force_login(verifikator_bkd)
    client.get(reverse("dasbor"), headers={"X-Request-ID": "req-1"})
    [record] = request_lines(caplog)
    line = formatter.format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert {
        "timestamp",
        "level",
        "logger",
        "message",
        "method",
        "path",
        "status",
        "duration_ms",
        "user_id",
        "request_id",
    } <= set(data)
    assert (data["level"], data["logger"]) == ("INFO", "simutasi.request")
    assert (data["method"], data["path"], data["status"]) == ("GET", "/dasbor/", 200)
    assert (data["user_id"], data["request_id"]) == (verifikator_bkd.pk, "req-1")
    assert data["timestamp"].endswith("+00:00")
