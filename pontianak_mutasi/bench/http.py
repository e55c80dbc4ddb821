"""Throughput of the approval queue against a trivial view, served by a real gunicorn.

``measure_http`` starts gunicorn as production runs it (``workers = os.cpu_count()``, debug
off, static files collected, whitenoise) on a free local port, with ``settings_bench`` (the
application's URLs plus ``bench/trivial/``). It signs the approving official in with a
server-side session — no password needed — and lets ``wrk`` hammer each page with that
session's cookie and the CSRF cookie the first page set (as a browser keeps it), so an unchanged
queue comes from the validated page cache; and once more without the CSRF cookie, so the queue
is rendered on every request. The trivial view runs behind the same middleware and the same
session, so the ratios measure what the queue page itself costs.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from http.cookies import SimpleCookie
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

QUEUE_PATH = "/usulan/persetujuan/"
TRIVIAL_PATH = "/bench/trivial/"
BENCH_SETTINGS = "pontianak_mutasi.settings_bench"
PEJABAT_USERNAME = "pejabat"

_RPS = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_REQUESTS = re.compile(r"(\d+) requests in ")


def parse_wrk(output: str) -> dict:
    """Requests/s, request count, non-2xx/3xx responses and socket errors from wrk's report."""
    rps = _RPS.search(output)
    if rps is None:
        raise ValueError(f"no Requests/sec in wrk output:\n{output}")
    non_2xx = _NON_2XX.search(output)
    errors = _SOCKET_ERRORS.search(output)
    requests = _REQUESTS.search(output)
    return {
        "rps": float(rps.group(1)),
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def database_url() -> str:
    """The database this process uses (the test database under pytest), as a DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(db["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise RuntimeError("gunicorn cannot share an in-memory SQLite database")
        return f"sqlite:///{name}"
    if connection.vendor != "postgresql":
        raise RuntimeError(f"unsupported database for the HTTP benchmark: {connection.vendor}")
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(str(db['NAME']), safe='')}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pejabat():
    from pontianak_mutasi.models import Role, User

    user = User.objects.filter(username=PEJABAT_USERNAME, is_active=True).first()
    if user is None:
        user = (
            User.objects.filter(groups__name=Role.PEJABAT_PENYETUJU, is_active=True)
            .order_by("pk")
            .first()
        )
    if user is None:
        raise RuntimeError("No approving official (pejabat) to sign in; run seed_demo.")
    return user


@contextmanager
def _session_for(user, *, secret_key: str):
    """A stored, logged-in session for ``user``, signed with the server's secret key (the
    session data and the auth hash both depend on it); deleted afterwards."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.test.utils import override_settings

    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    with override_settings(SECRET_KEY=secret_key):
        session = store_class()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = "pontianak_mutasi.akses.AksesBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
    try:
        yield session.session_key
    finally:
        session.delete()


def _server_env(*, secret_key: str, static_root: str, db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=BENCH_SETTINGS,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secret_key,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=db_url,
        SIMUTASI_BENCH_STATIC_ROOT=static_root,
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def _get(port: int, path: str, cookie: str) -> int:
    return _get_response(port, path, cookie)[0]


def _get_response(port: int, path: str, cookie: str) -> tuple[int, http.client.HTTPMessage]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        return response.status, response.msg
    finally:
        conn.close()


def _csrf_cookie(headers: http.client.HTTPMessage) -> str:
    """The ``name=value`` of the CSRF cookie a page set, as a browser would keep it."""
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    morsel = cookies.get(settings.CSRF_COOKIE_NAME)
    if morsel is None:
        raise RuntimeError("the approval queue set no CSRF cookie")
    return f"{settings.CSRF_COOKIE_NAME}={morsel.value}"


def _wait_ready(port: int, server: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-3000:]}")
        try:
            _get(port, "/healthz", "")  # any answer (503 without a task worker) means up
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer in {timeout:.0f} s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown of its workers
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wrk(url: str, *, cookie: str, duration: int, connections: int) -> dict:
    threads = max(1, min(connections, os.cpu_count() or 1))
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "30s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result = parse_wrk(done.stdout)
    if result["non_2xx"]:
        raise RuntimeError(f"{url}: {result['non_2xx']} non-2xx/3xx responses\n{done.stdout}")
    return result


def measure_http(*, duration: int = 10, connections: int = 16, log: Callable = print) -> dict:
    """Requests/s of the approval queue and of the trivial view, and their ratio."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    workers = os.cpu_count() or 1
    secret_key = secrets.token_urlsafe(50)
    base_dir = Path(settings.BASE_DIR)
    with tempfile.TemporaryDirectory(prefix="simutasi-bench-") as tmp:
        static_root = str(Path(tmp) / "static")
        env = _server_env(secret_key=secret_key, static_root=static_root, db_url=database_url())
        log("http: collecting static files …")
        subprocess.run(
            [sys.executable, str(base_dir / "manage.py"), "collectstatic", "--noinput", "-v0"],
            cwd=base_dir,
            env=env,
            check=True,
        )
        port = _free_port()
        log_path = Path(tmp) / "gunicorn.log"
        with (
            _session_for(_pejabat(), secret_key=secret_key) as session_key,
            log_path.open("w") as server_log,
        ):
            cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "pontianak_mutasi.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    str(workers),
                    "--timeout",
                    "60",
                ],
                cwd=base_dir,
                env=env,
                stdout=server_log,
                stderr=subprocess.STDOUT,
            )
            try:
                _wait_ready(port, server, log_path)
                # A browser keeps the CSRF cookie the first page sets; with it, a page the
                # user saw before is served from the page cache while no data changed
                # (pontianak_mutasi/cache_halaman.py). Without it (a first visit), the queue
                # is rendered on every request: measured too, as "queue_rendered".
                status, headers = _get_response(port, QUEUE_PATH, cookie)
                browser = f"{cookie}; {_csrf_cookie(headers)}" if status == 200 else cookie
                pages = (
                    ("queue", QUEUE_PATH, browser),
                    ("queue_rendered", QUEUE_PATH, cookie),
                    ("trivial", TRIVIAL_PATH, browser),
                )
                for _name, path, cookies in pages:
                    # A redirect to the login page would be measured as a fast page.
                    status = _get(port, path, cookies)
                    if status != 200:
                        raise RuntimeError(
                            f"{path} answered {status}, not 200:\n{log_path.read_text()[-3000:]}"
                        )
                # Warm every worker up (templates, translations, URL resolver) on each page
                # before measuring, so the first page measured does not pay for the cold start.
                for _name, path, cookies in pages:
                    url = f"http://127.0.0.1:{port}{path}"
                    _wrk(url, cookie=cookies, duration=1, connections=connections)
                # The browser's second look at an unchanged queue comes from the page cache.
                _status, headers = _get_response(port, QUEUE_PATH, browser)
                from_cache = headers.get("X-Simutasi-Cache") == "hit"
                results: dict[str, dict[str, Any]] = {}
                for name, path, cookies in pages:
                    url = f"http://127.0.0.1:{port}{path}"
                    results[name] = _wrk(
                        url, cookie=cookies, duration=duration, connections=connections
                    )
                    log(
                        f"http {name} {path}: {results[name]['rps']:.1f} requests/s "
                        f"({results[name]['requests']} requests, "
                        f"{results[name]['socket_errors']} socket errors)"
                    )
            finally:
                _stop(server)
    queue, trivial = results["queue"]["rps"], results["trivial"]["rps"]
    rendered = results["queue_rendered"]["rps"]
    ratio = queue / trivial if trivial else 0.0
    rendered_ratio = rendered / trivial if trivial else 0.0
    log(
        f"http queue/trivial: {ratio:.1%} as served, {rendered_ratio:.1%} rendered every time "
        f"({workers} workers, {connections} connections)"
    )
    return {
        "queue_rps": queue,
        "queue_rendered_rps": rendered,
        "trivial_rps": trivial,
        "ratio": ratio,
        "rendered_ratio": rendered_ratio,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "queue_from_cache": from_cache,
        "workers": workers,
        "connections": connections,
        "duration_s": duration,
        "tool": "wrk",
    }
