"""manage.py warm_caches: the dashboard of every scope and the pool of every short position."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation

from instansi import rekomendasi
from pontianak_mutasi import dasbor
from tests.factories import AnalisisBebanKerjaFactory, FormasiFactory, JabatanFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def kept(settings, dashboard: int, pool: int) -> None:
    settings.SIMUTASI = {
        **settings.SIMUTASI,
        "DASHBOARD_CACHE_SECONDS": dashboard,
        "RECOMMEND_POOL_SECONDS": pool,
    }


def run(**options) -> str:
    out = io.StringIO()
    call_command("warm_caches", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def short_position(diskominfo):
    jabatan = JabatanFactory(kode="JF-UJI", nama="Pranata Komputer")
    formasi = FormasiFactory(instansi=diskominfo, jabatan=jabatan)
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("2250"), norma_waktu=Decimal("100"))
    no_gap = FormasiFactory(instansi=diskominfo, jabatan=JabatanFactory(kode="JF-LAIN"))
    return formasi, no_gap


def test_every_scope_and_every_short_position_is_kept(
    settings, verifikator_bkd, pejabat, operator_dinkes, short_position
):
    from mutasi import statistik

    kept(settings, 300, 900)
    formasi, no_gap = short_position
    output = run()
    assert "Dashboard: 2 scopes" in output  # the province (two BKD users) and Dinkes
    assert "Recommendations: 1 positions" in output
    periode = statistik.Periode.for_year(timezone.localdate().year)
    # In the site's language (the one the pages are served in).
    with translation.override(settings.LANGUAGE_CODE):
        for user in (verifikator_bkd, pejabat, operator_dinkes):
            assert cache.get(dasbor.cache_key(user, periode)) is not None, user

    def pool_of(f):
        aturan, w = rekomendasi.AturanMutasi.load(), rekomendasi.weights()
        ranked = rekomendasi._ranked(f.jabatan, aturan=aturan, tmt=rekomendasi.default_tmt(), w=w)
        return cache.get(rekomendasi._pool_key(f.jabatan, ranked, aturan, w))

    assert pool_of(formasi) is not None
    assert pool_of(no_gap) is None


def test_only_one_part(settings, verifikator_bkd, short_position):
    kept(settings, 300, 900)
    output = run(only="rekomendasi")
    assert "Dashboard" not in output and "Recommendations: 1 positions" in output


def test_nothing_to_keep_when_both_are_off(settings, verifikator_bkd, short_position):
    kept(settings, 0, 0)
    output = run()
    assert "not kept (DASHBOARD_CACHE_SECONDS is 0)" in output
    assert "not kept (RECOMMEND_POOL_SECONDS is 0)" in output
    assert not [k for k in cache._cache if "generasi-" not in k]
