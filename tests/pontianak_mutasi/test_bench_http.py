"""The HTTP measurement of ``manage.py bench``: wrk's report, the bench-only trivial view, the
server-side session, and (PostgreSQL, slow) a real gunicorn run."""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

from pontianak_mutasi.bench import http as bench_http
from pontianak_mutasi.bench.http import TRIVIAL_PATH, measure_http, parse_wrk

WRK_OK = """Running 1s test @ http://127.0.0.1:8000/usulan/persetujuan/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    71.47ms   12.30ms 140.10ms   80.12%
    Req/Sec   112.40     20.51   160.00     72.00%
  2243 requests in 10.02s, 81.03MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
Requests/sec:    223.86
Transfer/sec:      8.09MB
"""

WRK_ERRORS = """Running 1s test @ http://127.0.0.1:18777/nonexist
  1 threads and 2 connections
  1244 requests in 1.01s, 631.72KB read
  Non-2xx or 3xx responses: 1244
Requests/sec:   1236.96
Transfer/sec:    628.15KB
"""


def test_parse_wrk_reads_rate_requests_and_errors():
    assert parse_wrk(WRK_OK) == {
        "rps": 223.86,
        "requests": 2243,
        "non_2xx": 0,
        "socket_errors": 5,
    }
    assert parse_wrk(WRK_ERRORS)["non_2xx"] == 1244


def test_parse_wrk_refuses_output_without_a_rate():
    with pytest.raises(ValueError, match="Requests/sec"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused")


def test_trivial_view_exists_only_in_the_bench_urlconf(pejabat):
    with pytest.raises(Resolver404):
        resolve(TRIVIAL_PATH)
    client = Client()
    client.force_login(pejabat)
    assert client.get(TRIVIAL_PATH).status_code == 404
    with override_settings(ROOT_URLCONF="pontianak_mutasi.bench.urls"):
        response = client.get(TRIVIAL_PATH)
        assert response.status_code == 200
        assert response.content == b"ok"
        # Behind the login middleware like the pages it is compared with.
        assert Client().get(TRIVIAL_PATH).status_code == 302
        # The application's own pages are still there.
        assert client.get("/usulan/persetujuan/").status_code == 200


def test_server_side_session_signs_the_pejabat_in(pejabat):
    with bench_http._session_for(bench_http._pejabat(), secret_key=settings.SECRET_KEY) as key:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get("/usulan/persetujuan/")
        assert response.status_code == 200
        assert response.wsgi_request.user == pejabat
    # The session is deleted afterwards: the cookie no longer signs anyone in.
    assert client.get("/usulan/persetujuan/").status_code == 302


def test_session_signed_with_another_key_is_not_a_login(pejabat):
    with bench_http._session_for(pejabat, secret_key="another-key-" + "x" * 40) as key:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        assert client.get("/usulan/persetujuan/").status_code == 302


@pytest.mark.slow
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="gunicorn needs a database it can share"
)
@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
# Transactional: gunicorn reads the committed test database. serialized_rollback: the flush
# afterwards would delete the rows the data migrations made (roles …) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_measure_http_against_a_real_gunicorn(pejabat):
    lines: list[str] = []
    result = measure_http(duration=1, connections=2, log=lines.append)
    assert result["queue_rps"] > 0
    assert result["trivial_rps"] > 0
    assert result["queue_rendered_rps"] > 0
    assert result["ratio"] == pytest.approx(result["queue_rps"] / result["trivial_rps"])
    assert result["rendered_ratio"] == pytest.approx(
        result["queue_rendered_rps"] / result["trivial_rps"]
    )
    # gunicorn's workers share the page cache: the browser's second look is a stored page.
    assert result["queue_from_cache"] is True
    assert result["connections"] == 2
    assert result["duration_s"] == 1
    assert result["tool"] == "wrk"
    assert result["workers"] >= 1
    assert any("queue" in line for line in lines)
