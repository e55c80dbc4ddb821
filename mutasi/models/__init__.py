"""Models of the mutasi app: proposals and their trail (``usulan``), decrees (``sk``)."""

from mutasi.models.sk import (
    JenisSK,
    StatusSK,
    SuratKeputusan,
    TemplateSK,
)
from mutasi.models.usulan import (
    ATURAN,
    OPEN_STATES,
    WITHDRAWABLE_STATES,
    Alasan,
    AturanMutasi,
    DokumenUsulan,
    JenisUsulan,
    Notifikasi,
    PengecualianAturan,
    Penomoran,
    PersyaratanDokumen,
    Status,
    StatusDokumen,
    UsulanLog,
    UsulanMutasi,
    dokumen_upload_to,
)

__all__ = [
    "ATURAN",
    "OPEN_STATES",
    "WITHDRAWABLE_STATES",
    "Alasan",
    "AturanMutasi",
    "DokumenUsulan",
    "JenisSK",
    "JenisUsulan",
    "Notifikasi",
    "PengecualianAturan",
    "Penomoran",
    "PersyaratanDokumen",
    "Status",
    "StatusDokumen",
    "StatusSK",
    "SuratKeputusan",
    "TemplateSK",
    "UsulanLog",
    "UsulanMutasi",
    "dokumen_upload_to",
]
