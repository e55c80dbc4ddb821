"""The application's URLs plus ``bench/trivial/``: the cheapest page Django can serve behind the
same middleware (session, login, CSRF, CSP …), the baseline pages are measured against.

Only ``settings_bench`` routes here, so the trivial view never exists in production (and the
permission matrix, which walks the normal urlconf, never sees it).
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from pontianak_mutasi.urls import urlpatterns as app_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    # Login required (the middleware's default), like the pages it is compared with.
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *app_urlpatterns]
