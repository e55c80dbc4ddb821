"""Proposals and log rows built directly, at chosen moments, for the home page and dashboard.

The figures under test are counts and durations over states and log timestamps, so the set-up
writes them as they are (``UsulanLog.created_at`` is ``auto_now_add``: time_machine places it)
instead of walking each proposal through the services.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from mutasi.models import SuratKeputusan, UsulanLog, UsulanMutasi
from tests.factories import JabatanFactory, PegawaiFactory, UserFactory

WIB = dt.timezone(dt.timedelta(hours=7))
_numbers = itertools.count(1)


def wib(*args) -> dt.datetime:
    """An aware datetime in Pontianak time (UTC+7): wib(2026, 3, 1, 9, 0)."""
    return dt.datetime(*args, tzinfo=WIB)


@pytest.fixture
def client():
    """English UI, so assertions on text survive the Indonesian translation."""
    return Client(headers={"accept-language": "en"})


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@contextlib.contextmanager
def kept_settings(**values):
    """``SIMUTASI`` settings changed (what is kept, for how long) on an emptied cache, which
    is emptied again afterwards."""
    cache.clear()
    with override_settings(SIMUTASI={**settings.SIMUTASI, **values}):
        yield
    cache.clear()


def make_usulan(
    asal,
    tujuan,
    *,
    status: str = "draft",
    at: dt.datetime | None = None,
    diajukan_at: dt.datetime | None = None,
    perlu_penanganan: bool = False,
    nama: str = "",
    created_by=None,
) -> UsulanMutasi:
    """A proposal from agency ``asal`` to ``tujuan`` in ``status``, created at ``at``."""
    pegawai = PegawaiFactory(instansi=asal, **({"nama": nama} if nama else {}))
    created_by = created_by or UserFactory()
    with time_machine.travel(at or timezone.now(), tick=False):
        usulan = UsulanMutasi.objects.create(
            nomor=f"UM-TEST-{next(_numbers):06d}",
            pegawai=pegawai,
            asal_instansi=asal,
            asal_jabatan=pegawai.jabatan,
            tujuan_instansi=tujuan,
            tujuan_jabatan=JabatanFactory(),
            tmt_rencana=dt.date(2027, 1, 1),
            created_by=created_by,
            diajukan_at=diajukan_at,
            perlu_penanganan=perlu_penanganan,
        )
    # The FSM field is protected: set the state as a test fixture, not through a transition;
    # in it since the submission if there was one (``log`` moves it to a later entry).
    UsulanMutasi.objects.filter(pk=usulan.pk).update(
        status=status, status_sejak=diajukan_at or usulan.created_at
    )
    return UsulanMutasi.objects.get(pk=usulan.pk)


def log(usulan: UsulanMutasi, transition: str, frm: str, to: str, at: dt.datetime) -> UsulanLog:
    """A log row at ``at``; one entering the proposal's current state stamps ``status_sejak``
    as the transition would have."""
    with time_machine.travel(at, tick=False):
        row = UsulanLog.objects.create(
            usulan=usulan, transition=transition, from_status=frm, to_status=to
        )
    if to == usulan.status and (frm != to or transition == "buat"):
        UsulanMutasi.objects.filter(pk=usulan.pk).update(status_sejak=at)
    return row


def make_sk(user, *, diterbitkan_at: dt.datetime | None, status: str = "terbit", urutan: int = 1):
    return SuratKeputusan.objects.create(
        jenis="individu",
        status=status,
        nomor=f"800.1.3/{urutan:04d}/BKD/T" if diterbitkan_at else None,
        tahun=diterbitkan_at.year if diterbitkan_at else None,
        urutan=urutan if diterbitkan_at else None,
        tanggal_penetapan=dt.date(2026, 1, 1),
        tmt=dt.date(2026, 2, 1),
        penandatangan_nama="Drs. Penandatangan Uji",
        penandatangan_jabatan="GUBERNUR KALIMANTAN BARAT",
        menimbang="a",
        mengingat="b",
        diktum_kesatu="c",
        diktum_kedua="d",
        diktum_ketiga="e",
        tembusan="f",
        dibuat_oleh=user,
        diterbitkan_at=diterbitkan_at,
    )
