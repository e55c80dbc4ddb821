"""Recommendations: ranking, score components, exclusions, the command and the demo cases."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from instansi import rekomendasi
from instansi.models import Formasi, Instansi
from instansi.rekomendasi import rekomendasi_for_formasi
from mutasi import services
from mutasi.models import AturanMutasi
from pegawai.models import Pegawai, PenilaianKinerja
from tests.factories import (
    AnalisisBebanKerjaFactory,
    BidangFactory,
    FormasiFactory,
    JabatanFactory,
    KompetensiFactory,
    PegawaiFactory,
    PenilaianKinerjaFactory,
    RiwayatPendidikanFactory,
)

TODAY = dt.date.today()
LAST = TODAY.year - 1  # the most recent annual evaluation


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def it(db):
    return BidangFactory(kode="teknologi-informasi", nama="Teknologi Informasi")


@pytest.fixture
def pertanian(db):
    return BidangFactory(kode="pertanian", nama="Pertanian")


@pytest.fixture
def target(diskominfo, it):
    jabatan = JabatanFactory(kode="JF-PK-UJI", nama="Pranata Komputer Ahli Pertama")
    jabatan.bidang_pendidikan.add(it)
    formasi = FormasiFactory(instansi=diskominfo, jabatan=jabatan)
    # 225,000 minutes = kebutuhan 3, nobody holds it: a gap of 3.
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("2250"), norma_waktu=Decimal("100"))
    return formasi


def make_pegawai(instansi, bidang, *, jurusan="Teknik Informatika", predikat="baik", **kw):
    kw.setdefault("tmt_jabatan", TODAY.replace(year=TODAY.year - 4))
    pegawai = PegawaiFactory(instansi=instansi, **kw)
    RiwayatPendidikanFactory(pegawai=pegawai, bidang=bidang, jurusan=jurusan)
    for year in (LAST, LAST - 1):
        PenilaianKinerjaFactory(pegawai=pegawai, tahun=year, predikat=predikat)
    return pegawai


def propose(pegawai, formasi, actor):
    """An open proposal moving ``pegawai`` into ``formasi``."""
    services.usulan_create(
        actor=actor,
        pegawai=pegawai,
        jenis_mutasi="intra",
        tujuan_instansi=formasi.instansi,
        tujuan_jabatan=formasi.jabatan,
        tmt_rencana=rekomendasi.default_tmt(),
        alasan="kepentingan_dinas",
    )


def nips(rows):
    return [c.pegawai.nip for c in rows]


# -- ranking and exclusions ---------------------------------------------------------------


def test_it_graduate_outranks_agriculture_graduate(target, dinkes, it, pertanian):
    agri = make_pegawai(dinkes, pertanian, jurusan="Agroteknologi")
    KompetensiFactory(pegawai=agri, bidang=it, level=1)  # enough to pass the pre-filter
    informatika = make_pegawai(dinkes, it)
    result = rekomendasi_for_formasi(target)
    assert nips(result.candidates) == [informatika.nip, agri.nip]
    assert result.candidates[0].score > result.candidates[1].score
    assert result.candidates[0].points["fit"] > result.candidates[1].points["fit"]
    assert (result.kebutuhan, result.bezetting, result.gap) == (3, 0, 3)


def test_unrelated_graduate_is_not_considered(target, dinkes, it, pertanian):
    make_pegawai(dinkes, pertanian, jurusan="Agroteknologi")
    assert rekomendasi_for_formasi(target).candidates == []


def test_exclusions(target, dinkes, diskominfo, it, operator_dinkes):
    keep = make_pegawai(dinkes, it)
    make_pegawai(dinkes, it, is_active=False)
    make_pegawai(dinkes, it, status_kepegawaian="pppk")
    make_pegawai(diskominfo, it, jabatan=target.jabatan)  # already in the formasi
    proposed = make_pegawai(dinkes, it)
    propose(proposed, target, operator_dinkes)
    result = rekomendasi_for_formasi(target)
    assert nips(result.candidates) + nips(result.ineligible) == [keep.nip]


def test_ineligible_listed_apart_with_reasons(target, dinkes, it):
    good = make_pegawai(dinkes, it, predikat="baik")
    bad = make_pegawai(dinkes, it, predikat="sangat_kurang")
    new = make_pegawai(dinkes, it, tmt_jabatan=TODAY - dt.timedelta(days=100))
    result = rekomendasi_for_formasi(target)
    assert nips(result.candidates) == [good.nip]
    assert set(nips(result.ineligible)) == {bad.nip, new.nip}
    by_nip = {c.pegawai.nip: c for c in result.ineligible}
    assert by_nip[bad.nip].eligible is False
    assert any(r.startswith("Performance") for r in by_nip[bad.nip].reasons)
    assert any(r.startswith("Time in current position") for r in by_nip[new.nip].reasons)
    assert rekomendasi_for_formasi(target, include_ineligible=False).ineligible == []
    # Listed after the eligible ones in the JSON.
    data = result.as_dict()["candidates"]
    assert [c["eligible"] for c in data] == [True, False, False]


# -- the database pre-selection ------------------------------------------------------------


def test_rough_score_weighs_performance_rotation_and_bup(target, dinkes, it):
    """Equal fields of study: the database's estimate still tells them apart."""
    ten_years = TODAY.replace(year=TODAY.year - 10)
    plain = make_pegawai(dinkes, it, predikat="butuh_perbaikan", tmt_jabatan=ten_years)
    rated = make_pegawai(dinkes, it, predikat="sangat_baik", tmt_jabatan=ten_years)
    recent = make_pegawai(dinkes, it, predikat="sangat_baik", tmt_jabatan=TODAY)
    old = make_pegawai(
        dinkes,
        it,
        predikat="sangat_baik",
        tmt_jabatan=ten_years,
        tanggal_lahir=TODAY.replace(year=TODAY.year - 57),  # retires within a year or so
    )
    rows = dict(rekomendasi.candidate_queryset(target, target.jabatan).values_list("nip", "rough"))
    # in tenths: field 20 + performance 15 + rotation 10 + BUP 10 (default weights)
    assert rows[rated.nip] == 550
    assert rows[plain.nip] == 400  # no points for Butuh Perbaikan in the estimate
    assert rows[recent.nip] == 450  # rotation not yet due
    assert rows[old.nip] == 450  # inside the BUP warning window
    ranked = list(rekomendasi.candidate_queryset(target, target.jabatan).values_list("nip"))
    assert ranked[0] == (rated.nip,)


def test_only_the_best_estimates_are_scored(monkeypatch, target, dinkes, diskominfo, it):
    """With room for one, the database estimate and then the origin decide who is scored: of
    two otherwise equal candidates, the one whose origin has a surplus."""
    ten_years = TODAY.replace(year=TODAY.year - 10)
    short_origin = FormasiFactory(instansi=dinkes, jabatan=JabatanFactory(nama="Analis A"))
    AnalisisBebanKerjaFactory(formasi=short_origin, volume=1500, norma_waktu=100)  # need 2
    surplus_origin = FormasiFactory(instansi=dinkes, jabatan=JabatanFactory(nama="Analis B"))
    AnalisisBebanKerjaFactory(formasi=surplus_origin, volume=10, norma_waktu=100)  # need 0
    # First in the database's order (longer in the position), but its origin would fall short.
    leaving_short = make_pegawai(
        dinkes, it, jabatan=short_origin.jabatan, tmt_jabatan=ten_years - dt.timedelta(days=365)
    )
    from_surplus = make_pegawai(dinkes, it, jabatan=surplus_origin.jabatan, tmt_jabatan=ten_years)
    ranked = rekomendasi.candidate_queryset(target, target.jabatan).values_list("nip", flat=True)
    assert list(ranked) == [leaving_short.nip, from_surplus.nip]
    monkeypatch.setattr(rekomendasi, "POOL_SIZE", 2)
    monkeypatch.setattr(rekomendasi, "PREFILTER_CAP", 1)
    result = rekomendasi_for_formasi(target)
    assert result.considered == 1
    assert nips(result.candidates) + nips(result.ineligible) == [from_surplus.nip]


def test_scoring_reads_only_the_history_it_needs_and_scores_the_same(
    monkeypatch, target, dinkes, it, pertanian
):
    """The candidates are loaded with the ratings from the first year scored or checked and
    the training in the position's fields only: the same scores, words and reasons as with
    every row (prefetch_for_rules)."""
    from mutasi.rules import prefetch_for_rules
    from tests.factories import RiwayatDiklatFactory

    people = []
    for predikat_lama in ("sangat_kurang", "sangat_baik"):
        p = make_pegawai(dinkes, it, predikat="baik")
        for year in range(LAST - 6, LAST - 1):  # older ratings: neither scored nor checked
            PenilaianKinerjaFactory(pegawai=p, tahun=year, predikat=predikat_lama)
        RiwayatDiklatFactory(pegawai=p, bidang=it, jam_pelajaran=12)
        RiwayatDiklatFactory(pegawai=p, bidang=pertanian, jam_pelajaran=40)  # not counted
        people.append(p)
    bad_last = make_pegawai(dinkes, it, predikat="sangat_kurang")  # fails the rule
    RiwayatDiklatFactory(pegawai=bad_last, bidang=pertanian, jam_pelajaran=40)

    def words(result):
        return [
            (
                c.pegawai.nip,
                c.score,
                [(x.name, x.points, x.explanation) for x in c.components],
                c.eligible,
                tuple(c.reasons),
                tuple(c.warnings),
            )
            for c in [*result.candidates, *result.ineligible]
        ]

    narrow = rekomendasi_for_formasi(target)
    monkeypatch.setattr(
        rekomendasi,
        "_load_for_scoring",
        lambda keep, *a, **k: list(prefetch_for_rules(Pegawai.objects.filter(pk__in=keep))),
    )
    full = rekomendasi_for_formasi(target)
    assert words(narrow) == words(full)
    assert len(narrow.candidates) == 2 and nips(narrow.ineligible) == [bad_last.nip]


# -- the kept pool (RECOMMEND_POOL_SECONDS) ------------------------------------------------


@pytest.fixture
def kept_pool(settings):
    """The ranked pool kept for 15 minutes, the refresh a queued job (not run)."""
    from django.core.cache import cache

    cache.clear()
    settings.SIMUTASI = {**settings.SIMUTASI, "RECOMMEND_POOL_SECONDS": 900}
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    yield
    cache.clear()


def test_kept_pool_gives_the_same_result_and_skips_the_ranking(
    kept_pool, target, dinkes, it, pertanian, django_assert_max_num_queries
):
    agri = make_pegawai(dinkes, pertanian, jurusan="Agroteknologi")
    KompetensiFactory(pegawai=agri, bidang=it, level=1)
    informatika = make_pegawai(dinkes, it)
    live = rekomendasi_for_formasi(target, kept=False)
    first = rekomendasi_for_formasi(target)  # ranks and keeps the pool
    ranked = {"n": 0}
    original = rekomendasi._pool

    def counting(*args, **kwargs):
        ranked["n"] += 1
        return original(*args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rekomendasi, "_pool", counting)
        again = rekomendasi_for_formasi(target)
    assert ranked["n"] == 0
    for result in (first, again):
        assert nips(result.candidates) == nips(live.candidates) == [informatika.nip, agri.nip]
        assert [c.score for c in result.candidates] == [c.score for c in live.candidates]


def test_kept_pool_orders_like_the_live_ranking_and_shows_current_scores(
    kept_pool, target, dinkes, diskominfo, it, pertanian
):
    """Many candidates, some ineligible: the kept partial scores plus the origin give the
    live ranking's order exactly; a rating entered after the pool was kept shows in the
    candidate's score and eligibility at once."""
    people = [
        make_pegawai(
            dinkes if i % 2 else diskominfo,
            it,
            predikat=("sangat_baik", "baik", "sangat_kurang")[i % 3],
            tmt_jabatan=TODAY.replace(year=TODAY.year - 1 - i % 6),
        )
        for i in range(14)
    ]
    live = rekomendasi_for_formasi(target, kept=False)
    kept = rekomendasi_for_formasi(target)

    def shown(result):
        return [(c.pegawai.nip, c.score, c.eligible, tuple(c.reasons)) for c in
                [*result.candidates, *result.ineligible]]  # fmt: skip

    assert shown(kept) == shown(live)
    assert kept.ineligible  # the rules were reached for ineligible ones too
    # After the pool was kept: a bad rating for last year on the best candidate.
    best = kept.candidates[0].pegawai
    PenilaianKinerja.objects.filter(pegawai=best, tahun=LAST).update(predikat="sangat_kurang")
    again = rekomendasi_for_formasi(target)
    assert best.nip not in nips(again.candidates)
    assert best.nip in nips(again.ineligible)
    assert len(people) == 14


def test_kept_pool_is_shared_by_the_positions_formasi_without_their_holders(
    kept_pool, monkeypatch, target, dinkes, diskominfo, it
):
    """Two formasi of one position: one pool, each without its own holders."""
    other = FormasiFactory(instansi=dinkes, jabatan=target.jabatan)
    AnalisisBebanKerjaFactory(formasi=other, volume=Decimal("2250"), norma_waktu=Decimal("100"))
    in_dinkes = make_pegawai(dinkes, it, jabatan=target.jabatan)
    in_kominfo = make_pegawai(diskominfo, it, jabatan=target.jabatan)
    elsewhere = make_pegawai(dinkes, it)
    for_target = rekomendasi_for_formasi(target)
    for_other = rekomendasi_for_formasi(other)
    seen = lambda r: set(nips(r.candidates) + nips(r.ineligible))  # noqa: E731
    assert seen(for_target) == {in_dinkes.nip, elsewhere.nip}
    assert seen(for_other) == {in_kominfo.nip, elsewhere.nip}
    from django.core.cache import cache

    keys = [k for k in cache._cache if rekomendasi.POOL_KEY_PREFIX in k]
    assert len(keys) == 1


def test_kept_pool_who_is_movable_is_checked_now(kept_pool, target, dinkes, it, operator_dinkes):
    """Changes after the pool was kept: a new open proposal, a deactivation, a move into the
    formasi itself — none of them is recommended, though the kept pool still lists them."""
    proposed, gone, moved, stays = (make_pegawai(dinkes, it) for _ in range(4))
    assert set(nips(rekomendasi_for_formasi(target).candidates)) == {
        p.nip for p in (proposed, gone, moved, stays)
    }
    propose(proposed, target, operator_dinkes)
    Pegawai.objects.filter(pk=gone.pk).update(is_active=False)
    Pegawai.objects.filter(pk=moved.pk).update(
        instansi=target.instansi, jabatan=target.jabatan, unit=None
    )
    result = rekomendasi_for_formasi(target)
    assert nips(result.candidates) + nips(result.ineligible) == [stays.nip]


def test_kept_pool_is_refreshed_by_the_worker_once_old(kept_pool, target, dinkes, it):
    import time_machine
    from django.tasks import task_backends

    morning = dt.datetime.combine(TODAY, dt.time(10, 0))
    with time_machine.travel(morning, tick=False):
        first = make_pegawai(dinkes, it)
        rekomendasi_for_formasi(target)
        newcomer = make_pegawai(dinkes, it)
        # Fresh: the kept pool does not know the newcomer yet.
        assert nips(rekomendasi_for_formasi(target).candidates) == [first.nip]
    with time_machine.travel(morning + dt.timedelta(seconds=901), tick=False):
        # Old: still served at once, and one job queued for the worker.
        assert nips(rekomendasi_for_formasi(target).candidates) == [first.nip]
        rekomendasi_for_formasi(target)
        jobs = task_backends["default"].results
        assert [j.task.name for j in jobs] == ["rekomendasi_pool_refresh"]
        assert jobs[0].args == [target.jabatan_id, rekomendasi.default_tmt().isoformat()]
        jobs[0].task.call(*jobs[0].args)  # the worker runs it
        got = nips(rekomendasi_for_formasi(target).candidates)
    assert sorted(got) == sorted([first.nip, newcomer.nip])


def test_a_full_kept_pool_that_runs_out_is_ranked_afresh(
    monkeypatch, kept_pool, target, dinkes, diskominfo, it
):
    """With a pool of two filled by holders of the formasi, the candidates beyond the pool
    are unknown: ranked afresh rather than an empty list."""
    ten_years = TODAY.replace(year=TODAY.year - 10)
    holders = [
        make_pegawai(diskominfo, it, jabatan=target.jabatan, tmt_jabatan=ten_years)
        for _ in range(2)
    ]
    other = FormasiFactory(instansi=dinkes, jabatan=target.jabatan)
    outsider = make_pegawai(dinkes, it, tmt_jabatan=TODAY)  # ranked after the holders
    monkeypatch.setattr(rekomendasi, "POOL_SIZE", 2)
    rekomendasi_for_formasi(other)  # keeps the position's pool: the two holders
    result = rekomendasi_for_formasi(target)
    assert outsider.nip in nips(result.candidates) + nips(result.ineligible)
    assert not {h.nip for h in holders} & set(nips(result.candidates) + nips(result.ineligible))


# -- score components ---------------------------------------------------------------------


@pytest.fixture
def aturan(db):
    return AturanMutasi.load()


def test_component_fit_scaled(target, dinkes, it, pertanian):
    informatika = make_pegawai(dinkes, it)
    agri = make_pegawai(dinkes, pertanian, jurusan="Agronomi")
    # Field 40 + level 20, no competence (0/30) nor training (0/10): 60/100 → 30 of 50.
    assert rekomendasi.component_fit(informatika, target.jabatan, 50).points == 30.0
    KompetensiFactory(pegawai=informatika, bidang=informatika.riwayat_pendidikan.get().bidang)
    assert rekomendasi.component_fit(informatika, target.jabatan, 50).points == 45.0
    # Field of study 0/40, level 20/20, competence 0/30, training 0/10 → 20/100 → 10 of 50.
    comp = rekomendasi.component_fit(agri, target.jabatan, 50)
    assert comp.points == 10.0
    assert "No education in an accepted field" in comp.explanation


@pytest.mark.parametrize(
    ("ratings", "points"),
    [
        (("sangat_baik", "sangat_baik"), 15.0),
        (("baik", "baik"), 11.2),  # 0.75 × 15 = 11.25 → 11.2 (banker's float rounding)
        (("baik", None), 5.6),
        ((None, None), 0.0),
        (("butuh_perbaikan", "sangat_kurang"), 1.9),
    ],
)
def test_component_performance(dinkes, aturan, ratings, points):
    pegawai = PegawaiFactory(instansi=dinkes)
    for year, predikat in zip((LAST, LAST - 1), ratings, strict=True):
        if predikat:
            PenilaianKinerjaFactory(pegawai=pegawai, tahun=year, predikat=predikat)
    assert rekomendasi.component_performance(pegawai, aturan, 15).points == pytest.approx(points)


@pytest.mark.parametrize(("years", "points"), [(6, 10.0), (2.5, 5.0), (None, 0.0)])
def test_component_rotation(dinkes, aturan, years, points):
    tmt = TODAY - dt.timedelta(days=round(years * 365.25)) if years is not None else None
    pegawai = PegawaiFactory(instansi=dinkes, tmt_jabatan=tmt)
    assert rekomendasi.component_rotation(pegawai, aturan, 10).points == points


def test_component_origin():
    m = 75_000
    w = 15
    surplus = rekomendasi.component_origin((1, 3, Decimal(m)), w)
    underloaded = rekomendasi.component_origin((3, 3, Decimal(m * 3 * 0.8)), w)
    short = rekomendasi.component_origin((3, 3, Decimal(m * 3)), w)
    unknown = rekomendasi.component_origin(None, w)
    assert (surplus.points, underloaded.points, short.points, unknown.points) == (
        15.0,
        7.5,
        -7.5,
        3.8,
    )
    assert "would fall short" in short.explanation


def test_origin_figures_come_from_the_origin_formasi(target, dinkes, it):
    """Two holders where ABK needs one: the origin has a surplus, full origin points."""
    jabatan = JabatanFactory()
    origin = FormasiFactory(instansi=dinkes, jabatan=jabatan)
    AnalisisBebanKerjaFactory(formasi=origin, volume=Decimal("750"), norma_waktu=Decimal("100"))
    a = make_pegawai(dinkes, it, jabatan=jabatan)
    make_pegawai(dinkes, it, jabatan=jabatan)
    result = rekomendasi_for_formasi(target)
    cand = next(c for c in result.candidates if c.pegawai.nip == a.nip)
    assert cand.points["origin"] == 15.0


def test_component_bup(target, dinkes, aturan):
    young = PegawaiFactory(instansi=dinkes, tanggal_lahir=TODAY.replace(year=TODAY.year - 30))
    near = PegawaiFactory(instansi=dinkes, tanggal_lahir=TODAY.replace(year=TODAY.year - 57))
    tmt = rekomendasi.default_tmt()
    assert rekomendasi.component_bup(young, target.jabatan, tmt, aturan, 10).points == 10.0
    assert rekomendasi.component_bup(near, target.jabatan, tmt, aturan, 10).points == 0.0


def test_weights_from_settings(settings, target, dinkes, it):
    settings.SIMUTASI = {**settings.SIMUTASI, "RECOMMEND_WEIGHTS": {"fit": 80}}
    make_pegawai(dinkes, it)
    cand = rekomendasi_for_formasi(target).candidates[0]
    assert cand.points["fit"] == 48.0  # fit 60/100 of 80
    assert cand.score == pytest.approx(sum(cand.points.values()), abs=0.11)


# -- the command --------------------------------------------------------------------------


def test_recommend_json_contract(target, dinkes, it):
    make_pegawai(dinkes, it)
    make_pegawai(dinkes, it, predikat="kurang")
    out = io.StringIO()
    call_command("recommend", "Diskominfo", "Pranata Komputer", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"formasi", "candidates"}
    assert data["formasi"] == {
        "instansi": "Dinas Komunikasi dan Informatika",
        "jabatan": "Pranata Komputer Ahli Pertama",
        "kebutuhan": 3,
        "bezetting": 0,
        "gap": 3,
    }
    assert len(data["candidates"]) == 2
    keys = {"nip", "nama", "instansi", "jabatan", "pendidikan", "score", "components"}
    for c in data["candidates"]:
        assert set(c) == keys | {"eligible", "reasons"}
        assert isinstance(c["score"], float) and isinstance(c["eligible"], bool)
        assert isinstance(c["reasons"], list) and all(isinstance(r, str) for r in c["reasons"])
        assert set(c["components"]) == {"fit", "performance", "rotation", "origin", "bup"}
        assert c["pendidikan"] == "S-1 Teknik Informatika"
    assert [c["eligible"] for c in data["candidates"]] == [True, False]
    assert data["candidates"][1]["reasons"]


def test_recommend_table_and_kode_lookup(target, dinkes, it):
    make_pegawai(dinkes, it)
    out = io.StringIO()
    call_command("recommend", target.instansi.kode, "pranata komputer ahli pertama", stdout=out)
    assert "gap 3" in out.getvalue() and "Eligible (1)" in out.getvalue()


# -- screens ------------------------------------------------------------------------------


def test_formasi_screen(client, verifikator_bkd, target, dinkes, it):
    pegawai = make_pegawai(dinkes, it)
    client.force_login(verifikator_bkd)
    url = reverse("instansi:formasi_rekomendasi", args=[target.instansi.kode, target.pk])
    response = client.get(url)
    assert response.status_code == 200
    usulkan = f"{reverse('mutasi:create')}?pegawai={pegawai.nip}&amp;instansi="
    body = response.content.decode()
    assert usulkan in body
    # components by their translated labels (the page is in Indonesian), not the JSON keys
    assert " · Pensiun (BUP) " in body and " · bup " not in body
    detail = client.get(reverse("instansi:detail", args=[target.instansi.kode]))
    assert url in detail.content.decode()


def test_formasi_screen_ticks_candidates_into_the_what_if_plan(
    client, verifikator_bkd, target, dinkes, it
):
    """Each eligible candidate has a checkbox whose value the what-if screen understands; the
    ticked candidate's move shows up there with the target's gap closing by one."""
    pegawai = make_pegawai(dinkes, it)
    client.force_login(verifikator_bkd)
    url = reverse("instansi:formasi_rekomendasi", args=[target.instansi.kode, target.pk])
    body = client.get(url).content.decode()
    value = f"{pegawai.nip}:{target.pk}"
    assert f'form="simulasi-form" name="kandidat" value="{value}"' in body
    assert f'action="{reverse("instansi:simulasi")}" id="simulasi-form"' in body
    plan = client.get(reverse("instansi:simulasi"), {"kandidat": value}).context["plan"]
    [row] = [r for r in plan.rows if r.formasi.pk == target.pk]
    assert (row.masuk, row.gap_after) == (1, row.gap - 1)


def test_pegawai_screen_scoped(client, operator_dinkes, operator_diskominfo, target, dinkes, it):
    pegawai = make_pegawai(dinkes, it)
    url = reverse("instansi:pegawai_rekomendasi", args=[pegawai.nip])
    client.force_login(operator_dinkes)
    response = client.get(url)
    assert response.status_code == 200
    assert target.jabatan.nama in response.content.decode()
    assert response.context["posisi"][0].formasi == target
    assert response.context["posisi"][0].fit == 60
    client.force_login(operator_diskominfo)
    assert client.get(url).status_code == 404


def test_screens_need_login(client, target):
    url = reverse("instansi:formasi_rekomendasi", args=[target.instansi.kode, target.pk])
    assert client.get(url).status_code == 302


# -- the demo cases -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo once for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", size=400, seed=1, verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("instansi", "jabatan", "bidang"),
    [
        ("Dinas Komunikasi dan Informatika", "Pranata Komputer", "teknologi-informasi"),
        ("Dinas Pertanian", "Penyuluh Pertanian", "pertanian"),
        ("Dinas Kesehatan", "Epidemiolog Kesehatan", "kesehatan-masyarakat"),
    ],
)
def test_demo_cases(demo, db, instansi, jabatan, bidang):
    from instansi.management.commands.recommend import find_formasi

    formasi = find_formasi(Instansi.objects.get(nama=instansi), jabatan)
    result = rekomendasi_for_formasi(formasi, limit=5)
    assert result.gap > 0
    top = result.candidates[:3]
    assert len(top) == 3
    for c in top:
        assert c.eligible is True
        assert c.pegawai.riwayat_pendidikan.filter(bidang__kode=bidang).exists(), c.pendidikan
        assert (c.pegawai.instansi_id, c.pegawai.jabatan_id) != (
            formasi.instansi_id,
            formasi.jabatan_id,
        )
        assert c.points["fit"] >= 40
    assert isinstance(formasi, Formasi) and Pegawai.objects.count() >= 400
