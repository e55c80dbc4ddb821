"""A fixed-window rate limit per client address for the public pages (no login): the decree
verification page and the proposal tracking page.

The counters live in the default cache. With the default local-memory cache each server
process counts on its own, so N worker processes allow up to N times the limit; configure a
shared cache (e.g. Redis or the database cache) when the limit must hold across processes.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

WINDOW_SECONDS = 60


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy sets it
    # (behind a proxy, the proxy must overwrite REMOTE_ADDR, e.g. gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request: HttpRequest, *, scope: str, per_minute: int) -> bool:
    """Count this request against the client's one-minute window for ``scope``; True once
    the client has made more than ``per_minute`` requests in the current window.

    Each scope has its own allowance, so using one public page never locks a client out of
    the other.
    """
    key = f"ratelimit:{scope}:{client_ip(request)}:{int(time.time() // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=WINDOW_SECONDS + 10)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS + 10)
        count = 1
    return count > per_minute


def too_many_requests(request: HttpRequest, message: str) -> HttpResponse:
    """HTTP 429 with the page's own explanation and when to come back (Retry-After)."""
    response = render(request, "terlalu_sering.html", {"pesan": message}, status=429)
    response["Retry-After"] = str(WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS)
    return response
