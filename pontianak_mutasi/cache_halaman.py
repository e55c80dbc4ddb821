"""Rendered pages kept until the data changes: a validated page cache (docs/scaling.md).

The busiest read-only pages (the approval queue, the proposal list, the gap table) render
dozens of rows through Django templates; the same user reloading the same page with nothing
changed in between gets the HTML rendered last time instead.

Validity is not a guess by time: every write to the database through Django — any process,
the web server, the task worker, a management command — replaces the *data generation*, a
random token in the shared cache (Redis in production). A page is stored with the generation
it was rendered under and served only while that generation is still current, so a decision,
an import, a new holder of a position or a read notification shows on the next request.
The generation (pontianak_mutasi/generasi.py) is replaced when a statement writes *and*
again when its transaction commits, so a page rendered from the old data in between cannot
outlive the commit. An UPDATE or DELETE that matched no row wrote nothing and keeps it
(opening a proposal marks its notifications read, and there are usually none).

What a stored page is keyed by: the view, the user, the full path with its query string, the
language, the CSRF secret of the browser (the page embeds a token for it), an htmx request or
not, and today's date (pages show ages in days). Not kept: pages with flash messages waiting,
anything but a 200 HTML answer, requests without a CSRF cookie yet, and views reading from a
read replica (a replica may not have the write yet that replaced the generation).

Writes that do not go through Django (psql, another program) are not seen: the time limit
``PAGE_CACHE_SECONDS`` bounds how long such a change can go unseen. 0 turns the cache off.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from pontianak_mutasi.generasi import Generasi

PAGE_KEY_PREFIX = "simutasi:halaman:"

# Statements that change data or schema. A WITH … INSERT/UPDATE/DELETE counts as well.
_WRITE = re.compile(
    r"^\s*(?:INSERT|UPDATE|DELETE|TRUNCATE|MERGE|COPY|ALTER|CREATE|DROP|REPLACE)\b"
    r"|^\s*WITH\b.*\b(?:INSERT|UPDATE|DELETE)\b",
    re.IGNORECASE | re.DOTALL,
)
# Writes no page shows: the session store (a sign-in changes the user, hence the key; flash
# messages skip the cache), django-axes' sign-in records and the task queue's own rows (a
# page that starts a background refresh, the worker taking and finishing a job).
_IGNORED_TABLES = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?'
    r"(?:django_session|axes_|django_tasks_database_)",
    re.IGNORECASE,
)


def is_data_write(sql: str) -> bool:
    return bool(_WRITE.match(sql)) and not _IGNORED_TABLES.match(sql)


# Replaced by any data write (``is_data_write``): every stored page becomes stale.
DATA = Generasi("data", None, "PAGE_CACHE_SECONDS", writes=is_data_write)


def _page_key(request: HttpRequest, view_name: str) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    parts = [
        view_name,
        str(request.user.pk),
        request.get_full_path(),
        get_language() or "",
        secret,
        "htmx" if request.headers.get("HX-Request") else "",
        timezone.localdate().isoformat(),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return PAGE_KEY_PREFIX + digest


def _cacheable(request: HttpRequest) -> bool:
    from pontianak_mutasi.db_router import replica_configured

    return (
        DATA.timeout() > 0
        and request.method == "GET"
        and request.user.is_authenticated
        # Flash messages are shown once; a stored page would show them again or not at all.
        and not len(getattr(request, "_messages", ()))
        and not replica_configured()
    )


def cache_halaman[F: Callable](view: F) -> F:
    """Serve ``view``'s page from the cache while the data generation it was rendered under
    is current. Put it below the permission decorators: they run on every request."""
    view_name = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        key = _page_key(request, view_name) if _cacheable(request) else None
        if key is None:
            return view(request, *args, **kwargs)
        found = cache.get_many([DATA.key, key])
        generation = found.get(DATA.key) or DATA.renew()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            get_token(request)  # renew the CSRF cookie as the rendered page would
            response = HttpResponse(stored[2], content_type=stored[1])
            response["X-Simutasi-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        content_type = response.get("Content-Type", "")
        if (
            response.status_code == 200
            and content_type.startswith("text/html")
            and not response.streaming
            and not response.cookies
        ):
            cache.set(key, (generation, content_type, response.content), DATA.timeout())
        return response

    return wrapper  # type: ignore[return-value]
