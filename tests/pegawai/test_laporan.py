"""Rotation and data-quality reports (issue 5): thresholds, flags, exports, scoping, queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mutasi.models import AturanMutasi
from pegawai import laporan
from pegawai.models import Pegawai
from pontianak_mutasi.models import Tugas
from tests.factories import (
    AnalisisBebanKerjaFactory,
    BidangFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    KompetensiFactory,
    PegawaiFactory,
    PenilaianKinerjaFactory,
    RiwayatPendidikanFactory,
)

ROTASI = reverse("pegawai:laporan_rotasi")
KUALITAS = reverse("pegawai:laporan_kualitas")
TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def frozen_today():
    # 05:00 UTC is noon in Pontianak: the same calendar day in both zones.
    with time_machine.travel(dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def set_aturan(**values) -> None:
    aturan = AturanMutasi.load()
    for name, value in values.items():
        setattr(aturan, name, value)
    aturan.save()


def nips(user, status=laporan.STATUS_DUE) -> set[str]:
    ambang = laporan.ambang_rotasi(AturanMutasi.load())
    return {p.nip for p in laporan.rotasi_list(user, ambang, status=status)}


# -- rotation ---------------------------------------------------------------------------


def test_exactly_five_years_is_due_a_day_less_is_not(verifikator_bkd, dinkes):
    five = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2021, 6, 15))
    almost = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2021, 6, 16))
    inactive = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2000, 1, 1), is_active=False)
    due = nips(verifikator_bkd)
    assert five.nip in due
    assert almost.nip not in due
    assert inactive.nip not in due


def test_rotation_setting_changes_who_is_due(verifikator_bkd, dinkes):
    p = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2021, 6, 15))
    assert p.nip in nips(verifikator_bkd)
    set_aturan(tahun_rotasi=6)
    assert p.nip not in nips(verifikator_bkd)
    set_aturan(tahun_rotasi=4)
    assert p.nip in nips(verifikator_bkd)


def test_not_yet_movable_flag_and_filter(client, verifikator_bkd, dinkes):
    new = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2024, 6, 16))  # 2 years − 1 day
    two = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2024, 6, 15))  # exactly 2 years
    old = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2019, 1, 1))
    assert nips(verifikator_bkd, laporan.STATUS_NOT_MOVABLE) == {new.nip}
    everyone = nips(verifikator_bkd, laporan.STATUS_ALL)
    assert everyone == {new.nip, two.nip, old.nip}

    set_aturan(min_tahun_jabatan=Decimal("0.5"))
    assert nips(verifikator_bkd, laporan.STATUS_NOT_MOVABLE) == set()

    set_aturan(min_tahun_jabatan=Decimal("2"))
    client.force_login(verifikator_bkd)
    page = client.get(ROTASI, {"status": "not_movable"}).content.decode()
    assert new.nama in page and old.nama not in page and "Not yet movable" in page
    page = client.get(ROTASI, {"status": "all"}).content.decode()
    assert new.nama in page and old.nama in page and two.nama in page
    assert "Rotation due" in page


def test_counts_per_agency_at_the_top(client, verifikator_bkd, dinkes, diskominfo):
    PegawaiFactory.create_batch(2, instansi=dinkes, tmt_jabatan=dt.date(2018, 1, 1))
    PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2026, 1, 1))
    PegawaiFactory(instansi=diskominfo, tmt_jabatan=dt.date(2020, 1, 1))
    ambang = laporan.ambang_rotasi(AturanMutasi.load())
    rekap = {r["instansi__kode"]: r for r in laporan.rotasi_rekap(verifikator_bkd, ambang)}
    assert (rekap[dinkes.kode]["due"], rekap[dinkes.kode]["not_movable"]) == (2, 1)
    assert (rekap[diskominfo.kode]["due"], rekap[diskominfo.kode]["not_movable"]) == (1, 0)


def test_operator_sees_only_their_agency(client, operator_dinkes, dinkes, diskominfo):
    upt = InstansiFactory(induk=dinkes)
    own = PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2018, 1, 1))
    child = PegawaiFactory(instansi=upt, tmt_jabatan=dt.date(2018, 1, 1))
    other = PegawaiFactory(instansi=diskominfo, tmt_jabatan=dt.date(2018, 1, 1))
    client.force_login(operator_dinkes)
    page = client.get(ROTASI).content.decode()
    assert own.nama in page and child.nama in page
    assert other.nama not in page and diskominfo.nama not in page
    # Another agency's code is simply not found, as is its export and its quality list.
    assert client.get(ROTASI, {"instansi": diskominfo.kode}).status_code == 404
    export = reverse("pegawai:laporan_rotasi_ekspor", args=["csv"])
    assert client.post(f"{export}?instansi={diskominfo.kode}").status_code == 404
    assert not Tugas.objects.exists()
    assert client.get(KUALITAS, {"instansi": diskominfo.kode}).status_code == 404
    quality = client.get(KUALITAS).content.decode()
    assert dinkes.nama in quality and diskominfo.nama not in quality


def _export_rows(client, capture, fmt, **params) -> list[list]:
    """The export runs as a background job: POST, follow to the job, download its file."""
    url = reverse("pegawai:laporan_rotasi_ekspor", args=[fmt])
    query = "&".join(f"{k}={v}" for k, v in params.items())
    with capture(execute=True):
        response = client.post(f"{url}?{query}", headers={"accept-language": "en"})
    assert response.status_code == 302
    tugas = Tugas.objects.latest("pk")
    assert response["Location"] == reverse("tugas:detail", args=[tugas.pk])
    assert tugas.status == "done", tugas.error
    response = client.get(reverse("tugas:download", args=[tugas.pk]))
    assert response.status_code == 200
    assert f'.{fmt}"' in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_content_and_formula_escaping(
    client, verifikator_bkd, dinkes, fmt, django_capture_on_commit_callbacks
):
    jabatan = JabatanFactory(nama="@SUM(A1)")
    evil = PegawaiFactory(
        instansi=dinkes, nama="=HYPERLINK(1)", jabatan=jabatan, tmt_jabatan=dt.date(2016, 6, 15)
    )
    PegawaiFactory(instansi=dinkes, nama="Baru", tmt_jabatan=dt.date(2026, 1, 1))
    client.force_login(verifikator_bkd)
    rows = _export_rows(client, django_capture_on_commit_callbacks, fmt)
    assert rows[0][:3] == ["NIP", "Name", "Agency"]
    assert len(rows) == 2  # the default view: due only
    row = rows[1]
    assert row[0] == evil.nip
    assert row[1] == "'=HYPERLINK(1)"
    assert row[2] == "Dinas Kesehatan"
    assert row[4] == "'@SUM(A1)"
    assert row[5] == "15-06-2016"
    assert float(row[6]) == 10.0
    assert row[7] == "Rotation due"

    everyone = _export_rows(client, django_capture_on_commit_callbacks, fmt, status="all")
    assert {r[1] for r in everyone[1:]} == {"'=HYPERLINK(1)", "Baru"}


def test_unknown_export_format_is_not_found(client, verifikator_bkd):
    client.force_login(verifikator_bkd)
    url = reverse("pegawai:laporan_rotasi_ekspor", args=["html"])
    assert client.post(url).status_code == 404


def test_rotation_page_constant_queries(client, verifikator_bkd, dinkes, diskominfo):
    client.force_login(verifikator_bkd)
    PegawaiFactory(instansi=dinkes, tmt_jabatan=dt.date(2018, 1, 1))
    client.get(ROTASI, {"status": "all"})  # warm AturanMutasi and the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(ROTASI, {"status": "all"}).status_code == 200
    for i in range(12):
        PegawaiFactory(
            instansi=dinkes if i % 2 else diskominfo,
            tmt_jabatan=dt.date(2018 + i % 9, 1, 1),
            jabatan=JabatanFactory(),
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(ROTASI, {"status": "all"}).status_code == 200
    assert len(many) == len(few)
    # The export's own query count is tested with the job (tests/pontianak_mutasi/test_tugas.py).


# -- data quality -----------------------------------------------------------------------


def _complete(pegawai: Pegawai) -> None:
    RiwayatPendidikanFactory(pegawai=pegawai, bidang=BidangFactory(kode="ti"))
    KompetensiFactory(pegawai=pegawai)
    PenilaianKinerjaFactory(pegawai=pegawai, tahun=2025)
    PenilaianKinerjaFactory(pegawai=pegawai, tahun=2024)


@pytest.fixture
def constructed(dinkes):
    """Four active employees in Dinkes with known gaps, plus an inactive one (not counted)."""
    lengkap = PegawaiFactory(instansi=dinkes, nama="Lengkap")
    _complete(lengkap)
    tanpa_bidang = PegawaiFactory(instansi=dinkes, nama="Tanpa Bidang")
    RiwayatPendidikanFactory(pegawai=tanpa_bidang)  # field of study not coded
    KompetensiFactory(pegawai=tanpa_bidang)
    PenilaianKinerjaFactory(pegawai=tanpa_bidang, tahun=2025)
    PenilaianKinerjaFactory(pegawai=tanpa_bidang, tahun=2024)
    satu_tahun = PegawaiFactory(instansi=dinkes, nama="Satu Tahun")
    RiwayatPendidikanFactory(pegawai=satu_tahun, bidang=BidangFactory(kode="ti"))
    PenilaianKinerjaFactory(pegawai=satu_tahun, tahun=2025)
    PenilaianKinerjaFactory(pegawai=satu_tahun, tahun=2026)  # current year does not count
    tanpa_tmt = PegawaiFactory(instansi=dinkes, nama="Tanpa TMT", tmt_jabatan=None)
    _complete(tanpa_tmt)
    PegawaiFactory(instansi=dinkes, nama="Pensiun", is_active=False)
    return {"lengkap": lengkap, "tanpa_bidang": tanpa_bidang, "satu_tahun": satu_tahun,
            "tanpa_tmt": tanpa_tmt}  # fmt: skip


def test_data_quality_percentages(verifikator_bkd, dinkes, constructed):
    rows = {r["instansi__kode"]: r for r in laporan.kualitas_per_instansi(verifikator_bkd)}
    row = rows[dinkes.kode]
    assert row["jumlah"] == 4
    assert row["pct_pendidikan"] == Decimal("75.0")  # all but "Tanpa Bidang"
    assert row["pct_kompetensi"] == Decimal("75.0")  # all but "Satu Tahun"
    assert row["pct_kinerja"] == Decimal("75.0")  # "Satu Tahun" lacks 2024
    assert row["pct_jabatan"] == Decimal("75.0")  # "Tanpa TMT"


def test_data_quality_percentages_on_the_page(client, verifikator_bkd, dinkes, constructed):
    client.force_login(verifikator_bkd)
    page = client.get(KUALITAS).content.decode()
    assert "75.0%" in page and dinkes.nama in page


def test_each_inconsistency_is_listed(client, verifikator_bkd, dinkes):
    jabatan = JabatanFactory(nama="Analis Kesehatan")
    FormasiFactory(instansi=dinkes, jabatan=jabatan)  # holders, no ABK → surplus
    with_abk = FormasiFactory(instansi=dinkes, jabatan=JabatanFactory(nama="Epidemiolog"))
    AnalisisBebanKerjaFactory(formasi=with_abk)
    empty = FormasiFactory(instansi=dinkes, jabatan=JabatanFactory(nama="Kosong"))
    holder = PegawaiFactory(instansi=dinkes, jabatan=jabatan, nama="Pemegang")
    _complete(holder)
    PegawaiFactory(instansi=dinkes, jabatan=with_abk.jabatan, nama="Epi")
    nip_salah = PegawaiFactory(instansi=dinkes, jabatan=jabatan, nama="Salah Lahir")
    Pegawai.objects.filter(pk=nip_salah.pk).update(tanggal_lahir=dt.date(1986, 1, 1))
    gender = PegawaiFactory(instansi=dinkes, jabatan=jabatan, nama="Salah Gender")
    Pegawai.objects.filter(pk=gender.pk).update(jenis_kelamin="P")
    liar = PegawaiFactory(
        instansi=dinkes, jabatan=JabatanFactory(nama="Tanpa Formasi"), nama="Liar"
    )

    masalah = laporan.kualitas_masalah(dinkes)
    by_kind: dict[str, list] = {}
    for m in masalah:
        by_kind.setdefault(m.jenis, []).append(m)

    assert {m.pegawai.pk for m in by_kind[laporan.MASALAH_NIP]} == {nip_salah.pk, gender.pk}
    assert [m.pegawai.pk for m in by_kind[laporan.MASALAH_TANPA_FORMASI]] == [liar.pk]
    surplus = by_kind[laporan.MASALAH_LEBIH_TANPA_ABK]
    assert [m.formasi.jabatan.nama for m in surplus] == ["Analis Kesehatan"]
    assert surplus[0].formasi.bezetting == 3
    assert empty.pk not in {m.formasi.pk for m in surplus}
    incomplete = {m.pegawai.pk for m in by_kind[laporan.MASALAH_TIDAK_LENGKAP]}
    assert holder.pk not in incomplete and liar.pk in incomplete

    only_nip = laporan.kualitas_masalah(dinkes, jenis=laporan.MASALAH_NIP)
    assert {m.jenis for m in only_nip} == {laporan.MASALAH_NIP}

    client.force_login(verifikator_bkd)
    page = client.get(KUALITAS, {"instansi": dinkes.kode}).content.decode()
    for text in ("Salah Lahir", "Liar", "Analis Kesehatan", "Position without formasi",
                 "NIP disagrees with the record", "Holders above need, no ABK"):  # fmt: skip
        assert text in page


def test_quality_list_defaults_to_the_operators_agency(client, operator_dinkes, dinkes):
    PegawaiFactory(instansi=dinkes, jabatan=JabatanFactory(), nama="Tanpa Formasi Dinkes")
    client.force_login(operator_dinkes)
    page = client.get(KUALITAS).content.decode()
    assert "Tanpa Formasi Dinkes" in page


def test_quality_page_constant_queries(client, verifikator_bkd, dinkes, diskominfo):
    client.force_login(verifikator_bkd)
    FormasiFactory(instansi=dinkes, jabatan=JabatanFactory())
    _complete(PegawaiFactory(instansi=dinkes))
    client.get(KUALITAS, {"instansi": dinkes.kode})
    with CaptureQueriesContext(connection) as few:
        assert client.get(KUALITAS, {"instansi": dinkes.kode}).status_code == 200
    for i in range(10):
        jabatan = JabatanFactory()
        FormasiFactory(instansi=dinkes, jabatan=jabatan)
        p = PegawaiFactory(instansi=dinkes if i % 2 else diskominfo, jabatan=jabatan)
        if i % 3:
            _complete(p)
    with CaptureQueriesContext(connection) as many:
        assert client.get(KUALITAS, {"instansi": dinkes.kode}).status_code == 200
    assert len(many) == len(few)


def test_reports_menu_entry(client, operator_dinkes):
    client.force_login(operator_dinkes)
    page = client.get(ROTASI).content.decode()
    assert f'href="{ROTASI}" aria-current="page">Reports<' in page
