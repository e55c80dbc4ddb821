"""Decrees (SK): compose rules, issue with numbers, revoke/correct, background rendering, and the
decree screens (download hash, access control)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from mutasi import documents, services
from mutasi.models import Status, StatusSK, SuratKeputusan, UsulanLog
from mutasi.models.sk import RenderStatus
from pontianak_mutasi.models import Role
from tests.factories import FormasiFactory, InstansiFactory, PegawaiFactory, UserFactory
from tests.mutasi.conftest import put_in_state

PENETAPAN = dt.date(2026, 11, 28)
TMT = dt.date(2099, 1, 1)  # far ahead: issuing never applies the move in these tests


def fake_pdf(sk, *, draft=False, progress=None):
    if progress:
        progress(50)
    return b"%PDF-1.4 fake " + (sk.nomor or "draft").encode()


@pytest.fixture
def fast_render(monkeypatch):
    """Most tests are about the workflow, not WeasyPrint: a quick stand-in renderer."""
    monkeypatch.setattr(documents, "render_sk_pdf", fake_pdf)


@pytest.fixture
def approved(make_usulan, dinkes):
    """n approved proposals, each about another employee of Dinkes."""

    def make(n: int = 1) -> list:
        out = []
        for _i in range(n):
            pegawai = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2020, 1, 1))
            out.append(put_in_state(make_usulan(pegawai=pegawai), Status.DISETUJUI))
        return out

    return make


def compose(actor, usulan, **kwargs):
    return services.sk_compose(
        actor=actor,
        usulan_ids=[u.pk for u in usulan],
        tanggal_penetapan=kwargs.pop("tanggal_penetapan", PENETAPAN),
        tmt=kwargs.pop("tmt", TMT),
        penandatangan_nama=kwargs.pop("penandatangan_nama", "Drs. H. Contoh, M.Si."),
        **kwargs,
    )


def issued(actor, usulan, **kwargs):
    return services.sk_issue(actor=actor, sk=compose(actor, usulan, **kwargs))


# -- compose ------------------------------------------------------------------------------


def test_compose_individual_and_collective_copy_the_template(approved, admin_kepegawaian):
    one, two, three = approved(3)
    individu = compose(admin_kepegawaian, [one])
    kolektif = compose(admin_kepegawaian, [two, three])
    assert individu.jenis == "individu" and "{nama}" in individu.diktum_kesatu
    assert kolektif.jenis == "kolektif" and "Lampiran" in kolektif.diktum_kesatu
    assert individu.status == StatusSK.DRAFT and individu.nomor is None
    assert "Undang-Undang Nomor 20 Tahun 2023" in individu.mengingat
    assert set(kolektif.usulan.all()) == {two, three}


@pytest.mark.parametrize("status", [Status.MEMENUHI_SYARAT, Status.DITOLAK, Status.SK_TERBIT])
def test_compose_refuses_a_proposal_that_is_not_approved(usulan, admin_kepegawaian, status):
    usulan = put_in_state(usulan, status)
    with pytest.raises(ValidationError, match="Only approved proposals"):
        compose(admin_kepegawaian, [usulan])
    assert not SuratKeputusan.objects.exists()


def test_compose_refuses_a_proposal_already_in_a_decree(approved, admin_kepegawaian):
    (usulan,) = approved(1)
    compose(admin_kepegawaian, [usulan])
    with pytest.raises(ValidationError, match="Already in another decree"):
        compose(admin_kepegawaian, [usulan])
    assert SuratKeputusan.objects.count() == 1


def test_compose_needs_the_issue_permission_and_scope(approved, verifikator_bkd):
    (usulan,) = approved(1)
    with pytest.raises(PermissionDenied):
        compose(verifikator_bkd, [usulan])
    # Holding the permission is not enough: a proposal outside the actor's scope is not found.
    outsider = UserFactory(
        username="op_lain", roles=[Role.OPERATOR_OPD], instansi=InstansiFactory()
    )
    outsider.user_permissions.add(Permission.objects.get(codename="issue_suratkeputusan"))
    outsider = type(outsider).objects.get(pk=outsider.pk)  # fresh permission cache
    with pytest.raises(ValidationError, match="not found"):
        compose(outsider, [usulan])
    assert not SuratKeputusan.objects.exists()


# -- issue and numbering ------------------------------------------------------------------


def test_issue_numbers_freezes_and_moves_proposals(approved, admin_kepegawaian, fast_render):
    usulan = approved(2)
    sk = issued(admin_kepegawaian, usulan)
    assert sk.status == StatusSK.TERBIT
    assert sk.nomor == "800.1.3/0001/BKD/2026" and (sk.tahun, sk.urutan) == (2026, 1)
    assert sk.diterbitkan_oleh == admin_kepegawaian and sk.diterbitkan_at
    assert [p["nama"] for p in sk.snapshot["pegawai"]]
    assert sk.sha256 == hashlib.sha256(sk.berkas.read()).hexdigest()
    for u in usulan:
        u.refresh_from_db()
        assert u.status == Status.SK_TERBIT
        logs = UsulanLog.objects.filter(usulan=u, transition="terbitkan_sk")
        assert [(log.from_status, log.to_status, log.note) for log in logs] == [
            (Status.DISETUJUI, Status.SK_TERBIT, sk.nomor)
        ]


def test_numbers_are_consecutive_per_year(approved, admin_kepegawaian, fast_render):
    a, b, c = approved(3)
    first = issued(admin_kepegawaian, [a])
    second = issued(admin_kepegawaian, [b])
    next_year = issued(admin_kepegawaian, [c], tanggal_penetapan=dt.date(2027, 1, 2))
    assert [first.urutan, second.urutan, next_year.urutan] == [1, 2, 1]
    assert second.nomor == "800.1.3/0002/BKD/2026"
    assert next_year.nomor == "800.1.3/0001/BKD/2027"


def test_number_pattern_setting_is_respected(approved, admin_kepegawaian, fast_render, settings):
    settings.SIMUTASI = {**settings.SIMUTASI, "SK_NUMBER_PATTERN": "821.2/{seq:05d}/BKD-MUT/{year}"}
    (u,) = approved(1)
    assert issued(admin_kepegawaian, [u]).nomor == "821.2/00001/BKD-MUT/2026"


def test_an_issued_decree_cannot_be_issued_edited_or_discarded(
    approved, admin_kepegawaian, fast_render
):
    sk = issued(admin_kepegawaian, approved(1))
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.sk_issue(actor=admin_kepegawaian, sk=sk)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.sk_update_draft(actor=admin_kepegawaian, sk=sk, penandatangan_nama="Orang Lain")
    with pytest.raises(ValidationError):
        services.sk_discard_draft(actor=admin_kepegawaian, sk=sk)
    sk.refresh_from_db()
    assert sk.urutan == 1 and sk.penandatangan_nama == "Drs. H. Contoh, M.Si."


def test_draft_can_be_edited_and_discarded(approved, admin_kepegawaian):
    (u,) = approved(1)
    sk = compose(admin_kepegawaian, [u])
    services.sk_update_draft(actor=admin_kepegawaian, sk=sk, penandatangan_nama="Dr. Baru")
    sk.refresh_from_db()
    assert sk.penandatangan_nama == "Dr. Baru"
    services.sk_discard_draft(actor=admin_kepegawaian, sk=sk)
    assert not SuratKeputusan.objects.exists()
    assert compose(admin_kepegawaian, [u]).pk  # the proposal is free again


def test_issue_needs_the_permission_and_writes_nothing_otherwise(
    approved, admin_kepegawaian, pejabat, fast_render
):
    usulan = approved(1)
    sk = compose(admin_kepegawaian, usulan)
    with pytest.raises(PermissionDenied):
        services.sk_issue(actor=pejabat, sk=sk)
    sk.refresh_from_db()
    assert sk.status == StatusSK.DRAFT and sk.nomor is None
    assert not UsulanLog.objects.filter(transition="terbitkan_sk").exists()


def test_a_failed_inline_render_issues_nothing_and_uses_no_number(
    approved, admin_kepegawaian, monkeypatch
):
    def broken(sk, **kwargs):
        raise RuntimeError("font missing")

    monkeypatch.setattr(documents, "render_sk_pdf", broken)
    a, b = approved(2)
    sk = compose(admin_kepegawaian, [a])
    with pytest.raises(RuntimeError):
        services.sk_issue(actor=admin_kepegawaian, sk=sk)
    sk.refresh_from_db()
    a.refresh_from_db()
    assert sk.status == StatusSK.DRAFT and a.status == Status.DISETUJUI
    monkeypatch.setattr(documents, "render_sk_pdf", fake_pdf)
    assert issued(admin_kepegawaian, [b]).urutan == 1  # no gap


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
# serialized_rollback: the flush after a transactional test would delete the rows the data
# migrations made (roles, checklists, the SK template) for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_issues_get_fifty_consecutive_numbers(
    approved, admin_kepegawaian, fast_render
):
    drafts = [compose(admin_kepegawaian, [u]) for u in approved(50)]
    barrier = threading.Barrier(len(drafts))
    errors: list[Exception] = []

    def issue(sk):
        try:
            barrier.wait()
            services.sk_issue(actor=admin_kepegawaian, sk=sk)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(sk,)) for sk in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(SuratKeputusan.objects.values_list("urutan", flat=True))
    assert numbers == list(range(1, 51))
    assert SuratKeputusan.objects.filter(status=StatusSK.TERBIT).count() == 50


# -- revoke / correct ---------------------------------------------------------------------


def test_revoke_flow(approved, admin_kepegawaian, fast_render):
    usulan = approved(2)
    old = issued(admin_kepegawaian, usulan)
    old_pdf, old_hash = old.berkas.read(), old.sha256
    with pytest.raises(ValidationError, match="reason"):
        services.sk_revoke(actor=admin_kepegawaian, sk=old, alasan="")
    koreksi = services.sk_revoke(
        actor=admin_kepegawaian, sk=old, alasan="Salah penulisan unit kerja tujuan."
    )
    assert koreksi.status == StatusSK.DRAFT and koreksi.mencabut == old
    assert set(koreksi.usulan.all()) == set(usulan)
    old.refresh_from_db()
    assert old.status == StatusSK.TERBIT  # still in force until the correction is issued
    with pytest.raises(ValidationError, match="already being drafted"):
        services.sk_revoke(actor=admin_kepegawaian, sk=old, alasan="Alasan lain yang cukup.")

    koreksi = services.sk_issue(actor=admin_kepegawaian, sk=koreksi)
    old.refresh_from_db()
    assert koreksi.status == StatusSK.TERBIT and koreksi.urutan == 2
    assert old.status == StatusSK.DICABUT
    assert (old.nomor, old.sha256) == ("800.1.3/0001/BKD/2026", old_hash)
    assert old.berkas.read() == old_pdf
    for u in usulan:
        u.refresh_from_db()
        assert u.status == Status.SK_TERBIT
        assert u.log.filter(transition="koreksi_sk", note=koreksi.nomor).count() == 1
    with pytest.raises(ValidationError):
        services.sk_revoke(actor=admin_kepegawaian, sk=old, alasan="Sudah dicabut sebelumnya.")


# -- background rendering -----------------------------------------------------------------


def test_large_decree_renders_in_the_task(
    approved, admin_kepegawaian, fast_render, settings, django_capture_on_commit_callbacks
):
    settings.SIMUTASI = {**settings.SIMUTASI, "SK_INLINE_MAX": 2}
    usulan = approved(3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sk = issued(admin_kepegawaian, usulan)  # ImmediateBackend: the task runs at once
    assert sk.render_status == RenderStatus.PENDING and len(callbacks) == 1
    sk.refresh_from_db()
    assert sk.render_status == RenderStatus.DONE and sk.render_progress == 100
    assert sk.berkas and sk.sha256 == hashlib.sha256(sk.berkas.read()).hexdigest()


def test_failed_background_render_is_recorded_and_retried(
    approved, admin_kepegawaian, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.SIMUTASI = {**settings.SIMUTASI, "SK_INLINE_MAX": 1}

    def broken(sk, **kwargs):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(documents, "render_sk_pdf", broken)
    usulan = approved(2)
    with django_capture_on_commit_callbacks(execute=True):
        sk = issued(admin_kepegawaian, usulan)
    sk.refresh_from_db()
    assert sk.status == StatusSK.TERBIT  # the decree stands; only its PDF is missing
    assert sk.render_status == RenderStatus.FAILED and "out of memory" in sk.render_error
    assert not sk.berkas

    monkeypatch.setattr(documents, "render_sk_pdf", fake_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        services.sk_render_retry(actor=admin_kepegawaian, sk=sk)
    sk.refresh_from_db()
    assert sk.render_status == RenderStatus.DONE and sk.render_error == ""
    assert sk.sha256 == hashlib.sha256(sk.berkas.read()).hexdigest()
    with pytest.raises(ValidationError):
        services.sk_render_retry(actor=admin_kepegawaian, sk=sk)


# -- screens ------------------------------------------------------------------------------


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def test_compose_screen_issue_and_download(client, approved, admin_kepegawaian):
    """The real WeasyPrint renderer: the stored hash is the hash of the served bytes."""
    (u,) = approved(1)
    client.force_login(admin_kepegawaian)
    page = client.get(reverse("mutasi:sk_compose"), {"usulan": u.nomor})
    assert page.status_code == 200 and u.nomor in page.content.decode()
    template = page.context["form"].fields["template"].initial
    response = client.post(
        reverse("mutasi:sk_compose"),
        {
            "usulan": [u.pk],
            "tanggal_penetapan": "2026-11-28",
            "tmt": "2099-01-01",
            "template": template,
            "penandatangan_nama": "Drs. H. Contoh",
            "penandatangan_jabatan": "GUBERNUR KALIMANTAN BARAT",
        },
    )
    sk = SuratKeputusan.objects.get()
    assert response.status_code == 302 and response.url == reverse("mutasi:sk_detail", args=[sk.pk])
    preview = client.get(reverse("mutasi:sk_preview", args=[sk.pk]))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")

    confirm = client.get(reverse("mutasi:sk_issue", args=[sk.pk]))
    assert confirm.status_code == 200
    sk.refresh_from_db()
    assert sk.status == StatusSK.DRAFT  # GET only confirms
    client.post(reverse("mutasi:sk_issue", args=[sk.pk]))
    sk.refresh_from_db()
    assert sk.status == StatusSK.TERBIT

    download = client.get(reverse("mutasi:sk_download", args=[sk.pk]))
    body = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(body).hexdigest() == sk.sha256

    detail = client.get(reverse("mutasi:sk_detail", args=[sk.pk])).content.decode()
    assert sk.sha256 in detail and f"/verifikasi/{sk.token}/" in detail
    assert client.post(reverse("mutasi:sk_issue", args=[sk.pk])).status_code == 404
    assert client.get(reverse("mutasi:sk_update", args=[sk.pk])).status_code == 404


def test_petikan_and_zip(client, approved, admin_kepegawaian, fast_render):
    usulan = approved(2)
    sk = issued(admin_kepegawaian, usulan)
    client.force_login(admin_kepegawaian)
    one = client.get(reverse("mutasi:sk_petikan", args=[sk.pk, usulan[0].nomor]))
    assert one.status_code == 200 and one.content.startswith(b"%PDF")
    archive = client.get(reverse("mutasi:sk_petikan_zip", args=[sk.pk]))
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    assert sorted(names) == sorted(
        f"Petikan-800.1.3-0001-BKD-2026-{u.pegawai.nip}.pdf" for u in usulan
    )


def test_download_access_control(client, approved, admin_kepegawaian, fast_render):
    sk = issued(admin_kepegawaian, approved(1))
    url = reverse("mutasi:sk_download", args=[sk.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/akun/masuk/" in anonymous.url
    other = UserFactory(username="op_lain", roles=[Role.OPERATOR_OPD], instansi=InstansiFactory())
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("mutasi:sk_detail", args=[sk.pk])).status_code == 404


def test_operator_of_the_agency_sees_issued_not_draft(
    client, approved, admin_kepegawaian, operator_dinkes, fast_render
):
    a, b = approved(2)
    sk = issued(admin_kepegawaian, [a])
    draft = compose(admin_kepegawaian, [b])
    client.force_login(operator_dinkes)
    assert client.get(reverse("mutasi:sk_download", args=[sk.pk])).status_code == 200
    assert client.get(reverse("mutasi:sk_detail", args=[draft.pk])).status_code == 404
    listing = client.get(reverse("mutasi:sk_list")).content.decode()
    assert sk.nomor in listing
    assert client.get(reverse("mutasi:sk_compose")).status_code == 403


def test_render_progress_partial_polls_until_done(client, approved, admin_kepegawaian, fast_render):
    sk = issued(admin_kepegawaian, approved(1))
    SuratKeputusan.objects.filter(pk=sk.pk).update(
        render_status=RenderStatus.RUNNING, render_progress=40
    )
    client.force_login(admin_kepegawaian)
    url = reverse("mutasi:sk_render_status", args=[sk.pk])
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in running and 'value="40"' in running
    SuratKeputusan.objects.filter(pk=sk.pk).update(render_status=RenderStatus.DONE)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and "Download PDF" in done
    SuratKeputusan.objects.filter(pk=sk.pk).update(render_status=RenderStatus.FAILED)
    failed = client.get(url).content.decode()
    assert "hx-trigger" not in failed and reverse("mutasi:sk_render_retry", args=[sk.pk]) in failed


def test_revoke_screen_requires_a_reason(client, approved, admin_kepegawaian, fast_render):
    sk = issued(admin_kepegawaian, approved(1))
    client.force_login(admin_kepegawaian)
    url = reverse("mutasi:sk_revoke", args=[sk.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"alasan": ""}).status_code == 200
    assert not SuratKeputusan.objects.filter(mencabut=sk).exists()
    response = client.post(url, {"alasan": "Salah penulisan jabatan baru."})
    koreksi = SuratKeputusan.objects.get(mencabut=sk)
    assert response.url == reverse("mutasi:sk_detail", args=[koreksi.pk])


def test_issue_with_tmt_today_applies_the_move_after_commit(
    approved, admin_kepegawaian, fast_render, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from mutasi.services import penerapan

    calls = []
    monkeypatch.setattr(penerapan, "apply_due", lambda **kw: calls.append(kw) or {})
    today = timezone.localdate()
    usulan = approved(2)
    with django_capture_on_commit_callbacks(execute=True):
        issued(admin_kepegawaian, usulan[:1], tanggal_penetapan=today, tmt=today)
    assert calls == [{}]
    with django_capture_on_commit_callbacks(execute=True):
        issued(admin_kepegawaian, usulan[1:], tanggal_penetapan=today, tmt=TMT)
    assert calls == [{}]  # a future TMT waits for the daily run


def test_retry_view_requeues_a_failed_render(
    client, approved, admin_kepegawaian, fast_render, django_capture_on_commit_callbacks
):
    sk = issued(admin_kepegawaian, approved(1))
    SuratKeputusan.objects.filter(pk=sk.pk).update(
        render_status=RenderStatus.FAILED, render_error="boom", sha256="", berkas=""
    )
    client.force_login(admin_kepegawaian)
    assert client.get(reverse("mutasi:sk_render_retry", args=[sk.pk])).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mutasi:sk_render_retry", args=[sk.pk]))
    assert response.status_code == 302
    sk.refresh_from_db()
    assert sk.render_status == RenderStatus.DONE and sk.sha256


def test_edit_draft_screen_and_compose_link(client, approved, admin_kepegawaian, operator_dinkes):
    (u,) = approved(1)
    client.force_login(admin_kepegawaian)
    detail = client.get(reverse("mutasi:detail", args=[u.nomor])).content.decode()
    assert f"{reverse('mutasi:sk_compose')}?usulan={u.nomor}" in detail
    sk = compose(admin_kepegawaian, [u])
    url = reverse("mutasi:sk_update", args=[sk.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["penandatangan_nama"] = "Dr. Pengganti"
    assert client.post(url, data).status_code == 302
    sk.refresh_from_db()
    assert sk.penandatangan_nama == "Dr. Pengganti"
    client.force_login(operator_dinkes)
    assert client.get(url).status_code == 403


def test_operator_sees_only_their_employees_of_a_shared_collective_decree(
    client, approved, make_usulan, admin_kepegawaian, operator_diskominfo, dinkes, fast_render
):
    """A collective decree with a move into Diskominfo and a move inside Dinkes: Diskominfo's
    operator sees and gets the petikan of their own move only; the whole PDF (which names the
    Dinkes employee) is not theirs to download."""
    [masuk] = approved(1)  # Dinkes → Diskominfo
    dalam = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2020, 1, 1))
    formasi = FormasiFactory(instansi=dinkes)
    lokal = put_in_state(
        make_usulan(pegawai=dalam, tujuan_instansi=dinkes, tujuan_jabatan=formasi.jabatan),
        Status.DISETUJUI,
    )
    sk = issued(admin_kepegawaian, [masuk, lokal])
    client.force_login(operator_diskominfo)
    body = client.get(reverse("mutasi:sk_detail", args=[sk.pk])).content.decode()
    assert masuk.pegawai.nip_display in body
    assert dalam.nip_display not in body and dalam.nama not in body
    assert "also names 1 employee of other agencies" in body
    assert reverse("mutasi:sk_download", args=[sk.pk]) not in body
    assert client.get(reverse("mutasi:sk_download", args=[sk.pk])).status_code == 404
    client.force_login(admin_kepegawaian)  # BKD: the whole decree
    assert client.get(reverse("mutasi:sk_download", args=[sk.pk])).status_code == 200
