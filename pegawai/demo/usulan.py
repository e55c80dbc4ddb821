"""Demo transfer proposals: every state of the state machine, spread over the last 12 months.

Everything goes through the real services (create, document upload and check, transitions,
decree compose and issue, applying the move), so logs, snapshots, numbers, notifications and
the employees' position history are what the application itself writes. The services stamp
"now"; afterwards the timestamps are moved back with bulk UPDATEs to a planned timeline, so the
dashboard's months, queue ages and days per stage look like a year of real work.

Pure planning (who, which outcome, when) is seeded, so the same seed gives the same data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from instansi.models import Formasi, Instansi
from instansi.rekomendasi import rekomendasi_for_formasi
from instansi.selectors import formasi_annotated, formasi_shortage
from mutasi import services
from mutasi.models import (
    Alasan,
    AturanMutasi,
    DokumenUsulan,
    JenisUsulan,
    Notifikasi,
    Penomoran,
    Status,
    StatusDokumen,
    SuratKeputusan,
    UsulanLog,
    UsulanMutasi,
)
from mutasi.rules.common import shift_years
from mutasi.services.penerapan import usulan_apply
from pegawai.demo.common import add_months
from pegawai.demo.generator import DEMO_EMAIL_DOMAIN
from pegawai.models import Pegawai
from pontianak_mutasi.models import User

DEFAULT_SHARE = 0.05  # proposals per employee
MIN_PROPOSALS = 20
SK_MAX_PER_DECREE = 10  # settings.SIMUTASI["SK_INLINE_MAX"]: larger ones render in a worker
TZ_NAME = "Asia/Pontianak"
# Candidates scored exactly per formasi (the engine's default is 150): the demo takes only the
# first few of each, and the engine call is most of the seeding time.
PREFILTER_CAP = 40

# Final state → share of the proposals. Most are long finished (completed or refused); a
# handful wait in each queue.
OUTCOMES: tuple[tuple[str, float], ...] = (
    (Status.SELESAI, 0.40),
    (Status.DITOLAK, 0.07),
    (Status.TIDAK_MEMENUHI_SYARAT, 0.09),
    (Status.DIBATALKAN, 0.05),
    (Status.SK_TERBIT, 0.05),
    (Status.DISETUJUI, 0.05),
    (Status.MEMENUHI_SYARAT, 0.07),
    (Status.VERIFIKASI, 0.06),
    (Status.DIAJUKAN, 0.06),
    (Status.DIKEMBALIKAN, 0.05),
    (Status.DRAFT, 0.05),
)
# States whose proposals wait in someone's queue now: their last step is recent.
WAITING = {
    Status.DRAFT,
    Status.DIAJUKAN,
    Status.VERIFIKASI,
    Status.DIKEMBALIKAN,
    Status.MEMENUHI_SYARAT,
    Status.DISETUJUI,
}

# The smallest valid PDF the upload check accepts (header and EOF marker): a one-page blank.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

NOTES = {
    "kembalikan": (
        "Surat persetujuan melepas belum ditandatangani kepala perangkat daerah asal.",
        "SKP dua tahun terakhir belum lengkap; mohon unggah ulang.",
        "Anjab/ABK jabatan tujuan yang diunggah bukan tahun berjalan.",
    ),
    "nyatakan_tidak_memenuhi_syarat": (
        "Tidak memenuhi syarat sesuai hasil pemeriksaan aturan kelayakan.",
        "Masa jabatan dan kesesuaian pendidikan belum memenuhi ketentuan.",
    ),
    "tolak": (
        "Kebutuhan pegawai di perangkat daerah asal masih tinggi; usulan ditunda.",
        "Formasi tujuan akan diisi melalui seleksi terbuka.",
    ),
    "batalkan": (
        "Pegawai mengundurkan diri dari usulan.",
        "Usulan digabung dengan usulan lain dari perangkat daerah.",
    ),
}


@dataclass
class Plan:
    """One proposal to make: who, where to, by whom, its final state and its timeline."""

    pegawai: Pegawai
    formasi: Formasi
    outcome: str
    proposer: User
    returned_once: bool = False  # returned for revision once before going on
    alasan: str = Alasan.KEPENTINGAN_DINAS
    events: list[tuple[str, dt.datetime]] = field(default_factory=list)  # (log transition, when)
    usulan: UsulanMutasi | None = None
    sk_date: dt.date | None = None


@dataclass
class DemoUsers:
    admin: User
    admin_bkd: User
    verifikator: User
    pejabat: User
    operators: dict[int, User]  # agency id → its operator


def demo_usulan() -> QuerySet[UsulanMutasi]:
    """Proposals about demo employees (the marker seed_demo uses to stay idempotent)."""
    return UsulanMutasi.objects.filter(pegawai__email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def count_for(size: int, share: float = DEFAULT_SHARE) -> int:
    """The default number of demo proposals for ``size`` employees."""
    return max(MIN_PROPOSALS, round(size * share))


def _split(total: int) -> list[str]:
    """The outcome of each proposal: every state at least once, the rest by share."""
    counts = {state: 1 for state, _share in OUTCOMES}
    rest = total - len(OUTCOMES)
    raw = {state: share * rest for state, share in OUTCOMES}
    for state in raw:
        counts[state] += int(raw[state])
    left = total - sum(counts.values())
    for state in sorted(raw, key=lambda s: raw[s] - int(raw[s]), reverse=True)[:left]:
        counts[state] += 1
    return [state for state, _share in OUTCOMES for _i in range(counts[state])]


# -- candidates ---------------------------------------------------------------------------


def _candidates(
    total: int, users: DemoUsers
) -> tuple[list[tuple[Pegawai, Formasi]], list[tuple[Pegawai, Formasi]]]:
    """(eligible, ineligible) (employee, target formasi) pairs for shortage formasi, from the
    recommendation engine: the right field of study, moving from surplus towards the gap.
    At most half the gap of eligible employees per formasi, each employee once; stops as soon
    as there are enough for ``total`` proposals (one engine call per formasi is the cost)."""
    shortage = formasi_shortage(
        formasi_annotated(Formasi.objects.filter(instansi__is_external=False))
    ).select_related("instansi", "unit", "jabatan")
    linked = set(User.objects.filter(pegawai__isnull=False).values_list("pegawai_id", flat=True))
    operator_agencies = set(users.operators)
    # The operators' agencies first, so their home pages have proposals of their own.
    rows = sorted(
        shortage,
        key=lambda f: (f.instansi_id not in operator_agencies, -f.hasil.gap, f.pk),
    )
    # Refusals on eligibility want candidates the rules fail; the rest eligible ones.
    want_ineligible = Counter(_split(total))[Status.TIDAK_MEMENUHI_SYARAT] if total else 0
    taken: set[int] = set()
    seen: defaultdict[int, set[int]] = defaultdict(set)  # taken ones each position returned
    eligible: list[tuple[Pegawai, Formasi]] = []
    ineligible: list[tuple[Pegawai, Formasi]] = []
    for formasi in rows:
        if len(eligible) + min(len(ineligible), want_ineligible) >= total:
            break
        # At most half the gap: the shortages stay visible on the gap pages after the moves.
        if formasi.hasil.gap < 2:
            continue
        # The engine ranks by the position, so formasi of one position share their best
        # candidates: ask past those already taken.
        gap = formasi.hasil.gap
        # A larger shortage keeps at least three open (the demo's cases show "several").
        want = 1 if gap == 2 else min(gap // 2, gap - 3)
        skip = len(seen[formasi.jabatan_id])
        # Ranked afresh (kept=False): the demo's picks must not depend on the cache.
        result = rekomendasi_for_formasi(
            formasi, limit=want + skip, prefilter_cap=PREFILTER_CAP + skip, kept=False
        )
        got = 0
        for candidate in result.candidates:
            p = candidate.pegawai
            if got < want and p.pk not in taken and p.pk not in linked:
                taken.add(p.pk)
                eligible.append((p, formasi))
                got += 1
        for candidate in result.ineligible[:2]:
            p = candidate.pegawai
            if p.pk not in taken and p.pk not in linked:
                taken.add(p.pk)
                ineligible.append((p, formasi))
        seen[formasi.jabatan_id] |= {c.pegawai.pk for c in result.candidates} & (taken | linked)
    return eligible, ineligible


def _users() -> DemoUsers | None:
    by_name = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if set(by_name) != set(_USERNAMES):
        return None  # an administrator removed a demo account: no proposals
    operators = {}
    for name in ("operator_dinkes", "operator_diskominfo"):
        op = by_name[name]
        operators[op.instansi_id] = op
        # A UPT under the agency is the operator's too (permissions.in_agency_scope).
        for child in Instansi.objects.filter(induk_id=op.instansi_id).values_list("pk", flat=True):
            operators[child] = op
    return DemoUsers(
        admin=by_name["admin"],
        admin_bkd=by_name["admin_bkd"],
        verifikator=by_name["verifikator"],
        pejabat=by_name["pejabat"],
        operators=operators,
    )


_USERNAMES = (
    "admin",
    "admin_bkd",
    "verifikator",
    "pejabat",
    "operator_dinkes",
    "operator_diskominfo",
)


# -- timeline -----------------------------------------------------------------------------


class Clock:
    """Working-hours datetimes in Pontianak time, days apart."""

    def __init__(self, rng: random.Random, now: dt.datetime) -> None:
        self.rng = rng
        self.now = now
        self.tz = timezone.get_current_timezone()

    def at(self, day: dt.date) -> dt.datetime:
        t = dt.time(self.rng.randint(8, 14), self.rng.randint(0, 59))
        return min(dt.datetime.combine(day, t, tzinfo=self.tz), self.now)

    def later(self, when: dt.datetime, lo: int, hi: int) -> dt.datetime:
        day = when.astimezone(self.tz).date() + dt.timedelta(days=self.rng.randint(lo, hi))
        while day.weekday() >= 5:  # offices are closed at the weekend
            day += dt.timedelta(days=1)
        return max(self.at(day), when + dt.timedelta(minutes=5))


# The steps to each final state, with the days each takes (min, max).
def _steps(plan: Plan) -> list[tuple[str, int, int]]:
    head = [("ajukan", 1, 6), ("mulai_verifikasi", 1, 8)]
    if plan.returned_once:
        head += [("kembalikan", 2, 7), ("ajukan", 2, 10), ("mulai_verifikasi", 1, 5)]
    eligible = [*head, ("nyatakan_memenuhi_syarat", 3, 12)]
    return {
        Status.DRAFT: [],
        Status.DIAJUKAN: [("ajukan", 1, 6)],
        Status.VERIFIKASI: head,
        Status.DIKEMBALIKAN: [("ajukan", 1, 6), ("mulai_verifikasi", 1, 8), ("kembalikan", 2, 7)],
        Status.MEMENUHI_SYARAT: eligible,
        Status.TIDAK_MEMENUHI_SYARAT: [*head, ("nyatakan_tidak_memenuhi_syarat", 3, 12)],
        Status.DITOLAK: [*eligible, ("tolak", 2, 20)],
        Status.DISETUJUI: [*eligible, ("setujui", 2, 20)],
        Status.SK_TERBIT: [*eligible, ("setujui", 2, 20)],
        Status.SELESAI: [*eligible, ("setujui", 2, 20)],
        Status.DIBATALKAN: [("ajukan", 1, 6), ("batalkan", 2, 15)],
    }[plan.outcome]


def _timeline(plan: Plan, clock: Clock, today: dt.date) -> list[tuple[str, dt.datetime]]:
    """When each step happened. Waiting proposals end recently (some past the 14-day queue
    limit); finished ones anywhere in the last year."""
    rng = clock.rng
    steps = _steps(plan)
    if plan.outcome in WAITING or plan.outcome == Status.SK_TERBIT:
        # Waiting days in the current state: about a third overdue.
        wait = rng.randint(16, 40) if rng.random() < 0.35 else rng.randint(1, 12)
        span = sum(hi for _t, _lo, hi in steps) + 2
        start = clock.at(today - dt.timedelta(days=wait + span))
    else:
        # A completed move needs time for its decree and TMT (first of a later month).
        oldest = 130 if plan.outcome == Status.SELESAI else 30
        start = clock.at(today - dt.timedelta(days=rng.randint(oldest, 360)))
    events = [("buat", start)]
    when = start
    for transition, lo, hi in steps:
        when = clock.later(when, lo, hi)
        events.append((transition, when))
    return events


# -- the seeding --------------------------------------------------------------------------


def seed_usulan(*, total: int, seed: int, today: dt.date) -> int:
    """Create ``total`` demo proposals unless there are some already; returns how many were
    made (fewer when the province has too few shortages and candidates)."""
    if total <= 0 or demo_usulan().exists():
        return 0
    users = _users()
    if users is None:
        return 0
    rng = random.Random(f"{seed}:usulan")
    eligible, ineligible = _candidates(total, users)
    # As many as the candidates allow, with eligible ones for every outcome but the refusal
    # on eligibility.
    n = min(total, len(eligible) + len(ineligible))
    while n > 0 and n - Counter(_split(n))[Status.TIDAK_MEMENUHI_SYARAT] > len(eligible):
        n -= 1
    outcomes = _split(n)
    rng.shuffle(outcomes)
    # Refusals on eligibility take the candidates the rules fail; everything else eligible ones.
    plans: list[Plan] = []
    for outcome in sorted(outcomes, key=lambda s: s != Status.TIDAK_MEMENUHI_SYARAT):
        pool = ineligible if outcome == Status.TIDAK_MEMENUHI_SYARAT and ineligible else eligible
        if not pool:
            pool = ineligible or eligible
        if not pool:
            break
        pegawai, formasi = pool.pop(0)
        proposer = users.operators.get(formasi.instansi_id) or users.operators.get(
            pegawai.instansi_id, users.admin
        )
        plans.append(
            Plan(
                pegawai=pegawai,
                formasi=formasi,
                outcome=outcome,
                proposer=proposer,
                returned_once=outcome in (Status.SELESAI, Status.DITOLAK) and rng.random() < 0.2,
                alasan=Alasan.PERMINTAAN_SENDIRI
                if rng.random() < 0.15
                else Alasan.KEPENTINGAN_DINAS,
            )
        )
    clock = Clock(rng, timezone.now())
    for plan in plans:
        plan.events = _timeline(plan, clock, today)
    plans.sort(key=lambda p: p.events[0][1])
    timemap = TimeMap()
    for plan in plans:
        _run(plan, users, rng, timemap)
    decreed = [p for p in plans if p.outcome in (Status.SK_TERBIT, Status.SELESAI)]
    _issue_decrees(decreed, users, clock, today, timemap)
    _backdate([p.usulan.pk for p in plans], timemap)
    _renumber([p.usulan.pk for p in plans])
    return len(plans)


class TimeMap:
    """Real service time → planned demo time.

    Before each service call the seeder marks the planned time of that step; every row the
    call writes (log, notification, document, decree) carries a real timestamp between this
    mark and the next, so it maps to the step's planned time (plus the real offset, which
    keeps the rows of one step in their order).
    """

    def __init__(self) -> None:
        self.real: list[dt.datetime] = []
        self.planned: list[dt.datetime] = []

    def mark(self, planned: dt.datetime) -> None:
        self.real.append(timezone.now())
        self.planned.append(planned)

    def __call__(self, real: dt.datetime | None) -> dt.datetime | None:
        if real is None:
            return None
        i = bisect.bisect_right(self.real, real) - 1
        if i < 0:
            return real  # written before the demo proposals (not ours)
        return self.planned[i] + (real - self.real[i])


def _actor(transition: str, plan: Plan, users: DemoUsers) -> User:
    if transition in ("ajukan", "batalkan"):
        return plan.proposer
    if transition in ("setujui", "tolak"):
        return users.pejabat
    return users.verifikator


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, TINY_PDF, content_type="application/pdf")


def _upload(plan: Plan, persyaratan, timemap: TimeMap, when: dt.datetime) -> None:
    timemap.mark(when)
    services.dokumen_upload(
        actor=plan.proposer,
        usulan=plan.usulan,
        persyaratan=persyaratan,
        berkas=_pdf(f"{persyaratan.kode}.pdf"),
    )


def _review(plan, users, timemap, when, *, valid: bool = True, limit: int | None = None) -> None:
    pending = DokumenUsulan.objects.filter(usulan=plan.usulan).exclude(status=StatusDokumen.VALID)
    for i, dokumen in enumerate(pending.select_related("persyaratan")[:limit]):
        timemap.mark(when + dt.timedelta(minutes=7 * i))
        services.dokumen_review(
            actor=users.verifikator,
            dokumen=dokumen,
            status=StatusDokumen.VALID if valid else StatusDokumen.TIDAK_VALID,
            catatan="" if valid else "Dokumen tidak terbaca / belum ditandatangani.",
        )


def _tmt_rencana(pegawai: Pegawai, created: dt.date) -> dt.date:
    """Two months after the request, and not before the employee has served the minimum in
    post (the candidates were chosen for a TMT of today; the services check the rules on the
    proposal's own, back-dated one)."""
    if not pegawai.tmt_jabatan:
        return add_months(created, 2)
    served = shift_years(pegawai.tmt_jabatan, AturanMutasi.load().min_tahun_jabatan)
    return max(add_months(created, 2), add_months(served.replace(day=1), 1))


def _run(plan: Plan, users: DemoUsers, rng: random.Random, timemap: TimeMap) -> None:
    """Create the proposal and take it through its steps, as its users would."""
    created = plan.events[0][1]
    timemap.mark(created)
    formasi = plan.formasi
    plan.usulan = services.usulan_create(
        actor=plan.proposer,
        pegawai=plan.pegawai,
        jenis_mutasi=JenisUsulan.INTRA,
        tujuan_instansi=formasi.instansi,
        tujuan_unit=formasi.unit,
        tujuan_jabatan=formasi.jabatan,
        tmt_rencana=_tmt_rencana(plan.pegawai, created.date()),
        alasan=plan.alasan,
    )
    checklist = list(services.persyaratan_for(plan.usulan))
    if plan.outcome == Status.DRAFT:
        checklist = checklist[: rng.randint(1, max(1, len(checklist) - 2))]  # still filling in
    for i, persyaratan in enumerate(checklist):
        _upload(plan, persyaratan, timemap, created + dt.timedelta(minutes=20 + 3 * i))
    previous = created
    for transition, when in plan.events[1:]:
        if transition == "kembalikan":
            _review(plan, users, timemap, when - dt.timedelta(hours=1), valid=False, limit=1)
        elif transition == "ajukan" and plan.usulan.status == Status.DIKEMBALIKAN:
            rejected = DokumenUsulan.objects.filter(
                usulan=plan.usulan, status=StatusDokumen.TIDAK_VALID
            ).select_related("persyaratan")
            for dokumen in rejected:
                _upload(plan, dokumen.persyaratan, timemap, when - dt.timedelta(hours=2))
        elif transition in ("nyatakan_memenuhi_syarat", "nyatakan_tidak_memenuhi_syarat"):
            _review(plan, users, timemap, previous + dt.timedelta(hours=2))
        timemap.mark(when)
        plan.usulan = services.usulan_transition(
            actor=_actor(transition, plan, users),
            usulan=plan.usulan,
            transition=transition,
            note=rng.choice(NOTES[transition]) if transition in NOTES else "",
        )
        previous = when
    if plan.outcome == Status.VERIFIKASI:
        # Part-way through the document check.
        _review(plan, users, timemap, previous + dt.timedelta(hours=1), limit=rng.randint(0, 4))


def _issue_decrees(
    plans: list[Plan], users: DemoUsers, clock: Clock, today: dt.date, timemap: TimeMap
) -> None:
    """Completed moves: one collective decree per month of approval (at most SK_MAX_PER_DECREE
    each; one alone makes an individual decree). Decrees awaiting their TMT: individual."""
    rng = clock.rng
    batches: list[tuple[dt.date, dt.date, list[Plan]]] = []
    by_month: dict[tuple[int, int], list[Plan]] = defaultdict(list)
    for plan in plans:
        approved = plan.events[-1][1].astimezone(clock.tz).date()
        if plan.outcome == Status.SK_TERBIT:
            tanggal = min(today, approved + dt.timedelta(days=rng.randint(2, 8)))
            batches.append((tanggal, add_months(today, 1), [plan]))
        else:
            by_month[(approved.year, approved.month)].append(plan)
    for group in by_month.values():
        for i in range(0, len(group), SK_MAX_PER_DECREE):
            chunk = group[i : i + SK_MAX_PER_DECREE]
            last = max(p.events[-1][1].astimezone(clock.tz).date() for p in chunk)
            tanggal = last + dt.timedelta(days=rng.randint(3, 10))
            batches.append((tanggal, add_months(tanggal, 1), chunk))
    # Signed on the Gubernur's behalf by the head of the BKD (the demo "pejabat"), as a
    # delegated PPK signs (DOMAIN.md §1).
    kepala = users.pejabat.pegawai
    signatory = {
        "penandatangan_nama": kepala.nama_lengkap if kepala else "Kepala BKD",
        "penandatangan_nip": kepala.nip if kepala else "",
        "penandatangan_jabatan": "Kepala Badan Kepegawaian Daerah",
        "atas_nama": "a.n. GUBERNUR KALIMANTAN BARAT",
    }
    # Issued in date order, so each year's sequence follows the dates of enactment.
    for tanggal, tmt, chunk in sorted(batches, key=lambda b: (b[0], b[2][0].usulan.pk)):
        timemap.mark(clock.at(tanggal) - dt.timedelta(hours=3))
        sk = services.sk_compose(
            actor=users.admin_bkd,
            usulan_ids=[p.usulan.pk for p in chunk],
            tanggal_penetapan=tanggal,
            tmt=tmt,
            **signatory,
        )
        timemap.mark(clock.at(tanggal))
        services.sk_issue(actor=users.admin_bkd, sk=sk)
        if tmt <= today:
            for plan in chunk:
                timemap.mark(clock.at(tmt).replace(hour=7, minute=0))
                usulan_apply(usulan_id=plan.usulan.pk, today=today)


# -- back-dating --------------------------------------------------------------------------


def _shift(qs: QuerySet, fields: list[str], timemap: TimeMap) -> list:
    rows = list(qs.only("pk", *fields))
    for row in rows:
        for name in fields:
            setattr(row, name, timemap(getattr(row, name)))
    # bulk_update writes through UPDATE … CASE, never save(): auto_now is left alone.
    qs.model.objects.bulk_update(rows, fields, batch_size=500)
    return rows


def _backdate(ids: list[int], timemap: TimeMap) -> None:
    """Move every timestamp the services wrote to the planned timeline."""
    usulan = UsulanMutasi.objects.filter(pk__in=ids)
    _shift(
        usulan,
        ["created_at", "updated_at", "diajukan_at", "diputuskan_at", "status_sejak"],
        timemap,
    )
    _shift(DokumenUsulan.objects.filter(usulan__in=ids), ["diunggah_at", "diperiksa_at"], timemap)
    _shift(
        SuratKeputusan.objects.filter(usulan__in=ids).distinct(),
        ["created_at", "updated_at", "diterbitkan_at"],
        timemap,
    )
    notes = _shift(Notifikasi.objects.filter(usulan__in=ids), ["created_at"], timemap)
    # Older notifications have been read; the last few days' are still new.
    read_before = timemap.planned[-1] - dt.timedelta(days=3) if timemap.planned else None
    for note in notes:
        note.read_at = note.created_at + dt.timedelta(hours=2)
    Notifikasi.objects.bulk_update(
        [n for n in notes if read_before and n.created_at < read_before], ["read_at"], 500
    )
    # UsulanLog is append-only: the model refuses save() and, on PostgreSQL, a trigger refuses
    # any UPDATE. The demo rewrites the times of the rows it has just written, in the same
    # transaction, by switching that trigger off around one UPDATE. ALTER TABLE takes an
    # ACCESS EXCLUSIVE lock held until commit, so no other session ever sees the table
    # without its trigger, and a failure rolls the switch back with everything else.
    # (Inserting back-dated rows directly would bypass the services this data is meant to
    # exercise; a second, bypassing database role would be more machinery for demo data.)
    table = connection.ops.quote_name(UsulanLog._meta.db_table)
    trigger = "mutasi_usulanlog_no_update_delete"  # mutasi migration 0002
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            # ALTER TABLE refuses while deferred checks (Django's foreign keys) are pending:
            # run them now, and defer again afterwards.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            _shift(UsulanLog.objects.filter(usulan__in=ids), ["created_at"], timemap)
        finally:
            if postgres:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _renumber(ids: list[int]) -> None:
    """UM-year-sequence by the (back-dated) creation year, in creation order.

    The service numbered every proposal in the current year. The demo proposals were all
    numbered in one locked run, so renumbering them within the current year's used range and
    moving the earlier-year ones to their year's counter leaves every sequence gapless.
    """
    rows = list(UsulanMutasi.objects.filter(pk__in=ids).order_by("created_at", "pk"))
    this_year = timezone.localdate().year
    counters = {}
    for year in {this_year, *(timezone.localtime(r.created_at).year for r in rows)}:
        counters[year], _new = Penomoran.objects.get_or_create(kode="UM", tahun=year)
    # All of them took this year's numbers: the year's counter goes back by that many.
    base = {year: c.terakhir for year, c in counters.items()}
    base[this_year] -= len(rows)
    counts: Counter[int] = Counter(dict.fromkeys(counters, 0))
    for row in rows:
        year = timezone.localtime(row.created_at).year
        counts[year] += 1
        row.nomor = f"UM-{year}-{base[year] + counts[year]:06d}"
    # Two passes: the unique index on nomor is checked row by row.
    UsulanMutasi.objects.filter(pk__in=ids).update(nomor=Concat(Value("tmp-"), "pk"))
    UsulanMutasi.objects.bulk_update(rows, ["nomor"], batch_size=500)
    for year, n in counts.items():
        Penomoran.objects.filter(kode="UM", tahun=year).update(terakhir=base[year] + n)
