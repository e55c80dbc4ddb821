"""The shared fixed-window rate limit of the public pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from pontianak_mutasi import ratelimit


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def request_from(address: str):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_allows_the_limit_then_refuses():
    request = request_from("10.0.0.1")
    outcomes = [ratelimit.over_limit(request, scope="a", per_minute=3) for _ in range(5)]
    assert outcomes == [False, False, False, True, True]


def test_scopes_and_addresses_count_separately():
    one, other = request_from("10.0.0.1"), request_from("10.0.0.2")
    for _ in range(2):
        ratelimit.over_limit(one, scope="a", per_minute=2)
    assert ratelimit.over_limit(one, scope="a", per_minute=2) is True
    assert ratelimit.over_limit(one, scope="b", per_minute=2) is False
    assert ratelimit.over_limit(other, scope="a", per_minute=2) is False


def test_forwarded_for_header_is_ignored():
    """A client cannot get a fresh allowance by inventing an X-Forwarded-For address."""
    factory = RequestFactory()
    for n in range(3):
        request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
        limited = ratelimit.over_limit(request, scope="a", per_minute=2)
    assert limited is True


def test_a_new_window_starts_afresh(monkeypatch):
    now = [1_000_040.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    request = request_from("10.0.0.1")
    assert [ratelimit.over_limit(request, scope="a", per_minute=1) for _ in range(2)] == [
        False,
        True,
    ]
    now[0] += ratelimit.WINDOW_SECONDS
    assert ratelimit.over_limit(request, scope="a", per_minute=1) is False


def test_response_is_429_with_retry_after(monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_000_040.0)  # 20 s into a window
    response = ratelimit.too_many_requests(request_from("10.0.0.1"), "Slow down <now>.")
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    assert "Slow down &lt;now&gt;." in response.content.decode()
