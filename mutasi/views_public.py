"""Public pages (no login), both rate-limited per client address.

The verification page of a decree is read-only apart from a hash check. What it shows is
what the decree itself prints for anyone holding it: number, dates, names, masked NIPs, old
and new positions, and the PDF's SHA-256 — read from the frozen snapshot. It never shows
internal ids, proposal numbers, full NIPs or anything else about the employees.

The tracking page lets a civil servant follow their own proposal with their NIP and its
number; what it shows is decided in ``mutasi/selectors_lacak.py`` (docs/lacak.md).
"""

from __future__ import annotations

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from mutasi import documents
from mutasi.forms_lacak import LacakForm
from mutasi.models import StatusSK, SuratKeputusan
from mutasi.selectors_lacak import usulan_lacak
from mutasi.selectors_sk import sk_by_token
from pontianak_mutasi import ratelimit

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class CekBerkasForm(forms.Form):
    berkas = forms.FileField(label=gettext_lazy("Decree PDF to check"))

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return berkas


def mask_nip(nip: str) -> str:
    """19850312 201001 1 003 → 1985**** ****** * 003: enough to tell people apart, while the
    birth date and the appointment month (personal data) stay hidden from the public."""
    if len(nip) != 18:
        return "*" * len(nip)
    return f"{nip[:4]}**** ****** * {nip[-3:]}"


def _jabatan(*parts: str) -> str:
    return ", ".join(part for part in parts if part)


def _public_context(sk: SuratKeputusan) -> dict:
    data = sk.snapshot
    pegawai = [
        {
            "nama": p["nama"],
            "nip": mask_nip(p["nip"]),
            "jabatan_lama": _jabatan(p["jabatan_lama"], p["unit_lama"], p["instansi_lama"]),
            "jabatan_baru": _jabatan(p["jabatan_baru"], p["unit_baru"], p["instansi_baru"]),
        }
        for p in data.get("pegawai", [])
    ]
    pencabut = (
        sk.dicabut_oleh.filter(status=StatusSK.TERBIT).only("nomor", "token").first()
        if sk.status == StatusSK.DICABUT
        else None
    )
    return {
        "sk": sk,
        "nomor": sk.nomor,
        "tanggal_penetapan": documents.indonesian_date(sk.tanggal_penetapan),
        "tmt": documents.indonesian_date(sk.tmt),
        "pegawai": pegawai,
        "pencabut": pencabut,
        "dicabut": sk.status == StatusSK.DICABUT,
    }


def _sha256(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@login_not_required
@require_http_methods(["GET", "POST"])
def sk_verifikasi(request: HttpRequest, token: str) -> HttpResponse:
    if ratelimit.over_limit(
        request, scope="sk-verify", per_minute=settings.SIMUTASI["VERIFY_RATE_PER_MINUTE"]
    ):
        return ratelimit.too_many_requests(
            request,
            _("Too many verification requests from your address. Wait a minute, then try again."),
        )
    # Refuse an oversized upload before Django reads the body.
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES + 64 * 1024:
        return HttpResponse(_("The file is larger than 20 MB."), status=413)
    sk = sk_by_token(token)
    form = CekBerkasForm(request.POST or None, request.FILES or None)
    identik = None
    if request.method == "POST" and form.is_valid() and sk.sha256:
        identik = hmac.compare_digest(_sha256(form.cleaned_data["berkas"]), sk.sha256)
    context = {**_public_context(sk), "form": form, "identik": identik}
    return render(request, "verifikasi/sk.html", context)


@login_not_required
@never_cache  # the answer is personal: no shared cache or browser history keeps it
@require_http_methods(["GET", "POST"])
def lacak(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST (so NIPs stay out of URLs, server logs and browser history): the
    proposal's public timeline, or one generic message whatever did not match."""
    if request.method == "POST" and ratelimit.over_limit(
        request, scope="lacak", per_minute=settings.SIMUTASI["TRACK_RATE_PER_MINUTE"]
    ):
        response = ratelimit.too_many_requests(
            request,
            _("Too many tracking requests from your address. Wait a minute, then try again."),
        )
    else:
        form = LacakForm(request.POST or None)
        hasil = None
        if request.method == "POST" and form.is_valid():
            hasil = usulan_lacak(nip=form.cleaned_data["nip"], nomor=form.cleaned_data["nomor"])
        context = {
            "form": form,
            "hasil": hasil,
            "tidak_cocok": form.is_bound and form.is_valid() and hasil is None,
        }
        response = render(request, "mutasi/usulan_lacak.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
