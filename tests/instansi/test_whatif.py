"""What-if simulation: arithmetic per formasi and agency, warnings, the screen and its scope."""

# The proposal fixtures live in tests/mutasi/conftest.py; importing them here registers them
# for this module, and ruff reads their use as parameters as a redefinition.
# ruff: noqa: F811

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi import whatif
from mutasi.models import Status, UsulanMutasi
from pontianak_mutasi.models import Role
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
    UserFactory,
)
from tests.mutasi.conftest import (  # noqa: F401 (fixtures)
    _english_messages,
    formasi_tujuan,
    jabatan_tujuan,
    make_usulan,
    pegawai_layak,
)

PER_PERSON = Decimal("750")  # × norma 100 = 75,000 minutes: one person's effective year


@pytest.fixture(autouse=True)
def _english(settings):
    """Assertions read the English source strings; users get the Indonesian catalogue."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def _formasi(instansi, jabatan, needed: int, unit=None):
    formasi = FormasiFactory(instansi=instansi, jabatan=jabatan, unit=unit)
    if needed:
        AnalisisBebanKerjaFactory(
            formasi=formasi, volume=PER_PERSON * needed, norma_waktu=Decimal("100")
        )
    return formasi


def _holders(instansi, jabatan, n: int, unit=None):
    return [PegawaiFactory(instansi=instansi, jabatan=jabatan, unit=unit) for _ in range(n)]


def _post(formasi):
    return (formasi.instansi_id, formasi.jabatan_id, formasi.unit_id)


def _row(plan, formasi):
    return next(r for r in plan.rows if r.formasi.pk == formasi.pk)


@pytest.fixture
def origin(dinkes):
    """Dinkes needs 2 and has 3: a surplus of one."""
    formasi = _formasi(dinkes, JabatanFactory(nama="Pengelola Data"), needed=2)
    _holders(dinkes, formasi.jabatan, 3)
    return formasi


def test_two_moves_out_of_one_origin_into_one_target(origin, formasi_tujuan):
    plan = whatif.simulate([(_post(origin), _post(formasi_tujuan))] * 2)

    asal, tujuan = _row(plan, origin), _row(plan, formasi_tujuan)
    assert (asal.kebutuhan, asal.bezetting, asal.gap) == (2, 3, -1)
    assert (asal.bezetting_after, asal.gap_after) == (1, 1)
    assert (tujuan.kebutuhan, tujuan.bezetting, tujuan.gap) == (3, 0, 3)
    assert (tujuan.bezetting_after, tujuan.gap_after) == (2, 1)
    assert len(plan.rows) == 2
    assert plan.unmatched == []


def test_origin_left_short_is_warned_but_a_surplus_move_is_not(origin, formasi_tujuan):
    one = whatif.simulate([(_post(origin), _post(formasi_tujuan))])
    assert _row(one, origin).warnings == []  # 3 → 2 holders for a need of 2: still fine
    assert one.warning_count == 0

    two = whatif.simulate([(_post(origin), _post(formasi_tujuan))] * 2)
    assert _row(two, origin).warnings == [whatif.LEFT_SHORT]
    assert _row(two, formasi_tujuan).warnings == []
    assert two.warning_count == 1


def test_shortage_getting_worse_and_over_filled_target(dinkes, diskominfo):
    short = _formasi(dinkes, JabatanFactory(), needed=3)
    _holders(dinkes, short.jabatan, 2)
    full = _formasi(diskominfo, JabatanFactory(), needed=1)
    _holders(diskominfo, full.jabatan, 1)

    plan = whatif.simulate([(_post(short), _post(full))])

    assert _row(plan, short).warnings == [whatif.WORSE]
    assert (_row(plan, full).gap, _row(plan, full).gap_after) == (0, -1)
    assert _row(plan, full).warnings == [whatif.OVER]


def test_a_swap_leaves_the_formasi_unchanged(origin, formasi_tujuan):
    plan = whatif.simulate(
        [(_post(origin), _post(formasi_tujuan)), (_post(formasi_tujuan), _post(origin))]
    )
    assert (_row(plan, origin).gap, _row(plan, origin).gap_after) == (-1, -1)
    assert _row(plan, origin).warnings == []  # over-filled before and after, but no worse


def test_agency_totals_cover_every_formasi_of_the_agency(origin, formasi_tujuan, dinkes):
    other = _formasi(dinkes, JabatanFactory(), needed=4)  # untouched: counted, not listed
    _holders(dinkes, other.jabatan, 1)

    plan = whatif.simulate([(_post(origin), _post(formasi_tujuan))] * 2)

    totals = {t.instansi.pk: t for t in plan.agencies}
    assert [r.formasi.pk for r in plan.rows] == [origin.pk, formasi_tujuan.pk]
    d = totals[dinkes.pk]
    assert (d.kebutuhan, d.bezetting, d.bezetting_after) == (6, 4, 2)
    assert (d.gap, d.gap_after) == (2, 4)
    k = totals[formasi_tujuan.instansi_id]
    assert (k.kebutuhan, k.bezetting, k.bezetting_after, k.gap_after) == (3, 0, 2, 1)


def test_unit_formasi_first_then_agency_wide_else_unmatched(dinkes, diskominfo):
    jabatan = JabatanFactory()
    unit_a, unit_b = UnitKerjaFactory(instansi=dinkes), UnitKerjaFactory(instansi=dinkes)
    per_unit = _formasi(dinkes, jabatan, needed=1, unit=unit_a)
    agency_wide = _formasi(dinkes, jabatan, needed=2)
    target = _formasi(diskominfo, JabatanFactory(), needed=1)

    plan = whatif.simulate(
        [
            ((dinkes.pk, jabatan.pk, unit_a.pk), _post(target)),
            ((dinkes.pk, jabatan.pk, unit_b.pk), _post(target)),
            ((dinkes.pk, JabatanFactory().pk, None), _post(target)),
        ]
    )

    assert _row(plan, per_unit).keluar == 1
    assert _row(plan, agency_wide).keluar == 1
    assert _row(plan, target).masuk == 3  # an arrival counts even when the origin has no formasi
    assert plan.unmatched == [(2, whatif.ORIGIN)]


def test_one_query_however_many_moves(origin, formasi_tujuan, dinkes):
    others = [_formasi(dinkes, JabatanFactory(), needed=1) for _ in range(4)]
    with CaptureQueriesContext(connection) as few:
        whatif.simulate([(_post(origin), _post(formasi_tujuan))])
    with CaptureQueriesContext(connection) as many:
        whatif.simulate([(_post(f), _post(formasi_tujuan)) for f in [origin, *others]])
    assert len(few) == len(many) == 1
    assert whatif.simulate([]).rows == []


# -- the screen ------------------------------------------------------------------------------


@pytest.fixture
def usulan_draft(make_usulan, pegawai_layak, dinkes):
    # The employee's current post has a formasi, so the origin shows in the table.
    _formasi(dinkes, pegawai_layak.jabatan, needed=1)
    return make_usulan()


def _get(client, user, query: str):
    client.force_login(user)
    return client.get(reverse("instansi:simulasi") + "?" + query)


def test_screen_shows_a_visible_open_proposal(client, operator_dinkes, usulan_draft):
    response = _get(client, operator_dinkes, f"usulan={usulan_draft.nomor}")

    assert response.status_code == 200
    plan = response.context["plan"]
    assert len(plan.rows) == 2
    assert response.context["notes"] == []
    body = response.content.decode()
    assert usulan_draft.nomor in body
    assert "Left short" in body  # 1 needed, 1 holder, who leaves: the warning is text


def test_another_agencys_operator_does_not_get_the_proposal(client, usulan_draft):
    outsider = UserFactory(
        username="operator_lain", instansi=InstansiFactory(), roles=[Role.OPERATOR_OPD]
    )
    response = _get(client, outsider, f"usulan={usulan_draft.nomor}")

    assert response.status_code == 200
    assert response.context["plan"].rows == []
    assert response.context["lines"] == []
    assert response.context["notes"] == [f"{usulan_draft.nomor}: not found."]
    assert usulan_draft.pegawai.nama not in response.content.decode()


def test_closed_proposal_is_left_out_with_a_note(client, operator_dinkes, usulan_draft):
    UsulanMutasi.objects.filter(pk=usulan_draft.pk).update(status=Status.DITOLAK)
    response = _get(client, operator_dinkes, f"usulan={usulan_draft.nomor}")

    assert response.context["plan"].rows == []
    assert "no longer open" in response.context["notes"][0]


def test_candidate_move_from_a_recommendation(client, verifikator_bkd, origin, formasi_tujuan):
    pegawai = origin.instansi.pegawai_set.filter(jabatan=origin.jabatan).first()
    response = _get(client, verifikator_bkd, f"kandidat={pegawai.nip}:{formasi_tujuan.pk}")

    plan = response.context["plan"]
    assert _row(plan, origin).keluar == 1
    assert _row(plan, formasi_tujuan).masuk == 1


def test_screen_needs_login(client):
    response = client.get(reverse("instansi:simulasi"))
    assert response.status_code == 302


def test_screen_query_count_is_constant(
    client, operator_dinkes, usulan_draft, make_usulan, dinkes, origin, formasi_tujuan
):
    client.force_login(operator_dinkes)
    url = reverse("instansi:simulasi")
    others = [
        make_usulan(pegawai=p) for p in origin.instansi.pegawai_set.filter(jabatan=origin.jabatan)
    ]
    assert len(others) == 3

    def count(query: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{url}?{query}").status_code == 200
        return len(ctx)

    one = count(f"usulan={usulan_draft.nomor}")
    four = count("&".join(f"usulan={u.nomor}" for u in [usulan_draft, *others]))
    assert one == four
