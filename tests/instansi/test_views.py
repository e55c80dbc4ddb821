"""Agency list and detail: formasi figures from the database, ABK partial, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi.models import Formasi, JenisInstansi
from instansi.selectors import formasi_annotated, formasi_shortage
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
)

LIST = reverse("instansi:list")


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


def detail_url(instansi) -> str:
    return reverse("instansi:detail", args=[instansi.kode])


def listed(response) -> set[str]:
    return {i.kode for i in response.context["page_obj"].object_list}


@pytest.fixture
def sambas(db):
    return InstansiFactory(
        kode="61.01",
        nama="Pemerintah Kabupaten Sambas",
        jenis=JenisInstansi.KABUPATEN_KOTA,
        is_external=True,
    )


# -- list -----------------------------------------------------------------------------------


def test_list_shows_agencies_with_employee_counts(client, operator_dinkes, dinkes, diskominfo):
    PegawaiFactory.create_batch(3, instansi=dinkes)
    PegawaiFactory(instansi=dinkes, is_active=False)
    client.force_login(operator_dinkes)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == {dinkes.kode, diskominfo.kode}
    counts = {i.kode: i.jumlah_pegawai for i in response.context["page_obj"].object_list}
    assert counts == {dinkes.kode: 3, diskominfo.kode: 0}
    body = response.content.decode()
    assert "Dinas Komunikasi dan Informatika" in body  # reference data for every role


def test_list_filters_internal_external_and_searches(client, pejabat, dinkes, diskominfo, sambas):
    client.force_login(pejabat)
    assert listed(client.get(LIST, {"lingkup": "external"})) == {sambas.kode}
    assert listed(client.get(LIST, {"lingkup": "internal"})) == {dinkes.kode, diskominfo.kode}
    assert listed(client.get(LIST, {"q": "kesehatan"})) == {dinkes.kode}
    assert listed(client.get(LIST, {"q": "Diskominfo"})) == {diskominfo.kode}
    assert listed(client.get(LIST, {"q": "61.01"})) == {sambas.kode}
    body = client.get(LIST, {"lingkup": "external"}).content.decode()
    assert "Outside the province" in body


def test_list_query_count_does_not_grow(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    induk = InstansiFactory()
    counts = []
    for n in (3, 30):
        for _ in range(n):
            PegawaiFactory(instansi=InstansiFactory(induk=induk))
        with CaptureQueriesContext(connection) as ctx:
            client.get(LIST)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# -- detail ---------------------------------------------------------------------------------


@pytest.fixture
def formasi_dinkes(dinkes):
    """Two positions with known figures (75,000 effective minutes a year).

    Epidemiolog: 1250 × 150 = 187,500 minutes → 2.50 → kebutuhan 3; 1 holder → gap +2.
    Pengadministrasi: 500 × 150 = 75,000 minutes → 1.00 → kebutuhan 1; 3 holders → gap −2,
    EJ 0.33, grade E.
    """
    unit = UnitKerjaFactory(instansi=dinkes, kode="P2P", nama="Bidang P2P")
    epi = FormasiFactory(instansi=dinkes, unit=unit, jabatan=JabatanFactory(nama="Epidemiolog"))
    AnalisisBebanKerjaFactory(
        formasi=epi, uraian_tugas="Menyusun laporan surveilans", volume=1000, norma_waktu=150
    )
    AnalisisBebanKerjaFactory(
        formasi=epi, uraian_tugas="Investigasi KLB", volume=250, norma_waktu=150
    )
    PegawaiFactory(instansi=dinkes, unit=unit, jabatan=epi.jabatan)
    PegawaiFactory(instansi=dinkes, jabatan=epi.jabatan)  # other unit: not counted
    adm = FormasiFactory(instansi=dinkes, jabatan=JabatanFactory(nama="Pengadministrasi Umum"))
    AnalisisBebanKerjaFactory(formasi=adm, volume=500, norma_waktu=150)
    PegawaiFactory.create_batch(3, instansi=dinkes, jabatan=adm.jabatan)
    PegawaiFactory(instansi=dinkes, jabatan=adm.jabatan, is_active=False)  # not counted
    return {"epi": epi, "adm": adm}


def test_detail_shows_formasi_figures(client, operator_dinkes, dinkes, formasi_dinkes):
    client.force_login(operator_dinkes)
    response = client.get(detail_url(dinkes))
    assert response.status_code == 200
    rows = {f.pk: f.hasil for f in response.context["formasi_list"]}
    epi = rows[formasi_dinkes["epi"].pk]
    assert (epi.beban_kerja, epi.kebutuhan_exact, epi.kebutuhan) == (187500, Decimal("2.5"), 3)
    assert (epi.bezetting, epi.gap, epi.status) == (1, 2, "kurang")
    adm = rows[formasi_dinkes["adm"].pk]
    assert (adm.kebutuhan, adm.bezetting, adm.gap, adm.grade) == (1, 3, -2, "E")
    body = response.content.decode()
    for text in [
        "Epidemiolog",
        "Bidang P2P",
        '<td class="num">187,500</td>',  # beban kerja
        '<td class="num">2.50</td>',  # kebutuhan unrounded
        '<td class="num">3</td>',  # kebutuhan rounded half up
        # the gap carries words, not only a colour
        '<span class="num">+2</span> <span class="badge badge--danger">Shortage</span>',
        '<span class="num">-2</span> <span class="badge badge--info">Surplus</span>',
        '<td class="num">0.33</td>',  # EJ
        "Total (2 positions)",
        "1 short, 1 surplus",
    ]:
        assert text in body, text


def test_detail_shows_totals_per_unit(client, operator_dinkes, dinkes, formasi_dinkes):
    """Two formasi in Bidang P2P and one at the agency level: the unit's EJ comes from its summed
    beban kerja and bezetting, not from an average of the positions' EJ."""
    unit = formasi_dinkes["epi"].unit
    surv = FormasiFactory(instansi=dinkes, unit=unit, jabatan=JabatanFactory(nama="Sanitarian"))
    AnalisisBebanKerjaFactory(formasi=surv, volume=100, norma_waktu=150)  # 15,000 min
    PegawaiFactory.create_batch(2, instansi=dinkes, unit=unit, jabatan=surv.jabatan)
    client.force_login(operator_dinkes)
    response = client.get(detail_url(dinkes))
    rekap = {(r.unit.kode if r.unit else None): r for r in response.context["rekap_unit"]}
    assert list(rekap) == [None, "P2P"]  # agency level first
    p2p = rekap["P2P"]
    # epi: 187,500 min, kebutuhan 3, 1 holder; sanitarian: 15,000 min, kebutuhan 0, 2 holders
    assert (p2p.jumlah, p2p.beban_kerja, p2p.kebutuhan, p2p.bezetting) == (2, 202500, 3, 3)
    assert (p2p.gap, p2p.status) == (0, "sesuai")
    assert p2p.ej == Decimal("0.9") and p2p.grade == "B"  # 202,500 / (3 × 75,000)
    top = rekap[None]
    assert (top.kebutuhan, top.bezetting, top.gap, top.grade) == (1, 3, -2, "E")
    # the units add up to the agency's footer
    assert sum(r.kebutuhan for r in rekap.values()) == response.context["rekap"].kebutuhan
    body = response.content.decode()
    assert "Totals per work unit" in body
    assert "Agency level (no unit)" in body
    assert '<td class="num">202,500</td>' in body


def test_detail_numbers_use_indonesian_format_in_indonesian(
    operator_dinkes, dinkes, formasi_dinkes
):
    client = Client()  # LANGUAGE_CODE = "id"
    client.force_login(operator_dinkes)
    body = client.get(detail_url(dinkes)).content.decode()
    assert "187.500" in body
    assert "2,50" in body


def test_operator_may_view_other_agencies_but_not_list_their_staff(
    client, operator_dinkes, dinkes, diskominfo
):
    client.force_login(operator_dinkes)
    own = client.get(detail_url(dinkes))
    other = client.get(detail_url(diskominfo))
    assert other.status_code == 200
    assert own.context["can_list_pegawai"] is True
    assert other.context["can_list_pegawai"] is False
    assert f"?instansi={dinkes.pk}" in own.content.decode()
    assert f"?instansi={diskominfo.pk}" not in other.content.decode()


def test_detail_lists_units_and_child_agencies(client, pejabat, dinkes):
    UnitKerjaFactory(instansi=dinkes, nama="Sekretariat Dinkes")
    InstansiFactory(nama="UPT Labkesda", induk=dinkes, jenis=JenisInstansi.UPT)
    client.force_login(pejabat)
    body = client.get(detail_url(dinkes)).content.decode()
    assert "Sekretariat Dinkes" in body
    assert "UPT Labkesda" in body


def test_unknown_agency_is_404(client, pejabat):
    client.force_login(pejabat)
    assert client.get("/instansi/9.99.99/").status_code == 404


def test_detail_query_count_does_not_grow_with_formasi(client, verifikator_bkd, dinkes):
    client.force_login(verifikator_bkd)
    counts = []
    for n in (2, 12):
        for _ in range(n):
            formasi = FormasiFactory(instansi=dinkes, unit=UnitKerjaFactory(instansi=dinkes))
            AnalisisBebanKerjaFactory.create_batch(2, formasi=formasi)
            PegawaiFactory(instansi=dinkes, unit=formasi.unit, jabatan=formasi.jabatan)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(detail_url(dinkes))
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


# -- ABK tasks of one formasi -------------------------------------------------------------------


def test_abk_partial_for_htmx_and_full_page_without(
    client, operator_diskominfo, dinkes, formasi_dinkes
):
    epi = formasi_dinkes["epi"]
    url = reverse("instansi:formasi_detail", args=[dinkes.kode, epi.pk])
    client.force_login(operator_diskominfo)  # reference data: any agency's ABK is readable
    partial = client.get(url, headers={"hx-request": "true"})
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "<html" not in body
    assert "Menyusun laporan surveilans" in body
    assert "150,000" in body  # 1000 × 150 for the first task
    assert "187,500" in body  # the total
    page = client.get(url).content.decode()
    assert "<html" in page
    assert "Investigasi KLB" in page


def test_abk_of_formasi_in_another_agency_url_is_404(
    client, pejabat, dinkes, diskominfo, formasi_dinkes
):
    client.force_login(pejabat)
    url = reverse("instansi:formasi_detail", args=[diskominfo.kode, formasi_dinkes["epi"].pk])
    assert client.get(url).status_code == 404


def test_agency_page_links_each_formasi_to_its_abk(client, pejabat, dinkes, formasi_dinkes):
    client.force_login(pejabat)
    body = client.get(detail_url(dinkes)).content.decode()
    url = reverse("instansi:formasi_detail", args=[dinkes.kode, formasi_dinkes["epi"].pk])
    assert f'hx-get="{url}"' in body
    assert f'href="{url}"' in body  # works without JavaScript too


# -- shortage count in the database matches abk.hitung ------------------------------------------


@pytest.mark.parametrize(
    ("beban", "bezetting", "shortage"),
    [
        (187_500, 2, True),  # 2.5 → 3 (half up) > 2
        (187_500, 3, False),  # 3 − 3 = 0
        (187_499, 2, False),  # 2.49999 → 2
        (0, 0, False),
        (75_000, 0, True),
        (37_500, 0, True),  # 0.5 → 1
        (37_499, 0, False),
        (300_000, 5, False),
    ],
)
def test_formasi_shortage_agrees_with_python(dinkes, beban, bezetting, shortage):
    formasi = FormasiFactory(instansi=dinkes)
    AnalisisBebanKerjaFactory(formasi=formasi, volume=beban, norma_waktu=1)
    PegawaiFactory.create_batch(bezetting, instansi=dinkes, jabatan=formasi.jabatan)
    qs = formasi_annotated(Formasi.objects.filter(pk=formasi.pk))
    assert (qs.get().hasil.gap > 0) is shortage
    assert formasi_shortage(qs).exists() is shortage
