"""The decree PDF: content, layout facts checked through pypdf, snapshots, petikan.

The run writes test-artifacts/sk-individu.pdf, sk-kolektif.pdf, sk-petikan.pdf and PNG pages
(pdftoppm) at the repository root, so a person can look at them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from mutasi import documents
from mutasi.models import JenisSK, SuratKeputusan, TemplateSK, UsulanMutasi
from pegawai.nip import format_nip
from tests.factories import JabatanFactory, PegawaiFactory, UnitKerjaFactory

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
TANGGAL = dt.date(2026, 11, 28)
TMT = dt.date(2027, 1, 1)


# -- helpers ------------------------------------------------------------------------------------
def make_sk(user, proposals, *, jenis=JenisSK.INDIVIDU, **overrides) -> SuratKeputusan:
    template = TemplateSK.objects.get(is_default=True)
    fields = {
        "jenis": jenis,
        "tanggal_penetapan": TANGGAL,
        "tmt": TMT,
        "penandatangan_nama": "H. RIA NORSAN",
        "penandatangan_nip": "",
        "penandatangan_jabatan": template.penandatangan_jabatan,
        "menimbang": template.menimbang,
        "mengingat": template.mengingat,
        "diktum_kesatu": (
            template.diktum_kesatu_individu
            if jenis == JenisSK.INDIVIDU
            else template.diktum_kesatu_kolektif
        ),
        "diktum_kedua": template.diktum_kedua,
        "diktum_ketiga": template.diktum_ketiga,
        "tembusan": template.tembusan,
        "dibuat_oleh": user,
    }
    fields.update(overrides)
    sk = SuratKeputusan.objects.create(**fields)
    sk.usulan.add(*proposals)
    return sk


def issue(sk: SuratKeputusan, urutan: int) -> SuratKeputusan:
    sk.nomor = f"800.1.3/{urutan:04d}/BKD/2026"
    sk.urutan = urutan
    sk.tahun = 2026
    sk.status = "terbit"
    sk.snapshot = documents.snapshot_for(sk)
    sk.save()
    return sk


def make_proposals(user, tujuan_instansi, count: int) -> list[UsulanMutasi]:
    """Many proposals quickly (rendering does not look at their status)."""
    jabatan_lama = JabatanFactory(nama="Analis Sumber Daya Manusia Aparatur")
    jabatan_baru = JabatanFactory(nama="Pengelola Data dan Informasi Kepegawaian")
    unit_baru = UnitKerjaFactory(instansi=tujuan_instansi, nama="Bidang Aplikasi Informatika")
    result = []
    for i in range(count):
        pegawai = PegawaiFactory(
            nama=f"Pegawai Kolektif {i + 1:03d}",
            nip=f"198001012005011{i + 1:03d}",
            tanggal_lahir=dt.date(1980, 1, 1),
            tmt_cpns=dt.date(2005, 1, 1),
            golongan=["31", "32", "33", "34", "41"][i % 5],
            jabatan=jabatan_lama,
            gelar_belakang="S.Kom." if i % 3 == 0 else "",
        )
        result.append(
            UsulanMutasi.objects.create(
                nomor=f"UJI-{tujuan_instansi.pk}-{i + 1:04d}",
                pegawai=pegawai,
                asal_instansi=pegawai.instansi,
                asal_jabatan=jabatan_lama,
                asal_golongan=pegawai.golongan,
                tujuan_instansi=tujuan_instansi,
                tujuan_unit=unit_baru,
                tujuan_jabatan=jabatan_baru,
                tmt_rencana=TMT,
                created_by=user,
            )
        )
    return result


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def save_artifact(name: str, pdf: bytes) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(path), str(ARTIFACTS / name)],
            check=True,
            timeout=120,
        )


# -- pure helpers -------------------------------------------------------------------------------
def test_indonesian_date_ignores_the_active_language():
    from django.utils import translation

    with translation.override("en"):
        assert documents.indonesian_date(dt.date(2026, 11, 28)) == "28 November 2026"
        assert documents.indonesian_date(dt.date(2027, 2, 3)) == "3 Februari 2027"
        assert documents.indonesian_date(dt.date(2026, 8, 17)) == "17 Agustus 2026"


def test_verification_url_uses_public_base_url(settings, usulan, operator_dinkes):
    settings.SIMUTASI = {**settings.SIMUTASI, "PUBLIC_BASE_URL": "https://simutasi.example.id/"}
    sk = make_sk(operator_dinkes, [usulan])
    assert documents.verification_url(sk) == (f"https://simutasi.example.id/verifikasi/{sk.token}/")


# -- snapshot -----------------------------------------------------------------------------------
def test_snapshot_prints_the_proposal_origin_not_the_current_record(
    usulan, operator_dinkes, diskominfo
):
    import json

    pegawai = usulan.pegawai
    pegawai.gelar_depan = "dr."
    pegawai.save()
    asal = usulan.asal_instansi.nama
    # The employee moved elsewhere meanwhile: the decree still shows the proposal's origin.
    pegawai.instansi = diskominfo
    pegawai.save()

    sk = make_sk(operator_dinkes, [usulan])
    data = documents.snapshot_for(sk)
    json.dumps(data)  # JSON-serialisable

    entry = data["pegawai"][0]
    assert entry["nama"] == pegawai.nama_lengkap
    assert entry["nama"].startswith("dr. ")
    assert entry["nip"] == pegawai.nip
    assert entry["nip_display"] == format_nip(pegawai.nip)
    assert entry["instansi_lama"] == asal == "Dinas Kesehatan"
    assert entry["instansi_baru"] == usulan.tujuan_instansi.nama
    assert entry["jabatan_baru"] == usulan.tujuan_jabatan.nama
    assert entry["golongan"] == "III/b"
    assert entry["pangkat"] == "Penata Muda Tingkat I"
    assert entry["usulan_nomor"] == usulan.nomor
    assert entry["ket"]
    assert data["tanggal_penetapan"] == "2026-11-28"
    assert data["tanggal_penetapan_id"] == "28 November 2026"
    assert data["tmt_id"] == "1 Januari 2027"
    assert len(data["menimbang"]) == 2
    assert len(data["mengingat"]) == 6
    assert data["tembusan"][-1] == "Arsip."
    assert data["verification_url"].endswith(f"/verifikasi/{sk.token}/")
    # Placeholders filled for an individual decree.
    kesatu = data["diktum"]["kesatu"]
    assert "{" not in kesatu
    assert pegawai.nama_lengkap in kesatu
    assert format_nip(pegawai.nip) in kesatu
    assert "1 Januari 2027" in kesatu


def test_collective_dictum_points_to_the_attachment(operator_dinkes, diskominfo):
    proposals = make_proposals(operator_dinkes, diskominfo, 2)
    sk = make_sk(operator_dinkes, proposals, jenis=JenisSK.KOLEKTIF)
    data = documents.snapshot_for(sk)
    assert "Lampiran" in data["diktum"]["kesatu"]
    assert "1 Januari 2027" in data["diktum"]["kesatu"]
    assert [e["nama"] for e in data["pegawai"]] == [
        "Pegawai Kolektif 001, S.Kom.",
        "Pegawai Kolektif 002",
    ]


# -- the individual decree ----------------------------------------------------------------------
def test_individual_decree_pdf(usulan, operator_dinkes):
    sk = issue(make_sk(operator_dinkes, [usulan]), 123)
    steps = []
    started = time.perf_counter()
    pdf = documents.render_sk_pdf(sk, progress=steps.append)
    elapsed = time.perf_counter() - started
    save_artifact("sk-individu", pdf)
    print(f"\nindividual decree rendered in {elapsed:.2f} s")

    assert pdf.startswith(b"%PDF")
    assert steps[0] == 10 and steps[-1] == 100 and steps == sorted(steps)
    pages = page_texts(pdf)
    assert 1 <= len(pages) <= 2
    text = flat("\n".join(pages))
    for expected in (
        "PEMERINTAH PROVINSI KALIMANTAN BARAT",
        "KEPUTUSAN GUBERNUR KALIMANTAN BARAT",
        "NOMOR 800.1.3/0123/BKD/2026",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "Menimbang",
        "Mengingat",
        "MEMUTUSKAN",
        "Menetapkan",
        "KESATU",
        "KEDUA",
        "KETIGA",
        "Ditetapkan di Pontianak",
        "28 November 2026",
        "H. RIA NORSAN",
        "Tembusan",
        usulan.pegawai.nama_lengkap,
        format_nip(usulan.pegawai.nip),
    ):
        assert expected in text, expected
    assert "DRAF" not in text
    assert "LAMPIRAN" not in text
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in flat(page)
        # The verification QR address is printed beside the code on every page.
        assert sk.token in re.sub(r"\s+", "", page)
    assert elapsed < 10


def test_qr_code_is_a_local_svg():
    uri = documents.qr_data_uri("https://simutasi.example.id/verifikasi/abc/")
    assert uri.startswith("data:image/svg+xml")


def test_signatory_nip_and_delegation_are_printed(usulan, operator_dinkes):
    sk = make_sk(
        operator_dinkes,
        [usulan],
        penandatangan_nama="Dr. BUDI SANTOSO, M.Si.",
        penandatangan_nip="197001011995031002",
        penandatangan_jabatan="SEKRETARIS DAERAH",
        atas_nama="a.n. GUBERNUR KALIMANTAN BARAT",
    )
    text = flat("\n".join(page_texts(documents.render_sk_pdf(sk))))
    assert "a.n. GUBERNUR KALIMANTAN BARAT" in text
    assert "SEKRETARIS DAERAH" in text
    assert "NIP 19700101 199503 1 002" in text


def test_draft_watermark_only_on_drafts(usulan, operator_dinkes):
    sk = make_sk(operator_dinkes, [usulan])
    draft_pdf = documents.render_sk_pdf(sk, draft=True)
    save_artifact("sk-draf", draft_pdf)
    draft_pages = page_texts(draft_pdf)
    assert all("DRAF" in page for page in draft_pages)
    final = "\n".join(page_texts(documents.render_sk_pdf(sk)))
    assert "DRAF" not in final


def test_issued_decree_renders_its_snapshot(usulan, operator_dinkes):
    pegawai = usulan.pegawai
    old_name = pegawai.nama_lengkap
    sk = issue(make_sk(operator_dinkes, [usulan]), 7)
    pegawai.nama = "Nama Sesudah Terbit"
    pegawai.save()

    text = flat("\n".join(page_texts(documents.render_sk_pdf(sk))))
    assert old_name in text
    assert "Nama Sesudah Terbit" not in text
    # A draft follows the live data.
    draft = make_sk(operator_dinkes, [usulan])
    assert "Nama Sesudah Terbit" in flat("\n".join(page_texts(documents.render_sk_pdf(draft))))


def test_draft_watermark_on_landscape_attachment_pages(operator_dinkes, diskominfo):
    proposals = make_proposals(operator_dinkes, diskominfo, 12)
    sk = make_sk(operator_dinkes, proposals, jenis=JenisSK.KOLEKTIF)
    pdf = documents.render_sk_pdf(sk, draft=True)
    save_artifact("sk-kolektif-draf", pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert any(page.mediabox.width > page.mediabox.height for page in reader.pages)
    assert all("DRAF" in (page.extract_text() or "") for page in reader.pages)


def test_draft_decree_has_no_number_yet(usulan, operator_dinkes):
    sk = make_sk(operator_dinkes, [usulan])
    text = flat("\n".join(page_texts(documents.render_sk_pdf(sk, draft=True))))
    assert "NOMOR …" in text


# -- the collective decree ----------------------------------------------------------------------
def test_collective_decree_with_120_employees(operator_dinkes, diskominfo):
    proposals = make_proposals(operator_dinkes, diskominfo, 120)
    sk = issue(make_sk(operator_dinkes, proposals, jenis=JenisSK.KOLEKTIF), 124)
    started = time.perf_counter()
    pdf = documents.render_sk_pdf(sk)
    elapsed = time.perf_counter() - started
    save_artifact("sk-kolektif", pdf)
    print(f"\n120-employee collective decree rendered in {elapsed:.2f} s")

    pages = page_texts(pdf)
    flat_pages = [flat(p) for p in pages]
    total = len(pages)
    lampiran_start = next(i for i, p in enumerate(flat_pages) if "LAMPIRAN KEPUTUSAN GUBERNUR" in p)
    assert 1 <= lampiran_start <= 2  # the decree itself takes one or two pages
    assert total - lampiran_start >= 5  # 120 rows span several pages

    main = " ".join(flat_pages[:lampiran_start])
    assert "NOMOR 800.1.3/0124/BKD/2026" in main
    assert "sebagaimana tercantum dalam Lampiran" in main
    assert "Pegawai Kolektif" not in main

    for number, page in enumerate(flat_pages, start=1):
        assert f"Halaman {number} dari {total}" in page
        assert sk.token in page.replace(" ", "")
    rows_pages = [p for p in flat_pages[lampiran_start:] if "Pegawai Kolektif" in p]
    assert len(rows_pages) == total - lampiran_start or len(rows_pages) == (
        total - lampiran_start - 1  # the closing signature may stand alone on the last page
    )
    for page in rows_pages:
        # The table header repeats on every attachment page.
        assert "Jabatan lama" in page and "Jabatan baru" in page and "Nama / NIP" in page

    everything = " ".join(flat_pages)
    for proposal in proposals:
        pegawai = proposal.pegawai
        assert everything.count(pegawai.nama) == 1, pegawai.nama
        assert everything.count(format_nip(pegawai.nip)) == 1, pegawai.nip
    assert elapsed < 20


# -- petikan ----------------------------------------------------------------------------------
def test_petikan_names_only_its_employee(operator_dinkes, diskominfo):
    proposals = make_proposals(operator_dinkes, diskominfo, 3)
    sk = issue(make_sk(operator_dinkes, proposals, jenis=JenisSK.KOLEKTIF), 125)
    chosen = proposals[1]
    pdf = documents.render_petikan_pdf(sk, chosen.pk)
    save_artifact("sk-petikan", pdf)

    text = flat("\n".join(page_texts(pdf)))
    assert "PETIKAN" in text
    assert "NOMOR 800.1.3/0125/BKD/2026" in text
    assert "Untuk petikan yang sah" in text
    assert chosen.pegawai.nama in text
    assert format_nip(chosen.pegawai.nip) in text
    for other in (proposals[0], proposals[2]):
        assert other.pegawai.nama not in text
        assert format_nip(other.pegawai.nip) not in text
    assert "Lampiran" not in text
    assert "DRAF" not in text


def test_petikan_of_someone_else_is_refused(usulan, operator_dinkes, diskominfo):
    other = make_proposals(operator_dinkes, diskominfo, 1)[0]
    sk = make_sk(operator_dinkes, [usulan])
    with pytest.raises(LookupError):
        documents.render_petikan_pdf(sk, other.pk)


def test_kop_image_defaults_to_our_svg_and_follows_the_setting(settings, tmp_path):
    assert documents.kop_image().startswith("data:image/svg+xml;base64,")
    logo = tmp_path / "kop.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    settings.SIMUTASI = {**settings.SIMUTASI, "KOP_IMAGE": str(logo)}
    assert documents.kop_image().startswith("data:image/png;base64,")
    settings.SIMUTASI = {**settings.SIMUTASI, "KOP_IMAGE": str(tmp_path / "missing.png")}
    assert documents.kop_image().startswith("data:image/svg+xml;base64,")


def test_correcting_decree_revokes_the_old_one_in_a_dictum(usulan, operator_dinkes):
    old = issue(make_sk(operator_dinkes, [usulan]), 9)
    correction = make_sk(operator_dinkes, [usulan], mencabut=old)
    assert documents.snapshot_for(correction)["mencabut"] == {
        "nomor": "800.1.3/0009/BKD/2026",
        "tanggal_penetapan_id": "28 November 2026",
    }
    text = flat("\n".join(page_texts(documents.render_sk_pdf(correction))))
    assert "Nomor 800.1.3/0009/BKD/2026 tanggal 28 November 2026 dicabut" in text
    assert "KEEMPAT" in text


def test_fonts_are_the_project_fonts_and_embedded(usulan, operator_dinkes):
    """Debian fonts-liberation2 (installed by .ci/run, named in the README), embedded as
    subsets, so the decree looks the same on every reader's machine."""
    import io

    from pypdf import PdfReader

    sk = issue(make_sk(operator_dinkes, [usulan]), 7)
    reader = PdfReader(io.BytesIO(documents.render_sk_pdf(sk)))
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert any("Liberation-Serif" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
