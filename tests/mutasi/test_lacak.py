"""The public tracking page (/lacak/): a civil servant sees the timeline of their own proposal
with NIP + number, and nothing else about anyone; every miss looks the same; rate-limited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mutasi import documents, services
from mutasi.models import Status, UsulanLog, UsulanMutasi
from mutasi.selectors_lacak import CATATAN_PUBLIK, LANGKAH_PUBLIK
from tests.factories import PegawaiFactory
from tests.mutasi.conftest import valid_documents

URL = "/lacak/"
FAKE_PDF = b"%PDF-1.4 the issued decree"
GENERIC_MISS = "No submitted proposal matches this NIP and proposal number."
RETURN_NOTE = "SKP tahun lalu belum diunggah; lengkapi lalu ajukan kembali."
APPROVE_NOTE = "Catatan internal pejabat: bicarakan dengan Kepala Dinas."
OVERRIDE_NOTE = "Catatan internal verifikator tentang pengecualian."
OFFICERS = {
    "operator_dinkes": ("Oki", "Operatorwati"),
    "verifikator_bkd": ("Vera", "Verifikasiani"),
    "pejabat": ("Paulus", "Pejabatno"),
    "admin_kepegawaian": ("Ahmad", "Adminsyah"),
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """Anonymous, English UI (assertions match the source strings)."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def officers(operator_dinkes, verifikator_bkd, pejabat, admin_kepegawaian):
    users = {
        "operator_dinkes": operator_dinkes,
        "verifikator_bkd": verifikator_bkd,
        "pejabat": pejabat,
        "admin_kepegawaian": admin_kepegawaian,
    }
    for username, (first, last) in OFFICERS.items():
        users[username].first_name, users[username].last_name = first, last
        users[username].save(update_fields=["first_name", "last_name"])
    return users


def step(usulan: UsulanMutasi, actor, transition: str, note: str = "") -> UsulanMutasi:
    return services.usulan_transition(actor=actor, usulan=usulan, transition=transition, note=note)


def to_eligible(usulan: UsulanMutasi, officers, *, returned_once: bool = False) -> UsulanMutasi:
    """Through the services: submitted (optionally returned and resubmitted), verified,
    documents valid, eligible."""
    operator, verifier = officers["operator_dinkes"], officers["verifikator_bkd"]
    usulan = step(usulan, operator, "ajukan")
    if returned_once:
        usulan = step(usulan, verifier, "kembalikan", RETURN_NOTE)
        usulan = step(usulan, operator, "ajukan")
    usulan = step(usulan, verifier, "mulai_verifikasi")
    valid_documents(usulan, operator)
    # An internal working note that must never reach the employee.
    UsulanLog.objects.create(
        usulan=usulan,
        actor=verifier,
        transition="pengecualian",
        from_status=usulan.status,
        to_status=usulan.status,
        note=OVERRIDE_NOTE,
    )
    return step(usulan, verifier, "nyatakan_memenuhi_syarat")


def issue_sk(usulan: UsulanMutasi, officers, monkeypatch):
    monkeypatch.setattr(documents, "render_sk_pdf", lambda sk, **kw: FAKE_PDF)
    draft = services.sk_compose(
        actor=officers["admin_kepegawaian"],
        usulan_ids=[usulan.pk],
        tanggal_penetapan=dt.date(2026, 11, 28),
        tmt=dt.date(2099, 1, 1),
        penandatangan_nama="Drs. H. Contoh",
    )
    return services.sk_issue(actor=officers["admin_kepegawaian"], sk=draft)


@pytest.fixture
def usulan_sk(make_usulan, officers, monkeypatch):
    """Returned once, resubmitted, eligible, approved with an internal note, decree issued."""
    usulan = to_eligible(make_usulan(), officers, returned_once=True)
    usulan = step(usulan, officers["pejabat"], "setujui", APPROVE_NOTE)
    sk = issue_sk(usulan, officers, monkeypatch)
    return UsulanMutasi.objects.get(pk=usulan.pk), sk


def track(client: Client, nip: str, nomor: str, **extra):
    return client.post(URL, {"nip": nip, "nomor": nomor}, **extra)


def text(response) -> str:
    return response.content.decode()


# -- the form ------------------------------------------------------------------------------


def test_anonymous_get_shows_an_accessible_form(client):
    response = client.get(URL)
    page = text(response)
    assert response.status_code == 200
    assert "Track your transfer proposal" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    # Labelled fields with their help texts tied to them.
    assert '<label for="id_nip">NIP' in page and '<label for="id_nomor">Proposal number' in page
    assert 'aria-describedby="id_nip_helptext"' in page
    assert "19850312 201001 1 003" in page  # how to type it
    # Public, but not for caches or search engines; no officers' navigation.
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert reverse("mutasi:list") not in page


def test_the_login_page_links_to_it(client):
    page = text(client.get(reverse("login")))
    assert f'href="{URL}"' in page and "Track your transfer proposal" in page


def test_lookup_needs_csrf(usulan_sk):
    usulan, _sk = usulan_sk
    strict = Client(enforce_csrf_checks=True)
    assert track(strict, usulan.pegawai.nip, usulan.nomor).status_code == 403


def test_only_get_and_post(client):
    assert client.put(URL).status_code == 405


# -- found ---------------------------------------------------------------------------------


def test_found_shows_the_timeline_and_nothing_else(client, usulan_sk):
    usulan, sk = usulan_sk
    pegawai = usulan.pegawai
    # As printed on the card, and the number typed carelessly.
    response = track(client, pegawai.nip_display, f"  {usulan.nomor.lower()} ")
    page = text(response)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]

    # The proposal: number, kind, current status, target.
    assert usulan.nomor in page
    assert str(usulan.get_jenis_mutasi_display()) in page
    assert "Decree issued" in page
    assert usulan.tujuan_jabatan.nama in page and usulan.tujuan_instansi.nama in page

    # The timeline, in order, with human labels and times.
    steps = [
        "Submitted to the BKD",
        "Returned to the proposing agency for revision",
        "Resubmitted after revision",
        "Verification by the BKD started",
        "Declared eligible; awaiting the decision",
        "Approved",
        "Decree (SK) issued",
    ]
    positions = [page.index(label) for label in steps]
    assert positions == sorted(positions)
    # …and only those: not the draft's creation, the document checks or the rule override.
    assert page.count('class="timeline__head"') == len(steps)
    when = timezone.localtime(usulan.log.get(transition="mulai_verifikasi").created_at)
    assert f'datetime="{when.isoformat()}"' in page and f"{when:%H:%M} WIB" in page

    # The reason given on the return is for the employee; internal notes are not.
    assert RETURN_NOTE in page and "Reason given:" in page
    assert APPROVE_NOTE not in page and OVERRIDE_NOTE not in page
    assert "Rule overridden" not in page and "Document checked" not in page
    assert "Created" not in page  # the draft's creation is the agency's business

    # The decree in force, with its public verification link.
    assert sk.nomor in page
    assert "28 November 2026" in page and "1 January 2099" in page
    assert reverse("sk_verifikasi", args=[sk.token]) in page

    # Nobody's name: not the officers', not the signatory's; nor the employee's own data
    # beyond the proposal (no name, NIP, birth date or origin).
    for username, (first, last) in OFFICERS.items():
        assert username not in page and first not in page and last not in page
    assert "Drs. H. Contoh" not in page
    assert pegawai.nama not in page
    assert pegawai.nip not in page and pegawai.nip_display not in page
    assert "15 June 1988" not in page and "1988-06-15" not in page
    assert usulan.asal_instansi.nama not in page
    # Not the officers' screens either.
    assert reverse("mutasi:detail", args=[usulan.nomor]) not in page


def test_nip_may_be_typed_with_dots_or_dashes(client, make_usulan, operator_dinkes):
    usulan = step(make_usulan(), operator_dinkes, "ajukan")
    nip = usulan.pegawai.nip
    for typed in (nip, f"{nip[:8]}.{nip[8:14]}.{nip[14]}.{nip[15:]}", f"{nip[:8]}-{nip[8:]}"):
        assert "Submitted to the BKD" in text(track(client, typed, usulan.nomor)), typed


@pytest.mark.parametrize(
    ("transition", "role", "label", "shown"),
    [
        ("tolak", "pejabat", "Rejected", True),
        ("nyatakan_tidak_memenuhi_syarat", "verifikator_bkd", "Declared not eligible", True),
        ("batalkan", "operator_dinkes", "Withdrawn by the proposing agency", False),
    ],
)
def test_closing_notes(client, make_usulan, officers, transition, role, label, shown):
    """The grounds of a negative decision are the employee's to read; the agency's own
    reason for withdrawing is not."""
    note = f"Alasan {transition} untuk uji."
    usulan = make_usulan()
    if transition == "tolak":
        usulan = to_eligible(usulan, officers)
    elif transition == "nyatakan_tidak_memenuhi_syarat":
        usulan = step(usulan, officers["operator_dinkes"], "ajukan")
        usulan = step(usulan, officers["verifikator_bkd"], "mulai_verifikasi")
    else:
        usulan = step(usulan, officers["operator_dinkes"], "ajukan")
    usulan = step(usulan, officers[role], transition, note)
    page = text(track(client, usulan.pegawai.nip, usulan.nomor))
    assert label in page
    assert (note in page) is shown
    assert (transition in CATATAN_PUBLIK) is shown


def test_a_corrected_decree_shows_the_one_in_force(client, usulan_sk, officers):
    usulan, sk = usulan_sk
    koreksi = services.sk_revoke(
        actor=officers["admin_kepegawaian"], sk=sk, alasan="Salah penulisan jabatan."
    )
    # A correction still in draft changes nothing on the page.
    page = text(track(client, usulan.pegawai.nip, usulan.nomor))
    assert sk.nomor in page and "corrected" not in page
    koreksi = services.sk_issue(actor=officers["admin_kepegawaian"], sk=koreksi)
    page = text(track(client, usulan.pegawai.nip, usulan.nomor))
    assert "Decree (SK) corrected by a new decree" in page
    assert koreksi.nomor in page
    assert reverse("sk_verifikasi", args=[koreksi.token]) in page
    assert reverse("sk_verifikasi", args=[sk.token]) not in page


def test_every_state_change_has_a_public_label():
    """The timeline is an allow-list; a new transition must get a decision (and a label)."""
    field = UsulanMutasi._meta.get_field("status")
    names = {t.name for t in field.get_all_transitions(UsulanMutasi)}
    assert names <= set(LANGKAH_PUBLIK)
    assert names >= CATATAN_PUBLIK


# -- not found -----------------------------------------------------------------------------


def _comparable(page: str) -> str:
    """The page without what legitimately differs between two requests: the CSRF tokens and
    the echoed inputs."""
    page = re.sub(r"[A-Za-z0-9]{64}", "TOKEN", page)
    return re.sub(r'value="[^"]*"', 'value=""', page)


def test_every_miss_looks_the_same(client, make_usulan, officers, dinkes):
    usulan = step(make_usulan(), officers["operator_dinkes"], "ajukan")
    mine = usulan.pegawai.nip
    other = PegawaiFactory(instansi=dinkes, tanggal_lahir=dt.date(1990, 1, 1))
    draft = make_usulan(pegawai=other)  # someone else's, never submitted
    cases = {
        "wrong number": (mine, "UM-2000-000001"),
        "unknown NIP": ("199001012015031001", usulan.nomor),
        "another employee's NIP with a valid number": (other.nip, usulan.nomor),
        "own NIP with another employee's number": (mine, draft.nomor),
        "a draft, both right": (other.nip, draft.nomor),
    }
    pages = {}
    for case, (nip, nomor) in cases.items():
        with CaptureQueriesContext(connection) as queries:
            response = track(client, nip, nomor)
        assert response.status_code == 200, case
        page = text(response)
        assert GENERIC_MISS in page, case
        assert "Steps so far" not in page and "Reason given" not in page, case
        assert len(queries) == 1, case  # one lookup, the same path for every kind of miss
        pages[case] = _comparable(page)
    assert len(set(pages.values())) == 1, "a miss must not tell which part was wrong"
    # Sanity: the right pair is found.
    assert GENERIC_MISS not in text(track(client, mine, usulan.nomor))


def test_a_draft_withdrawn_before_submission_stays_unknown(client, usulan, operator_dinkes):
    withdrawn = step(usulan, operator_dinkes, "batalkan", "Salah pilih pegawai.")
    assert withdrawn.status == Status.DIBATALKAN and withdrawn.diajukan_at is None
    page = text(track(client, usulan.pegawai.nip, usulan.nomor))
    assert GENERIC_MISS in page and "Salah pilih pegawai." not in page


def test_format_errors_are_per_field_and_cost_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = track(client, "19850312 2010", "")
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page and "data-focus-on-load" in page
    assert 'href="#id_nip">NIP: NIP must be exactly 18 digits.' in page
    assert 'href="#id_nomor">Proposal number: This field is required.' in page
    assert 'aria-invalid="true"' in page
    assert GENERIC_MISS not in page  # a format error is not a lookup


def test_html_in_inputs_and_notes_is_escaped(client, make_usulan, officers):
    script = "<script>alert(1)</script>"
    img = '"><img src=x onerror=alert(1)>'
    page = text(track(client, script, img))
    assert script not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # A reason given to the employee is escaped too.
    usulan = step(make_usulan(), officers["operator_dinkes"], "ajukan")
    step(usulan, officers["verifikator_bkd"], "kembalikan", f"Perbaiki {img}")
    page = text(track(client, usulan.pegawai.nip, usulan.nomor))
    assert "Returned to the proposing agency for revision" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# -- cost and abuse ------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_log(client, usulan_sk):
    usulan, _sk = usulan_sk
    nip = usulan.pegawai.nip

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert "Decree (SK) issued" in text(track(client, nip, usulan.nomor))
        return len(queries)

    before = count()
    for _ in range(20):
        UsulanLog.objects.create(
            usulan=usulan,
            transition="koreksi_sk",
            from_status=usulan.status,
            to_status=usulan.status,
        )
    assert count() == before <= 3  # the proposal, its public log, its decree


def test_rate_limit(client, usulan_sk, settings, django_assert_num_queries):
    usulan, _sk = usulan_sk
    nip = usulan.pegawai.nip
    settings.SIMUTASI = {**settings.SIMUTASI, "TRACK_RATE_PER_MINUTE": 3}
    codes = [track(client, nip, f"UM-2000-00000{n}").status_code for n in range(3)]
    assert codes == [200, 200, 200]
    # Over the limit even the right pair gets nothing, and the database is not asked.
    with django_assert_num_queries(0):
        limited = track(client, nip, usulan.nomor)
    page = text(limited)
    assert limited.status_code == 429
    assert "Too many tracking requests from your address" in page
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "no-store" in limited["Cache-Control"] and "noindex" in limited["X-Robots-Tag"]
    assert usulan.nomor not in page
    # Showing the form is not a lookup; another address has its own allowance; a forged
    # X-Forwarded-For does not give a new one.
    assert client.get(URL).status_code == 200
    assert track(client, nip, usulan.nomor, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert track(client, nip, usulan.nomor, HTTP_X_FORWARDED_FOR="10.0.0.10").status_code == 429


def test_the_verification_page_has_its_own_allowance(client, usulan_sk, settings):
    usulan, sk = usulan_sk
    settings.SIMUTASI = {**settings.SIMUTASI, "TRACK_RATE_PER_MINUTE": 1}
    track(client, usulan.pegawai.nip, usulan.nomor)
    assert track(client, usulan.pegawai.nip, usulan.nomor).status_code == 429
    assert client.get(reverse("sk_verifikasi", args=[sk.token])).status_code == 200


# -- the officers are told -----------------------------------------------------------------


@pytest.mark.parametrize(("transition", "told"), [("kembalikan", True), ("batalkan", False)])
def test_officers_are_told_which_notes_the_employee_reads(
    client, make_usulan, officers, transition, told
):
    usulan = step(make_usulan(), officers["operator_dinkes"], "ajukan")
    actor = officers["verifikator_bkd" if transition == "kembalikan" else "operator_dinkes"]
    client.force_login(actor)
    page = text(client.get(reverse("mutasi:transition", args=[usulan.nomor, transition])))
    assert "Required: say why." in page
    assert ("The employee concerned can read this note" in page) is told
