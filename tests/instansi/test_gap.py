"""Province-wide gap table: aggregation, sorting, filter, CSV/XLSX export, SVG chart, queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi.models import JenisInstansi
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
)

URL = reverse("instansi:kesenjangan")


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def make_formasi(instansi, jabatan, *, beban_minutes: int, holders: int):
    formasi = FormasiFactory(instansi=instansi, jabatan=jabatan)
    if beban_minutes:
        AnalisisBebanKerjaFactory(formasi=formasi, volume=beban_minutes, norma_waktu=1)
    for _ in range(holders):
        PegawaiFactory(instansi=instansi, jabatan=jabatan)
    return formasi


@pytest.fixture
def province(dinkes, diskominfo):
    """Dinkes: +2 and −1 (gap +1); Diskominfo: −2 (gap −2); an external agency: +5."""
    pranata = JabatanFactory(nama="Pranata Komputer")
    epidemiolog = JabatanFactory(nama="Epidemiolog Kesehatan")
    # 225,000 min → 3 needed, 1 holder: +2.
    make_formasi(dinkes, epidemiolog, beban_minutes=225_000, holders=1)
    # 75,000 → 1 needed, 2 holders: −1.
    make_formasi(dinkes, pranata, beban_minutes=75_000, holders=2)
    # 0 → 0 needed, 2 holders: −2.
    make_formasi(diskominfo, pranata, beban_minutes=0, holders=2)
    kabkota = InstansiFactory(
        kode="9.99", nama="=HYPERLINK(1)", jenis=JenisInstansi.KABUPATEN_KOTA, is_external=True
    )
    make_formasi(kabkota, pranata, beban_minutes=375_000, holders=0)
    return {"pranata": pranata, "epidemiolog": epidemiolog, "kabkota": kabkota}


def by_kode(response):
    return {r.kode: r for r in response.context["rows"]}


def test_by_agency_sums(client, verifikator_bkd, province, dinkes, diskominfo):
    client.force_login(verifikator_bkd)
    response = client.get(URL)
    assert response.status_code == 200
    rows = by_kode(response)
    assert set(rows) == {dinkes.kode, diskominfo.kode}  # external agency filtered out
    d = rows[dinkes.kode]
    assert (d.jumlah, d.kebutuhan, d.bezetting, d.gap, d.kurang, d.lebih) == (2, 4, 3, 1, 1, 1)
    k = rows[diskominfo.kode]
    assert (k.jumlah, k.kebutuhan, k.bezetting, k.gap, k.kurang, k.lebih) == (1, 0, 2, -2, 0, 1)
    assert response.context["totals"]["gap"] == -1


def test_all_scope_includes_external(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    rows = by_kode(client.get(URL, {"scope": "all"}))
    assert rows["9.99"].gap == 5


def test_by_position_sums(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    rows = by_kode(client.get(URL, {"by": "jabatan"}))
    pranata = rows[province["pranata"].kode]
    # Dinkes (1 needed, 2 held) + Diskominfo (0 needed, 2 held); external left out.
    assert (pranata.jumlah, pranata.kebutuhan, pranata.bezetting, pranata.gap) == (2, 1, 4, -3)
    assert (pranata.kurang, pranata.lebih) == (0, 2)
    assert rows[province["epidemiolog"].kode].gap == 2


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-gap", ["1.02.01", "2.16.01"]),
        ("gap", ["2.16.01", "1.02.01"]),
        ("nama", ["1.02.01", "2.16.01"]),  # Dinas Kesehatan < Dinas Komunikasi
        ("-nama", ["2.16.01", "1.02.01"]),
        ("-bezetting", ["1.02.01", "2.16.01"]),
        ("nonsense", ["1.02.01", "2.16.01"]),
    ],
)
def test_sorting(client, verifikator_bkd, province, sort, expected):
    client.force_login(verifikator_bkd)
    response = client.get(URL, {"sort": sort})
    assert [r.kode for r in response.context["rows"]] == expected


def test_sort_header_marks_current_column(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    content = client.get(URL, {"sort": "gap"}).content.decode()
    assert 'aria-sort="ascending"' in content
    assert "sort=-gap" in content  # the second click reverses


def test_svg_chart_one_bar_per_agency(client, verifikator_bkd, province, dinkes, diskominfo):
    client.force_login(verifikator_bkd)
    content = client.get(URL).content.decode()
    svg = content[content.index("<svg") : content.index("</svg>")]
    assert svg.count("<rect") == 2
    assert "<title" in svg and "<desc" in svg
    assert "Dinas Kesehatan" in svg and ">+1<" in svg and ">-2<" in svg
    # The table behind the chart is on the page.
    assert 'id="gap-table"' in content
    # Numbers in SVG are never localised (a comma would break the coordinates).
    assert "," not in svg.split("<desc")[0].split("viewBox=")[1].split('"')[1]


def test_chart_is_per_agency_even_in_position_view(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    content = client.get(URL, {"by": "jabatan"}).content.decode()
    assert content[content.index("<svg") : content.index("</svg>")].count("<rect") == 2


def test_csv_export_is_the_visible_table_and_escapes_formulas(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    response = client.get(URL, {"scope": "all", "sort": "-gap", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0][:6] == ["Code", "Agency", "Formasi", "Kebutuhan", "Bezetting", "Gap"]
    assert [line[0] for line in lines[1:]] == ["9.99", "1.02.01", "2.16.01"]
    assert lines[1][1] == "'=HYPERLINK(1)"
    assert lines[3][5] == "-2"  # a plain negative number is not escaped


def test_xlsx_export(client, verifikator_bkd, province):
    from openpyxl import load_workbook

    client.force_login(verifikator_bkd)
    response = client.get(URL, {"scope": "all", "format": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    ws = load_workbook(io.BytesIO(response.content)).active
    values = list(ws.values)
    assert values[0][1] == "Agency"
    assert values[1][:2] == ("9.99", "'=HYPERLINK(1)")
    assert values[1][5] == 5
    assert [v[5] for v in values[1:]] == [5, 1, -2]


def test_anonymous_is_sent_to_login(client, db):
    assert client.get(URL).status_code == 302


def test_query_count_does_not_grow_with_agencies(client, verifikator_bkd, province):
    client.force_login(verifikator_bkd)
    client.get(URL)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"by": "jabatan"})
    for i in range(5):
        agency = InstansiFactory(kode=f"3.0{i}")
        make_formasi(agency, province["pranata"], beban_minutes=80_000, holders=2)
        make_formasi(agency, JabatanFactory(), beban_minutes=10_000, holders=1)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"by": "jabatan"})
    assert len(response.context["chart"].rows) == 7
    assert len(large) == len(small)


def test_nav_link(client, operator_dinkes):
    client.force_login(operator_dinkes)
    assert URL.encode() in client.get(reverse("instansi:list")).content
