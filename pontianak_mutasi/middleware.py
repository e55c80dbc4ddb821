"""Requests refused before any view runs."""

from __future__ import annotations

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.views.defaults import bad_request


class RejectNulMiddleware:
    """A NUL byte in the path, a query string or a form field gets a 400.

    PostgreSQL refuses NUL in text, so a NUL that reaches a query (a path segment, a filter
    parameter read straight from ``request.GET``) is a 500. No browser sends one: it is a
    forged request or a broken client, and one check here covers every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            # Django's 400 view renders templates/400.html (in Indonesian).
            return bad_request(request, SuspiciousOperation("NUL byte in the request"))
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
