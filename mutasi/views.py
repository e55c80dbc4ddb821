"""Proposal screens. Each view loads through a selector, validates a form, calls one service,
flashes a message and redirects (STYLE.md); a proposal outside the user's scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_fsm import can_proceed, has_transition_perm

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi import permissions, queries, rules, selectors, services
from mutasi.filters import AntrianPersetujuanFilter, UsulanFilter
from mutasi.forms import (
    DANGEROUS,
    LOG_LABELS,
    TRANSITIONS,
    BulkDecisionForm,
    DokumenReviewForm,
    DokumenUploadForm,
    OverrideForm,
    TransitionForm,
    UsulanCreateForm,
    UsulanUpdateForm,
    as_id,
    units_of,
)
from mutasi.models import Status, UsulanMutasi
from pontianak_mutasi.cache_halaman import cache_halaman

VIEW = "mutasi.view_usulanmutasi"
PROPOSE = "mutasi.propose_usulanmutasi"
VERIFY = "mutasi.verify_usulanmutasi"
DECIDE = "mutasi.decide_usulanmutasi"
PER_PAGE = 25
QUEUE_PER_PAGE = 50
BULK_RESULT_KEY = "mutasi_bulk_result"
EDITABLE = (Status.DRAFT, Status.DIKEMBALIKAN)


def _add_errors(form, exc: ValidationError | PermissionDenied) -> None:
    """Show a service's refusal on the form, next to the field it names when there is one."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    else:
        form.add_error(None, str(exc) or _("You may not do this."))


def _page(request: HttpRequest, qs, per_page: int = PER_PAGE) -> dict:
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    return {
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
    }


def _detail_url(usulan: UsulanMutasi, anchor: str = "") -> str:
    return reverse("mutasi:detail", args=[usulan.nomor]) + (f"#{anchor}" if anchor else "")


# -- list, create, edit -------------------------------------------------------------------


@permission_required(VIEW, raise_exception=True)
@cache_halaman
def usulan_list(request: HttpRequest) -> HttpResponse:
    # The eligibility summary (about 1.5 kB of JSON a row) is not on the list.
    qs = selectors.usulan_list_for_user(request.user).defer("ringkasan_kelayakan")
    filterset = UsulanFilter(request.GET, queryset=selectors.baris(qs))
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    context = _page(request, qs)
    selectors.isi_baris(context["page_obj"].object_list)
    return render(request, "mutasi/usulan_list.html", {"filter": filterset, **context})


def _prefill(params) -> dict:
    """?pegawai=<nip>&instansi=<kode>&jabatan=<kode> (from recommendations)."""
    initial = {}
    if params.get("pegawai"):
        initial["pegawai"] = params["pegawai"]
    if params.get("instansi"):
        initial["tujuan_instansi"] = (
            Instansi.objects.filter(kode=params["instansi"]).values_list("pk", flat=True).first()
        )
    if params.get("jabatan"):
        initial["tujuan_jabatan"] = (
            Jabatan.objects.filter(kode=params["jabatan"]).values_list("pk", flat=True).first()
        )
    return initial


def _form_context(form, usulan: UsulanMutasi | None = None, evaluasi: dict | None = None) -> dict:
    ids = [form[name].value() for name in ("tujuan_instansi", "tujuan_jabatan", "tujuan_unit")]
    return {"form": form, "usulan": usulan, "evaluasi": evaluasi, **_formasi_context(*ids)}


@permission_required(PROPOSE, raise_exception=True)
def usulan_create(request: HttpRequest) -> HttpResponse:
    form = UsulanCreateForm(request.POST or None, initial=_prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            usulan = services.usulan_create(
                actor=request.user, pegawai=form.cleaned_data["pegawai"], **data
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Proposal %(nomor)s saved as a draft. Upload the documents, then submit it.")
                % {"nomor": usulan.nomor},
            )
            return redirect(_detail_url(usulan))
    return render(request, "mutasi/usulan_form.html", _form_context(form))


@permission_required(PROPOSE, raise_exception=True)
def usulan_update(request: HttpRequest, nomor: str) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    if usulan.status not in EDITABLE:
        messages.error(request, _("Only a draft or returned proposal can be edited."))
        return redirect(_detail_url(usulan))
    initial = UsulanUpdateForm.initial_from(usulan)
    form = UsulanUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.usulan_update(actor=request.user, usulan=usulan, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Proposal %(nomor)s saved.") % {"nomor": usulan.nomor})
            return redirect(_detail_url(usulan))
    return render(request, "mutasi/usulan_form.html", _form_context(form, usulan))


# -- htmx helpers of the form -------------------------------------------------------------


@permission_required(PROPOSE, raise_exception=True)
def pegawai_cari(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("cari") or request.GET.get("q") or ""
    context = {"hasil": queries.pegawai_search(q), "q": q.strip()}
    context["terlalu_pendek"] = len(context["q"]) < queries.SEARCH_MIN_CHARS
    return render(request, "mutasi/_pegawai_hasil.html", context)


@permission_required(PROPOSE, raise_exception=True)
def unit_options(request: HttpRequest) -> HttpResponse:
    instansi_id = request.GET.get("tujuan_instansi", "")
    units = units_of(instansi_id)
    return render(request, "mutasi/_unit_options.html", {"units": units})


def _formasi_context(instansi_id, jabatan_id, unit_id) -> dict:
    def get(model, pk):
        pk = as_id(pk)
        return model.objects.filter(pk=pk).first() if pk is not None else None

    instansi, jabatan = get(Instansi, instansi_id), get(Jabatan, jabatan_id)
    if instansi is None or jabatan is None:
        return {"formasi_dipilih": False}
    unit = get(UnitKerja, unit_id)
    if unit is not None and unit.instansi_id != instansi.pk:
        unit = None  # the agency changed and the unit list is being reloaded
    rows, angka = queries.formasi_target(instansi, jabatan, unit)
    return {"formasi_dipilih": True, "formasi_rows": rows, "formasi_angka": angka}


@permission_required(PROPOSE, raise_exception=True)
def formasi_info(request: HttpRequest) -> HttpResponse:
    keys = ("tujuan_instansi", "tujuan_jabatan", "tujuan_unit")
    context = _formasi_context(*(request.GET.get(k) for k in keys))
    return render(request, "mutasi/_formasi.html", context)


def _evaluasi(results: list[rules.RuleResult], fit: rules.FitResult, usulan=None) -> dict:
    rows = (
        queries.baris_aturan(usulan, results)
        if usulan is not None and usulan.pk
        else [queries.BarisAturan(r, None) for r in results]
    )
    overridden = {r.hasil.kode for r in rows if r.pengecualian}
    return {
        "aturan": rows,
        "fit": fit,
        # "label: +points" rows; the finding's own full stop would sit before the colon.
        "fit_rincian": [(str(i.label).rstrip("."), i.poin, i.maks) for i in fit.rincian],
        "blocking": rules.blocking(results, overridden),
    }


@require_POST
@permission_required(PROPOSE, raise_exception=True)
def usulan_pratinjau(request: HttpRequest) -> HttpResponse:
    """Eligibility and fit of the unsaved form: nothing is written."""
    usulan = None
    if request.POST.get("nomor"):
        usulan = selectors.usulan_get_for_user(request.user, request.POST["nomor"])
        form = UsulanUpdateForm(request.POST)
    else:
        form = UsulanCreateForm(request.POST)
    evaluasi = None
    if form.is_valid():
        pegawai = usulan.pegawai if usulan else form.cleaned_data["pegawai"]
        draft = UsulanMutasi(pk=usulan.pk if usulan else None, pegawai=pegawai)
        for name, value in form.service_kwargs().items():
            setattr(draft, name, value)
        evaluasi = _evaluasi(*services.usulan_evaluate(draft), usulan=usulan)
    if request.htmx:
        return render(
            request, "mutasi/_evaluasi.html", {"form": form, "pratinjau": True, **(evaluasi or {})}
        )
    return render(request, "mutasi/usulan_form.html", _form_context(form, usulan, evaluasi))


# -- detail and documents -----------------------------------------------------------------


def _detail_context(request: HttpRequest, usulan: UsulanMutasi) -> dict:
    user = request.user
    results, fit, tercatat = services.usulan_evaluation_shown(usulan)
    return {
        "usulan": usulan,
        "evaluasi_tercatat": tercatat,
        **_evaluasi(results, fit, usulan),
        "dokumen": queries.baris_dokumen(usulan, services.persyaratan_list(usulan)),
        "log": [(e, LOG_LABELS.get(e.transition, e.transition)) for e in queries.log_for(usulan)],
        "aksi": [
            (t.name, TRANSITIONS[t.name][0], t.name in DANGEROUS)
            for t in usulan.get_available_user_status_transitions(user)
            # terbitkan_sk/selesaikan happen through the decree (sk_issue) and its TMT only.
            if t.name in TRANSITIONS
        ],
        "can_upload": usulan.status in EDITABLE and permissions.can_propose(usulan, user),
        "can_review": usulan.status == Status.VERIFIKASI and permissions.can_verify(usulan, user),
        "show_verifikasi_link": user.has_perm(VERIFY)
        and usulan.status in (Status.DIAJUKAN, Status.VERIFIKASI),
    }


@permission_required(VIEW, raise_exception=True)
def usulan_detail(request: HttpRequest, nomor: str) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    # Opening the proposal is reading what the notifications said about it.
    services.notifikasi_mark_read(user=request.user, usulan=usulan)
    return render(request, "mutasi/usulan_detail.html", _detail_context(request, usulan))


@require_POST
@permission_required("mutasi.issue_suratkeputusan", raise_exception=True)
def penanganan_selesai(request: HttpRequest, nomor: str) -> HttpResponse:
    """A BKD officer resolved a proposal flagged when its move could not be applied."""
    from mutasi.services.penerapan import usulan_resolve_penanganan

    usulan = selectors.usulan_get_for_user(request.user, nomor)
    try:
        usulan_resolve_penanganan(
            actor=request.user, usulan=usulan, catatan=request.POST.get("catatan", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as resolved; the next run applies the move."))
    return redirect(_detail_url(usulan))


@require_POST
@permission_required(PROPOSE, raise_exception=True)
def dokumen_upload(request: HttpRequest, nomor: str, persyaratan_pk: int) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    persyaratan = get_object_or_404(services.persyaratan_for(usulan), pk=persyaratan_pk)
    form = DokumenUploadForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["berkas"])
        services.dokumen_upload(
            actor=request.user,
            usulan=usulan,
            persyaratan=persyaratan,
            berkas=request.FILES["berkas"],
        )
    except ValidationError as exc:
        messages.error(request, f"{persyaratan.nama}: {' '.join(exc.messages)}")
    else:
        messages.success(request, _("Uploaded: %(dokumen)s.") % {"dokumen": persyaratan.nama})
    return redirect(_detail_url(usulan, "dokumen"))


def _next_url(request: HttpRequest, default: str) -> str:
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if url and safe else default


@require_POST
@permission_required(VERIFY, raise_exception=True)
def dokumen_review(request: HttpRequest, nomor: str, pk: int) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    dokumen = get_object_or_404(usulan.dokumen.select_related("persyaratan"), pk=pk)
    form = DokumenReviewForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose valid or invalid."))
        services.dokumen_review(actor=request.user, dokumen=dokumen, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, f"{dokumen.persyaratan.nama}: {' '.join(exc.messages)}")
    else:
        messages.success(
            request, _("Checked: %(dokumen)s.") % {"dokumen": dokumen.persyaratan.nama}
        )
    return redirect(_next_url(request, reverse("mutasi:verifikasi", args=[nomor])) + "#dokumen")


@permission_required(VIEW, raise_exception=True)
def dokumen_download(request: HttpRequest, nomor: str, pk: int) -> FileResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    dokumen = get_object_or_404(usulan.dokumen, pk=pk)
    response = FileResponse(
        dokumen.berkas.open("rb"),
        as_attachment=True,
        filename=dokumen.nama_asli,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- transitions --------------------------------------------------------------------------


@permission_required(VIEW, raise_exception=True)
def usulan_transition(request: HttpRequest, nomor: str, transition: str) -> HttpResponse:
    """GET: what will happen, with a note; POST: the transition, if the status is still the
    one the user saw."""
    if transition not in TRANSITIONS:
        raise Http404
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    method = getattr(usulan, transition)
    if request.method == "GET" and not can_proceed(method):
        messages.error(request, _("This action is not possible in the current status."))
        return redirect(_detail_url(usulan))
    if request.method == "GET" and not has_transition_perm(method, request.user):
        raise PermissionDenied
    form = TransitionForm(
        request.POST or None, transition=transition, initial={"status": usulan.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.usulan_transition(
                actor=request.user, usulan=usulan, transition=transition, **form.cleaned_data
            )
        except services.ConflictError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_detail_url(usulan))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(nomor)s: %(aksi)s – done.")
                % {"nomor": nomor, "aksi": TRANSITIONS[transition][0]},
            )
            return redirect(_detail_url(usulan))
    context = {
        "usulan": usulan,
        "form": form,
        "transition": transition,
        "label": TRANSITIONS[transition][0],
        "keterangan": TRANSITIONS[transition][1],
        "dangerous": transition in DANGEROUS,
    }
    return render(request, "mutasi/usulan_transition.html", context)


# -- verification -------------------------------------------------------------------------


def _verifikasi_context(request: HttpRequest, usulan: UsulanMutasi, **extra) -> dict:
    context = _detail_context(request, usulan)
    phase = permissions.PHASE_OF_TRANSITION
    context["aksi"] = [a for a in context["aksi"] if phase.get(a[0]) == permissions.VERIFY]
    context["can_override"] = context["can_review"]
    return {**context, **extra}


@permission_required(VERIFY, raise_exception=True)
def usulan_verifikasi(request: HttpRequest, nomor: str) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    return render(request, "mutasi/usulan_verifikasi.html", _verifikasi_context(request, usulan))


@require_POST
@permission_required(VERIFY, raise_exception=True)
def aturan_override(request: HttpRequest, nomor: str, kode: str) -> HttpResponse:
    usulan = selectors.usulan_get_for_user(request.user, nomor)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.usulan_override_rule(
                actor=request.user,
                usulan=usulan,
                kode_aturan=kode,
                alasan=form.cleaned_data["alasan"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The rule is overridden; the justification is in the log."))
            return redirect(reverse("mutasi:verifikasi", args=[nomor]) + "#aturan")
    context = _verifikasi_context(request, usulan, override_kode=kode, override_form=form)
    return render(request, "mutasi/usulan_verifikasi.html", context)


@permission_required(VERIFY, raise_exception=True)
@cache_halaman
def antrian_verifikasi(request: HttpRequest) -> HttpResponse:
    context = _page(request, selectors.baris(selectors.antrian_verifikasi(request.user)))
    selectors.isi_baris(context["page_obj"].object_list)
    queries.set_umur(context["page_obj"].object_list, "diajukan_at")
    return render(request, "mutasi/antrian_verifikasi.html", context)


# -- approval -----------------------------------------------------------------------------


@permission_required(DECIDE, raise_exception=True)
@cache_halaman
def antrian_persetujuan(request: HttpRequest) -> HttpResponse:
    queue = queries.antrian_persetujuan_rows(
        selectors.baris(selectors.antrian_persetujuan(request.user))
    )
    filterset = AntrianPersetujuanFilter(request.GET, queryset=queue)
    visible = selectors.usulan_list_for_user(request.user)
    form = BulkDecisionForm(request.POST or None, queryset=visible)
    if request.method == "POST" and form.is_valid():
        outcome = services.usulan_bulk_decide(
            actor=request.user,
            usulan_ids=form.ordered_ids,
            approve=form.cleaned_data["keputusan"] == form.APPROVE,
            note=form.cleaned_data["note"],
        )
        request.session[BULK_RESULT_KEY] = [
            {
                "nomor": u.nomor if u else "",
                "nama": u.pegawai.nama_lengkap if u else "",
                "ok": ok,
                "pesan": pesan,
            }
            for u, ok, pesan in outcome
        ]
        return redirect("mutasi:persetujuan_hasil")
    qs = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    context = {"filter": filterset, "form": form, **_page(request, qs, QUEUE_PER_PAGE)}
    rows = context["page_obj"].object_list
    selectors.isi_baris(rows)
    queries.dampak_formasi(rows)
    queries.set_umur(rows, "menunggu_sejak")
    return render(request, "mutasi/antrian_persetujuan.html", context)


@permission_required(DECIDE, raise_exception=True)
def persetujuan_hasil(request: HttpRequest) -> HttpResponse:
    hasil = request.session.get(BULK_RESULT_KEY)
    if hasil is None:
        return redirect("mutasi:antrian_persetujuan")
    berhasil = sum(1 for h in hasil if h["ok"])
    context = {"hasil": hasil, "berhasil": berhasil, "gagal": len(hasil) - berhasil}
    return render(request, "mutasi/persetujuan_hasil.html", context)


# -- notifications ------------------------------------------------------------------------


def notifikasi_list(request: HttpRequest) -> HttpResponse:
    context = _page(request, selectors.notifikasi_for_user(request.user))
    return render(request, "mutasi/notifikasi_list.html", context)


@require_POST
def notifikasi_baca_semua(request: HttpRequest) -> HttpResponse:
    n = services.notifikasi_mark_read(user=request.user)
    messages.success(
        request,
        ngettext("%(n)d notification marked as read.", "%(n)d notifications marked as read.", n)
        % {"n": n},
    )
    return redirect("notifikasi:list")
