"""The whole cycle in a real browser, as the people who do it: the operator proposes, the verifier
verifies, the official approves (one from the proposal page, two in bulk from the queue), the BKD
officer issues a collective decree and downloads its PDF, anyone verifies it, the employee
tracks the proposal on the public page, and after the TMT the employee's page shows the new
position.

Button and link names are looked up through the Indonesian translation, as a user reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from instansi.models import Formasi, Instansi
from instansi.rekomendasi import default_tmt, rekomendasi_for_formasi
from instansi.selectors import formasi_annotated, formasi_shortage
from mutasi import services
from mutasi.models import PersyaratanDokumen, SuratKeputusan, UsulanMutasi
from pegawai.models import Pegawai
from pontianak_mutasi.models import User
from tests.e2e.conftest import PHONE, t

# Transactional (the live server runs in another thread) and with the data migrations' rows
# (the role groups) restored after each test's flush.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ROLES = ["operator_dinkes", "operator_diskominfo", "verifikator", "pejabat", "admin_bkd", "admin"]


def exact(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


@pytest.mark.parametrize("username", ROLES)
def test_each_role_signs_in_to_its_home_page(demo, open_page, username):
    w = open_page()
    w.login(username)
    w.page.get_by_role("navigation", name=t("Main")).wait_for()
    user = User.objects.get(username=username)
    assert (user.get_full_name() or user.username) in w.page.locator(".account__name").inner_text()
    w.shot(f"00-beranda-{username}")
    w.logout()
    assert "/akun/masuk/" in w.page.url or w.page.get_by_text(t("You have signed out.")).count()


def _target() -> tuple[Formasi, Pegawai, Pegawai, Pegawai]:
    """A Diskominfo formasi with a shortage and its three best eligible candidates."""
    diskominfo = Instansi.objects.get(singkatan="Diskominfo")
    formasi = (
        formasi_shortage(formasi_annotated(Formasi.objects.filter(instansi=diskominfo)))
        .order_by("pk")
        .first()
    )
    assert formasi is not None, "the demo data give Diskominfo a shortage"
    best = rekomendasi_for_formasi(formasi, limit=3).candidates
    assert len(best) == 3
    return formasi, *(c.pegawai for c in best)


def _eligible_proposal(pegawai: Pegawai, formasi: Formasi) -> UsulanMutasi:
    """A second and third proposal, brought to the approval queue through the services."""
    operator = User.objects.get(username="operator_diskominfo")
    verifikator = User.objects.get(username="verifikator")
    usulan = services.usulan_create(
        actor=operator,
        pegawai=pegawai,
        jenis_mutasi="intra",
        tujuan_instansi=formasi.instansi,
        tujuan_jabatan=formasi.jabatan,
        tujuan_unit=formasi.unit,
        tmt_rencana=default_tmt(),
        alasan="kepentingan_dinas",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    for p in PersyaratanDokumen.objects.filter(jenis_mutasi="intra", wajib=True):
        if p.hanya_permintaan_sendiri:
            continue
        berkas = SimpleUploadedFile(f"{p.kode}.pdf", PDF, content_type="application/pdf")
        services.dokumen_upload(actor=operator, usulan=usulan, persyaratan=p, berkas=berkas)
    services.usulan_transition(actor=operator, usulan=usulan, transition="ajukan")
    services.usulan_transition(actor=verifikator, usulan=usulan, transition="mulai_verifikasi")
    for d in usulan.dokumen.all():
        services.dokumen_review(actor=verifikator, dokumen=d, status="valid", catatan="")
    services.usulan_transition(
        actor=verifikator, usulan=usulan, transition="nyatakan_memenuhi_syarat"
    )
    return usulan


def test_mutasi_from_proposal_to_decree_and_tmt(demo, open_page, tmp_path):
    formasi, pegawai, second, third = _target()
    tmt = default_tmt()

    # -- the operator of Diskominfo proposes the best candidate from the recommendations --------
    w = open_page()
    w.login("operator_diskominfo")
    w.goto(reverse("instansi:detail", args=[formasi.instansi.kode]))
    w.shot("01-instansi-formasi")
    w.goto(reverse("instansi:formasi_rekomendasi", args=[formasi.instansi.kode, formasi.pk]))
    w.shot("02-rekomendasi")
    row = w.page.get_by_role("row").filter(has_text=pegawai.nip_display)
    row.get_by_role("link", name=t("Usulkan")).click()
    page = w.page
    page.get_by_label(t("Planned TMT")).fill(tmt.isoformat())
    page.locator("#id_alasan").select_option("kepentingan_dinas")
    w.shot("03-usulan-baru")
    page.get_by_role("button", name=t("Save as draft")).click()
    page.wait_for_url(re.compile(r"/usulan/[^/]+/$"))
    usulan = UsulanMutasi.objects.get(pegawai=pegawai)
    assert usulan.tujuan_jabatan_id == formasi.jabatan_id
    for p in PersyaratanDokumen.objects.filter(jenis_mutasi=usulan.jenis_mutasi, wajib=True):
        if p.hanya_permintaan_sendiri and usulan.alasan != "permintaan_sendiri":
            continue
        berkas = tmp_path / f"{p.kode}.pdf"
        berkas.write_bytes(PDF)
        page.locator(f"#berkas-{p.pk}").set_input_files(str(berkas))
        page.locator(f"#berkas-{p.pk}").locator("xpath=..").locator("button[type=submit]").click()
        page.wait_for_load_state()
    w.shot("04-usulan-dokumen")
    page.get_by_role("link", name=exact(t("Submit"))).click()
    page.get_by_role("button", name=t("Confirm: %(aksi)s") % {"aksi": t("Submit")}).click()
    page.wait_for_url(re.compile(r"/usulan/[^/]+/$"))
    usulan.refresh_from_db()
    assert usulan.status == "diajukan"
    w.shot("05-usulan-diajukan")

    # -- the verifier takes it from the queue, checks documents and rules ------------------------
    v = open_page()
    v.login("verifikator")
    v.page.get_by_role("link", name=t("Verification")).first.click()
    v.shot("06-antrian-verifikasi")
    v.page.get_by_role("link", name=usulan.nomor).first.click()
    v.page.get_by_role("link", name=exact(t("Start verification"))).click()
    v.page.get_by_role("button", name=re.compile(re.escape(t("Start verification")))).click()
    v.page.wait_for_url(re.compile(r"/usulan/[^/]+/"))
    for i in range(usulan.dokumen.count()):
        v.page.get_by_role("button", name=exact(t("Valid"))).nth(i).click()
        v.page.wait_for_load_state()
    assert set(usulan.dokumen.values_list("status", flat=True)) == {"valid"}
    v.shot("07-verifikasi")
    v.page.get_by_role("link", name=exact(t("Declare eligible"))).click()
    v.page.get_by_role("button", name=re.compile(re.escape(t("Declare eligible")))).click()
    v.page.wait_for_load_state()
    usulan.refresh_from_db()
    assert usulan.status == "memenuhi_syarat", usulan.status

    # -- the official approves: two in bulk from the queue on a phone, one on its own -----------
    others = [_eligible_proposal(second, formasi), _eligible_proposal(third, formasi)]
    m = open_page(PHONE)
    m.login("pejabat")
    m.goto(reverse("mutasi:antrian_persetujuan"))
    m.shot("08-antrian-persetujuan-ponsel")
    for u in others:
        # On a phone the label is the 44-pixel tap area laid over the small checkbox.
        m.page.locator(f"label[for=pilih-{u.pk}]").click()
        assert m.page.locator(f"#pilih-{u.pk}").is_checked()
    m.page.get_by_role("button", name=t("Approve selected")).click()
    m.page.wait_for_load_state()
    m.shot("09-persetujuan-massal")
    for u in others:
        u.refresh_from_db()
        assert u.status == "disetujui"
    p = open_page()
    p.login("pejabat")
    p.goto(reverse("mutasi:detail", args=[usulan.nomor]))
    p.page.get_by_role("link", name=exact(t("Approve"))).click()
    p.page.get_by_role("button", name=re.compile(re.escape(t("Approve")))).click()
    p.page.wait_for_load_state()
    usulan.refresh_from_db()
    assert usulan.status == "disetujui"
    p.shot("10-disetujui")

    # -- the BKD officer composes, previews and issues the SK, and downloads the PDF ------------
    a = open_page()
    a.login("admin_bkd")
    a.page.get_by_role("link", name=t("Decrees (SK)")).click()
    a.page.get_by_role("link", name=t("Compose decree")).click()
    for u in [usulan, *others]:  # one collective decree with a lampiran
        a.page.get_by_label(re.compile(re.escape(u.nomor))).check()
    a.page.get_by_label(t("Effective date (TMT)")).fill(tmt.isoformat())
    a.page.get_by_label(t("Signatory name")).fill("Drs. H. Pejabat Contoh, M.Si.")
    a.shot("11-sk-susun")
    a.page.get_by_role("button", name=t("Save draft")).click()
    a.page.wait_for_url(re.compile(r"/usulan/sk/\d+/$"))
    a.page.get_by_role("link", name=t("Issue"), exact=True).click()
    a.page.get_by_role("button", name=t("Confirm: issue")).click()
    a.page.wait_for_url(re.compile(r"/usulan/sk/\d+/$"))
    a.shot("12-sk-terbit")
    sk = SuratKeputusan.objects.get(usulan=usulan)
    assert sk.usulan.count() == 3
    assert sk.status == "terbit" and sk.nomor
    with a.page.expect_download() as info:
        a.page.get_by_role("link", name=t("Download PDF")).click()
    pdf = tmp_path / "sk.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    verification = a.page.locator("a[href*='/verifikasi/']").first.get_attribute("href")

    # -- the dashboard and the official's home page now have something to show -------------------
    a.page.get_by_role("link", name=t("Dashboard")).first.click()
    a.page.locator("svg[role=img]").first.wait_for()
    a.shot("12b-dasbor")
    p.goto("/")
    p.shot("12c-beranda-pejabat")

    # -- anyone holding the decree checks it: no login --------------------------------------------
    q = open_page(PHONE)
    q.goto(urlsplit(verification).path)  # the printed URL names the production host
    q.page.get_by_text(sk.nomor).first.wait_for()
    valid = t(
        "This decree is valid: it was issued by the Provincial Government of Kalimantan Barat "
        "and has not been revoked."
    )
    assert q.page.get_by_role("status").filter(has_text=valid).is_visible()
    q.shot("13-verifikasi-publik")

    # -- the employee follows the proposal on the public tracking page ----------------------------
    q.goto(reverse("lacak"))
    q.page.get_by_label("NIP").fill(pegawai.nip_display)
    q.page.get_by_label(t("Proposal number")).fill(usulan.nomor.lower())
    q.page.get_by_role("button", name=t("Track")).click()
    q.page.wait_for_load_state()
    body = q.page.locator("main").inner_text()
    assert sk.nomor in body and usulan.nomor in body
    officers = User.objects.filter(username__in=["verifikator", "pejabat", "operator_diskominfo"])
    for name in [pegawai.nama, *(u.get_full_name() for u in officers if u.get_full_name())]:
        assert name not in body  # nobody's name, not even the employee's own
    q.shot("13b-lacak-usulan")

    # -- on the TMT the daily job moves the employee; the employee page shows it -----------------
    with time_machine.travel(dt.datetime.combine(tmt, dt.time(7)), tick=True):
        call_command("apply_due_mutations", verbosity=0)
        for moved in (pegawai, second, third):
            moved.refresh_from_db()
            assert moved.jabatan_id == formasi.jabatan_id
            assert moved.instansi_id == formasi.instansi_id
        later = open_page()  # days later: yesterday's session has expired
        later.login("admin_bkd")
        later.goto(reverse("pegawai:detail", args=[pegawai.nip]))
        main = later.page.locator("main").inner_text()
        assert formasi.jabatan.nama in main and formasi.instansi.nama in main
        later.shot("14-pegawai-setelah-tmt")


def test_export_and_import_run_as_background_jobs(demo, open_page, tmp_path):
    """The BKD officer exports the employee list (a background job with a result page and a
    download) and imports the same file back: every row checked, nothing new."""
    w = open_page()
    w.login("admin_bkd")
    w.page.get_by_role("link", name=t("Employees"), exact=True).click()
    w.page.locator("form.export-buttons").get_by_role("button", name="CSV").click()
    w.page.wait_for_url(re.compile(r"/tugas/\d+/$"))
    download_link = w.page.get_by_role("link", name=re.compile(re.escape(t("Download"))))
    download_link.wait_for()
    w.shot("15-tugas-ekspor")
    with w.page.expect_download() as info:
        download_link.click()
    exported = tmp_path / "pegawai.csv"
    info.value.save_as(exported)
    lines = exported.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == Pegawai.objects.count() + 1  # header + every employee (BKD: all)

    w.goto(reverse("pegawai:impor"))
    w.page.get_by_label(t("Spreadsheet (CSV or XLSX)")).set_input_files(str(exported))
    w.page.get_by_role("button", name=t("Upload and import")).click()
    w.page.wait_for_url(re.compile(r"/tugas/\d+/$"))
    w.page.locator(".callout--ok").wait_for()
    assert w.page.locator("#tugas-progress").get_attribute("value") == "100"
    assert Pegawai.objects.count() == len(lines) - 1  # the same people, nobody duplicated
    w.shot("16-tugas-impor")
