"""The Django admin: every page answers, lists cost a constant number of queries, every relation
is an autocomplete, computed values show, and the import runs end to end (preview → confirm)."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.contrib.admin import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import ForeignKey, ManyToManyField, OneToOneField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instansi.models import Formasi
from pegawai.models import Pegawai, RiwayatGolongan
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    InstansiFactory,
    JabatanFactory,
    PegawaiFactory,
    UnitKerjaFactory,
)
from tests.pegawai.test_import import HEADER, ROW_A, ROW_B, ROW_C, csv_bytes, with_cell, xlsx_bytes

PROJECT_APPS = ("instansi", "pegawai", "pontianak_mutasi", "mutasi")
REGISTRY = [
    pytest.param(model, model_admin, id=model._meta.label)
    for model, model_admin in sorted(admin_site._registry.items(), key=lambda i: i[0]._meta.label)
]


@pytest.fixture
def client_en(client, admin):
    client.force_login(admin)
    # Pin English so the assertions hold once the Indonesian translation is filled in.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


# -- every page ----------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY)
def test_changelist_and_add_pages_answer_200(client_en, rf, admin, model, model_admin):
    assert client_en.get(admin_url(model, "changelist")).status_code == 200
    request = rf.get("/")
    request.user = admin
    if model_admin.has_add_permission(request):
        assert client_en.get(admin_url(model, "add")).status_code == 200


def test_filled_changelists_and_change_pages_answer_200(client_en):
    from tests import factories

    pegawai = factories.PegawaiFactory(unit=factories.UnitKerjaFactory())
    formasi = factories.FormasiFactory(instansi=pegawai.instansi, jabatan=pegawai.jabatan)
    objects = [
        pegawai,
        formasi,
        factories.AnalisisBebanKerjaFactory(formasi=formasi),
        factories.BidangFactory(),
        pegawai.unit,
        factories.RiwayatJabatanFactory(pegawai=pegawai),
        factories.RiwayatGolonganFactory(pegawai=pegawai),
        factories.RiwayatPendidikanFactory(pegawai=pegawai),
        factories.RiwayatDiklatFactory(pegawai=pegawai),
        factories.PenilaianKinerjaFactory(pegawai=pegawai),
        factories.HukumanDisiplinFactory(pegawai=pegawai),
        factories.KompetensiFactory(pegawai=pegawai),
        factories.UserFactory(instansi=pegawai.instansi, pegawai=pegawai),
    ]
    objects += [pegawai.instansi, pegawai.jabatan]
    objects += _mutasi_objects(pegawai, formasi)
    objects.append(_tugas())
    covered = {type(obj) for obj in objects}
    assert covered >= {m for m in admin_site._registry if m._meta.app_label in PROJECT_APPS}

    for obj in objects:
        model = type(obj)
        listing = client_en.get(admin_url(model, "changelist"))
        assert listing.status_code == 200, model
        assert listing.context["cl"].result_count >= 1
        assert client_en.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def _tugas():
    """A finished export: its change page links the file through the download view."""
    from pontianak_mutasi.models import JenisTugas, StatusTugas, Tugas
    from tests import factories

    return Tugas.objects.create(
        owner=factories.UserFactory(),
        jenis=JenisTugas.EKSPOR_PEGAWAI,
        status=StatusTugas.DONE,
        result_file="tugas/2026/11/hasil.csv",
        result_name="pegawai-20261128-1200.csv",
    )


def _mutasi_objects(pegawai, formasi) -> list:
    from mutasi.models import (
        AturanMutasi,
        Notifikasi,
        Penomoran,
        PersyaratanDokumen,
        SuratKeputusan,
        TemplateSK,
        UsulanLog,
        UsulanMutasi,
    )
    from tests import factories

    user = factories.UserFactory()
    usulan = UsulanMutasi.objects.create(
        nomor="UM-2026-000001",
        pegawai=pegawai,
        asal_instansi=pegawai.instansi,
        tujuan_instansi=formasi.instansi,
        tujuan_jabatan=factories.JabatanFactory(),
        tmt_rencana="2027-01-01",
        created_by=user,
    )
    return [
        usulan,
        UsulanLog.objects.create(
            usulan=usulan, actor=user, transition="buat", from_status="draft", to_status="draft"
        ),
        AturanMutasi.load(),
        PersyaratanDokumen.objects.first(),
        Notifikasi.objects.create(user=user, usulan=usulan, pesan="uji"),
        Penomoran.objects.create(kode="UM", tahun=2026, terakhir=1),
        TemplateSK.objects.get(is_default=True),
        SuratKeputusan.objects.create(
            jenis="individu",
            tanggal_penetapan="2026-11-28",
            tmt="2027-01-01",
            penandatangan_nama="Gubernur",
            penandatangan_jabatan="GUBERNUR KALIMANTAN BARAT",
            menimbang="a",
            mengingat="b",
            diktum_kesatu="c",
            diktum_kedua="d",
            diktum_ketiga="e",
            tembusan="f",
            dibuat_oleh=user,
        ),
    ]


def test_every_project_model_is_in_the_admin():
    inline_models = {
        inline.model
        for model_admin in admin_site._registry.values()
        for inline in model_admin.inlines
    }
    missing = [
        model._meta.label
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in admin_site._registry
        and model not in inline_models
        # Historical rows (django-simple-history) are shown on the audit page of the
        # record they track, which must itself be in the admin.
        and getattr(model, "instance_type", None) not in admin_site._registry
    ]
    assert missing == []


def _relation_admins():
    for model, model_admin in admin_site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        yield model, model_admin
        for inline in model_admin.inlines:
            yield inline.model, inline(model, admin_site)


def test_every_relation_is_an_autocomplete():
    """No <select> listing 100,000 employees or every position."""
    plain_selects = []
    for model, model_admin in _relation_admins():
        for field in model._meta.get_fields():
            if not isinstance(field, ForeignKey | OneToOneField | ManyToManyField):
                continue
            if field.related_model._meta.app_label == "auth":
                continue  # groups and permissions: a few dozen rows, UserAdmin's own widget
            parent = getattr(model_admin, "parent_model", None)
            if parent is not None and field.related_model is parent:
                continue  # the inline's link to its parent is not a form field
            if field.name in model_admin.readonly_fields or not field.editable:
                continue
            if field.name not in model_admin.autocomplete_fields:
                plain_selects.append(f"{type(model_admin).__name__}.{field.name}")
    assert plain_selects == []


def test_import_and_export_offer_csv_and_xlsx_only(client_en):
    def offered(response) -> list[str]:
        assert response.status_code == 200
        return [
            label for value, label in response.context["form"].fields["format"].choices if value
        ]

    for model in (Pegawai, RiwayatGolongan, Formasi):
        assert offered(client_en.get(admin_url(model, "import"))) == ["csv", "xlsx"]
        assert offered(client_en.get(admin_url(model, "export"))) == ["csv", "xlsx"]


# -- lists: a constant number of queries --------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


def _pegawai(n: int) -> None:
    for _ in range(n):
        instansi = InstansiFactory()
        PegawaiFactory(instansi=instansi, unit=UnitKerjaFactory(instansi=instansi), golongan="31")


def test_pegawai_changelist_query_count_is_constant(client_en, django_assert_max_num_queries):
    url = admin_url(Pegawai, "changelist")
    _pegawai(2)
    few = _queries(client_en, url)
    _pegawai(25)

    with django_assert_max_num_queries(few):
        response = client_en.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 27


def _formasi(n: int) -> None:
    for _ in range(n):
        formasi = FormasiFactory(unit=None)
        unit = UnitKerjaFactory(instansi=formasi.instansi)
        FormasiFactory(instansi=formasi.instansi, unit=unit, jabatan=formasi.jabatan)
        AnalisisBebanKerjaFactory(formasi=formasi)
        AnalisisBebanKerjaFactory(formasi=formasi)
        PegawaiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan, unit=unit)


def test_formasi_changelist_query_count_is_constant(client_en, django_assert_max_num_queries):
    url = admin_url(Formasi, "changelist")
    _formasi(1)
    few = _queries(client_en, url)
    _formasi(12)

    with django_assert_max_num_queries(few):
        response = client_en.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 26


@pytest.mark.parametrize(
    "model_name",
    [
        "riwayatjabatan",
        "riwayatgolongan",
        "riwayatpendidikan",
        "riwayatdiklat",
        "penilaiankinerja",
        "hukumandisiplin",
        "kompetensi",
    ],
)
def test_riwayat_changelists_query_count_is_constant(client_en, model_name):
    from tests import factories

    factory = {
        "riwayatjabatan": factories.RiwayatJabatanFactory,
        "riwayatgolongan": factories.RiwayatGolonganFactory,
        "riwayatpendidikan": factories.RiwayatPendidikanFactory,
        "riwayatdiklat": factories.RiwayatDiklatFactory,
        "penilaiankinerja": factories.PenilaianKinerjaFactory,
        "hukumandisiplin": factories.HukumanDisiplinFactory,
        "kompetensi": factories.KompetensiFactory,
    }[model_name]
    url = reverse(f"admin:pegawai_{model_name}_changelist")
    factory()
    few = _queries(client_en, url)
    for _ in range(10):
        factory()
    assert _queries(client_en, url) == few


def test_riwayat_changelist_lists_employees_in_name_order(client_en):
    """The models order a history by employee id (no join); the admin keeps name order."""
    from tests.factories import RiwayatGolonganFactory

    zaenal = PegawaiFactory(nama="Zaenal Arifin")
    agus = PegawaiFactory(nama="Agus Salim")
    older = RiwayatGolonganFactory(pegawai=agus, golongan="31", tmt=dt.date(2010, 1, 1))
    newer = RiwayatGolonganFactory(pegawai=agus, golongan="32", tmt=dt.date(2014, 1, 1))
    last = RiwayatGolonganFactory(pegawai=zaenal)
    assert zaenal.pk < agus.pk

    response = client_en.get(admin_url(RiwayatGolongan, "changelist"))

    assert list(response.context["cl"].result_list) == [newer, older, last]


# -- computed values -----------------------------------------------------------------------


def test_pegawai_list_shows_formatted_nip_and_rank(client_en):
    PegawaiFactory(nip="198503122010011003", golongan="32", nama="Budi Santoso")

    content = client_en.get(admin_url(Pegawai, "changelist")).content.decode()

    assert "19850312 201001 1 003" in content
    assert "III/b" in content


def test_pegawai_change_page_shows_computed_values(client_en):
    jabatan = JabatanFactory(jenis="fungsional_keahlian", jenjang="ahli_madya", kelas_jabatan=11)
    pegawai = PegawaiFactory(
        nip="198503122010011003",
        tanggal_lahir=dt.date(1985, 3, 13),  # the NIP says the 12th: a warning
        tmt_cpns=dt.date(2010, 1, 1),
        jabatan=jabatan,
    )

    response = client_en.get(admin_url(Pegawai, "change", pegawai.pk))

    content = response.content.decode()
    assert response.status_code == 200
    assert "19850312 201001 1 003" in content
    assert "March 13, 2045" in content  # BUP 60 for an Ahli Madya
    assert "April 1, 2045" in content  # pension TMT: first day of the next month
    assert "BUP 60 years" in content
    assert "The NIP encodes birth date 12-03-1985" in content
    assert "years" in content and "months" in content  # age and length of service


def test_pegawai_add_form_accepts_a_nip_with_spaces(client_en):
    instansi = InstansiFactory()
    data = {
        "nip": "19850312 201001 1 003",
        "nama": "Budi",
        "tanggal_lahir": "1985-03-12",
        "jenis_kelamin": "L",
        "status_kepegawaian": "pns",
        "instansi": instansi.pk,
        "is_active": "on",
    }
    for prefix in (
        "riwayat_jabatan",
        "riwayat_golongan",
        "riwayat_pendidikan",
        "riwayat_diklat",
        "penilaian_kinerja",
        "hukuman_disiplin",
        "kompetensi",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})

    response = client_en.post(admin_url(Pegawai, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Pegawai.objects.get().nip == "198503122010011003"


def test_formasi_list_and_change_page_show_abk_figures(client_en):
    formasi = FormasiFactory(unit=None)
    # 112,500 minutes = 1.5 people, rounded half up to 2; one holder → gap +1, EJ 1.50, grade A.
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("1000"), norma_waktu=Decimal("112.5"))
    PegawaiFactory(instansi=formasi.instansi, jabatan=formasi.jabatan)
    figures = ["112,500.00", "1.50", "2", "1", "+1", "1.50", "A"]

    listing = client_en.get(admin_url(Formasi, "changelist"))
    change = client_en.get(admin_url(Formasi, "change", formasi.pk))

    row = listing.context["cl"].result_list[0]
    assert (row.beban_kerja_total, row.bezetting) == (Decimal("112500"), 1)  # from the selector
    cells = re.findall(r'<td class="field-[a-z_]+_display">([^<]*)</td>', listing.content.decode())
    assert cells == figures
    assert re.findall(r'<div class="readonly">([^<]*)</div>', change.content.decode()) == figures


# -- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term", ["19850312 201001 1 003", "19850312.201001.1.003", "198503122010011003", "201001 1 003"]
)
def test_search_by_nip_typed_with_spaces(client_en, term):
    budi = PegawaiFactory(nip="198503122010011003", nama="Budi")
    PegawaiFactory(nip="199001252015032001", nama="Siti", jenis_kelamin="P")

    response = client_en.get(admin_url(Pegawai, "changelist"), {"q": term})

    assert list(response.context["cl"].result_list) == [budi]


def test_search_by_name_still_works(client_en):
    PegawaiFactory(nama="Budi Santoso")
    siti = PegawaiFactory(nama="Siti Aminah")

    response = client_en.get(admin_url(Pegawai, "changelist"), {"q": "aminah"})

    assert list(response.context["cl"].result_list) == [siti]


def test_riwayat_search_by_nip_with_spaces(client_en):
    from tests.factories import RiwayatGolonganFactory

    budi = PegawaiFactory(nip="198503122010011003")
    mine = RiwayatGolonganFactory(pegawai=budi)
    RiwayatGolonganFactory()

    response = client_en.get(
        admin_url(RiwayatGolongan, "changelist"), {"q": "19850312 201001 1 003"}
    )

    assert list(response.context["cl"].result_list) == [mine]


def test_user_autocomplete_finds_employee_by_spaced_nip(client_en):
    budi = PegawaiFactory(nip="198503122010011003")
    PegawaiFactory(nip="199001252015032001", jenis_kelamin="P")

    response = client_en.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pontianak_mutasi",
            "model_name": "user",
            "field_name": "pegawai",
            "term": "19850312 2010",
        },
    )

    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(budi.pk)]


def test_user_change_page_has_agency_and_employee(client_en, admin):
    content = client_en.get(admin_url(type(admin), "change", admin.pk)).content.decode()

    assert 'name="instansi"' in content and 'name="pegawai"' in content
    assert "admin-autocomplete" in content


# -- import through the admin: preview, confirm, errors -----------------------------------


@pytest.fixture
def referensi(db):
    dinkes = InstansiFactory(kode="1.02.01", nama="Dinas Kesehatan")
    UnitKerjaFactory(instansi=dinkes, kode="SEK", nama="Sekretariat")
    JabatanFactory(kode="ANALIS-SDM", nama="Analis SDM Aparatur")
    return dinkes


def _upload(client, data: bytes, name: str, fmt: str):
    return client.post(
        admin_url(Pegawai, "import"),
        {
            "resource": "0",
            "format": fmt,
            "import_file": SimpleUploadedFile(name, data),
        },
    )


def test_admin_import_preview_then_confirm(client_en, referensi):
    data = csv_bytes([HEADER, ROW_A, ROW_B, ROW_C], delimiter=";", bom=True)

    preview = _upload(client_en, data, "pegawai.csv", "0")

    assert preview.status_code == 200
    assert not Pegawai.objects.exists()  # the preview is a dry run
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new", "new"]
    assert "Confirm import" in preview.content.decode()
    confirm = preview.context["confirm_form"]

    done = client_en.post(admin_url(Pegawai, "process_import"), confirm.initial)

    assert done.status_code == 302
    assert done.url == admin_url(Pegawai, "changelist")
    assert Pegawai.objects.count() == 3
    assert Pegawai.objects.get(nip="198503122010011003").golongan == "32"


def test_admin_import_xlsx(client_en, referensi):
    row = with_cell(ROW_A, "tanggal_lahir", dt.date(1985, 3, 12))
    preview = _upload(client_en, xlsx_bytes([HEADER, row]), "pegawai.xlsx", "1")
    assert preview.context["confirm_form"] is not None

    client_en.post(admin_url(Pegawai, "process_import"), preview.context["confirm_form"].initial)

    assert Pegawai.objects.get().tanggal_lahir == dt.date(1985, 3, 12)


def test_admin_import_errors_name_line_and_column_and_offer_no_confirm(client_en, referensi):
    bad = with_cell(ROW_B, "nip", "1.99001E+17")
    worse = with_cell(ROW_C, "instansi", "9.99.99")

    response = _upload(client_en, csv_bytes([HEADER, ROW_A, bad, worse]), "pegawai.csv", "0")

    content = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert "Confirm import" not in content
    assert "Row 3, column nip: NIP 1.99001E+17 is in scientific notation" in content
    assert "Row 4, column instansi: Agency with code 9.99.99 not found." in content
    assert not Pegawai.objects.exists()


def test_admin_import_refuses_a_file_that_is_not_utf8(client_en, referensi):
    data = "nip;nama\r\n198503122010011003;Budi Caf\xe9\r\n".encode("cp1252")

    response = _upload(client_en, data, "pegawai.csv", "0")

    assert "not UTF-8" in response.content.decode()
    assert not Pegawai.objects.exists()


def test_admin_riwayat_import_end_to_end(client_en, referensi):
    PegawaiFactory(nip="198503122010011003", instansi=referensi)
    data = csv_bytes([["nip", "golongan", "tmt"], ["19850312 201001 1 003", "III/a", "01-01-2010"]])

    preview = client_en.post(
        admin_url(RiwayatGolongan, "import"),
        {"resource": "0", "format": "0", "import_file": SimpleUploadedFile("gol.csv", data)},
    )
    client_en.post(
        admin_url(RiwayatGolongan, "process_import"), preview.context["confirm_form"].initial
    )

    assert RiwayatGolongan.objects.get().golongan == "31"


# -- export through the admin --------------------------------------------------------------


def _export(client, model, fmt: str, resource_name: str, fields: list[str]):
    data = {"format": fmt, "resource": "0"}
    data.update({f"{resource_name.lower()}_{f}": "on" for f in fields})
    return client.post(admin_url(model, "export"), data)


def test_admin_export_csv_and_xlsx_neutralise_formulae(client_en):
    PegawaiFactory(nip="198503122010011003", nama="=HYPERLINK(1)", golongan="41")
    fields = ["nip", "nama", "golongan", "tanggal_lahir"]

    as_csv = _export(client_en, Pegawai, "0", "PegawaiResource", fields)
    as_xlsx = _export(client_en, Pegawai, "1", "PegawaiResource", fields)

    text = as_csv.content.decode("utf-8-sig")
    assert text.splitlines() == [
        "nip,nama,tanggal_lahir,golongan",
        "19850312 201001 1 003,'=HYPERLINK(1),12-03-1985,IV/a",
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    nip, nama, lahir, golongan = (c.value for c in sheet[2])
    assert (nip, nama, golongan) == ("19850312 201001 1 003", "'=HYPERLINK(1)", "IV/a")
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert lahir.date() == dt.date(1985, 3, 12)  # a real date cell
