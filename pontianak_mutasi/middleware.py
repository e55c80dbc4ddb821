"""Request middleware: a request id and one log line per request; requests refused before any
view runs."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.core.exceptions import SuspiciousOperation
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from django.views.defaults import bad_request

from pontianak_mutasi.logs import request_id_var

request_logger = logging.getLogger("simutasi.request")

# What nginx's $request_id (32 hex digits) or a UUID looks like. Anything else from outside is
# replaced: the id is written into every log line and the response header.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class RequestIdMiddleware:
    """One id per request (``X-Request-ID`` from nginx when sane, else a new one), echoed in
    the response header and in every log line, and one log line per request.

    First in MIDDLEWARE, so the duration covers the whole stack and every response gets the
    header. The line carries the path without its query string: filters can hold an NIP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Cleared when the response is closed (request_finished), not on the way out of here:
        # Django logs a 4xx ("Not Found: …") after the whole middleware chain has returned.
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response["X-Request-ID"] = request_id
        request_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "request_id": request_id,
            },
        )
        return response


@receiver(request_finished, dispatch_uid="simutasi_forget_request_id")
def _forget_request_id(**kwargs) -> None:
    request_id_var.set(None)


def _user_id(request: HttpRequest) -> int | None:
    user = getattr(request, "user", None)
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        # Nothing in this request needed the user: do not load the session just to log.
        return None
    return user.pk if user.is_authenticated else None


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
