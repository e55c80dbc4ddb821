"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from instansi.models import (
    AnalisisBebanKerja,
    Bidang,
    Formasi,
    Instansi,
    Jabatan,
    JenisInstansi,
    JenisJabatan,
    UnitKerja,
)
from pegawai.models import (
    HukumanDisiplin,
    Kompetensi,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatGolongan,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pontianak_mutasi.models import User


class BidangFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bidang
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"bidang-{n}")
    nama = factory.Sequence(lambda n: f"Bidang {n}")


class InstansiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"T{n:04d}")
    nama = factory.Sequence(lambda n: f"Dinas Uji {n}")
    singkatan = factory.Sequence(lambda n: f"DU{n}")
    jenis = JenisInstansi.DINAS


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(InstansiFactory)
    kode = factory.Sequence(lambda n: f"U{n:03d}")
    nama = factory.Sequence(lambda n: f"Bidang Uji {n}")


class JabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jabatan
        django_get_or_create = ("kode",)

    kode = factory.Sequence(lambda n: f"J{n:04d}")
    nama = factory.Sequence(lambda n: f"Analis Uji {n}")
    jenis = JenisJabatan.PELAKSANA
    kelas_jabatan = 7


class FormasiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Formasi

    instansi = factory.SubFactory(InstansiFactory)
    jabatan = factory.SubFactory(JabatanFactory)


class AnalisisBebanKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnalisisBebanKerja

    formasi = factory.SubFactory(FormasiFactory)
    uraian_tugas = factory.Sequence(lambda n: f"Tugas {n}")
    satuan_hasil = "Laporan"
    volume = Decimal("100")
    norma_waktu = Decimal("60")


def _nip(n: int, born: dt.date, tmt: dt.date, gender: str) -> str:
    return f"{born:%Y%m%d}{tmt:%Y%m}{'1' if gender == 'L' else '2'}{(n % 999) + 1:03d}"


class PegawaiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pegawai
        django_get_or_create = ("nip",)

    class Params:
        serial = factory.Sequence(lambda n: n)

    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    tanggal_lahir = dt.date(1985, 3, 12)
    tmt_cpns = dt.date(2010, 1, 1)
    tmt_pns = dt.date(2011, 1, 1)
    jenis_kelamin = "L"
    golongan = "32"
    instansi = factory.SubFactory(InstansiFactory)
    jabatan = factory.SubFactory(JabatanFactory)
    tmt_jabatan = dt.date(2020, 1, 1)
    nip = factory.LazyAttribute(
        lambda o: _nip(o.serial, o.tanggal_lahir, o.tmt_cpns, o.jenis_kelamin)
    )


class RiwayatJabatanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatJabatan

    pegawai = factory.SubFactory(PegawaiFactory)
    jabatan = factory.SubFactory(JabatanFactory)
    instansi = factory.SubFactory(InstansiFactory)
    tmt_mulai = dt.date(2020, 1, 1)


class RiwayatGolonganFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatGolongan

    pegawai = factory.SubFactory(PegawaiFactory)
    golongan = "31"
    tmt = dt.date(2010, 1, 1)


class RiwayatPendidikanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatPendidikan

    pegawai = factory.SubFactory(PegawaiFactory)
    jenjang = "S1"
    jurusan = "Teknik Informatika"
    institusi = "Universitas Tanjungpura"
    tahun_lulus = 2008


class RiwayatDiklatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiwayatDiklat

    pegawai = factory.SubFactory(PegawaiFactory)
    nama = factory.Sequence(lambda n: f"Diklat Teknis {n}")
    jenis = "teknis"
    tanggal_mulai = dt.date(2022, 5, 1)
    jam_pelajaran = 40


class PenilaianKinerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PenilaianKinerja

    pegawai = factory.SubFactory(PegawaiFactory)
    tahun = 2025
    predikat = "baik"


class HukumanDisiplinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HukumanDisiplin

    pegawai = factory.SubFactory(PegawaiFactory)
    tingkat = "ringan"
    jenis = "teguran_tertulis"
    tanggal_mulai = dt.date(2025, 1, 1)
    tanggal_selesai = dt.date(2025, 12, 31)


class KompetensiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kompetensi

    pegawai = factory.SubFactory(PegawaiFactory)
    bidang = factory.SubFactory(BidangFactory)
    level = 3
    sumber = "asesmen"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@kalbarprov.go.id")
    password = factory.PostGenerationMethodCall("set_password", "rahasia-uji-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()
