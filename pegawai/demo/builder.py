"""Write the demo data: reference rows, formasi with ABK, employees in bulk, demo users.

Idempotent: reference rows are looked up by natural key and only missing ones are created;
employees are created only when no demo employee exists yet (they carry an e-mail address at
``DEMO_EMAIL_DOMAIN``), so a second run adds nothing and takes a few queries.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.test.utils import override_settings
from django.utils import timezone

from instansi import abk
from instansi.models import (
    AnalisisBebanKerja,
    Bidang,
    Formasi,
    Instansi,
    Jabatan,
    KebutuhanKompetensi,
    UnitKerja,
)
from mutasi.models import DokumenUsulan, SuratKeputusan, UsulanLog, UsulanMutasi
from pegawai.demo.agencies import AGENCIES, BKD, DINKES, DISKOMINFO, EXTERNAL
from pegawai.demo.common import Refs
from pegawai.demo.generator import DEMO_EMAIL_DOMAIN, PersonFactory
from pegawai.demo.plan import FormasiPlan, plan_formasi, plan_seats
from pegawai.demo.reference import BIDANG, JABATAN
from pegawai.demo.usulan import count_for, demo_usulan, seed_usulan
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
from pontianak_mutasi.models import Role, User

DEMO_PASSWORD = "simutasi-demo"  # demo databases only; printed on screen by seed_demo
EMPLOYEES_PER_ROUND = 2000  # generated, then bulk-inserted, per round (bounded memory)
INSERT_BATCH = 1000
SILENT_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}

COUNTED_MODELS: tuple[type[models.Model], ...] = (
    Bidang,
    Instansi,
    UnitKerja,
    Jabatan,
    KebutuhanKompetensi,
    Formasi,
    AnalisisBebanKerja,
    Pegawai,
    RiwayatJabatan,
    RiwayatGolongan,
    RiwayatPendidikan,
    RiwayatDiklat,
    PenilaianKinerja,
    HukumanDisiplin,
    Kompetensi,
    User,
    UsulanMutasi,
    UsulanLog,
    DokumenUsulan,
    SuratKeputusan,
)
# Person attribute → model, in insert order (after Pegawai).
CHILDREN: tuple[tuple[str, type[models.Model]], ...] = (
    ("riwayat_jabatan", RiwayatJabatan),
    ("riwayat_golongan", RiwayatGolongan),
    ("riwayat_pendidikan", RiwayatPendidikan),
    ("riwayat_diklat", RiwayatDiklat),
    ("penilaian_kinerja", PenilaianKinerja),
    ("hukuman_disiplin", HukumanDisiplin),
    ("kompetensi", Kompetensi),
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str  # a Role value, or "" for the superuser
    instansi: str  # agency kode, or "" for none
    is_staff: bool = False
    is_superuser: bool = False
    # Positions (jabatan kode) a linked employee may hold, most fitting first.
    pegawai_jabatan: tuple[str, ...] = ()


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "", "", is_staff=True, is_superuser=True),
    DemoUser("admin_bkd", Role.ADMIN_KEPEGAWAIAN, BKD, is_staff=True),
    DemoUser(
        "verifikator", Role.VERIFIKATOR_BKD, BKD, pegawai_jabatan=("JF-ASDM-AM", "JF-ASDM-AP")
    ),
    DemoUser("pejabat", Role.PEJABAT_PENYETUJU, BKD, pegawai_jabatan=("JPT-KABAN",)),
    DemoUser(
        "operator_dinkes", Role.OPERATOR_OPD, DINKES, pegawai_jabatan=("JF-ASDM-AP", "PL-PENGADM")
    ),
    DemoUser(
        "operator_diskominfo",
        Role.OPERATOR_OPD,
        DISKOMINFO,
        pegawai_jabatan=("JF-ASDM-AP", "PL-PENGADM"),
    ),
)


@dataclass
class UserRow:
    username: str
    role: str
    instansi: str
    pegawai: str
    created: bool


@dataclass
class SeedResult:
    size: int
    seed: int
    today: dt.date
    created: dict[str, int] = field(default_factory=dict)  # model name → rows created
    employees_skipped: bool = False
    users: list[UserRow] = field(default_factory=list)
    usulan_by_status: dict[str, int] = field(default_factory=dict)  # all demo proposals
    seconds: float = 0.0


def _counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in COUNTED_MODELS}


# -- reference data ----------------------------------------------------------------------


def _ensure_bidang() -> dict[str, int]:
    by_kode = dict(Bidang.objects.values_list("kode", "id"))
    by_nama = dict(Bidang.objects.values_list("nama", "id"))
    Bidang.objects.bulk_create(
        Bidang(kode=b.kode, nama=b.nama, deskripsi=b.deskripsi, kata_kunci="\n".join(b.kata_kunci))
        for b in BIDANG
        if b.kode not in by_kode and b.nama not in by_nama
    )
    by_kode = dict(Bidang.objects.values_list("kode", "id"))
    by_nama = dict(Bidang.objects.values_list("nama", "id"))
    # An administrator may have created the same field under another code: reuse it.
    return {b.kode: by_kode.get(b.kode) or by_nama[b.nama] for b in BIDANG}


def _ensure_instansi() -> dict[str, int]:
    ids = dict(Instansi.objects.values_list("kode", "id"))
    new = [
        Instansi(
            kode=e.kode,
            nama=e.nama,
            singkatan=e.singkatan,
            jenis=e.jenis,
            wilayah=e.wilayah,
            alamat=e.alamat,
            is_external=True,
        )
        for e in EXTERNAL
        if e.kode not in ids
    ]
    Instansi.objects.bulk_create(new)
    ids.update({i.kode: i.pk for i in new})
    # Parents are listed before their Biro/UPT, so each pass can resolve induk.
    for with_parent in (False, True):
        new = [
            Instansi(
                kode=a.kode,
                nama=a.nama,
                singkatan=a.singkatan,
                jenis=a.jenis,
                induk_id=ids[a.induk] if a.induk else None,
                wilayah=a.wilayah,
                alamat=a.alamat,
            )
            for a in AGENCIES
            if a.kode not in ids and bool(a.induk) == with_parent
        ]
        Instansi.objects.bulk_create(new)
        ids.update({i.kode: i.pk for i in new})
    return ids


def _ensure_units(instansi_ids: dict[str, int]) -> dict[tuple[str, str], int]:
    kode_of = {pk: kode for kode, pk in instansi_ids.items()}
    ids = {
        (kode_of[inst], kode): pk
        for inst, kode, pk in UnitKerja.objects.filter(instansi_id__in=kode_of).values_list(
            "instansi_id", "kode", "id"
        )
    }
    for with_parent in (False, True):
        new = [
            UnitKerja(
                instansi_id=instansi_ids[a.kode],
                kode=u.kode,
                nama=u.nama,
                induk_id=ids[(a.kode, u.parent)] if u.parent else None,
            )
            for a in AGENCIES
            for u in a.units
            if (a.kode, u.kode) not in ids and bool(u.parent) == with_parent
        ]
        UnitKerja.objects.bulk_create(new)
        ids.update({(kode_of[u.instansi_id], u.kode): u.pk for u in new})
    return ids


def _ensure_jabatan(bidang_ids: dict[str, int]) -> dict[str, int]:
    ids = dict(Jabatan.objects.values_list("kode", "id"))
    specs = [j for j in JABATAN if j.kode not in ids]
    new = [
        Jabatan(
            kode=j.kode,
            nama=j.nama,
            jenis=j.jenis,
            jenjang=j.jenjang,
            kelas_jabatan=j.kelas,
            min_pendidikan=j.min_pendidikan,
            min_golongan=j.min_golongan,
            ikhtisar=f"{j.tasks[0][0]}, serta tugas lain sesuai bidangnya.",
        )
        for j in specs
    ]
    Jabatan.objects.bulk_create(new)
    ids.update({j.kode: j.pk for j in new})
    # Requirements only for positions created now: an edited catalogue is left alone.
    Through = Jabatan.bidang_pendidikan.through
    Through.objects.bulk_create(
        Through(jabatan_id=ids[j.kode], bidang_id=bidang_ids[b]) for j in specs for b in j.bidang
    )
    KebutuhanKompetensi.objects.bulk_create(
        KebutuhanKompetensi(jabatan_id=ids[j.kode], bidang_id=bidang_ids[b], level=level)
        for j in specs
        for b, level in j.kompetensi
    )
    return ids


def _ensure_formasi(formasi: list[FormasiPlan], refs: Refs) -> None:
    existing = set(Formasi.objects.values_list("instansi_id", "unit_id", "jabatan_id"))
    new: list[tuple[Formasi, FormasiPlan]] = []
    for plan in formasi:
        obj = Formasi(
            instansi_id=refs.instansi[plan.instansi],
            unit_id=refs.unit[(plan.instansi, plan.unit)] if plan.unit else None,
            jabatan_id=refs.jabatan[plan.jabatan],
        )
        if (obj.instansi_id, obj.unit_id, obj.jabatan_id) not in existing:
            new.append((obj, plan))
    Formasi.objects.bulk_create([obj for obj, _plan in new], batch_size=INSERT_BATCH)
    # ABK only for new formasi: an agency's own workload analysis is never overwritten.
    AnalisisBebanKerja.objects.bulk_create(
        (
            AnalisisBebanKerja(
                formasi=obj,
                uraian_tugas=uraian,
                satuan_hasil=satuan,
                volume=volume,
                norma_waktu=norma,
                urutan=i,
            )
            for obj, plan in new
            for i, (uraian, satuan, volume, norma) in enumerate(plan.abk, 1)
        ),
        batch_size=INSERT_BATCH,
    )


# -- employees ---------------------------------------------------------------------------


def demo_employees() -> models.QuerySet[Pegawai]:
    return Pegawai.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def _create_employees(
    formasi: list[FormasiPlan],
    refs: Refs,
    *,
    size: int,
    seed: int,
    today: dt.date,
    progress: Callable[[int, int], None] | None,
) -> None:
    seats = plan_seats(formasi, size, seed)
    factory = PersonFactory(
        rng=random.Random(f"{seed}:people"),
        today=today,
        refs=refs,
        # One query instead of one per employee; the generator avoids these NIPs.
        taken=set(Pegawai.objects.values_list("nip", flat=True)),
    )
    for offset in range(0, len(seats), EMPLOYEES_PER_ROUND):
        people = [factory.make(seat) for seat in seats[offset : offset + EMPLOYEES_PER_ROUND]]
        # Both SQLite (≥ 3.35) and PostgreSQL return the new primary keys, which the history
        # rows pick up from their (now saved) Pegawai.
        Pegawai.objects.bulk_create([p.pegawai for p in people], batch_size=INSERT_BATCH)
        for attr, model in CHILDREN:
            model.objects.bulk_create(
                [row for p in people for row in getattr(p, attr)], batch_size=INSERT_BATCH
            )
        if progress:
            progress(min(offset + EMPLOYEES_PER_ROUND, len(seats)), len(seats))


# -- users -------------------------------------------------------------------------------


def _linkable_pegawai(spec: DemoUser, instansi_id: int | None) -> Pegawai | None:
    if not spec.pegawai_jabatan or instansi_id is None:
        return None
    candidates = demo_employees().filter(
        instansi_id=instansi_id,
        jabatan__kode__in=spec.pegawai_jabatan,
        status_kepegawaian="pns",
        user__isnull=True,
    )
    found = {p.jabatan.kode: p for p in candidates.select_related("jabatan").order_by("-nip")}
    return next((found[k] for k in spec.pegawai_jabatan if k in found), None)


def _ensure_users(instansi_ids: dict[str, int]) -> list[UserRow]:
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    rows = []
    hashed = None  # hashed once: the password hasher is slow by design, and all share it
    for spec in DEMO_USERS:
        instansi_id = instansi_ids.get(spec.instansi) if spec.instansi else None
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "email": f"{spec.username}@{DEMO_EMAIL_DOMAIN}",
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
                "instansi_id": instansi_id,
            },
        )
        changed = []
        if created:
            hashed = hashed or make_password(DEMO_PASSWORD)
            user.password = hashed
            changed.append("password")
        if user.pegawai_id is None:
            pegawai = _linkable_pegawai(spec, instansi_id)
            if pegawai is not None:
                user.pegawai = pegawai
                user.first_name = pegawai.nama_lengkap[:150]
                changed += ["pegawai", "first_name"]
        if user.instansi_id is None and instansi_id is not None:
            user.instansi_id = instansi_id
            changed.append("instansi")
        if changed:
            user.save(update_fields=changed)
        if spec.role:
            user.groups.add(groups[spec.role])
        rows.append(
            UserRow(
                username=user.username,
                role=spec.role or "superuser",
                instansi=user.instansi.label if user.instansi_id else "",
                pegawai=user.pegawai.nama_lengkap if user.pegawai_id else "",
                created=created,
            )
        )
    return rows


# -- entry point -------------------------------------------------------------------------


def seed_demo(
    *,
    size: int,
    seed: int,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    proposals: int | None = None,
) -> SeedResult:
    """Create the demo data set (or whatever part of it is missing) in one transaction.

    ``proposals``: how many transfer proposals to add (default ``usulan.count_for(size)``).
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    result = SeedResult(size=size, seed=seed, today=today)
    before = _counts()
    # The proposals' services notify users by e-mail after commit; demo data must not send
    # hundreds of messages (to the console in development), so mail goes nowhere meanwhile.
    with override_settings(MAILERS=SILENT_MAILERS), transaction.atomic():
        bidang_ids = _ensure_bidang()
        instansi_ids = _ensure_instansi()
        refs = Refs(
            instansi=instansi_ids,
            unit=_ensure_units(instansi_ids),
            jabatan=_ensure_jabatan(bidang_ids),
            bidang=bidang_ids,
        )
        formasi = plan_formasi(size, seed, abk.effective_minutes())
        _ensure_formasi(formasi, refs)
        result.employees_skipped = demo_employees().exists()
        if not result.employees_skipped:
            _create_employees(formasi, refs, size=size, seed=seed, today=today, progress=progress)
        result.users = _ensure_users(instansi_ids)
        seed_usulan(
            total=count_for(size) if proposals is None else proposals, seed=seed, today=today
        )
    result.usulan_by_status = dict(
        demo_usulan().order_by().values_list("status").annotate(n=models.Count("pk"))
    )
    after = _counts()
    result.created = {name: after[name] - before[name] for name in after}
    result.seconds = time.monotonic() - started
    return result
