"""The permission matrix: every URL pattern × every role → the status it must answer.

The patterns are discovered from the URL resolver (``get_resolver()``, includes walked
recursively), so a new URL without an entry in ``MATRIX`` fails ``test_every_url_has_an_entry``
by name, and an entry whose URL is gone fails too. Django's admin is covered separately: every
registered model's changelist × role (``test_admin_changelists``).

Roles (7): anonymous, ``operator_dinkes`` (Operator OPD of the objects' agency),
``operator_diskominfo`` (Operator OPD of another agency, acting on Dinkes objects),
``verifikator_bkd``, ``pejabat``, ``admin_kepegawaian`` (staff, not superuser) and ``admin``
(superuser). The objects all belong to Dinas Kesehatan: an employee, a draft proposal with
an uploaded document, a decree (SK) issued for another Dinkes proposal and a draft decree, a
finished export job of ``operator_dinkes`` and a notification of theirs.

The rules (STYLE.md): anonymous → 302 to the login page (public pages excepted); an object
outside the user's agency → 404, never 403; a role that never may → 403; allowed → 200 (or
302 for a POST action). For a POST endpoint, GET is refused (405) and a POST refused with
403/404 (or sent to login) must leave the database as it was (``_fingerprint``). Every request
fails the test on a 500.

Counted at the time of writing: 63 URL patterns × 7 roles = 441 (pattern, role) pairs on GET,
plus 168 POST checks (the 24 patterns that act on POST × 7 roles), plus 29 admin changelists ×
7 roles = 203: 812 requests, and not one may answer 500.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib import admin as django_admin
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from instansi.models import AnalisisBebanKerja
from mutasi import documents, services
from mutasi.models import (
    DokumenUsulan,
    Notifikasi,
    PengecualianAturan,
    StatusDokumen,
    SuratKeputusan,
    UsulanLog,
    UsulanMutasi,
)
from pontianak_mutasi.models import JenisTugas, StatusTugas, Tugas, User
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    PegawaiFactory,
    UnitKerjaFactory,
)
from tests.pontianak_mutasi.conftest import make_sk, make_usulan

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LOGIN = reverse("login")

ANON = "anonymous"
OP = "operator_dinkes"
OTHER = "operator_diskominfo"
VER = "verifikator_bkd"
PEJ = "pejabat"
ADM = "admin_kepegawaian"
SU = "admin"
ROLES = (ANON, OP, OTHER, VER, PEJ, ADM, SU)
USERS = ROLES[1:]


# -- the objects ------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    users: dict[str, User]
    pegawai: object  # a Dinkes employee
    pegawai_lain: object  # a Diskominfo employee
    usulan: UsulanMutasi  # Dinkes → Dinas Pendidikan, draft, with a document
    usulan_sk: UsulanMutasi  # Dinkes, in the issued decree
    dokumen: DokumenUsulan
    sk: SuratKeputusan  # issued, PDF on file
    sk_draf: SuratKeputusan
    formasi: object  # a Dinkes formasi with ABK
    tugas: Tugas  # operator_dinkes's finished export
    notifikasi: Notifikasi


def fake_pdf(sk, *args, **kwargs) -> bytes:
    return PDF


@pytest.fixture
def world(
    monkeypatch, dinkes, diskominfo, operator_dinkes, operator_diskominfo, verifikator_bkd,
    pejabat, admin_kepegawaian, admin,
) -> World:  # fmt: skip
    cache.clear()  # the public pages are rate-limited per address
    # WeasyPrint is not under test here: a fixed PDF instead.
    monkeypatch.setattr(documents, "render_sk_pdf", fake_pdf)
    monkeypatch.setattr(documents, "render_petikan_pdf", fake_pdf)
    users = {
        OP: operator_dinkes,
        OTHER: operator_diskominfo,
        VER: verifikator_bkd,
        PEJ: pejabat,
        ADM: admin_kepegawaian,
        SU: admin,
    }
    dinas_pendidikan = InstansiFactory(kode="1.01.01", nama="Dinas Pendidikan")
    UnitKerjaFactory(instansi=dinkes)
    usulan = make_usulan(dinkes, dinas_pendidikan, status="draft", nama="Siti Dinkes Draf")
    persyaratan = services.persyaratan_for(usulan).first()
    dokumen = DokumenUsulan(
        usulan=usulan,
        persyaratan=persyaratan,
        nama_asli="surat permohonan.pdf",
        ukuran=len(PDF),
        sha256="0" * 64,
        diunggah_oleh=operator_dinkes,
        status=StatusDokumen.BELUM,
    )
    dokumen.berkas.save("surat.pdf", ContentFile(PDF), save=False)
    dokumen.save()
    usulan_sk = make_usulan(dinkes, dinas_pendidikan, status="sk_terbit", nama="Budi Dinkes SK")
    # Numbered far from what the numbering counter gives the draft when it is issued.
    sk = make_sk(admin_kepegawaian, diterbitkan_at=timezone.now(), urutan=900)
    sk.diterbitkan_oleh = admin_kepegawaian
    sk.save(update_fields=["diterbitkan_oleh"])
    sk.usulan.add(usulan_sk)
    sk.berkas.save("sk.pdf", ContentFile(PDF), save=True)
    sk_draf = make_sk(admin_kepegawaian, diterbitkan_at=None, status="draft", urutan=2)
    sk_draf.usulan.add(make_usulan(dinkes, dinas_pendidikan, status="disetujui"))
    # The Dinkes employee's own formasi: its figures count them (bezetting).
    formasi = FormasiFactory(instansi=dinkes, jabatan=usulan.pegawai.jabatan)
    AnalisisBebanKerjaFactory(formasi=formasi)
    tugas = Tugas.objects.create(
        owner=operator_dinkes,
        jenis=JenisTugas.EKSPOR_PEGAWAI,
        status=StatusTugas.DONE,
        result_name="pegawai.csv",
        summary={"rows": 0, "format": "csv"},
    )
    tugas.result_file.save("pegawai.csv", ContentFile(b"nip,nama\n"), save=True)
    notifikasi = Notifikasi.objects.create(user=operator_dinkes, usulan=usulan, pesan="Uji")
    return World(
        users=users,
        pegawai=usulan.pegawai,
        pegawai_lain=PegawaiFactory(instansi=diskominfo, nama="Citra Diskominfo"),
        usulan=usulan,
        usulan_sk=usulan_sk,
        dokumen=dokumen,
        sk=sk,
        sk_draf=sk_draf,
        formasi=formasi,
        tugas=tugas,
        notifikasi=notifikasi,
    )


def _fingerprint() -> tuple:
    """What a refused POST must not change."""
    return (
        list(UsulanMutasi.objects.order_by("pk").values_list("status", "versi")),
        list(SuratKeputusan.objects.order_by("pk").values_list("status", "render_status")),
        list(DokumenUsulan.objects.order_by("pk").values_list("status", "berkas")),
        list(Tugas.objects.order_by("pk").values_list("status", "attempts")),
        list(Notifikasi.objects.order_by("pk").values_list("read_at", flat=True)),
        list(User.objects.order_by("pk").values_list("password", flat=True)),
        UsulanLog.objects.count(),
        PengecualianAturan.objects.count(),
        AnalisisBebanKerja.objects.count(),
    )


# -- the table --------------------------------------------------------------------------------

Url = Callable[[World], str]
Data = Callable[[World], dict]


def expect(default: int | None, anon: int = 302, **roles: int) -> dict[str, int]:
    """Status per role: ``default`` for every signed-in role unless named (op=, other=, …)."""
    names = {"op": OP, "other": OTHER, "ver": VER, "pej": PEJ, "adm": ADM, "su": SU}
    table = {ANON: anon, **dict.fromkeys(USERS, default)}
    table.update({names[k]: v for k, v in roles.items()})
    return table


@dataclasses.dataclass(frozen=True)
class Entry:
    url: Url
    get: dict[str, int]
    post: dict[str, int] | None = None
    data: Data = lambda w: {}


POST_ONLY = expect(405)
SCOPED = expect(200, other=404)  # province-wide roles see it; the other operator does not
ALL = expect(200)
PUBLIC = expect(200, anon=200)
PROPOSE_ONLY = expect(403, op=200, other=200, su=200)
ISSUE_ONLY = expect(403, adm=200, su=200)
OWNER_ONLY = expect(404, op=200, su=200)  # a background job: its owner and superusers

MATRIX: dict[str, Entry] = {
    # site
    "home": Entry(lambda w: reverse("home"), ALL),
    "dasbor": Entry(lambda w: reverse("dasbor"), ALL),
    "healthz": Entry(lambda w: reverse("healthz"), PUBLIC),
    "favicon.ico": Entry(lambda w: "/favicon.ico", expect(301, anon=301)),
    # Signed in, the login page sends you home.
    "login": Entry(lambda w: LOGIN, expect(302, anon=200)),
    "logout": Entry(lambda w: reverse("logout"), expect(405), expect(302)),
    "password_change": Entry(
        lambda w: reverse("password_change"),
        ALL,
        # Wrong old password: the form shows again, nothing changes.
        expect(200),
        lambda w: {"old_password": "salah", "new_password1": "x", "new_password2": "x"},
    ),
    "password_change_done": Entry(lambda w: reverse("password_change_done"), ALL),
    "sk_verifikasi": Entry(lambda w: reverse("sk_verifikasi", args=[w.sk.token]), PUBLIC),
    "lacak": Entry(
        lambda w: reverse("lacak"),
        PUBLIC,
        expect(200, anon=200),
        lambda w: {"nip": w.usulan.pegawai.nip, "nomor": w.usulan.nomor},
    ),
    # employees
    "pegawai:list": Entry(lambda w: reverse("pegawai:list"), ALL),
    "pegawai:impor": Entry(
        lambda w: reverse("pegawai:impor"),
        expect(403, adm=200, su=200),
        expect(403, adm=200, su=200),
    ),
    # Everyone may export what they may see (the job is scoped: test_export_job_*).
    "pegawai:ekspor": Entry(
        lambda w: reverse("pegawai:ekspor", args=["csv"]), POST_ONLY, expect(302)
    ),
    "pegawai:detail": Entry(lambda w: reverse("pegawai:detail", args=[w.pegawai.nip]), SCOPED),
    "pegawai:laporan_rotasi": Entry(lambda w: reverse("pegawai:laporan_rotasi"), ALL),
    "pegawai:laporan_rotasi_ekspor": Entry(
        lambda w: reverse("pegawai:laporan_rotasi_ekspor", args=["csv"]), POST_ONLY, expect(302)
    ),
    "pegawai:laporan_kualitas": Entry(lambda w: reverse("pegawai:laporan_kualitas"), ALL),
    # agencies: staffing figures are public inside the government (instansi/views.py)
    "instansi:simulasi": Entry(lambda w: reverse("instansi:simulasi"), ALL),
    "instansi:kesenjangan": Entry(lambda w: reverse("instansi:kesenjangan"), ALL),
    "instansi:list": Entry(lambda w: reverse("instansi:list"), ALL),
    "instansi:detail": Entry(
        lambda w: reverse("instansi:detail", args=[w.formasi.instansi.kode]), ALL
    ),
    "instansi:formasi_detail": Entry(
        lambda w: reverse("instansi:formasi_detail", args=[w.formasi.instansi.kode, w.formasi.pk]),
        ALL,
    ),
    # ABK: the agency's operator and HR administrators; the other operator doesn't find it.
    "instansi:abk_edit": Entry(
        lambda w: reverse("instansi:abk_edit", args=[w.formasi.instansi.kode, w.formasi.pk]),
        expect(403, op=200, other=404, adm=200, su=200),
        # An empty formset is refused (400) by whoever may edit; nothing is saved.
        expect(403, op=400, other=404, adm=400, su=400),
    ),
    "instansi:abk_totals": Entry(
        lambda w: reverse("instansi:abk_totals", args=[w.formasi.instansi.kode, w.formasi.pk]),
        POST_ONLY,
        expect(403, op=200, other=404, adm=200, su=200),
        lambda w: {"abk-TOTAL_FORMS": "0", "abk-INITIAL_FORMS": "0"},
    ),
    # Candidates come from the whole province: the point of a province-wide recommendation.
    "instansi:formasi_rekomendasi": Entry(
        lambda w: reverse(
            "instansi:formasi_rekomendasi", args=[w.formasi.instansi.kode, w.formasi.pk]
        ),
        ALL,
    ),
    "instansi:pegawai_rekomendasi": Entry(
        lambda w: reverse("instansi:pegawai_rekomendasi", args=[w.pegawai.nip]), SCOPED
    ),
    # decrees: drafts are BKD's work in progress (issue permission); issued ones are scoped
    "mutasi:sk_list": Entry(lambda w: reverse("mutasi:sk_list"), ALL),
    "mutasi:sk_compose": Entry(lambda w: reverse("mutasi:sk_compose"), ISSUE_ONLY),
    "mutasi:sk_detail": Entry(lambda w: reverse("mutasi:sk_detail", args=[w.sk.pk]), SCOPED),
    "mutasi:sk_update": Entry(
        lambda w: reverse("mutasi:sk_update", args=[w.sk_draf.pk]),
        ISSUE_ONLY,
        expect(403, adm=200, su=200),  # an empty form is refused and shown again
    ),
    "mutasi:sk_preview": Entry(
        lambda w: reverse("mutasi:sk_preview", args=[w.sk_draf.pk]), ISSUE_ONLY
    ),
    "mutasi:sk_issue": Entry(
        lambda w: reverse("mutasi:sk_issue", args=[w.sk_draf.pk]),
        ISSUE_ONLY,
        expect(403, adm=302, su=302),
    ),
    "mutasi:sk_discard": Entry(
        lambda w: reverse("mutasi:sk_discard", args=[w.sk_draf.pk]),
        ISSUE_ONLY,
        expect(403, adm=302, su=302),
    ),
    "mutasi:sk_revoke": Entry(
        lambda w: reverse("mutasi:sk_revoke", args=[w.sk.pk]),
        ISSUE_ONLY,
        expect(403, adm=200, su=200),  # without a reason: the form again
    ),
    "mutasi:sk_download": Entry(lambda w: reverse("mutasi:sk_download", args=[w.sk.pk]), SCOPED),
    "mutasi:sk_render_status": Entry(
        lambda w: reverse("mutasi:sk_render_status", args=[w.sk.pk]), SCOPED
    ),
    "mutasi:sk_render_retry": Entry(
        lambda w: reverse("mutasi:sk_render_retry", args=[w.sk.pk]),
        POST_ONLY,
        expect(403, adm=302, su=302),
    ),
    "mutasi:sk_petikan_zip": Entry(
        lambda w: reverse("mutasi:sk_petikan_zip", args=[w.sk.pk]), SCOPED
    ),
    "mutasi:sk_petikan": Entry(
        lambda w: reverse("mutasi:sk_petikan", args=[w.sk.pk, w.usulan_sk.nomor]), SCOPED
    ),
    # proposals
    "mutasi:list": Entry(lambda w: reverse("mutasi:list"), ALL),
    "mutasi:create": Entry(lambda w: reverse("mutasi:create"), PROPOSE_ONLY, PROPOSE_ONLY),
    # "Any active employee may be proposed" (mutasi/forms.py): the search is province-wide.
    "mutasi:cari_pegawai": Entry(
        lambda w: reverse("mutasi:cari_pegawai") + "?cari=Siti", PROPOSE_ONLY
    ),
    "mutasi:unit_options": Entry(lambda w: reverse("mutasi:unit_options"), PROPOSE_ONLY),
    "mutasi:formasi": Entry(lambda w: reverse("mutasi:formasi"), PROPOSE_ONLY),
    "mutasi:pratinjau": Entry(
        lambda w: reverse("mutasi:pratinjau"),
        POST_ONLY,
        expect(403, op=200, other=404, su=200),
        lambda w: {"nomor": w.usulan.nomor},
    ),
    "mutasi:antrian_verifikasi": Entry(
        lambda w: reverse("mutasi:antrian_verifikasi"), expect(403, ver=200, su=200)
    ),
    "mutasi:antrian_persetujuan": Entry(
        lambda w: reverse("mutasi:antrian_persetujuan"),
        expect(403, pej=200, su=200),
        expect(403, pej=200, su=200),  # nothing chosen: the form again
    ),
    # Without a bulk result in the session: back to the queue.
    "mutasi:persetujuan_hasil": Entry(
        lambda w: reverse("mutasi:persetujuan_hasil"), expect(403, pej=302, su=302)
    ),
    "mutasi:detail": Entry(lambda w: reverse("mutasi:detail", args=[w.usulan.nomor]), SCOPED),
    "mutasi:update": Entry(
        lambda w: reverse("mutasi:update", args=[w.usulan.nomor]),
        expect(403, op=200, other=404, su=200),
        expect(403, op=200, other=404, su=200),  # an empty form is refused and shown again
    ),
    "mutasi:penanganan_selesai": Entry(
        lambda w: reverse("mutasi:penanganan_selesai", args=[w.usulan.nomor]),
        POST_ONLY,
        expect(403, adm=302, su=302),  # not flagged: a message, nothing changes
    ),
    # Submitting a draft: its proposing side (and superusers); BKD roles never.
    "mutasi:transition": Entry(
        lambda w: reverse("mutasi:transition", args=[w.usulan.nomor, "ajukan"]),
        expect(403, op=200, other=404, su=200),
        # Submitted by its side (the log gets a row); refused for the others, nothing changes.
        expect(403, op=302, other=404, su=302),
        lambda w: {"status": "draft", "note": ""},
    ),
    "mutasi:verifikasi": Entry(
        lambda w: reverse("mutasi:verifikasi", args=[w.usulan.nomor]), expect(403, ver=200, su=200)
    ),
    "mutasi:override": Entry(
        lambda w: reverse("mutasi:override", args=[w.usulan.nomor, "masa_kerja"]),
        POST_ONLY,
        expect(403, ver=200, su=200),  # without a justification: the form again
    ),
    "mutasi:dokumen_upload": Entry(
        lambda w: reverse("mutasi:dokumen_upload", args=[w.usulan.nomor, w.dokumen.persyaratan_id]),
        POST_ONLY,
        expect(403, op=302, other=404, su=302),  # no file: a message, nothing saved
    ),
    "mutasi:dokumen_download": Entry(
        lambda w: reverse("mutasi:dokumen_download", args=[w.usulan.nomor, w.dokumen.pk]), SCOPED
    ),
    "mutasi:dokumen_review": Entry(
        lambda w: reverse("mutasi:dokumen_review", args=[w.usulan.nomor, w.dokumen.pk]),
        POST_ONLY,
        expect(403, ver=302, su=302),  # no verdict: a message, nothing changes
    ),
    # notifications: each user's own
    "notifikasi:list": Entry(lambda w: reverse("notifikasi:list"), ALL),
    "notifikasi:baca_semua": Entry(
        lambda w: reverse("notifikasi:baca_semua"), POST_ONLY, expect(302)
    ),
    # background jobs
    "tugas:list": Entry(lambda w: reverse("tugas:list"), ALL),
    "tugas:detail": Entry(lambda w: reverse("tugas:detail", args=[w.tugas.pk]), OWNER_ONLY),
    "tugas:download": Entry(lambda w: reverse("tugas:download", args=[w.tugas.pk]), OWNER_ONLY),
    "tugas:retry": Entry(
        lambda w: reverse("tugas:retry", args=[w.tugas.pk]),
        POST_ONLY,
        expect(404, op=302, su=302),  # a finished job: a message, nothing changes
    ),
}


# -- discovery --------------------------------------------------------------------------------


def _walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry, full, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            key = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield (key or route), route, entry


def discovered() -> dict[str, tuple[str, URLPattern]]:
    """Every URL pattern of the project but the admin's, by name (the route if unnamed)."""
    return {
        key: (route, pattern)
        for key, route, pattern in _walk(get_resolver())
        if not route.startswith("admin/")
    }


def test_every_url_has_an_entry():
    found = set(discovered())
    missing = sorted(found - set(MATRIX))
    stale = sorted(set(MATRIX) - found)
    assert not missing, f"URL patterns without a permission-matrix entry: {missing}"
    assert not stale, f"Permission-matrix entries for URLs that no longer exist: {stale}"


# -- the matrix -------------------------------------------------------------------------------


def _client(w: World, role: str) -> Client:
    client = Client(headers={"accept-language": "en"})
    if role != ANON:
        client.force_login(w.users[role])
    return client


def _check(response, role: str, wanted: int, what: str) -> None:
    assert response.status_code != 500, f"{what} as {role}: 500"
    assert response.status_code == wanted, (
        f"{what} as {role}: {response.status_code}, expected {wanted}"
    )
    if role == ANON and wanted == 302:
        assert response["Location"].startswith(f"{LOGIN}?next="), what


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(world, name):
    from pontianak_mutasi import heartbeat

    heartbeat.beat()  # /healthz answers 503 without a task worker's heartbeat
    entry = MATRIX[name]
    url = entry.url(world)
    for role in ROLES:
        # Each request in a savepoint rolled back after it: one role's action never changes
        # what the next role finds.
        with transaction.atomic():
            _check(_client(world, role).get(url), role, entry.get[role], f"GET {url}")
            transaction.set_rollback(True)
    if entry.post is None:
        return
    for role in ROLES:
        with transaction.atomic():
            before = _fingerprint()
            response = _client(world, role).post(url, entry.data(world))
            _check(response, role, entry.post[role], f"POST {url}")
            if response.status_code in (403, 404, 405) or (
                role == ANON and entry.post[ANON] == 302
            ):
                assert _fingerprint() == before, f"POST {url} as {role} changed the database"
            transaction.set_rollback(True)


# -- the admin --------------------------------------------------------------------------------


def _changelists() -> list[tuple[str, str]]:
    return sorted(
        (model._meta.app_label, model._meta.model_name) for model in django_admin.site._registry
    )


@pytest.mark.parametrize(("app_label", "model_name"), _changelists())
def test_admin_changelists(world, app_label, model_name):
    """Signed out or not staff: the admin's login page. Staff see what their model
    permissions allow (403 otherwise); superusers everything."""
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    admin_login = reverse("admin:login")
    for role in ROLES:
        response = _client(world, role).get(url)
        assert response.status_code != 500, f"{url} as {role}: 500"
        user = world.users.get(role)
        if user is None or not user.is_staff:
            assert response.status_code == 302, (url, role)
            assert response["Location"].startswith((admin_login, LOGIN)), (
                url,
                role,
                response["Location"],
            )
            continue
        allowed = user.is_superuser or any(
            user.has_perm(f"{app_label}.{action}_{model_name}") for action in ("view", "change")
        )
        assert response.status_code == (200 if allowed else 403), (url, role)


def test_admin_index_for_staff_without_superuser(world):
    response = _client(world, ADM).get(reverse("admin:index"))
    assert response.status_code == 200
    apps = {app["app_label"] for app in response.context["app_list"]}
    assert "pegawai" in apps
    assert "auth" not in apps  # no permission on groups


# -- no other agency's data -------------------------------------------------------------------


def _body(w: World, role: str, url: str, **params) -> str:
    response = _client(w, role).get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


DINKES_LISTS = [
    "pegawai:list",
    "mutasi:list",
    "mutasi:sk_list",
    "pegawai:laporan_rotasi",
    "pegawai:laporan_kualitas",
    "home",
    "dasbor",
    "tugas:list",
    "notifikasi:list",
]


@pytest.mark.parametrize("name", DINKES_LISTS)
def test_lists_show_nothing_of_another_agency(world, name):
    body = _body(world, OTHER, reverse(name))
    for secret in (
        world.pegawai.nip,
        world.pegawai.nama,
        world.usulan.nomor,
        world.usulan_sk.pegawai.nip,
        world.usulan_sk.pegawai.nama,
        world.usulan_sk.nomor,
        world.sk.nomor,
    ):
        assert secret not in body, f"{name} shows {secret!r} to {OTHER}"


def test_lists_do_show_the_own_agency(world):
    assert world.pegawai.nama in _body(world, OP, reverse("pegawai:list"))
    assert world.pegawai_lain.nama in _body(world, OTHER, reverse("pegawai:list"))
    assert world.usulan.nomor in _body(world, OP, reverse("mutasi:list"))
    assert world.sk.nomor in _body(world, OP, reverse("mutasi:sk_list"))


def test_agency_pages_show_figures_not_names(world):
    """ "The figures are public inside the government; the names behind them are not"
    (instansi/views.py)."""
    kode, pk = world.formasi.instansi.kode, world.formasi.pk
    for url in (
        reverse("instansi:detail", args=[kode]),
        reverse("instansi:formasi_detail", args=[kode, pk]),
        reverse("instansi:kesenjangan"),
    ):
        body = _body(world, OTHER, url)
        assert world.pegawai.nama not in body and world.pegawai.nip not in body, url


def test_whatif_does_not_find_another_agencys_proposal(world):
    body = _body(world, OTHER, reverse("instansi:simulasi"), usulan=world.usulan.nomor)
    assert world.pegawai.nama not in body
    assert world.pegawai.nama in _body(
        world, OP, reverse("instansi:simulasi"), usulan=world.usulan.nomor
    )


def test_proposal_search_is_province_wide_by_design(world):
    """ "Any active employee may be proposed (an operator may bring someone into their agency);
    only identity and current post are shown" (mutasi/forms.py): not a leak."""
    body = _body(world, OTHER, reverse("mutasi:cari_pegawai"), cari="Siti Dinkes")
    assert world.pegawai.nip in body


@pytest.fixture
def due_for_rotation(world):
    """Both agencies' employees five years and more in post, so the rotation report (and its
    export) would list them: the leak checks below are not vacuous."""
    from pegawai.models import Pegawai

    Pegawai.objects.filter(
        pk__in=[world.pegawai.pk, world.pegawai_lain.pk, world.usulan_sk.pegawai.pk]
    ).update(tmt_jabatan="2010-01-01")
    body = _body(world, VER, reverse("pegawai:laporan_rotasi"))
    assert world.pegawai.nama in body and world.pegawai_lain.nama in body
    return world


def test_rotation_report_shows_only_the_own_agency(due_for_rotation):
    w = due_for_rotation
    body = _body(w, OTHER, reverse("pegawai:laporan_rotasi"))
    assert w.pegawai_lain.nama in body
    assert w.pegawai.nama not in body and w.pegawai.nip not in body


@pytest.mark.parametrize("name", ["pegawai:laporan_rotasi", "pegawai:laporan_kualitas"])
def test_reports_do_not_find_another_agency(world, name):
    client = _client(world, OTHER)
    assert client.get(reverse(name), {"instansi": world.pegawai.instansi.kode}).status_code == 404
    before = Tugas.objects.count()
    url = reverse("pegawai:laporan_rotasi_ekspor", args=["csv"])
    assert client.post(f"{url}?instansi={world.pegawai.instansi.kode}").status_code == 404
    assert Tugas.objects.count() == before


@pytest.mark.parametrize("name", ["pegawai:ekspor", "pegawai:laporan_rotasi_ekspor"])
def test_export_job_contains_only_the_own_agency(
    due_for_rotation, name, django_capture_on_commit_callbacks
):
    world = due_for_rotation
    client = _client(world, OTHER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(name, args=["csv"]))
    tugas = Tugas.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    assert tugas.status == StatusTugas.DONE, tugas.error
    download = client.get(reverse("tugas:download", args=[tugas.pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(world.pegawai_lain.nama in row for row in rows)
    assert world.pegawai.nama not in text and world.pegawai.nip not in text
    assert world.usulan_sk.pegawai.nama not in text
    # And the other operator doesn't get the Dinkes operator's job or its file.
    assert client.get(reverse("tugas:download", args=[world.tugas.pk])).status_code == 404


def test_petikan_zip_holds_only_visible_proposals(world, dinkes):
    diskominfo_usulan = make_usulan(world.users[OTHER].instansi, dinkes, status="sk_terbit")
    world.sk.usulan.add(diskominfo_usulan)
    # Diskominfo's operator now sees the decree, but only their own employee's extract.
    response = _client(world, OTHER).get(reverse("mutasi:sk_petikan_zip", args=[world.sk.pk]))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 1 and diskominfo_usulan.pegawai.nip in names[0]
    url = reverse("mutasi:sk_petikan", args=[world.sk.pk, world.usulan_sk.nomor])
    assert _client(world, OTHER).get(url).status_code == 404
    # The decree page lists the whole decree (as its PDF does), but links only to the
    # proposals and extracts the operator may open.
    body = _body(world, OTHER, reverse("mutasi:sk_detail", args=[world.sk.pk]))
    assert url not in body
    assert reverse("mutasi:detail", args=[world.usulan_sk.nomor]) not in body
    assert reverse("mutasi:detail", args=[diskominfo_usulan.nomor]) in body


# -- files ------------------------------------------------------------------------------------


def test_no_public_media_url():
    assert settings.MEDIA_URL in (None, "")
    from django.views.static import serve

    for key, (route, pattern) in discovered().items():
        assert pattern.callback is not serve, f"{key} ({route}) serves files from disk"
        assert not route.startswith("media"), key


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize(
    ("role", "url", "content_type", "filename"),
    [
        (OP, lambda w: reverse("mutasi:dokumen_download", args=[w.usulan.nomor, w.dokumen.pk]),
         "application/pdf", "surat permohonan.pdf"),
        (OP, lambda w: reverse("mutasi:sk_download", args=[w.sk.pk]), "application/pdf",
         "SK-800.1.3-0900-BKD-T.pdf"),
        (ADM, lambda w: reverse("mutasi:sk_preview", args=[w.sk_draf.pk]), "application/pdf",
         None),
        (OP, lambda w: reverse("mutasi:sk_petikan", args=[w.sk.pk, w.usulan_sk.nomor]),
         "application/pdf", None),
        (OP, lambda w: reverse("mutasi:sk_petikan_zip", args=[w.sk.pk]), "application/zip",
         "Petikan-800.1.3-0900-BKD-T.zip"),
        (OP, lambda w: reverse("tugas:download", args=[w.tugas.pk]), "text/csv", "pegawai.csv"),
        (VER, lambda w: reverse("instansi:kesenjangan") + "?format=csv", "text/csv",
         "kesenjangan-instansi.csv"),
        (VER, lambda w: reverse("instansi:kesenjangan") + "?format=xlsx", XLSX,
         "kesenjangan-instansi.xlsx"),
    ],
)  # fmt: skip
def test_download_headers(world, role, url, content_type, filename):
    response = _client(world, role).get(url(world))
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    if filename:
        assert filename in disposition
    assert "/" not in disposition.split("filename=", 1)[1]
