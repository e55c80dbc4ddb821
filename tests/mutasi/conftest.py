"""Fixtures for proposals: an eligible employee, a target formasi with a gap, a draft."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mutasi import services
from mutasi.models import DokumenUsulan, StatusDokumen, UsulanMutasi
from tests.factories import (
    AnalisisBebanKerjaFactory,
    FormasiFactory,
    JabatanFactory,
    PegawaiFactory,
    PenilaianKinerjaFactory,
)

# Relative to today, so the fixtures stay eligible whatever year the suite runs in: the move
# takes effect next 1 January; the last two completed annual evaluations are the years before.
TMT = dt.date(dt.date.today().year + 1, 1, 1)
LAST_YEAR = TMT.year - 2  # the most recent annual evaluation that exists today
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _english_messages():
    """Assertions match the English source messages; users see the Indonesian catalogue."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def jabatan_tujuan(db):
    return JabatanFactory(kode="JF-UJI-TUJUAN", nama="Pranata Komputer Ahli Pertama")


@pytest.fixture
def formasi_tujuan(diskominfo, jabatan_tujuan):
    formasi = FormasiFactory(instansi=diskominfo, jabatan=jabatan_tujuan)
    # 3 people needed, nobody holds it: a gap of 3.
    AnalisisBebanKerjaFactory(formasi=formasi, volume=Decimal("2250"), norma_waktu=Decimal("100"))
    return formasi


@pytest.fixture
def pegawai_layak(dinkes):
    """A PNS at Dinkes who passes every rule for a move on TMT."""
    pegawai = PegawaiFactory(
        instansi=dinkes,
        tmt_jabatan=dt.date(2022, 3, 1),
        tanggal_lahir=dt.date(1988, 6, 15),
        tmt_cpns=dt.date(2012, 3, 1),
        tmt_pns=dt.date(2013, 3, 1),
    )
    for tahun in (LAST_YEAR - 1, LAST_YEAR, LAST_YEAR + 1):
        PenilaianKinerjaFactory(pegawai=pegawai, tahun=tahun, predikat="baik")
    return pegawai


@pytest.fixture
def make_usulan(operator_dinkes, pegawai_layak, formasi_tujuan):
    def make(**overrides) -> UsulanMutasi:
        kwargs = {
            "actor": operator_dinkes,
            "pegawai": pegawai_layak,
            "jenis_mutasi": "intra",
            "tujuan_instansi": formasi_tujuan.instansi,
            "tujuan_jabatan": formasi_tujuan.jabatan,
            "tmt_rencana": TMT,
            "alasan": "kepentingan_dinas",
        }
        kwargs.update(overrides)
        return services.usulan_create(**kwargs)

    return make


@pytest.fixture
def usulan(make_usulan):
    return make_usulan()


def put_in_state(usulan: UsulanMutasi, status: str) -> UsulanMutasi:
    """Test set-up only: jump to a state without the transition (bypasses the FSM)."""
    UsulanMutasi.objects.filter(pk=usulan.pk).update(status=status)
    return UsulanMutasi.objects.get(pk=usulan.pk)


def valid_documents(usulan: UsulanMutasi, actor) -> None:
    """Every required document uploaded and marked valid (set-up shortcut)."""
    from django.core.files.base import ContentFile

    for persyaratan in services.persyaratan_for(usulan):
        dokumen = DokumenUsulan(
            usulan=usulan,
            persyaratan=persyaratan,
            nama_asli="dokumen.pdf",
            ukuran=len(MINIMAL_PDF),
            sha256="0" * 64,
            diunggah_oleh=actor,
            status=StatusDokumen.VALID,
        )
        dokumen.berkas.save("dokumen.pdf", ContentFile(MINIMAL_PDF), save=False)
        dokumen.save()
