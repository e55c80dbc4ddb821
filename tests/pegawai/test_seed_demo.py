"""The demo data command: valid, consistent, idempotent and deterministic data.

The module seeds a small province (300 employees) once, in a transaction rolled back at its
end; each test runs in its own nested test transaction on top of it. The runs from an empty
database (determinism, refusals) are in test_seed_demo_runs.py.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from instansi.models import (
    EXTERNAL_JENIS,
    AnalisisBebanKerja,
    Bidang,
    Formasi,
    Instansi,
    Jabatan,
    JenisInstansi,
    JenisJabatan,
    KabKota,
    UnitKerja,
)
from instansi.selectors import formasi_annotated
from pegawai.demo.reference import bidang_for_major
from pegawai.models import (
    HukumanDisiplin,
    Pegawai,
    PenilaianKinerja,
    RiwayatDiklat,
    RiwayatJabatan,
    RiwayatPendidikan,
)
from pegawai.referensi import GOOD_PREDIKAT, predikat_from_nilai
from pontianak_mutasi.models import Role, User

pytestmark = pytest.mark.slow

SIZE = 300
PASSWORD = "simutasi-demo"


def seed(size: int = SIZE, seed: int = 7) -> str:
    out = io.StringIO()
    call_command("seed_demo", size=size, seed=seed, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """seed_demo once for the module (its output), rolled back at the module's end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_once, db) -> str:
    return seeded_once


def today() -> dt.date:
    return timezone.localdate()


def all_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


# -- reference data ----------------------------------------------------------------------


def test_kabkota_and_other_external_agencies(seeded):
    kabkota = Instansi.objects.filter(jenis=JenisInstansi.KABUPATEN_KOTA)
    assert kabkota.count() == 14
    assert set(kabkota.values_list("wilayah", flat=True)) == {
        k.value for k in KabKota if k != KabKota.PROVINSI
    }
    assert not kabkota.filter(is_external=False).exists()
    assert Instansi.objects.filter(nama="Pemerintah Kota Singkawang", wilayah="61.72").exists()
    # Origins and targets for moves to and from the centre and another province.
    assert Instansi.objects.filter(jenis=JenisInstansi.INSTANSI_PUSAT, singkatan="BKN").exists()
    assert Instansi.objects.filter(
        jenis=JenisInstansi.INSTANSI_PUSAT, nama__contains="Kantor Regional"
    ).exists()
    assert Instansi.objects.filter(jenis=JenisInstansi.PROVINSI_LAIN).exists()
    assert not Instansi.objects.filter(jenis__in=EXTERNAL_JENIS, is_external=False).exists()


DOMAIN_OPD = (
    "Sekretariat Daerah",
    "Biro Administrasi Pimpinan",
    "Biro Pemerintahan",
    "Sekretariat DPRD",
    "Inspektorat",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Kepegawaian Daerah",
    "Badan Pengembangan Sumber Daya Manusia",
    "Badan Penanggulangan Bencana Daerah",
    "Badan Pengelola Perbatasan Daerah",
    "Dinas Kesehatan",
    "UPT Laboratorium Kesehatan Daerah",
    "Dinas Komunikasi dan Informatika",
    "Dinas Perkebunan dan Peternakan",
    "Dinas Ketahanan Pangan",
    "Dinas Koperasi, Usaha Kecil dan Menengah",
    "Dinas Tenaga Kerja dan Transmigrasi",
    "Dinas Perindustrian, Perdagangan, Energi dan Sumber Daya Mineral",
    "Dinas Kepemudaan, Olahraga dan Pariwisata",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Satuan Polisi Pamong Praja",
    "Rumah Sakit Jiwa Sungai Bangkong",
    "Dinas Pendidikan dan Kebudayaan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Pertanian",
    "Dinas Kelautan dan Perikanan",
    "Dinas Lingkungan Hidup dan Kehutanan",
    "Dinas Perhubungan",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Pendapatan Daerah",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Rumah Sakit Umum Daerah dr. Soedarso",
)


def test_provincial_opd_of_domain_reference(seeded):
    """Every OPD DOMAIN.md §12 lists, with an abbreviation, an address and units."""
    for nama in DOMAIN_OPD:
        instansi = Instansi.objects.get(nama=nama)
        assert not instansi.is_external
        assert instansi.singkatan
        assert "Pontianak" in instansi.alamat
        assert UnitKerja.objects.filter(instansi=instansi).count() >= 2


def test_biro_and_upt_sit_under_their_parent(seeded):
    setda = Instansi.objects.get(nama="Sekretariat Daerah")
    biro = Instansi.objects.filter(jenis=JenisInstansi.BIRO)
    assert biro.count() >= 5
    assert set(biro.values_list("induk", flat=True)) == {setda.pk}
    labkesda = Instansi.objects.get(nama="UPT Laboratorium Kesehatan Daerah")
    assert labkesda.jenis == JenisInstansi.UPT
    assert labkesda.induk.nama == "Dinas Kesehatan"
    assert not Instansi.objects.filter(jenis=JenisInstansi.UPT, induk__isnull=True).exists()
    # Units hang under their parent unit inside the same agency.
    for unit in UnitKerja.objects.filter(induk__isnull=False).select_related("induk"):
        assert unit.induk.instansi_id == unit.instansi_id


def test_about_400_provincial_agencies_and_units(seeded):
    """The spec's size of the province: internal agencies plus their units, UPTs included."""
    internal = Instansi.objects.filter(is_external=False)
    units = UnitKerja.objects.filter(instansi__is_external=False)
    assert 380 <= internal.count() + units.count() <= 420
    # Branch offices of the real provincial agencies, as units of their Dinas/Badan.
    bapenda = internal.get(singkatan="Bapenda")
    samsat = UnitKerja.objects.filter(
        instansi=bapenda, nama__startswith="UPT Pengelolaan Pendapatan Daerah Wilayah"
    )
    # Pontianak's and Singkawang's are agencies of their own: together all 14 kab/kota.
    samsat_agencies = internal.filter(
        induk=bapenda, nama__startswith="UPT Pengelolaan Pendapatan Daerah Wilayah"
    )
    assert samsat.count() + samsat_agencies.count() == 14
    assert (
        UnitKerja.objects.filter(
            instansi__singkatan="Disdikbud", nama__startswith="Cabang Dinas"
        ).count()
        == 14
    )
    assert (
        UnitKerja.objects.filter(
            instansi__singkatan="DLHK", nama__startswith="UPT Kesatuan Pengelolaan Hutan"
        ).count()
        == 17
    )


def test_branch_staff_hold_the_branch_positions(seeded):
    """Employees at a UPT or cabang dinas are its head or hold a position it lists."""
    from pegawai.demo.agencies import AGENCIES

    branches = {
        (a.kode, u.kode): {u.head, *u.staff} for a in AGENCIES for u in a.units if u.role == "upt"
    }
    for a in AGENCIES:
        for u in a.units:
            assert set(u.staff) <= set(a.staff), (a.kode, u.kode)  # formasi exist for them
    placed = Pegawai.objects.filter(unit__isnull=False).values_list(
        "instansi__kode", "unit__kode", "jabatan__kode"
    )
    at_branches = [(i, u, j) for i, u, j in placed if (i, u) in branches]
    assert at_branches  # teachers at the cabang dinas, at least
    for instansi, unit, jabatan in at_branches:
        assert jabatan in branches[(instansi, unit)], (instansi, unit, jabatan)


def test_bidang_keywords_map_fields_of_study(seeded):
    ti = Bidang.objects.get(kode="teknologi-informasi")
    assert {"teknik informatika", "sistem informasi", "ilmu komputer"} <= set(ti.keywords)
    assert bidang_for_major("Teknik Informatika") == "teknologi-informasi"
    assert bidang_for_major("Manajemen Informatika") == "teknologi-informasi"
    assert bidang_for_major("Epidemiologi") == "kesehatan-masyarakat"
    assert bidang_for_major("Agribisnis") == "pertanian"
    assert bidang_for_major("Manajemen") == "administrasi-manajemen"
    # Every field of study in the demo maps back to its bidang through the keywords, so an
    # import of the same data would classify it the same way.
    rows = RiwayatPendidikan.objects.filter(bidang__isnull=False).values_list(
        "jurusan", "bidang__kode"
    )
    assert rows
    mismatched = {(jurusan, kode) for jurusan, kode in rows if bidang_for_major(jurusan) != kode}
    assert not mismatched


def test_position_catalogue(seeded):
    prakom = Jabatan.objects.filter(nama__icontains="Pranata Komputer")
    assert set(prakom.values_list("nama", flat=True)) >= {
        "Pranata Komputer Ahli Pertama",
        "Pranata Komputer Ahli Muda",
    }
    ap = Jabatan.objects.get(nama="Pranata Komputer Ahli Pertama")
    assert ap.jenis == JenisJabatan.FUNGSIONAL_KEAHLIAN
    assert ap.jenjang == "ahli_pertama"
    assert list(ap.bidang_pendidikan.values_list("kode", flat=True)) == ["teknologi-informasi"]
    assert ap.kebutuhan_kompetensi.filter(bidang__kode="teknologi-informasi").exists()
    assert Jabatan.objects.get(nama="Kepala Dinas").jenis == JenisJabatan.JPT_PRATAMA
    assert Jabatan.objects.get(nama="Kepala Bidang").jenis == JenisJabatan.ADMINISTRATOR
    assert Jabatan.objects.get(nama="Kepala Subbagian").jenis == JenisJabatan.PENGAWAS
    for nama in ("Pengadministrasi Perkantoran", "Penata Laporan Keuangan", "Pengelola Data"):
        assert Jabatan.objects.get(nama=nama).jenis == JenisJabatan.PELAKSANA
    for family in ("Penyuluh Pertanian", "Epidemiolog Kesehatan", "Auditor", "Arsiparis"):
        assert Jabatan.objects.filter(nama__startswith=family, jenjang__gt="").exists()
    for jabatan in Jabatan.objects.all():
        jabatan.full_clean()  # jenjang only for functional posts, kelas 1–17, choices


# -- formasi and ABK ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("singkatan", "jabatan"),
    [
        ("Diskominfo", "Pranata Komputer"),
        ("Distan", "Penyuluh Pertanian"),
        ("Dinkes", "Epidemiolog Kesehatan"),
    ],
)
def test_required_shortages(seeded, singkatan, jabatan):
    formasi = formasi_annotated(
        Formasi.objects.filter(instansi__singkatan=singkatan, jabatan__nama__startswith=jabatan)
    )
    gaps = [f.hasil.gap for f in formasi]
    assert max(gaps) >= 3  # kebutuhan from ABK above the holders by several people
    shortage = next(f for f in formasi if f.hasil.gap >= 3)
    assert shortage.bezetting >= 1
    assert shortage.abk_set.count() >= 3


def test_abk_gives_shortages_surpluses_and_balance(seeded):
    statuses = {f.hasil.status for f in formasi_annotated()}
    assert statuses == {"kurang", "lebih", "sesuai"}
    assert not AnalisisBebanKerja.objects.filter(volume__lte=0).exists()
    assert not Formasi.objects.filter(abk_set__isnull=True).exists()


# -- employees ---------------------------------------------------------------------------


def test_nips_are_valid_unique_and_consistent(seeded):
    pegawai = list(Pegawai.objects.all())
    assert len(pegawai) == SIZE
    assert len({p.nip for p in pegawai}) == SIZE
    warned = []
    for p in pegawai:
        info = p.nip_info
        assert info.errors == [], (p.nip, info.errors)
        assert info.is_pppk == (p.status_kepegawaian == "pppk")
        if p.nip_warnings:
            warned.append(p)
        p.full_clean()
    # A handful of older records disagree with their NIP, as real ones do; only the birth date.
    assert 1 <= len(warned) <= SIZE * 0.01
    for p in warned:
        assert p.nip_info.tanggal_lahir != p.tanggal_lahir
        assert p.nip_info.jenis_kelamin == p.jenis_kelamin
        assert p.nip_info.tmt_cpns == p.tmt_cpns


def test_statuses_ranks_and_pppk(seeded):
    by_status = {s: Pegawai.objects.filter(status_kepegawaian=s) for s in ("pns", "cpns", "pppk")}
    assert by_status["pns"].count() > SIZE * 0.7
    assert by_status["cpns"].exists()
    assert by_status["pppk"].exists()
    for p in by_status["pppk"]:
        assert p.golongan == ""
        assert p.tmt_cpns is None
        assert p.nip[12] == "2"
        assert p.nip[8:12] == str(p.tmt_jabatan.year)  # year of appointment
    for p in Pegawai.objects.exclude(status_kepegawaian="pppk").select_related("jabatan"):
        assert p.golongan
        history = list(p.riwayat_golongan.order_by("tmt"))
        assert history[0].tmt == p.tmt_cpns
        assert history[-1].tmt <= today()
        assert (history[-1].golongan, history[-1].tmt) == (p.golongan, p.tmt_golongan)
        if p.jabatan.min_golongan and p.status_kepegawaian == "pns":
            assert p.golongan >= p.jabatan.min_golongan
        # The entry rank follows the diploma: II/a for SMA, II/c for D-III, III/a+ for S-1.
        first = history[0].golongan
        levels = set(p.riwayat_pendidikan.values_list("jenjang", flat=True))
        if levels <= {"SMA"}:
            assert first == "21" and p.golongan <= "32"
        else:
            assert first in {"23", "31", "32"}


def test_titles_match_education(seeded):
    for p in Pegawai.objects.prefetch_related("riwayat_pendidikan"):
        majors = {(r.jenjang, r.jurusan) for r in p.riwayat_pendidikan.all()}
        if "S.Kom." in p.gelar_belakang:
            assert any(bidang_for_major(j) == "teknologi-informasi" for _l, j in majors)
        if p.gelar_depan == "dr.":
            assert ("S1", "Pendidikan Dokter") in majors
        if not p.gelar_belakang and not p.gelar_depan.startswith(("dr", "apt")):
            assert {lvl for lvl, _j in majors} <= {"SMA"}


def test_current_position_matches_the_open_history_row(seeded):
    for p in Pegawai.objects.prefetch_related("riwayat_jabatan"):
        rows = sorted(p.riwayat_jabatan.all(), key=lambda r: r.tmt_mulai)
        open_rows = [r for r in rows if r.tmt_selesai is None]
        assert len(open_rows) == 1
        current = open_rows[0]
        assert current is rows[-1]
        assert (current.jabatan_id, current.instansi_id, current.unit_id) == (
            p.jabatan_id,
            p.instansi_id,
            p.unit_id,
        )
        assert current.tmt_mulai == p.tmt_jabatan
        for earlier, later in itertools.pairwise(rows):
            assert earlier.tmt_selesai == later.tmt_mulai - dt.timedelta(days=1)
        assert rows[0].jenis_mutasi == "pengangkatan"
        if p.tmt_cpns:
            assert rows[0].tmt_mulai == p.tmt_cpns
    # Some careers started at a regency and moved to the province.
    assert RiwayatJabatan.objects.filter(
        jenis_mutasi="kabkota_prov", instansi__is_external=False
    ).exists()


def test_career_situations_the_rules_need(seeded):
    day = today()
    pegawai = list(Pegawai.objects.select_related("jabatan"))
    years_in_post = [p.lama_jabatan(day) for p in pegawai]
    assert any(y < 2 for y in years_in_post)
    assert any(y > 5 for y in years_in_post)
    assert all(p.tanggal_bup > day for p in pegawai)  # nobody past retirement age
    assert sum(p.tanggal_bup <= dt.date(day.year + 1, day.month, 1) for p in pegawai) >= 1
    assert any(p.is_tugas_belajar(day) for p in pegawai)
    assert any(p.is_ikatan_dinas(day) for p in pegawai)
    sanctions = list(HukumanDisiplin.objects.select_related("pegawai"))
    for h in sanctions:
        h.full_clean(validate_unique=False, validate_constraints=False)
        assert h.tanggal_mulai > h.pegawai.tmt_cpns
    active = [h for h in sanctions if h.is_active_on(day)]
    assert any(h.dalam_pemeriksaan for h in active)
    assert any(not h.dalam_pemeriksaan for h in active)


def test_performance_history(seeded):
    this_year = today().year
    ratings = PenilaianKinerja.objects.all()
    recent = ratings.filter(tahun__gte=this_year - 3)
    assert set(recent.values_list("tahun", flat=True)) == {
        this_year - 3,
        this_year - 2,
        this_year - 1,
    }
    share_good = recent.filter(predikat__in=GOOD_PREDIKAT).count() / recent.count()
    assert 0.8 < share_good < 1
    assert recent.filter(predikat="butuh_perbaikan").exists()
    old_style = ratings.filter(nilai__isnull=False)
    assert old_style.exists()
    for r in old_style:
        assert r.tahun <= 2021
        assert r.predikat == predikat_from_nilai(float(r.nilai))
        assert Decimal(0) <= r.nilai <= Decimal(100)
    assert RiwayatDiklat.objects.filter(bidang__isnull=False, jenis="teknis").exists()


def _misplaced(bidang: str) -> list[Pegawai]:
    """Graduates of ``bidang`` in a position whose accepted fields exclude it."""
    found = []
    graduates = (
        Pegawai.objects.filter(riwayat_pendidikan__bidang__kode=bidang)
        .distinct()
        .select_related("jabatan")
        .prefetch_related("jabatan__bidang_pendidikan")
    )
    for p in graduates:
        accepted = {b.kode for b in p.jabatan.bidang_pendidikan.all()}
        if accepted and bidang not in accepted:
            found.append(p)
    return found


def test_misplaced_graduates_are_realistic_transfer_candidates(seeded):
    day = today()
    it = _misplaced("teknologi-informasi")
    assert it
    assert {"Diskominfo"}.isdisjoint({p.instansi.singkatan for p in it})
    assert _misplaced("pertanian")
    assert _misplaced("kesehatan-masyarakat")
    everyone = it + _misplaced("pertanian") + _misplaced("kesehatan-masyarakat")
    assert 0.04 * SIZE <= len(everyone) <= 0.08 * SIZE
    for p in everyone:
        assert p.status_kepegawaian == "pns"
        assert p.lama_jabatan(day) >= 2
        last_two = list(
            p.penilaian_kinerja.filter(tahun__gte=day.year - 2).values_list("predikat", flat=True)
        )
        assert len(last_two) == 2 and set(last_two) <= GOOD_PREDIKAT
        assert not any(h.is_active_on(day) for h in p.hukuman_disiplin.all())
        assert p.tanggal_bup > dt.date(day.year + 2, day.month, 1)
        assert not p.is_tugas_belajar(day) and not p.is_ikatan_dinas(day)
        # What they studied shows in their competences, ready to match a shortage.
        assert (
            p.kompetensi.filter(level__gte=2)
            .exclude(bidang__in=p.jabatan.bidang_pendidikan.all())
            .exists()
        )


# -- users -------------------------------------------------------------------------------


def test_demo_users_for_every_role(seeded):
    users = {u.username: u for u in User.objects.select_related("instansi", "pegawai")}
    admin = users["admin"]
    assert admin.is_superuser and admin.is_staff
    expected = {
        "admin_bkd": (Role.ADMIN_KEPEGAWAIAN, "BKD"),
        "verifikator": (Role.VERIFIKATOR_BKD, "BKD"),
        "pejabat": (Role.PEJABAT_PENYETUJU, "BKD"),
        "operator_dinkes": (Role.OPERATOR_OPD, "Dinkes"),
        "operator_diskominfo": (Role.OPERATOR_OPD, "Diskominfo"),
    }
    for username, (role, singkatan) in expected.items():
        user = users[username]
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.instansi.singkatan == singkatan
        assert user.check_password(PASSWORD)
    assert users["admin_bkd"].is_staff
    assert users["pejabat"].pegawai.jabatan.nama == "Kepala Badan"
    assert users["pejabat"].pegawai.instansi.singkatan == "BKD"
    assert users["verifikator"].pegawai.instansi.singkatan == "BKD"
    assert users["operator_dinkes"].pegawai.instansi.singkatan == "Dinkes"
    for line in ("operator_diskominfo", PASSWORD, "Verifikator BKD"):
        assert line in seeded


# -- idempotence and determinism ---------------------------------------------------------


def test_second_run_adds_nothing_and_is_quick(seeded, django_assert_max_num_queries):
    before = all_counts()
    with django_assert_max_num_queries(80):  # independent of the number of employees
        output = seed()
    assert all_counts() == before
    assert "Nothing new" in output
    assert "operator_dinkes" in output and PASSWORD in output


# -- transfer proposals ------------------------------------------------------------------


def test_proposals_in_every_state_through_the_services(seeded):
    from mutasi.models import Status, StatusSK, SuratKeputusan, UsulanMutasi

    assert "Transfer proposals by state (20)" in seeded
    states = set(UsulanMutasi.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    for usulan in UsulanMutasi.objects.prefetch_related("log"):
        log = list(usulan.log.all())
        assert log[0].transition == "buat"
        moves = [r for r in log if r.from_status != r.to_status]
        # The log chains from draft to the proposal's state, in time order.
        if moves:  # a draft has none
            assert [r.from_status for r in moves] == [
                Status.DRAFT,
                *[r.to_status for r in moves][:-1],
            ]
        assert (moves[-1].to_status if moves else Status.DRAFT) == usulan.status
        assert [r.created_at for r in log] == sorted(r.created_at for r in log)
        # Two writes of one service call: the same moment, to within the call.
        assert abs(usulan.created_at - log[0].created_at) < dt.timedelta(seconds=1)
        assert usulan.nomor.startswith(f"UM-{timezone.localtime(usulan.created_at).year}-")
    # Back-dated: a year of work, not one afternoon; some queues overdue.
    created = UsulanMutasi.objects.values_list("created_at", flat=True)
    assert (max(created) - min(created)).days > 60
    overdue = timezone.now() - dt.timedelta(days=14)
    assert UsulanMutasi.objects.filter(
        status__in=[Status.DIAJUKAN, Status.VERIFIKASI, Status.MEMENUHI_SYARAT],
        diajukan_at__lt=overdue,
    ).exists()
    issued = SuratKeputusan.objects.filter(status=StatusSK.TERBIT)
    assert issued.exists() and not issued.filter(berkas="").exists()
    for sk in issued:
        assert sk.nomor.endswith(f"/{sk.tanggal_penetapan.year}")
        assert sk.diterbitkan_at.date() <= today()


def test_applied_moves_changed_the_employees(seeded):
    from mutasi.models import Status, UsulanMutasi

    done = UsulanMutasi.objects.filter(status=Status.SELESAI).select_related("pegawai")
    assert done.exists()
    for usulan in done:
        p = usulan.pegawai
        assert (p.instansi_id, p.unit_id, p.jabatan_id) == (
            usulan.tujuan_instansi_id,
            usulan.tujuan_unit_id,
            usulan.tujuan_jabatan_id,
        )
        current = p.riwayat_jabatan.get(tmt_selesai__isnull=True)
        assert current.nomor_sk and current.tmt_mulai == p.tmt_jabatan <= today()
    for usulan in UsulanMutasi.objects.exclude(status=Status.SELESAI).select_related("pegawai"):
        assert usulan.pegawai.jabatan_id == usulan.asal_jabatan_id


def test_proposals_are_made_by_the_right_users(seeded):
    from mutasi.models import UsulanLog, UsulanMutasi

    users = {u.username: u for u in User.objects.all()}
    by_operator = 0
    for usulan in UsulanMutasi.objects.select_related("created_by"):
        creator = usulan.created_by
        if creator.has_role(Role.OPERATOR_OPD):
            by_operator += 1
            agencies = {usulan.asal_instansi_id, usulan.tujuan_instansi_id}
            parents = set(
                Instansi.objects.filter(pk__in=agencies).values_list("induk_id", flat=True)
            )
            assert creator.instansi_id in agencies | parents
        else:
            assert creator == users["admin"]
    assert by_operator
    actors = {
        "mulai_verifikasi": "verifikator",
        "nyatakan_memenuhi_syarat": "verifikator",
        "setujui": "pejabat",
        "tolak": "pejabat",
        "terbitkan_sk": "admin_bkd",
    }
    for transition, username in actors.items():
        assert set(
            UsulanLog.objects.filter(transition=transition).values_list(
                "actor__username", flat=True
            )
        ) == {username}


def test_proposals_are_not_duplicated(seeded):
    from mutasi.models import UsulanLog, UsulanMutasi

    before = (UsulanMutasi.objects.count(), UsulanLog.objects.count())
    output = seed()
    assert (UsulanMutasi.objects.count(), UsulanLog.objects.count()) == before
    assert "Transfer proposals by state (20)" in output
