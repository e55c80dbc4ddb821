"""The decree PDF (DOMAIN.md §10): snapshot, full decree, petikan (extract).

``snapshot_for`` gathers everything the PDF prints into a JSON-serialisable dict; an issued
decree is always rendered from its frozen ``sk.snapshot`` ("Documents are snapshots", STYLE.md),
a draft from live data. Rendering is WeasyPrint on a Django template; fonts, the emblem and
the QR code are local (no network access while rendering).
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from collections.abc import Callable
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from mutasi.models import JenisSK, SuratKeputusan
from pegawai.nip import format_nip
from pegawai.referensi import golongan_pangkat, golongan_ruang

SNAPSHOT_VERSION = 1

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# The first dictum for one person, used for each employee's petikan of a collective decree
# when no default template provides one (same wording as migration 0004).
KESATU_INDIVIDU = (
    "Memindahkan Pegawai Negeri Sipil atas nama {nama}, NIP {nip}, dari jabatan {jabatan_lama} "
    "ke jabatan {jabatan_baru}, terhitung mulai tanggal {tmt}."
)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
DEFAULT_KOP_IMAGE = STATIC_DIR / "img" / "lambang-kalbar.svg"
STYLESHEET = STATIC_DIR / "css" / "sk.css"


# -- small helpers ---------------------------------------------------------------------------
def indonesian_date(d: dt.date | None) -> str:
    """28 November 2026, whatever the active language."""
    if d is None:
        return ""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def verification_url(sk: SuratKeputusan) -> str:
    base = settings.SIMUTASI["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/verifikasi/{sk.token}/"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(text: str, values: dict) -> str:
    """Fill {placeholders}; unknown ones stay as written, a malformed text is left as is."""
    try:
        return text.format_map(_KeepMissing(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


def _jabatan_phrase(jabatan: str, unit: str, instansi: str) -> str:
    """'Analis Kepegawaian pada Bidang Mutasi, Badan Kepegawaian Daerah'."""
    tempat = ", ".join(part for part in (unit, instansi) if part)
    if jabatan and tempat:
        return f"{jabatan} pada {tempat}"
    return jabatan or tempat


def _jenis_label(usulan) -> str:
    with translation.override("id"):
        return str(usulan.get_jenis_mutasi_display())


def _pegawai_entry(usulan) -> dict:
    pegawai = usulan.pegawai
    golongan = usulan.asal_golongan or pegawai.golongan
    return {
        "usulan_id": usulan.pk,
        "usulan_nomor": usulan.nomor,
        "nama": pegawai.nama_lengkap,
        "nip": pegawai.nip,
        "nip_display": format_nip(pegawai.nip),
        "golongan": golongan_ruang(golongan),
        "pangkat": golongan_pangkat(golongan),
        "jabatan_lama": usulan.asal_jabatan.nama if usulan.asal_jabatan_id else "",
        "unit_lama": usulan.asal_unit.nama if usulan.asal_unit_id else "",
        "instansi_lama": usulan.asal_instansi.nama,
        "jabatan_baru": usulan.tujuan_jabatan.nama,
        "unit_baru": usulan.tujuan_unit.nama if usulan.tujuan_unit_id else "",
        "instansi_baru": usulan.tujuan_instansi.nama,
        "ket": _jenis_label(usulan),
    }


def _placeholders(entry: dict, tmt: str) -> dict:
    return {
        "nama": entry["nama"],
        "nip": entry["nip_display"],
        "jabatan_lama": _jabatan_phrase(
            entry["jabatan_lama"], entry["unit_lama"], entry["instansi_lama"]
        ),
        "jabatan_baru": _jabatan_phrase(
            entry["jabatan_baru"], entry["unit_baru"], entry["instansi_baru"]
        ),
        "tmt": tmt,
    }


def _kesatu_individu_template() -> str:
    from mutasi.models import TemplateSK

    template = TemplateSK.objects.filter(is_default=True).first()
    return template.diktum_kesatu_individu if template else KESATU_INDIVIDU


def _mencabut(sk: SuratKeputusan) -> dict | None:
    """The decree this one corrects/revokes: its number and date, printed as a dictum."""
    if not sk.mencabut_id:
        return None
    old = sk.mencabut
    return {
        "nomor": old.nomor or "",
        "tanggal_penetapan_id": indonesian_date(old.tanggal_penetapan),
    }


# -- snapshot ----------------------------------------------------------------------------------
def snapshot_for(sk: SuratKeputusan) -> dict:
    """Everything the decree prints, JSON-serialisable; frozen into ``sk.snapshot`` at issue."""
    proposals = (
        sk.usulan.select_related(
            "pegawai",
            "asal_instansi",
            "asal_unit",
            "asal_jabatan",
            "tujuan_instansi",
            "tujuan_unit",
            "tujuan_jabatan",
        )
        .order_by("pegawai__nama", "pegawai__nip")
        .all()
    )
    tmt = indonesian_date(sk.tmt)
    pegawai = [_pegawai_entry(u) for u in proposals]
    individu = sk.jenis == JenisSK.INDIVIDU
    kesatu_individu = sk.diktum_kesatu if individu else _kesatu_individu_template()
    for entry in pegawai:
        # The first dictum naming only this person: the decree's own text for an individual
        # decree, the one-person wording for each petikan of a collective one.
        entry["diktum_kesatu"] = _fill(kesatu_individu, _placeholders(entry, tmt))

    if individu and len(pegawai) == 1:
        kesatu = pegawai[0]["diktum_kesatu"]
    else:
        kesatu = _fill(sk.diktum_kesatu, {"tmt": tmt})

    return {
        "versi": SNAPSHOT_VERSION,
        "jenis": sk.jenis,
        "nomor": sk.nomor or "",
        "tahun": sk.tahun,
        "tanggal_penetapan": sk.tanggal_penetapan.isoformat(),
        "tanggal_penetapan_id": indonesian_date(sk.tanggal_penetapan),
        "tmt": sk.tmt.isoformat(),
        "tmt_id": tmt,
        "tempat": sk.tempat,
        "penandatangan": {
            "nama": sk.penandatangan_nama,
            "nip": sk.penandatangan_nip,
            "nip_display": format_nip(sk.penandatangan_nip),
            "jabatan": sk.penandatangan_jabatan,
            "atas_nama": sk.atas_nama,
        },
        "menimbang": _lines(sk.menimbang),
        "mengingat": _lines(sk.mengingat),
        "diktum": {
            "kesatu": kesatu,
            "kedua": sk.diktum_kedua.strip(),
            "ketiga": sk.diktum_ketiga.strip(),
        },
        "tembusan": _lines(sk.tembusan),
        "mencabut": _mencabut(sk),
        "verification_url": verification_url(sk),
        "pegawai": pegawai,
    }


# -- rendering ---------------------------------------------------------------------------------
def _huruf(index: int) -> str:
    """0 → 'a', 25 → 'z', 26 → 'aa' (Menimbang points are lettered)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _data_uri(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def kop_image() -> str:
    """The letterhead emblem as a data URI: SIMUTASI["KOP_IMAGE"] when set, else our SVG."""
    configured = settings.SIMUTASI.get("KOP_IMAGE")
    if configured and not Path(configured).is_absolute():
        # An uploaded file: a name in the media storage (a folder or a bucket), read through
        # the storage API, never as a path under MEDIA_ROOT.
        try:
            with default_storage.open(configured, "rb") as f:
                return _data_uri(f.read(), _mime(configured))
        except (OSError, SuspiciousFileOperation):
            configured = ""  # missing, or a name outside the storage: our emblem
    path = Path(configured) if configured else DEFAULT_KOP_IMAGE
    if not path.is_file():
        path = DEFAULT_KOP_IMAGE
    return _data_uri(path.read_bytes(), _mime(path.name))


def _mime(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "image/svg+xml"


def qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


def _unbreakable_nips(data: dict) -> dict:
    """A NIP in running text never breaks across lines: its spaces become no-break spaces."""
    diktum = dict(data["diktum"])
    for entry in data["pegawai"]:
        nip = entry.get("nip_display") or ""
        if nip:
            for key, text in diktum.items():
                fixed = nip.replace(" ", "\u00a0")
                text = text.replace(f"NIP {nip}", f"NIP\u00a0{fixed}")
                diktum[key] = text.replace(nip, fixed)
    return {**data, "diktum": diktum}


def _context(data: dict, *, draft: bool) -> dict:
    data = _unbreakable_nips(data)
    return {
        "sk": data,
        "menimbang": [(_huruf(i), item) for i, item in enumerate(data["menimbang"])],
        "kolektif": data["jenis"] == JenisSK.KOLEKTIF,
        "draft": draft,
        "kop_image": kop_image(),
        "qr": qr_data_uri(data["verification_url"]),
        "css": STYLESHEET.read_text(encoding="utf-8"),
    }


def _write_pdf(html: str, progress: Callable[[int], None] | None = None) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is really made

    document = HTML(string=html, base_url=str(STATIC_DIR)).render()
    if progress:
        progress(90)
    return document.write_pdf()


def _data_for(sk: SuratKeputusan) -> dict:
    if sk.is_issued and sk.snapshot:
        return sk.snapshot
    return snapshot_for(sk)


def render_sk_pdf(
    sk: SuratKeputusan,
    *,
    draft: bool = False,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The full decree; an issued one from its snapshot. ``draft`` adds a DRAF watermark."""
    context = _context(_data_for(sk), draft=draft)
    html = render_to_string("sk/sk.html", context)
    if progress:
        progress(10)
    pdf = _write_pdf(html, progress)
    if progress:
        progress(100)
    return pdf


def render_petikan_pdf(sk: SuratKeputusan, usulan_id: int, *, draft: bool | None = None) -> bytes:
    """The extract (petikan) for one employee of the decree: no one else is named in it.

    A draft decree's petikan carries the watermark unless ``draft`` says otherwise.
    """
    data = _data_for(sk)
    entries = [e for e in data["pegawai"] if e.get("usulan_id") == usulan_id]
    if not entries:
        raise LookupError(f"Proposal {usulan_id} is not in decree {sk.pk}.")
    entry = entries[0]
    petikan = {**data, "pegawai": [entry]}
    petikan["diktum"] = {**data["diktum"], "kesatu": entry["diktum_kesatu"]}
    # Copies to "the heads of the OPD concerned" stay generic; the PNS receives the petikan.
    context = _context(petikan, draft=(not sk.is_issued) if draft is None else draft)
    context.update({"petikan": True, "kolektif": False, "penerima": entry})
    return _write_pdf(render_to_string("sk/petikan.html", context))
