"""The dashboard: scoping, the arithmetic behind each chart, chart = table, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from instansi.models import JenisInstansi
from instansi.selectors import gap_rows, instansi_scope_for_user
from mutasi import statistik
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    PegawaiFactory,
)
from tests.pontianak_mutasi.conftest import log, make_usulan, wib

URL = reverse("dasbor")
NOW = wib(2026, 6, 15, 10, 0)
DAY = 86_400


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def upt(dinkes):
    return InstansiFactory(
        kode="1.02.01.1", nama="UPT Labkesda", induk=dinkes, jenis=JenisInstansi.UPT
    )


@pytest.fixture
def sambas(db):
    return InstansiFactory(
        kode="61.01", nama="Kabupaten Sambas", jenis=JenisInstansi.KABUPATEN_KOTA, is_external=True
    )


def get(client: Client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# -- access ---------------------------------------------------------------------------------


def test_login_required(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "in_nav"),
    [
        ("verifikator_bkd", True),
        ("pejabat", True),
        ("admin_kepegawaian", True),
        ("admin", True),
        ("operator_dinkes", False),  # reaches their agency's dashboard from the home page
    ],
)
def test_every_role_opens_it_nav_link_for_province_wide_roles(db, client, request, role, in_nav):
    user = request.getfixturevalue(role)
    body = get(client, user).text
    nav = body[body.index('<nav class="nav"') : body.index("</nav>")]
    assert (f'href="{URL}"' in nav) is in_nav
    client.force_login(user)
    assert f'href="{URL}"' in client.get(reverse("home")).text


def test_current_nav_item_is_marked(client, verifikator_bkd):
    assert f'href="{URL}" aria-current="page"' in get(client, verifikator_bkd).text


# -- proposals by state and per month --------------------------------------------------------


def test_proposals_by_state_scoped_and_chart_equals_table(
    client, operator_dinkes, verifikator_bkd, dinkes, diskominfo, upt, sambas
):
    make_usulan(dinkes, diskominfo, status="draft")
    make_usulan(upt, sambas, status="draft")
    make_usulan(dinkes, diskominfo, status="selesai")
    make_usulan(diskominfo, sambas, status="selesai", nama="Tidak Terlihat")
    bagian = get(client, operator_dinkes).context["status"]
    counts = {value: n for value, _label, n in bagian.rows}
    assert counts["draft"] == 2 and counts["selesai"] == 1 and sum(counts.values()) == 3
    assert [(r.label, r.rects[0].value) for r in bagian.chart.rows] == [
        (label, n) for _value, label, n in bagian.rows
    ]
    province = get(client, verifikator_bkd).context["status"]
    assert {v: n for v, _l, n in province.rows}["selesai"] == 2


def test_proposals_per_month_in_local_time(
    client, operator_dinkes, verifikator_bkd, dinkes, diskominfo
):
    make_usulan(dinkes, diskominfo, at=wib(2026, 6, 1, 0, 30))  # 31 May in UTC: June in WIB
    make_usulan(dinkes, diskominfo, at=wib(2026, 5, 31, 23, 0))
    make_usulan(dinkes, diskominfo, at=wib(2025, 7, 1, 9, 0))  # the first of the 12 months
    make_usulan(dinkes, diskominfo, at=wib(2025, 6, 30, 23, 0))  # before them
    make_usulan(diskominfo, diskominfo, at=wib(2026, 6, 2, 9, 0))  # not Dinkes's
    bagian = get(client, operator_dinkes).context["bulan"]
    assert len(bagian.rows) == 12
    assert bagian.rows[0] == (dt.date(2025, 7, 1), 1)
    assert bagian.rows[-2:] == [(dt.date(2026, 5, 1), 1), (dt.date(2026, 6, 1), 1)]
    assert sum(n for _m, n in bagian.rows) == 3
    assert [c.rect.value for c in bagian.chart.columns] == [n for _m, n in bagian.rows]
    assert get(client, verifikator_bkd).context["bulan"].rows[-1] == (dt.date(2026, 6, 1), 2)


def test_past_year_shows_its_own_twelve_months(client, verifikator_bkd, dinkes):
    make_usulan(dinkes, dinkes, at=wib(2025, 1, 10, 9, 0))
    context = get(client, verifikator_bkd, tahun="2025").context
    assert context["periode"].tahun == 2025
    assert [m for m, _n in context["bulan"].rows] == [dt.date(2025, m, 1) for m in range(1, 13)]
    assert context["bulan"].rows[0][1] == 1


@pytest.mark.parametrize("tahun", ["abc", "1990", "2030", ""])
def test_unknown_year_falls_back_to_this_year(client, verifikator_bkd, tahun):
    assert get(client, verifikator_bkd, tahun=tahun).context["periode"].tahun == 2026


# -- days per stage -------------------------------------------------------------------------


@pytest.fixture
def stage_logs(dinkes, diskominfo):
    """Four proposals with known stays (days) in each state; see the expected figures below."""

    def walk(asal, steps):
        usulan = make_usulan(asal, diskominfo)
        state = "draft"
        for transition, to, at in steps:
            frm = "draft" if transition == "buat" else state
            log(usulan, transition, frm, to, at)
            state = to
        return usulan

    a = walk(
        dinkes,
        [
            ("buat", "draft", wib(2026, 3, 1, 8)),
            ("ajukan", "diajukan", wib(2026, 3, 3, 8)),  # draft 2
            ("mulai_verifikasi", "verifikasi", wib(2026, 3, 4, 20)),  # diajukan 1.5
            # A document check keeps the state: it must not split the stay.
            ("periksa_dokumen", "verifikasi", wib(2026, 3, 5, 8)),
            ("nyatakan_memenuhi_syarat", "memenuhi_syarat", wib(2026, 3, 8, 20)),  # verifikasi 4
        ],
    )
    b = walk(
        dinkes,
        [
            ("buat", "draft", wib(2026, 4, 1, 0)),
            ("ajukan", "diajukan", wib(2026, 4, 5, 0)),  # draft 4
            ("mulai_verifikasi", "verifikasi", wib(2026, 4, 5, 12)),  # diajukan 0.5
            ("kembalikan", "dikembalikan", wib(2026, 4, 7, 12)),  # verifikasi 2
            ("ajukan", "diajukan", wib(2026, 4, 8, 12)),  # dikembalikan 1
            ("mulai_verifikasi", "verifikasi", wib(2026, 4, 9, 12)),  # diajukan 1
            ("nyatakan_tidak_memenuhi_syarat", "tidak_memenuhi_syarat", wib(2026, 4, 19, 12)),
        ],  # verifikasi 10
    )
    c = walk(
        diskominfo,
        [
            ("buat", "draft", wib(2026, 5, 1, 9)),
            ("ajukan", "diajukan", wib(2026, 5, 2, 9)),  # draft 1, then still diajukan
        ],
    )
    d = walk(
        diskominfo,
        [
            ("buat", "draft", wib(2025, 12, 30, 9)),  # a stay that began last year
            ("ajukan", "diajukan", wib(2026, 1, 2, 9)),
            ("mulai_verifikasi", "verifikasi", wib(2026, 1, 5, 9)),  # diajukan 3; still there
        ],
    )
    return a, b, c, d


def figures(rows) -> dict[str, tuple]:
    def r(x):
        return None if x is None else round(x, 4)

    return {
        t.status: (t.masuk, t.selesai, t.masih, r(t.rata_hari), r(t.median_hari), r(t.maks_hari))
        for t in rows
    }


def test_days_per_stage_arithmetic(verifikator_bkd, stage_logs):
    got = figures(statistik.lama_per_tahap(verifikator_bkd, statistik.Periode.for_year(2026)))
    assert got == {
        # entered, left, still there, average, median, longest
        "draft": (3, 3, 0, round(7 / 3, 4), 2.0, 4.0),  # a 2, b 4, c 1 (d began in 2025)
        "diajukan": (5, 4, 1, 1.5, 1.25, 3.0),  # a 1.5, b 0.5 and 1, d 3; c still there
        "verifikasi": (4, 3, 1, round(16 / 3, 4), 4.0, 10.0),  # a 4, b 2 and 10; d still there
        "dikembalikan": (1, 1, 0, 1.0, 1.0, 1.0),
        "memenuhi_syarat": (1, 0, 1, None, None, None),
        "disetujui": (0, 0, 0, None, None, None),
        "sk_terbit": (0, 0, 0, None, None, None),
    }


def test_days_per_stage_of_an_operator_cover_their_proposals_only(operator_dinkes, stage_logs):
    got = figures(statistik.lama_per_tahap(operator_dinkes, statistik.Periode.for_year(2026)))
    assert got["draft"] == (2, 2, 0, 3.0, 3.0, 4.0)  # a and b
    assert got["diajukan"] == (3, 3, 0, 1.0, 1.0, 1.5)


def test_days_per_stage_of_last_year(verifikator_bkd, stage_logs):
    got = figures(statistik.lama_per_tahap(verifikator_bkd, statistik.Periode.for_year(2025)))
    # d's draft began on 30 December 2025 and ended on 2 January: three days, counted in 2025.
    assert got["draft"] == (1, 1, 0, 3.0, 3.0, 3.0)
    assert got["diajukan"][0] == 0


def test_days_per_stage_page_chart_equals_table(client, verifikator_bkd, stage_logs):
    response = get(client, verifikator_bkd)
    bagian = response.context["tahap"]
    assert [[r.value for r in row.rects] for row in bagian.chart.rows] == [
        [t.rata_hari or 0, t.median_hari or 0] for t in bagian.rows
    ]
    assert [r.label for r in bagian.chart.rows] == [t.label for t in bagian.rows]
    # The table shows one decimal: 16/3 = 5.3 days in verification on average.
    assert '<td class="num">5.3</td>' in response.text


# -- moves in and out -----------------------------------------------------------------------


@pytest.fixture
def moves(dinkes, diskominfo, upt, sambas):
    def done(asal, tujuan, at):
        usulan = make_usulan(asal, tujuan, status="selesai")
        log(usulan, "selesaikan", "sk_terbit", "selesai", at)

    done(dinkes, diskominfo, wib(2026, 2, 1, 0, 15))
    done(dinkes, diskominfo, wib(2026, 3, 1, 0, 15))
    done(diskominfo, dinkes, wib(2026, 4, 1, 0, 15))
    done(dinkes, dinkes, wib(2026, 4, 1, 0, 15))  # between units: neither in nor out
    done(dinkes, diskominfo, wib(2025, 12, 20, 0, 15))  # last year
    done(upt, sambas, wib(2026, 5, 1, 0, 15))  # Sambas is outside the province: no row
    # Approved but not applied yet: not a completed move.
    make_usulan(diskominfo, dinkes, status="sk_terbit")


def moved(bagian) -> list[tuple[str, int, int]]:
    return [(p.kode, p.keluar, p.masuk) for p in bagian.rows]


def test_moves_in_and_out_per_agency(client, verifikator_bkd, moves):
    bagian = get(client, verifikator_bkd).context["pindah"]
    assert moved(bagian) == [("1.02.01", 2, 1), ("2.16.01", 1, 2), ("1.02.01.1", 1, 0)]
    # The chart: out to the left of the axis, in to the right, the same numbers.
    for row, p in zip(bagian.chart.rows, bagian.rows, strict=True):
        sides = {("out" if r.x < bagian.chart.axis_x else "in"): r.value for r in row.rects}
        assert sides == {k: v for k, v in (("out", p.keluar), ("in", p.masuk)) if v}
    assert moved(get(client, verifikator_bkd, tahun="2025").context["pindah"]) == [
        ("1.02.01", 1, 0),
        ("2.16.01", 0, 1),
    ]


def test_operator_sees_only_their_agencies_moves(client, operator_dinkes, moves):
    response = get(client, operator_dinkes)
    assert moved(response.context["pindah"]) == [("1.02.01", 2, 1), ("1.02.01.1", 1, 0)]


# -- gaps, rotation, data quality -----------------------------------------------------------


def make_formasi(instansi, *, need: int, holders: int, **pegawai):
    formasi = FormasiFactory(instansi=instansi)
    if need:
        AnalisisBebanKerjaFactory(formasi=formasi, volume=need * 75_000, norma_waktu=1)
    PegawaiFactory.create_batch(holders, instansi=instansi, jabatan=formasi.jabatan, **pegawai)
    return formasi


@pytest.fixture
def staffing(dinkes, diskominfo, upt):
    make_formasi(dinkes, need=3, holders=1, tmt_jabatan=dt.date(2019, 1, 1))  # +2, due
    make_formasi(upt, need=0, holders=1, tmt_jabatan=dt.date(2025, 1, 1))  # -1, not movable
    make_formasi(diskominfo, need=1, holders=4, tmt_jabatan=dt.date(2018, 1, 1))  # -3, due


def test_gaps_reuse_the_gap_table_scoped_to_the_user(
    client, operator_dinkes, verifikator_bkd, staffing
):
    province = get(client, verifikator_bkd).context["gap"]
    assert [(r.kode, r.gap) for r in province.rows] == [
        ("1.02.01", 2),
        ("1.02.01.1", -1),
        ("2.16.01", -3),
    ]
    assert province.rows == gap_rows(by="instansi")
    mine = get(client, operator_dinkes).context["gap"]
    assert [(r.kode, r.gap) for r in mine.rows] == [("1.02.01", 2), ("1.02.01.1", -1)]
    assert mine.rows == gap_rows(instansi=instansi_scope_for_user(operator_dinkes))
    # Chart = table: shortage right as +n, surplus left as -n.
    assert [[r.text for r in row.rects] for row in mine.chart.rows] == [["+2"], ["-1"]]


def test_rotation_and_data_quality_per_agency_scoped(
    client, operator_dinkes, verifikator_bkd, staffing
):
    province = get(client, verifikator_bkd).context
    assert [(r["instansi__kode"], r["due"]) for r in province["rotasi"].rows] == [
        ("2.16.01", 4),
        ("1.02.01", 1),
        ("1.02.01.1", 0),
    ]
    mine = get(client, operator_dinkes)
    rotasi, kualitas = mine.context["rotasi"], mine.context["kualitas"]
    assert [r["instansi__kode"] for r in rotasi.rows] == ["1.02.01", "1.02.01.1"]
    assert [row.rects[0].value for row in rotasi.chart.rows] == [r["due"] for r in rotasi.rows]
    assert {r["instansi__kode"] for r in kualitas.rows} == {"1.02.01", "1.02.01.1"}
    assert [row.rects[0].value for row in kualitas.chart.rows] == [
        float(r["pct_rata"]) for r in kualitas.rows
    ]
    # Nothing of Diskominfo anywhere on the operator's page.
    assert "Diskominfo" not in mine.text and "Dinas Komunikasi" not in mine.text


def test_long_agency_lists_are_cut_on_the_chart_not_in_the_table(client, verifikator_bkd):
    for i in range(18):
        make_formasi(InstansiFactory(kode=f"9.{i:02d}"), need=i + 1, holders=0)
    response = get(client, verifikator_bkd)
    gap = response.context["gap"]
    assert len(gap.rows) == 18
    assert len(gap.chart.rows) == 15
    # The 15 largest gaps, and the same figures as their table rows.
    by_name = {r.nama: r.gap for r in gap.rows}
    assert [by_name[row.label] for row in gap.chart.rows] == list(range(18, 3, -1))
    assert "The chart shows 15 of 18 agencies; the table lists them all." in response.text


# -- markup ---------------------------------------------------------------------------------


def test_every_chart_is_labelled_and_has_its_table(
    client, verifikator_bkd, stage_logs, moves, staffing
):
    body = get(client, verifikator_bkd).text
    svgs = re.findall(r"<svg [^>]*>", body)
    assert len(svgs) == 7
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for id_ in ids:
            assert f'id="{id_}"' in body
    assert body.count('<details class="chart-table">') == 7
    assert body.count("<caption") >= 7


def test_indonesian_numbers_in_labels_never_in_coordinates(verifikator_bkd, stage_logs):
    client = Client()  # the users' language
    client.force_login(verifikator_bkd)
    body = client.get(URL).text
    svg = body[
        body.index('id="chart-tahap-title"') : body.index(
            "</svg>", body.index('id="chart-tahap-title"')
        )
    ]
    assert ">5,3<" in svg  # the average in verification, as Indonesians write it
    for attr in re.findall(r'(?:x|y|width|height)="([^"]*)"', svg):
        assert "," not in attr


# -- cost -----------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_the_data(
    client, verifikator_bkd, operator_dinkes, dinkes, diskominfo, django_assert_max_num_queries
):
    for user in (verifikator_bkd, operator_dinkes):
        get(client, user)  # warm the session and content-type caches
        with CaptureQueriesContext(connection) as small:
            get(client, user)
        for i in range(5):
            agency = InstansiFactory(kode=f"8.{user.pk}.{i}", induk=dinkes)
            make_formasi(agency, need=i + 2, holders=i, tmt_jabatan=dt.date(2015, 1, 1))
            u = make_usulan(agency, diskominfo, status="selesai", at=wib(2026, 2, i + 1))
            log(u, "buat", "draft", "draft", wib(2026, 2, i + 1))
            log(u, "ajukan", "draft", "diajukan", wib(2026, 3, i + 1))
            log(u, "selesaikan", "sk_terbit", "selesai", wib(2026, 5, i + 1))
        with CaptureQueriesContext(connection) as large:
            response = get(client, user)
        assert len(response.context["gap"].rows) > 1
        assert len(large) == len(small), user
        # Session, user, groups, the user's agency, rule settings, notifications and ten reads.
        with django_assert_max_num_queries(16):
            client.get(URL)


def _cached(seconds: int):
    from django.conf import settings

    return override_settings(SIMUTASI={**settings.SIMUTASI, "DASHBOARD_CACHE_SECONDS": seconds})


def test_figures_are_cached_per_scope_and_say_when(
    client, verifikator_bkd, operator_dinkes, dinkes, diskominfo
):
    cache.clear()
    with _cached(300):
        get(client, verifikator_bkd)
        with CaptureQueriesContext(connection) as first_again:
            province = client.get(URL)
        # A hit: the session, the user and the page's own few reads, none of the aggregates.
        assert len(first_again) <= 8
        assert "Figures as of" in province.text and "every 5 minutes" in province.text
        # New data shows only once the cache has expired, per scope.
        u = make_usulan(dinkes, diskominfo, status="diajukan", at=wib(2026, 2, 1))
        log(u, "buat", "draft", "draft", wib(2026, 2, 1))
        counts = {r[0]: r[2] for r in get(client, verifikator_bkd).context["status"].rows}
        assert counts.get("diajukan", 0) == 0
        # Another scope has figures of its own, computed now (the operator's agency).
        operator = get(client, operator_dinkes).context["status"].rows
        assert {r[0]: r[2] for r in operator}.get("diajukan") == 1
        cache.clear()
        counts = {r[0]: r[2] for r in get(client, verifikator_bkd).context["status"].rows}
        assert counts.get("diajukan") == 1


def _status_counts(response) -> dict:
    return {r[0]: r[2] for r in response.context["status"].rows}


def test_old_figures_are_shown_at_once_and_recomputed_by_the_worker(
    client, verifikator_bkd, dinkes, diskominfo
):
    """Stale while revalidate: past DASHBOARD_CACHE_SECONDS the kept figures still come at
    once, one job is queued for the worker, and the page shows its figures once it ran."""
    from django.tasks import task_backends

    from pontianak_mutasi import dasbor

    cache.clear()
    later = NOW + dt.timedelta(seconds=301)
    queue_only = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with _cached(300), override_settings(TASKS=queue_only):
        get(client, verifikator_bkd)
        u = make_usulan(dinkes, diskominfo, status="diajukan", at=wib(2026, 2, 1))
        log(u, "buat", "draft", "draft", wib(2026, 2, 1))
        with time_machine.travel(later, tick=False):
            stale = get(client, verifikator_bkd)
            assert _status_counts(stale).get("diajukan", 0) == 0
            assert re.search(r"Figures as of 15 June 2026 10:00\b", stale.text)
            get(client, verifikator_bkd)  # another look meanwhile: no second job
            jobs = task_backends["default"].results
            assert [j.task.name for j in jobs] == ["dasbor_refresh"]
            user_id, tahun, bahasa = jobs[0].args
            assert (user_id, tahun) == (verifikator_bkd.pk, 2026)
            # The worker runs it.
            assert dasbor.dasbor_refresh(user_id=user_id, tahun=tahun, bahasa=bahasa)
            fresh = get(client, verifikator_bkd)
            assert _status_counts(fresh).get("diajukan") == 1
            assert re.search(r"Figures as of 15 June 2026 10:05\b", fresh.text)
            assert len(task_backends["default"].results) == 1


def test_with_the_immediate_backend_stale_figures_are_recomputed_during_the_visit(
    client, verifikator_bkd, dinkes, diskominfo
):
    cache.clear()
    with _cached(300):
        get(client, verifikator_bkd)
        u = make_usulan(dinkes, diskominfo, status="diajukan", at=wib(2026, 2, 1))
        log(u, "buat", "draft", "draft", wib(2026, 2, 1))
        assert _status_counts(get(client, verifikator_bkd)).get("diajukan", 0) == 0
        with time_machine.travel(NOW + dt.timedelta(seconds=301), tick=False):
            assert _status_counts(get(client, verifikator_bkd)).get("diajukan") == 1


def test_refresh_for_a_removed_user_does_nothing(verifikator_bkd):
    from pontianak_mutasi import dasbor

    user_id = verifikator_bkd.pk
    verifikator_bkd.is_active = False
    verifikator_bkd.save()
    assert dasbor.dasbor_refresh(user_id=user_id, tahun=2026, bahasa="id") is False


def test_cache_off_computes_every_visit(client, verifikator_bkd, dinkes, diskominfo):
    cache.clear()
    with _cached(0):
        page = get(client, verifikator_bkd)
        assert "Figures as of" in page.text and "every 5 minutes" not in page.text
        u = make_usulan(dinkes, diskominfo, status="diajukan", at=wib(2026, 2, 1))
        log(u, "buat", "draft", "draft", wib(2026, 2, 1))
        counts = {r[0]: r[2] for r in get(client, verifikator_bkd).context["status"].rows}
        assert counts.get("diajukan") == 1


def test_user_without_scope_sees_an_explanation_and_nothing_else(
    client, stage_logs, moves, staffing
):
    from tests.factories import UserFactory

    response = get(client, UserFactory(username="baru"))
    assert "not linked to an agency" in response.text
    context = response.context
    assert sum(n for _v, _l, n in context["status"].rows) == 0
    assert all(t.masuk == 0 for t in context["tahap"].rows)
    assert context["pindah"].rows == context["gap"].rows == context["rotasi"].rows == []
    assert context["kualitas"].rows == []
