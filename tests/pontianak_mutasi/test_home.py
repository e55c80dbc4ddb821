"""The home page: one section per role held, each scoped to the user, queue ages, query counts."""

from __future__ import annotations

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi.models import JenisInstansi
from pontianak_mutasi.models import Role
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    PegawaiFactory,
    UserFactory,
)
from tests.pontianak_mutasi.conftest import log, make_sk, make_usulan, wib

HOME = reverse("home")
NOW = wib(2026, 6, 15, 10, 0)
SECTIONS = {
    "operator": 'id="sec-operator"',
    "verifikator": 'id="sec-verifikasi"',
    "pejabat": 'id="sec-persetujuan"',
    "admin": 'id="sec-provinsi"',
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def upt(dinkes):
    return InstansiFactory(nama="UPT Labkesda", induk=dinkes, jenis=JenisInstansi.UPT)


@pytest.fixture
def sambas(db):
    return InstansiFactory(nama="Kabupaten Sambas", jenis=JenisInstansi.KABUPATEN_KOTA)


@pytest.fixture
def usulan(dinkes, diskominfo, upt, sambas):
    """Proposals of Dinkes (and its UPT), and of Diskominfo with another agency."""
    u = {
        "draft": make_usulan(dinkes, diskominfo, status="draft", nama="Dinkes Draf"),
        "kembali": make_usulan(dinkes, diskominfo, status="dikembalikan", nama="Dinkes Kembali"),
        "tangani": make_usulan(
            dinkes, diskominfo, status="sk_terbit", perlu_penanganan=True, nama="Dinkes Tangani"
        ),
        "v1": make_usulan(
            dinkes, diskominfo, status="verifikasi", diajukan_at=wib(2026, 5, 26, 9, 0)
        ),  # 20 days
        "v2": make_usulan(upt, dinkes, status="diajukan", diajukan_at=wib(2026, 6, 12, 9, 0)),
        "v3": make_usulan(
            diskominfo, sambas, status="diajukan", diajukan_at=wib(2026, 5, 16, 9, 0)
        ),  # 30 days
        "m1": make_usulan(
            dinkes, diskominfo, status="memenuhi_syarat", diajukan_at=wib(2026, 4, 1, 9, 0)
        ),
        "x_draft": make_usulan(diskominfo, sambas, status="draft", nama="Kominfo Draf"),
        "x_kembali": make_usulan(diskominfo, sambas, status="dikembalikan", nama="Kominfo Kembali"),
        "x_m2": make_usulan(
            diskominfo, sambas, status="memenuhi_syarat", diajukan_at=wib(2026, 5, 1, 9, 0)
        ),
    }
    # Declared eligible on 5 June (m1, 10 days) and 25 May (x_m2, 21 days): the approval
    # queue ages from there, not from the submission.
    log(u["m1"], "nyatakan_memenuhi_syarat", "verifikasi", "memenuhi_syarat", wib(2026, 6, 5, 8))
    log(u["x_m2"], "nyatakan_memenuhi_syarat", "verifikasi", "memenuhi_syarat", wib(2026, 5, 25, 8))
    return u


def sections(body: str) -> set[str]:
    return {name for name, marker in SECTIONS.items() if marker in body}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("operator_dinkes", {"operator"}),
        ("verifikator_bkd", {"verifikator"}),
        ("pejabat", {"pejabat"}),
        ("admin_kepegawaian", {"admin"}),
        ("admin", {"admin"}),  # a superuser without groups
    ],
)
def test_each_role_sees_its_own_section_only(db, client, request, role, expected):
    client.force_login(request.getfixturevalue(role))
    response = client.get(HOME)
    assert response.status_code == 200
    assert sections(response.text) == expected


def test_a_user_with_several_roles_sees_each_section(client, dinkes):
    user = UserFactory(instansi=dinkes, roles=[Role.VERIFIKATOR_BKD, Role.PEJABAT_PENYETUJU])
    client.force_login(user)
    assert sections(client.get(HOME).text) == {"verifikator", "pejabat"}


def test_user_without_role_or_agency_gets_an_explanation_and_no_section(client, db):
    client.force_login(UserFactory(username="baru"))
    body = client.get(HOME).text
    assert "not linked to an agency" in body
    assert sections(body) == set()


def test_operator_without_agency_gets_the_explanation_not_an_error(client, usulan):
    client.force_login(UserFactory(roles=[Role.OPERATOR_OPD]))
    response = client.get(HOME)
    assert response.status_code == 200
    assert "not linked to an agency" in response.text
    assert sections(response.text) == set()
    assert response.context["operator"]["jumlah_usulan"] == 0


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# -- Operator OPD -------------------------------------------------------------------------


def test_operator_counts_only_their_agencys_proposals(client, operator_dinkes, usulan):
    client.force_login(operator_dinkes)
    response = client.get(HOME)
    operator = response.context["operator"]
    waiting = operator["menunggu"]
    assert (waiting.draft, waiting.dikembalikan, waiting.penanganan) == (1, 1, 1)
    assert {u.nomor for u in waiting.teratas} == {
        usulan["draft"].nomor,
        usulan["kembali"].nomor,
        usulan["tangani"].nomor,
    }
    # Dinkes → Diskominfo and UPT → Dinkes; nothing between Diskominfo and Sambas.
    assert {s: n for s, _label, n in operator["per_status"]} == {
        "draft": 1,
        "dikembalikan": 1,
        "sk_terbit": 1,
        "verifikasi": 1,
        "diajukan": 1,
        "memenuhi_syarat": 1,
    }
    assert operator["jumlah_usulan"] == 6
    body = response.text
    assert "Dinkes Kembali" in body
    assert "Kominfo Draf" not in body and "Kominfo Kembali" not in body
    assert usulan["x_draft"].nomor not in body


def test_operator_state_counts_link_to_the_filtered_list(client, operator_dinkes, usulan):
    client.force_login(operator_dinkes)
    body = client.get(HOME).text
    assert f'href="{reverse("mutasi:list")}?status=dikembalikan"' in body
    assert f'href="{reverse("mutasi:list")}?status=sk_terbit"' in body
    # A state with no proposal gets no link.
    assert "?status=ditolak" not in body


def make_formasi(instansi, *, need_minutes: int, holders: int):
    formasi = FormasiFactory(instansi=instansi)
    if need_minutes:
        AnalisisBebanKerjaFactory(formasi=formasi, volume=need_minutes, norma_waktu=1)
    PegawaiFactory.create_batch(holders, instansi=instansi, jabatan=formasi.jabatan)
    return formasi


def test_operator_sees_their_formasi_gaps_with_links_to_candidates(
    client, operator_dinkes, dinkes, upt, diskominfo
):
    short_3 = make_formasi(dinkes, need_minutes=3 * 75_000, holders=0)
    short_1 = make_formasi(upt, need_minutes=2 * 75_000, holders=1)
    make_formasi(dinkes, need_minutes=75_000, holders=3)  # surplus 2
    make_formasi(dinkes, need_minutes=75_000, holders=1)  # balanced
    elsewhere = make_formasi(diskominfo, need_minutes=9 * 75_000, holders=0)
    client.force_login(operator_dinkes)
    response = client.get(HOME)
    gap = response.context["operator"]["gap"]
    assert (gap.jumlah, gap.kurang, gap.lebih) == (4, 2, 1)
    assert [f.pk for f in gap.kekurangan_teratas] == [short_3.pk, short_1.pk]
    body = response.text
    url = reverse("instansi:formasi_rekomendasi", args=[dinkes.kode, short_3.pk])
    assert f'href="{url}"' in body
    assert elsewhere.jabatan.nama not in body


# -- queues -------------------------------------------------------------------------------


def test_verification_queue_ages(client, verifikator_bkd, usulan):
    client.force_login(verifikator_bkd)
    response = client.get(HOME)
    antrian = response.context["verifikator"]
    assert antrian.jumlah == 3
    assert antrian.tertua_hari == 30
    assert antrian.batas_hari == 14
    assert antrian.lewat_batas == 2  # 30 and 20 days; 3 days is fine
    assert [(u.nomor, u.umur_hari) for u in antrian.teratas] == [
        (usulan["v3"].nomor, 30),
        (usulan["v1"].nomor, 20),
        (usulan["v2"].nomor, 3),
    ]
    assert reverse("mutasi:verifikasi", args=[usulan["v3"].nomor]) in response.text


def test_overdue_counts_whole_local_days_beyond_the_setting(
    client, verifikator_bkd, dinkes, settings
):
    settings.SIMUTASI = {**settings.SIMUTASI, "QUEUE_OVERDUE_DAYS": 10}
    # Today is 15 June (WIB). 5 June 00:30 WIB is still 4 June in UTC: 10 days, not overdue.
    make_usulan(dinkes, dinkes, status="diajukan", diajukan_at=wib(2026, 6, 5, 0, 30))
    make_usulan(dinkes, dinkes, status="diajukan", diajukan_at=wib(2026, 6, 4, 23, 59))  # 11
    client.force_login(verifikator_bkd)
    antrian = client.get(HOME).context["verifikator"]
    assert (antrian.jumlah, antrian.tertua_hari, antrian.lewat_batas) == (2, 11, 1)


def test_approval_queue_ages_from_the_eligibility_decision(client, pejabat, usulan, dinkes):
    # Without a log row the age falls back to the submission (1 June: 14 days).
    fallback = make_usulan(
        dinkes, dinkes, status="memenuhi_syarat", diajukan_at=wib(2026, 6, 1, 9, 0)
    )
    client.force_login(pejabat)
    response = client.get(HOME)
    antrian = response.context["pejabat"]
    assert antrian.jumlah == 3
    assert antrian.tertua_hari == 21
    assert antrian.lewat_batas == 1  # 21 days; 14 is not more than 14
    assert [(u.nomor, u.umur_hari) for u in antrian.teratas] == [
        (usulan["x_m2"].nomor, 21),
        (fallback.nomor, 14),
        (usulan["m1"].nomor, 10),
    ]
    assert reverse("mutasi:antrian_persetujuan") in response.text


def test_empty_queues_say_so(client, verifikator_bkd, pejabat):
    client.force_login(verifikator_bkd)
    antrian = client.get(HOME).context["verifikator"]
    assert (antrian.jumlah, antrian.tertua_hari, antrian.lewat_batas) == (0, None, 0)
    client.force_login(pejabat)
    assert "No proposal is waiting for a decision." in client.get(HOME).text


# -- administrator ------------------------------------------------------------------------


def test_province_overview(client, admin_kepegawaian, dinkes, diskominfo, sambas):
    sambas.is_external = True
    sambas.save()
    make_formasi(dinkes, need_minutes=2 * 75_000, holders=0)  # short
    make_formasi(diskominfo, need_minutes=75_000, holders=1)  # balanced
    make_formasi(sambas, need_minutes=5 * 75_000, holders=0)  # short, but not provincial
    PegawaiFactory(instansi=dinkes, is_active=False)
    make_usulan(dinkes, diskominfo, status="draft")  # not in progress yet
    make_usulan(dinkes, diskominfo, status="verifikasi")
    make_usulan(diskominfo, dinkes, status="disetujui")
    make_usulan(diskominfo, dinkes, status="selesai")  # closed
    make_sk(admin_kepegawaian, diterbitkan_at=wib(2026, 2, 1, 10), urutan=1)
    make_sk(admin_kepegawaian, diterbitkan_at=wib(2026, 3, 1, 10), urutan=2, status="dicabut")
    make_sk(admin_kepegawaian, diterbitkan_at=wib(2025, 12, 31, 23), urutan=3)  # last year
    make_sk(admin_kepegawaian, diterbitkan_at=None, status="draft")
    client.force_login(admin_kepegawaian)
    r = client.get(HOME).context["admin"]
    # Employees: 1 holder + 4 proposal subjects (make_usulan); the inactive one is left out.
    assert (r.pegawai, r.instansi, r.formasi_kurang, r.usulan_proses, r.sk_terbit) == (
        5,
        2,
        1,
        2,
        2,
    )
    assert r.tahun == 2026


# -- cost ---------------------------------------------------------------------------------


def everything_user(dinkes):
    return UserFactory(
        instansi=dinkes,
        roles=[
            Role.OPERATOR_OPD,
            Role.VERIFIKATOR_BKD,
            Role.PEJABAT_PENYETUJU,
            Role.ADMIN_KEPEGAWAIAN,
        ],
    )


def test_query_count_does_not_grow_with_the_data(
    client, dinkes, diskominfo, django_assert_max_num_queries
):
    user = everything_user(dinkes)
    client.force_login(user)
    # One proposal in each list first: a list with rows fetches its proposals' positions,
    # units and proposers (one query each), an empty one does not.
    for status in ("draft", "diajukan", "memenuhi_syarat"):
        make_usulan(dinkes, diskominfo, status=status, diajukan_at=wib(2026, 6, 1))
    make_usulan(dinkes, diskominfo, status="sk_terbit", perlu_penanganan=True)
    client.get(HOME)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    for i in range(6):
        make_formasi(dinkes, need_minutes=(i + 2) * 75_000, holders=i % 3)
        for status in ("draft", "dikembalikan", "diajukan", "verifikasi", "memenuhi_syarat"):
            u = make_usulan(dinkes, diskominfo, status=status, diajukan_at=wib(2026, 5, i + 1))
        log(u, "nyatakan_memenuhi_syarat", "verifikasi", "memenuhi_syarat", wib(2026, 6, i + 1))
        make_usulan(dinkes, diskominfo, status="sk_terbit", perlu_penanganan=True)
    with CaptureQueriesContext(connection) as large:
        response = client.get(HOME)
    assert sections(response.text) == {"operator", "verifikator", "pejabat", "admin"}
    assert len(large) == len(small)
    # Session, user, groups, agency, notifications; operator 4, each queue 2, overview 5;
    # the origin positions and proposers of the listed proposals.
    with django_assert_max_num_queries(24):
        client.get(HOME)
