"""ABK worksheet: formset save and recompute, validation, permission and scope, htmx totals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from instansi.models import AnalisisBebanKerja
from instansi.services import AbkRow, abk_save
from tests.factories import AnalisisBebanKerjaFactory, FormasiFactory, PegawaiFactory


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def formasi_dinkes(dinkes):
    formasi = FormasiFactory(instansi=dinkes)
    AnalisisBebanKerjaFactory(
        formasi=formasi, uraian_tugas="Menyusun laporan", volume=100, norma_waktu=60, urutan=1
    )
    PegawaiFactory(instansi=dinkes, jabatan=formasi.jabatan)
    return formasi


def edit_url(formasi) -> str:
    return reverse("instansi:abk_edit", args=[formasi.instansi.kode, formasi.pk])


def totals_url(formasi) -> str:
    return reverse("instansi:abk_totals", args=[formasi.instansi.kode, formasi.pk])


def post_data(formasi, lines, *, extra=0):
    """Formset POST data: ``lines`` are (pk|None, uraian, satuan, volume, norma, delete)."""
    data = {
        "abk-TOTAL_FORMS": str(len(lines) + extra),
        "abk-INITIAL_FORMS": str(sum(1 for line in lines if line[0])),
        "abk-MIN_NUM_FORMS": "0",
        "abk-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, uraian, satuan, volume, norma, delete) in enumerate(lines):
        data.update(
            {
                f"abk-{i}-id": str(pk or ""),
                f"abk-{i}-formasi": str(formasi.pk),
                f"abk-{i}-uraian_tugas": uraian,
                f"abk-{i}-satuan_hasil": satuan,
                f"abk-{i}-volume": str(volume),
                f"abk-{i}-norma_waktu": str(norma),
                f"abk-{i}-urutan": str(i + 1),
            }
        )
        if delete:
            data[f"abk-{i}-DELETE"] = "on"
    for j in range(len(lines), len(lines) + extra):
        data.update(
            {f"abk-{j}-id": "", f"abk-{j}-formasi": str(formasi.pk), f"abk-{j}-urutan": "0"}
        )
    return data


def test_get_shows_existing_lines_and_figures(client, operator_dinkes, formasi_dinkes):
    client.force_login(operator_dinkes)
    response = client.get(edit_url(formasi_dinkes))
    assert response.status_code == 200
    assert b"Menyusun laporan" in response.content
    hasil = response.context["hasil"]
    assert hasil.beban_kerja == Decimal("6000")
    assert hasil.bezetting == 1


def test_save_replaces_lines_and_figures_follow(client, operator_dinkes, formasi_dinkes):
    existing = formasi_dinkes.abk_set.get()
    client.force_login(operator_dinkes)
    data = post_data(
        formasi_dinkes,
        [
            (existing.pk, "Menyusun laporan", "Laporan", "1000", "60", False),
            (None, "Verifikasi data", "Dokumen", "1500", "30", False),
        ],
        extra=1,
    )
    response = client.post(edit_url(formasi_dinkes), data)
    assert response.status_code == 302
    lines = list(formasi_dinkes.abk_set.order_by("urutan"))
    assert [(line.uraian_tugas, line.volume, line.norma_waktu) for line in lines] == [
        ("Menyusun laporan", Decimal("1000"), Decimal("60")),
        ("Verifikasi data", Decimal("1500"), Decimal("30")),
    ]
    # 60,000 + 45,000 = 105,000 minutes → 1.4 → kebutuhan 1, bezetting 1, gap 0, EJ 1.40 (A).
    page = client.get(edit_url(formasi_dinkes))
    hasil = page.context["hasil"]
    assert hasil.beban_kerja == Decimal("105000")
    assert hasil.kebutuhan_exact == Decimal("1.4")
    assert (hasil.kebutuhan, hasil.bezetting, hasil.gap, hasil.grade) == (1, 1, 0, "A")


def test_delete_a_line(client, operator_dinkes, formasi_dinkes):
    existing = formasi_dinkes.abk_set.get()
    client.force_login(operator_dinkes)
    data = post_data(
        formasi_dinkes, [(existing.pk, "Menyusun laporan", "Laporan", "100", "60", True)]
    )
    assert client.post(edit_url(formasi_dinkes), data).status_code == 302
    assert not formasi_dinkes.abk_set.exists()


@pytest.mark.parametrize(
    ("uraian", "volume", "field"),
    [("Tugas baru", "-5", "volume"), ("", "10", "uraian_tugas"), ("   ", "10", "uraian_tugas")],
)
def test_bad_input_rerenders_with_errors_and_keeps_input(
    client, operator_dinkes, formasi_dinkes, uraian, volume, field
):
    existing = formasi_dinkes.abk_set.get()
    client.force_login(operator_dinkes)
    data = post_data(
        formasi_dinkes,
        [
            (existing.pk, "Menyusun laporan diubah", "Laporan", "777", "60", False),
            (None, uraian, "Dokumen", volume, "30", False),
        ],
    )
    response = client.post(edit_url(formasi_dinkes), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[1].errors[field]
    # Nothing saved, everything typed is still in the form.
    assert formasi_dinkes.abk_set.get().uraian_tugas == "Menyusun laporan"
    assert b"Menyusun laporan diubah" in response.content
    assert b'value="777"' in response.content


def test_duplicate_task_is_an_error(client, operator_dinkes, formasi_dinkes):
    client.force_login(operator_dinkes)
    data = post_data(
        formasi_dinkes,
        [
            (None, "Sama", "Laporan", "1", "1", False),
            (None, "sama", "Laporan", "1", "1", False),
        ],
    )
    data["abk-INITIAL_FORMS"] = "0"
    response = client.post(edit_url(formasi_dinkes), data)
    assert response.status_code == 400
    assert AnalisisBebanKerja.objects.filter(formasi=formasi_dinkes).count() == 1


def test_totals_partial_recomputes_without_saving(client, operator_dinkes, formasi_dinkes):
    existing = formasi_dinkes.abk_set.get()
    client.force_login(operator_dinkes)
    data = post_data(
        formasi_dinkes,
        [
            (existing.pk, "Menyusun laporan", "Laporan", "2000", "60", False),
            (None, "Rapat", "Kegiatan", "500", "60", False),
            (None, "Rusak", "Kegiatan", "-1", "60", False),
        ],
    )
    response = client.post(totals_url(formasi_dinkes), data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    # 120,000 + 30,000 = 150,000 → 2.00 → kebutuhan 2, bezetting 1, gap +1; the bad line ignored.
    hasil = response.context["hasil"]
    assert hasil.beban_kerja == Decimal("150000")
    assert (hasil.kebutuhan, hasil.gap, hasil.grade) == (2, 1, "A")
    assert response.context["incomplete"] is True
    assert b"<html" not in response.content
    assert b'data-figure="gap">+1' in response.content
    assert formasi_dinkes.abk_set.get().volume == Decimal("100")


def test_admin_kepegawaian_edits_any_agency(client, admin_kepegawaian, formasi_dinkes):
    client.force_login(admin_kepegawaian)
    assert client.get(edit_url(formasi_dinkes)).status_code == 200


def test_operator_of_parent_agency_edits_child_agency(client, operator_dinkes, dinkes):
    from tests.factories import InstansiFactory

    upt = InstansiFactory(kode="1.02.01.01", induk=dinkes)
    formasi = FormasiFactory(instansi=upt)
    client.force_login(operator_dinkes)
    assert client.get(edit_url(formasi)).status_code == 200


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("operator_dinkes", 200),
        ("operator_diskominfo", 404),
        ("verifikator_bkd", 403),
        ("pejabat", 403),
        ("admin_kepegawaian", 200),
    ],
)
def test_edit_permission_matrix(db, client, request, formasi_dinkes, diskominfo, user, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(edit_url(formasi_dinkes)).status_code == status
    data = post_data(formasi_dinkes, [(None, "X", "Y", "1", "1", False)])
    data["abk-INITIAL_FORMS"] = "0"
    assert client.post(totals_url(formasi_dinkes), data).status_code == status


def test_operator_cannot_post_to_other_agency(client, operator_dinkes, diskominfo):
    formasi = FormasiFactory(instansi=diskominfo)
    AnalisisBebanKerjaFactory(formasi=formasi, uraian_tugas="Asli")
    client.force_login(operator_dinkes)
    data = post_data(formasi, [(None, "Palsu", "Y", "1", "1", False)])
    data["abk-INITIAL_FORMS"] = "0"
    assert client.post(edit_url(formasi), data).status_code == 404
    assert formasi.abk_set.get().uraian_tugas == "Asli"


def test_anonymous_is_sent_to_login(client, formasi_dinkes):
    assert client.get(edit_url(formasi_dinkes)).status_code == 302


def test_service_refuses_out_of_scope_actor(operator_diskominfo, formasi_dinkes):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        abk_save(
            actor=operator_diskominfo,
            formasi=formasi_dinkes,
            rows=[AbkRow("A", "B", Decimal(1), Decimal(1))],
        )
    assert formasi_dinkes.abk_set.count() == 1


def test_service_is_all_or_nothing(operator_dinkes, formasi_dinkes):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        abk_save(
            actor=operator_dinkes,
            formasi=formasi_dinkes,
            rows=[
                AbkRow("Baru", "B", Decimal(1), Decimal(1)),
                AbkRow("Negatif", "B", Decimal(-1), Decimal(1)),
            ],
        )
    assert list(formasi_dinkes.abk_set.values_list("uraian_tugas", flat=True)) == [
        "Menyusun laporan"
    ]


def test_agency_page_links_to_edit_only_for_editors(
    client, operator_dinkes, verifikator_bkd, formasi_dinkes
):
    url = reverse("instansi:detail", args=[formasi_dinkes.instansi.kode])
    client.force_login(operator_dinkes)
    assert edit_url(formasi_dinkes).encode() in client.get(url).content
    client.force_login(verifikator_bkd)
    assert edit_url(formasi_dinkes).encode() not in client.get(url).content
