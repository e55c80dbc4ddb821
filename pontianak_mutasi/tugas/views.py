"""Background-job screens: the user's jobs, a job's result page (its status partial polled by
htmx while it runs), the result download and the retry. Another user's job is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from mutasi.models.sk import RenderStatus
from mutasi.selectors_sk import sk_list_for_user
from pontianak_mutasi.importing.tables import CONTENT_TYPES
from pontianak_mutasi.models import StatusTugas
from pontianak_mutasi.tugas import selectors, services
from pontianak_mutasi.tugas.progress import with_live_progress

PER_PAGE = 25
#: How often htmx asks for a running job's status (an htmx interval, never localised), and
#: how often a page without JavaScript reloads itself (meta refresh, in seconds).
POLL_INTERVAL = "1500ms"
LIST_POLL_INTERVAL = "5s"
RELOAD_SECONDS = 3


def _context(request: HttpRequest, tugas) -> dict:
    return {
        "tugas": tugas,
        "can_manage": selectors.tugas_may_manage(request.user, tugas),
        "can_retry": selectors.tugas_can_retry(tugas),
        "poll_interval": POLL_INTERVAL,
        "reload_seconds": RELOAD_SECONDS,
    }


@login_required
def tugas_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.tugas_list_for_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    page.object_list = [with_live_progress(t) for t in page.object_list]
    context = {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "show_owner": request.user.is_superuser,
        "any_active": any(t.is_active for t in page.object_list),
        "reload_seconds": RELOAD_SECONDS * 2,
        "list_poll_interval": LIST_POLL_INTERVAL,
    }
    if request.user.has_perm("mutasi.view_suratkeputusan"):
        # Decree PDFs still rendering (or failed) live on their decree; listed here so every
        # long-running thing of the user can be found in one place.
        context["sk_render"] = sk_list_for_user(request.user).filter(
            render_status__in=[RenderStatus.PENDING, RenderStatus.RUNNING, RenderStatus.FAILED]
        )[:20]
    return render(request, "tugas/tugas_list.html", context)


@login_required
@vary_on_headers("HX-Request")
@never_cache
def tugas_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The result page; an htmx request gets only the status partial it polls."""
    tugas = selectors.tugas_get_for_user(request.user, pk)
    template = "tugas/_tugas_status.html" if request.htmx else "tugas/tugas_detail.html"
    return render(request, template, _context(request, tugas))


@login_required
def tugas_download(request: HttpRequest, pk: int) -> FileResponse:
    tugas = selectors.tugas_get_for_user(request.user, pk)
    if tugas.status != StatusTugas.DONE or not tugas.result_file:
        raise Http404
    suffix = tugas.result_name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        tugas.result_file.open("rb"),
        as_attachment=True,
        filename=tugas.result_name,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Personal data: no shared cache (proxy) may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def tugas_retry(request: HttpRequest, pk: int) -> HttpResponse:
    tugas = selectors.tugas_get_for_user(request.user, pk)
    try:
        services.tugas_retry(actor=request.user, tugas=tugas)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The job is queued again."))
    return redirect("tugas:detail", pk=tugas.pk)
