"""Employee list and detail: scoping per role, search, filters, pagination, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi.models import JenisInstansi, JenisJabatan
from pegawai.selectors import pegawai_list_for_user
from tests.factories import (
    BidangFactory,
    HukumanDisiplinFactory,
    InstansiFactory,
    JabatanFactory,
    KompetensiFactory,
    PegawaiFactory,
    PenilaianKinerjaFactory,
    RiwayatDiklatFactory,
    RiwayatGolonganFactory,
    RiwayatJabatanFactory,
    RiwayatPendidikanFactory,
    UnitKerjaFactory,
    UserFactory,
)

LIST = reverse("pegawai:list")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


def detail_url(pegawai) -> str:
    return reverse("pegawai:detail", args=[pegawai.nip])


def listed(response) -> set[str]:
    return {p.nip for p in response.context["page_obj"].object_list}


@pytest.fixture
def upt(dinkes):
    return InstansiFactory(
        kode="1.02.01.01",
        nama="UPT Laboratorium Kesehatan Daerah",
        singkatan="Labkesda",
        jenis=JenisInstansi.UPT,
        induk=dinkes,
    )


@pytest.fixture
def staff(dinkes, diskominfo, upt):
    """One employee in Dinkes, one in its UPT, one in Diskominfo."""
    return {
        "dinkes": PegawaiFactory(instansi=dinkes, nama="Siti Rahmawati"),
        "upt": PegawaiFactory(instansi=upt, nama="Yohanes Lab"),
        "diskominfo": PegawaiFactory(instansi=diskominfo, nama="Budi Santoso"),
    }


# -- scoping -------------------------------------------------------------------------------


def test_operator_lists_own_agency_and_its_upt_only(client, operator_dinkes, staff):
    client.force_login(operator_dinkes)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == {staff["dinkes"].nip, staff["upt"].nip}
    body = response.content.decode()
    assert "Siti Rahmawati" in body
    assert "Yohanes Lab" in body
    assert "Budi Santoso" not in body


def test_operator_of_other_agency_sees_only_theirs(client, operator_diskominfo, staff):
    client.force_login(operator_diskominfo)
    assert listed(client.get(LIST)) == {staff["diskominfo"].nip}


@pytest.mark.parametrize("role", ["verifikator_bkd", "pejabat", "admin_kepegawaian", "admin"])
def test_province_wide_roles_list_everybody(db, client, request, role, staff):
    client.force_login(request.getfixturevalue(role))
    assert listed(client.get(LIST)) == {p.nip for p in staff.values()}


def test_user_without_agency_or_role_sees_nobody(client, staff):
    user = UserFactory(username="tanpa_peran")
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == set()
    assert pegawai_list_for_user(user).count() == 0


def test_operator_gets_404_for_other_agencys_employee(client, operator_dinkes, staff):
    client.force_login(operator_dinkes)
    assert client.get(detail_url(staff["diskominfo"])).status_code == 404
    assert client.get(detail_url(staff["dinkes"])).status_code == 200
    assert client.get(detail_url(staff["upt"])).status_code == 200


def test_404_page_does_not_reveal_the_employee(client, operator_dinkes, staff):
    client.force_login(operator_dinkes)
    response = client.get(detail_url(staff["diskominfo"]))
    assert "Budi Santoso" not in response.content.decode()


@pytest.mark.parametrize("role", ["verifikator_bkd", "pejabat"])
def test_province_wide_roles_open_any_employee(db, client, request, role, staff):
    client.force_login(request.getfixturevalue(role))
    for pegawai in staff.values():
        assert client.get(detail_url(pegawai)).status_code == 200


def test_detail_accepts_nip_with_spaces(client, verifikator_bkd, staff):
    client.force_login(verifikator_bkd)
    pegawai = staff["dinkes"]
    response = client.get(f"/pegawai/{pegawai.nip_display}/")
    assert response.status_code == 200
    assert response.context["pegawai"] == pegawai


def test_unknown_or_mangled_nip_is_404(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    assert client.get("/pegawai/199001012015011999/").status_code == 404
    assert client.get("/pegawai/1.98503E+17/").status_code == 404


# -- search and filters ------------------------------------------------------------------


@pytest.fixture
def people(dinkes):
    return [
        PegawaiFactory(instansi=dinkes, nama="Andi Wijaya", tanggal_lahir=dt.date(1980, 1, 2)),
        PegawaiFactory(instansi=dinkes, nama="Maria Ulfa", tanggal_lahir=dt.date(1991, 7, 15)),
        PegawaiFactory(instansi=dinkes, nama="Dedi Andiansyah", tanggal_lahir=dt.date(1975, 5, 5)),
    ]


def test_search_by_nip_with_spaces(client, operator_dinkes, people):
    client.force_login(operator_dinkes)
    target = people[1]
    assert " " in target.nip_display
    assert listed(client.get(LIST, {"q": target.nip_display})) == {target.nip}
    assert listed(client.get(LIST, {"q": target.nip})) == {target.nip}


def test_search_by_part_of_nip(client, operator_dinkes, people):
    client.force_login(operator_dinkes)
    assert listed(client.get(LIST, {"q": "1991 07"})) == {people[1].nip}


def test_search_by_name_ignores_case(client, operator_dinkes, people):
    client.force_login(operator_dinkes)
    assert listed(client.get(LIST, {"q": "andi"})) == {people[0].nip, people[2].nip}
    assert listed(client.get(LIST, {"q": "ULFA"})) == {people[1].nip}


def test_name_search_results_are_in_name_order(client, operator_dinkes, people):
    """Long fragments sort the matches by an expression (pegawai/filters.py), short ones by
    the index: both in name order, then NIP."""
    twin = PegawaiFactory(instansi=people[0].instansi, nama="Andi Wijaya")
    client.force_login(operator_dinkes)
    for q in ("an", "andi"):
        rows = client.get(LIST, {"q": q}).context["page_obj"].object_list
        keys = [(p.nama, p.nip) for p in rows]
        assert keys == sorted(keys), q
        assert twin.nip in {p.nip for p in rows}


def test_search_never_crosses_the_scope(client, operator_dinkes, people, diskominfo):
    outsider = PegawaiFactory(instansi=diskominfo, nama="Andi Luar")
    client.force_login(operator_dinkes)
    assert outsider.nip not in listed(client.get(LIST, {"q": "andi"}))
    assert listed(client.get(LIST, {"q": outsider.nip})) == set()


def test_excel_mangled_nip_gives_an_error_not_results(client, operator_dinkes, people):
    client.force_login(operator_dinkes)
    response = client.get(LIST, {"q": "1.98503E+17"})
    assert response.status_code == 200
    assert listed(response) == set()
    assert "scientific notation" in response.content.decode()


def test_filter_golongan_jenis_jabatan_and_status(client, verifikator_bkd):
    fungsional = JabatanFactory(
        jenis=JenisJabatan.FUNGSIONAL_KEAHLIAN, jenjang="ahli_muda", kelas_jabatan=9
    )
    a = PegawaiFactory(golongan="41", jabatan=fungsional)
    b = PegawaiFactory(golongan="32")
    c = PegawaiFactory(golongan="", status_kepegawaian="pppk")
    client.force_login(verifikator_bkd)
    assert listed(client.get(LIST, {"golongan": "41"})) == {a.nip}
    assert listed(client.get(LIST, {"jenis_jabatan": "fungsional_keahlian"})) == {a.nip}
    assert listed(client.get(LIST, {"status": "pppk"})) == {c.nip}
    assert listed(client.get(LIST, {"status": "pns", "golongan": "32"})) == {b.nip}


def test_inactive_hidden_by_default_and_filterable(client, operator_dinkes, dinkes):
    aktif = PegawaiFactory(instansi=dinkes)
    pensiun = PegawaiFactory(instansi=dinkes, is_active=False)
    client.force_login(operator_dinkes)
    assert listed(client.get(LIST)) == {aktif.nip}
    assert listed(client.get(LIST, {"aktif": "tidak"})) == {pensiun.nip}
    assert listed(client.get(LIST, {"aktif": "semua"})) == {aktif.nip, pensiun.nip}


def test_instansi_filter_for_province_wide_user(client, verifikator_bkd, staff, dinkes):
    client.force_login(verifikator_bkd)
    response = client.get(LIST, {"instansi": dinkes.pk})
    assert listed(response) == {staff["dinkes"].nip}
    assert 'name="instansi"' in response.content.decode()


def test_operator_instansi_filter_limited_to_own_scope(client, operator_dinkes, staff, upt):
    client.force_login(operator_dinkes)
    response = client.get(LIST, {"instansi": upt.pk})
    assert listed(response) == {staff["upt"].nip}
    choices = {str(i) for i in response.context["filter"].form.fields["instansi"].queryset}
    assert choices == {"Dinas Kesehatan", "UPT Laboratorium Kesehatan Daerah"}
    # Another agency is not a valid choice: the form refuses it and nothing is listed.
    other = client.get(LIST, {"instansi": staff["diskominfo"].instansi_id})
    assert listed(other) == set()


def test_operator_without_child_agencies_gets_no_instansi_filter(
    client, operator_diskominfo, staff
):
    client.force_login(operator_diskominfo)
    assert 'name="instansi"' not in client.get(LIST).content.decode()


# -- pagination and query counts ----------------------------------------------------------


def test_pagination_25_per_page_keeps_the_filters(client, operator_dinkes, dinkes):
    PegawaiFactory.create_batch(30, instansi=dinkes, golongan="33")
    client.force_login(operator_dinkes)
    first = client.get(LIST, {"golongan": "33"})
    assert len(first.context["page_obj"].object_list) == 25
    assert "golongan=33&amp;page=2" in first.content.decode()
    second = client.get(LIST, {"golongan": "33", "page": 2})
    assert len(second.context["page_obj"].object_list) == 5
    assert listed(first).isdisjoint(listed(second))
    assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in (
        second.content.decode()
    )


def _list_queries(client, n: int) -> int:
    for _ in range(n):
        instansi = InstansiFactory()
        PegawaiFactory(
            instansi=instansi, unit=UnitKerjaFactory(instansi=instansi), jabatan=JabatanFactory()
        )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_rows(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    with_5 = _list_queries(client, 5)
    with_30 = _list_queries(client, 25)  # 30 in all: a full page of 25
    assert with_5 == with_30


def test_list_query_count_is_bounded(
    client, operator_dinkes, dinkes, upt, django_assert_max_num_queries
):
    for i in range(30):
        PegawaiFactory(instansi=upt if i % 2 else dinkes, unit=UnitKerjaFactory(instansi=dinkes))
    client.force_login(operator_dinkes)
    with django_assert_max_num_queries(10):
        client.get(LIST)


# -- detail ---------------------------------------------------------------------------------


def _full_history(pegawai, n: int = 1):
    for i in range(n):
        RiwayatJabatanFactory(
            pegawai=pegawai,
            nama_jabatan=f"Pranata Komputer {i}",
            tmt_mulai=dt.date(2010 + i, 1, 1),
            tmt_selesai=dt.date(2010 + i, 12, 31),
            nomor_sk=f"821/{i}/BKD",
        )
        RiwayatGolonganFactory(pegawai=pegawai, golongan=f"3{i + 1}", tmt=dt.date(2010 + i, 4, 1))
        RiwayatPendidikanFactory(
            pegawai=pegawai, jurusan=f"Kesehatan Masyarakat {i}", bidang=BidangFactory()
        )
        RiwayatDiklatFactory(
            pegawai=pegawai, nama=f"Diklat Epidemiologi {i}", bidang=BidangFactory()
        )
        PenilaianKinerjaFactory(pegawai=pegawai, tahun=2020 + i, predikat="sangat_baik")
        HukumanDisiplinFactory(
            pegawai=pegawai,
            tanggal_mulai=dt.date(2019 + i, 1, 1),
            tanggal_selesai=dt.date(2019 + i, 6, 30),
        )
        KompetensiFactory(
            pegawai=pegawai, bidang=BidangFactory(nama=f"Surveilans {pegawai.pk}-{i}")
        )


@time_machine.travel(dt.date(2026, 11, 28))
def test_detail_shows_profile_derived_values_and_every_riwayat(client, operator_dinkes, dinkes):
    pegawai = PegawaiFactory(
        instansi=dinkes,
        nama="Rina Kartika",
        gelar_depan="dr.",
        gelar_belakang="M.Kes",
        tanggal_lahir=dt.date(1985, 3, 12),
        tmt_cpns=dt.date(2010, 1, 1),
        tmt_jabatan=dt.date(2024, 1, 1),
        golongan="33",
        tugas_belajar_sampai=dt.date(2027, 6, 30),
    )
    _full_history(pegawai)
    HukumanDisiplinFactory(
        pegawai=pegawai, tanggal_mulai=dt.date(2026, 9, 1), tanggal_selesai=dt.date(2027, 2, 28)
    )
    client.force_login(operator_dinkes)
    body = client.get(detail_url(pegawai)).content.decode()
    for text in [
        "dr. Rina Kartika, M.Kes",
        pegawai.nip_display,
        "III/c – Penata",
        "Dinas Kesehatan",
        "41 years",  # usia on 28-11-2026
        "58 years",  # BUP of a pelaksana
        "12 March 2043",  # BUP date
        "1 April 2043",  # TMT pensiun
        "16 years",  # masa kerja since January 2010 …
        "10 months",  # … and 10 months
        "Yes, until 30 June 2027",  # tugas belajar
        "Pranata Komputer 0",
        "821/0/BKD",
        "III/a – Penata Muda",
        "Kesehatan Masyarakat 0",
        "Diklat Epidemiologi 0",
        "Sangat Baik",
        "Teguran tertulis",
        f"Surveilans {pegawai.pk}-0",
    ]:
        assert text in body, text
    # One sanction ended in 2019, one runs now: both listed, only one flagged active.
    assert body.count('badge badge--danger">Active') == 1
    assert body.count(">Ended<") == 1


def test_detail_warns_when_nip_disagrees_with_birth_date(client, operator_dinkes, dinkes):
    pegawai = PegawaiFactory(
        instansi=dinkes, nip="198503122010011003", tanggal_lahir=dt.date(1986, 1, 1)
    )
    client.force_login(operator_dinkes)
    body = client.get(detail_url(pegawai)).content.decode()
    assert "Warnings" in body
    assert "The NIP encodes birth date 12-03-1985 but the record says 01-01-1986." in body


def test_detail_without_problems_has_no_warning_box(client, operator_dinkes, dinkes):
    with time_machine.travel(dt.date(2026, 11, 28)):
        pegawai = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2024, 1, 1))
        client.force_login(operator_dinkes)
        body = client.get(detail_url(pegawai)).content.decode()
    assert "Warnings" not in body


@time_machine.travel(dt.date(2026, 11, 28))
def test_detail_warns_retirement_within_a_year_and_rotation_due(client, operator_dinkes, dinkes):
    pegawai = PegawaiFactory(
        instansi=dinkes,
        tanggal_lahir=dt.date(1969, 2, 10),  # BUP 58 on 10-02-2027, pension TMT 1 March 2027
        tmt_cpns=dt.date(1995, 3, 1),
        nip="196902101995031001",
        tmt_jabatan=dt.date(2020, 1, 1),  # 6 years in position
    )
    client.force_login(operator_dinkes)
    body = client.get(detail_url(pegawai)).content.decode()
    assert "Retires within 1 year: pension TMT 1 March 2027." in body
    assert "6 years in the current position: rotation due" in body


@time_machine.travel(dt.date(2026, 11, 28))
def test_rotation_and_retirement_thresholds_are_settings(client, operator_dinkes, dinkes, settings):
    settings.SIMUTASI = {**settings.SIMUTASI, "ROTATION_DUE_YEARS": 7, "BUP_WARNING_YEARS": 2}
    pegawai = PegawaiFactory(
        instansi=dinkes,
        tanggal_lahir=dt.date(1970, 6, 1),  # pension TMT 1 July 2028: within 2 years
        tmt_cpns=dt.date(1995, 3, 1),
        nip="197006011995031001",
        tmt_jabatan=dt.date(2020, 1, 1),
    )
    client.force_login(operator_dinkes)
    body = client.get(detail_url(pegawai)).content.decode()
    assert "Retires within 2 years: pension TMT 1 July 2028." in body
    assert "rotation due" not in body


def _detail_queries(client, pegawai) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(detail_url(pegawai))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_detail_query_count_does_not_grow_with_history(
    client, verifikator_bkd, django_assert_max_num_queries
):
    short = PegawaiFactory()
    _full_history(short, 1)
    long = PegawaiFactory()
    _full_history(long, 6)
    client.force_login(verifikator_bkd)
    assert _detail_queries(client, short) == _detail_queries(client, long)
    with django_assert_max_num_queries(15):
        client.get(detail_url(long))
