"""Decree (SK) screens: list, compose, draft edit and preview, issue, download, background
rendering progress, petikan (extracts) and revocation. Each view loads through a selector,
calls one service and redirects (STYLE.md); a decree outside the user's scope is a 404."""

from __future__ import annotations

import io
import zipfile

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mutasi import documents, selectors, selectors_sk, services
from mutasi.forms_sk import AlasanForm, SkComposeForm, SkUpdateForm
from mutasi.models import StatusSK, SuratKeputusan
from mutasi.views import _add_errors, _page

VIEW_SK = "mutasi.view_suratkeputusan"
ISSUE_SK = "mutasi.issue_suratkeputusan"


def _detail_url(sk: SuratKeputusan) -> str:
    return reverse("mutasi:sk_detail", args=[sk.pk])


def _filename(sk: SuratKeputusan, prefix: str = "SK") -> str:
    return f"{prefix}-{(sk.nomor or f'draf-{sk.pk}').replace('/', '-')}"


def _pdf_response(data: bytes | None, filename: str, file=None) -> HttpResponse:
    """An attachment, never rendered inline by the browser."""
    if file is not None:
        response = FileResponse(
            file, as_attachment=True, filename=filename, content_type="application/pdf"
        )
    else:
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _draft_or_404(request: HttpRequest, pk: int) -> SuratKeputusan:
    sk = selectors_sk.sk_get_for_user(request.user, pk)
    if sk.status != StatusSK.DRAFT:
        raise Http404
    return sk


def _issued_or_404(request: HttpRequest, pk: int) -> SuratKeputusan:
    sk = selectors_sk.sk_get_for_user(request.user, pk)
    if sk.status == StatusSK.DRAFT:
        raise Http404
    return sk


# -- list, compose, edit ------------------------------------------------------------------


@permission_required(VIEW_SK, raise_exception=True)
def sk_list(request: HttpRequest) -> HttpResponse:
    qs = selectors_sk.sk_list_for_user(request.user)
    return render(request, "mutasi/sk_list.html", _page(request, qs))


@permission_required(ISSUE_SK, raise_exception=True)
def sk_compose(request: HttpRequest) -> HttpResponse:
    usulan_qs = selectors_sk.usulan_without_sk(request.user)
    chosen = usulan_qs.filter(nomor__in=request.GET.getlist("usulan"))
    form = SkComposeForm(request.POST or None, usulan_qs=usulan_qs, initial={"usulan": chosen})
    if request.method == "POST" and form.is_valid():
        try:
            sk = services.sk_compose(actor=request.user, **form.service_kwargs())
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Draft decree saved. Check the preview, then issue it."))
            return redirect(_detail_url(sk))
    return render(request, "mutasi/sk_form.html", {"form": form})


@permission_required(ISSUE_SK, raise_exception=True)
def sk_update(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _draft_or_404(request, pk)
    form = SkUpdateForm(request.POST or None, instance=sk)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.sk_update_draft(actor=request.user, sk=sk, **changes)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Draft decree saved."))
            return redirect(_detail_url(sk))
    return render(request, "mutasi/sk_form.html", {"form": form, "sk": sk})


# -- detail, files ------------------------------------------------------------------------


@permission_required(VIEW_SK, raise_exception=True)
def sk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sk = selectors_sk.sk_get_for_user(request.user, pk)
    visible = set(selectors.usulan_list_for_user(request.user).values_list("pk", flat=True))
    usulan, lainnya = selectors_sk.sk_usulan_for_user(request.user, sk)
    context = {
        "sk": sk,
        "usulan": usulan,
        "lainnya": lainnya,  # employees of other agencies in the decree, not shown
        "can_download_full": lainnya == 0,
        "visible": visible,
        "koreksi": sk.dicabut_oleh.order_by("-created_at"),
        "verification_url": documents.verification_url(sk),
        "can_issue": request.user.has_perm(ISSUE_SK),
    }
    return render(request, "mutasi/sk_detail.html", context)


@permission_required(ISSUE_SK, raise_exception=True)
def sk_preview(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _draft_or_404(request, pk)
    return _pdf_response(documents.render_sk_pdf(sk, draft=True), f"{_filename(sk)}-DRAF.pdf")


@permission_required(VIEW_SK, raise_exception=True)
def sk_download(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _issued_or_404(request, pk)
    # An operator whose agency shares a collective decree with others gets the petikan of
    # their own employees, not the whole PDF with the other agencies' names and NIPs.
    if not sk.berkas or not selectors_sk.sk_full_pdf_allowed(request.user, sk):
        raise Http404
    return _pdf_response(None, f"{_filename(sk)}.pdf", file=sk.berkas.open("rb"))


@permission_required(VIEW_SK, raise_exception=True)
def sk_petikan(request: HttpRequest, pk: int, nomor: str) -> HttpResponse:
    sk = _issued_or_404(request, pk)
    # An operator gets the petikan of their own agency's employees only.
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    if not sk.usulan.filter(pk=usulan.pk).exists():
        raise Http404
    data = documents.render_petikan_pdf(sk, usulan.pk)
    return _pdf_response(data, f"{_filename(sk, 'Petikan')}-{usulan.pegawai.nip}.pdf")


@permission_required(VIEW_SK, raise_exception=True)
def sk_petikan_zip(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _issued_or_404(request, pk)
    usulan = selectors_sk.sk_usulan(sk).filter(
        pk__in=selectors.usulan_list_for_user(request.user).values("pk")
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for u in usulan:
            name = f"{_filename(sk, 'Petikan')}-{u.pegawai.nip}.pdf"
            archive.writestr(name, documents.render_petikan_pdf(sk, u.pk))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{_filename(sk, "Petikan")}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required(VIEW_SK, raise_exception=True)
def sk_render_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress partial; htmx polls it every 2 s until the rendering is done or failed."""
    sk = _issued_or_404(request, pk)
    context = {
        "sk": sk,
        "can_issue": request.user.has_perm(ISSUE_SK),
        "can_download_full": selectors_sk.sk_full_pdf_allowed(request.user, sk),
    }
    return render(request, "mutasi/_sk_render.html", context)


@require_POST
@permission_required(ISSUE_SK, raise_exception=True)
def sk_render_retry(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _issued_or_404(request, pk)
    try:
        services.sk_render_retry(actor=request.user, sk=sk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The PDF is queued for rendering again."))
    return redirect(_detail_url(sk))


# -- transitions: GET confirms, POST acts -------------------------------------------------


@permission_required(ISSUE_SK, raise_exception=True)
def sk_issue(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _draft_or_404(request, pk)
    if request.method == "POST":
        try:
            sk = services.sk_issue(actor=request.user, sk=sk)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Decree %(nomor)s issued.") % {"nomor": sk.nomor})
        return redirect(_detail_url(sk))
    context = {"sk": sk, "aksi": "issue", "usulan": selectors_sk.sk_usulan(sk)}
    return render(request, "mutasi/sk_confirm.html", context)


@permission_required(ISSUE_SK, raise_exception=True)
def sk_discard(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _draft_or_404(request, pk)
    if request.method == "POST":
        services.sk_discard_draft(actor=request.user, sk=sk)
        messages.success(request, _("Draft decree discarded."))
        return redirect("mutasi:sk_list")
    context = {"sk": sk, "aksi": "discard", "usulan": selectors_sk.sk_usulan(sk)}
    return render(request, "mutasi/sk_confirm.html", context)


@permission_required(ISSUE_SK, raise_exception=True)
def sk_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    sk = _issued_or_404(request, pk)
    form = AlasanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            koreksi = services.sk_revoke(actor=request.user, sk=sk, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Correcting decree drafted. %(nomor)s is revoked when it is issued.")
                % {"nomor": sk.nomor},
            )
            return redirect(_detail_url(koreksi))
    context = {"sk": sk, "aksi": "revoke", "usulan": selectors_sk.sk_usulan(sk), "form": form}
    return render(request, "mutasi/sk_confirm.html", context)
