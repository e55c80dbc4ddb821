"""Reference vocabularies for personnel data (DOMAIN.md §4–§9).

Plain constants and pure functions, importable from any app without touching models.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Golongan(models.TextChoices):
    """Pangkat/golongan ruang, stored as the 2-digit SIASN code so it sorts by rank."""

    I_A = "11", "I/a – Juru Muda"
    I_B = "12", "I/b – Juru Muda Tingkat I"
    I_C = "13", "I/c – Juru"
    I_D = "14", "I/d – Juru Tingkat I"
    II_A = "21", "II/a – Pengatur Muda"
    II_B = "22", "II/b – Pengatur Muda Tingkat I"
    II_C = "23", "II/c – Pengatur"
    II_D = "24", "II/d – Pengatur Tingkat I"
    III_A = "31", "III/a – Penata Muda"
    III_B = "32", "III/b – Penata Muda Tingkat I"
    III_C = "33", "III/c – Penata"
    III_D = "34", "III/d – Penata Tingkat I"
    IV_A = "41", "IV/a – Pembina"
    IV_B = "42", "IV/b – Pembina Tingkat I"
    IV_C = "43", "IV/c – Pembina Utama Muda"
    IV_D = "44", "IV/d – Pembina Utama Madya"
    IV_E = "45", "IV/e – Pembina Utama"


ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_ROMAN_TO_DIGIT = {v: k for k, v in ROMAN.items()}
_LETTER_TO_DIGIT = {"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}


def golongan_ruang(code: str) -> str:
    """'31' → 'III/a'."""
    if not code or len(code) != 2:
        return ""
    return f"{ROMAN[code[0]]}/{'abcde'[int(code[1]) - 1]}"


def golongan_pangkat(code: str) -> str:
    """'31' → 'Penata Muda'."""
    label = dict(Golongan.choices).get(code, "")
    return str(label).split(" – ", 1)[-1] if label else ""


#: Golongan.values builds a new list on every access; parse_golongan runs once per imported row.
_GOLONGAN_CODES = frozenset(Golongan.values)


def parse_golongan(value: object) -> str:
    """Accept 'III/a', 'III-a', 'iii/a', 'III/a Penata Muda', '31' or 31 and return the code.

    Raises ValueError with an Indonesian-ready message key when the value is not a golongan.
    """
    text = str(value).strip()
    if not text:
        return ""
    if text.endswith(".0"):  # 31.0 from a spreadsheet number cell
        text = text[:-2]
    if text.isdigit():
        if text in _GOLONGAN_CODES:
            return text
        raise ValueError(text)
    head = text.split()[0].replace("-", "/").replace(".", "/")
    if "/" in head:
        roman, _sep, letter = head.partition("/")
        digit = _ROMAN_TO_DIGIT.get(roman.upper())
        sub = _LETTER_TO_DIGIT.get(letter.lower())
        if digit and sub and digit + sub in _GOLONGAN_CODES:
            return digit + sub
    raise ValueError(text)


class JenjangPendidikan(models.TextChoices):
    SD = "SD", "SD"
    SMP = "SMP", "SMP"
    SMA = "SMA", "SMA/SMK"
    D1 = "D1", "D-I"
    D2 = "D2", "D-II"
    D3 = "D3", "D-III"
    D4 = "D4", "D-IV"
    S1 = "S1", "S-1"
    S2 = "S2", "S-2"
    S3 = "S3", "S-3"


# Rank of each education level; D-IV and S-1 are equivalent for appointments.
PENDIDIKAN_RANK = {
    "SD": 1,
    "SMP": 2,
    "SMA": 3,
    "D1": 4,
    "D2": 5,
    "D3": 6,
    "D4": 7,
    "S1": 7,
    "S2": 8,
    "S3": 9,
}


class PredikatKinerja(models.TextChoices):
    """PermenPANRB 6/2022 annual performance ratings."""

    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


def predikat_from_nilai(nilai: float) -> str:
    """Map a PP 46/2011 score to today's predikat.

    91–100 Sangat Baik, 76–90 Baik, 61–75 Cukup, 51–60 Kurang, ≤ 50 Buruk. The old 'Cukup'
    becomes 'Butuh Perbaikan' and 'Buruk' becomes 'Sangat Kurang' (closest current rating).
    """
    if nilai is None:
        raise ValueError("nilai")
    if nilai < 0 or nilai > 100:
        raise ValueError(nilai)
    # Scores are compared against the lower bound of each band, so 90.99 is still Baik.
    if nilai >= 91:
        return PredikatKinerja.SANGAT_BAIK
    if nilai >= 76:
        return PredikatKinerja.BAIK
    if nilai >= 61:
        return PredikatKinerja.BUTUH_PERBAIKAN
    if nilai >= 51:
        return PredikatKinerja.KURANG
    return PredikatKinerja.SANGAT_KURANG


GOOD_PREDIKAT = {PredikatKinerja.SANGAT_BAIK, PredikatKinerja.BAIK}


class TingkatHukuman(models.TextChoices):
    RINGAN = "ringan", _("Light")
    SEDANG = "sedang", _("Moderate")
    BERAT = "berat", _("Severe")


class JenisHukuman(models.TextChoices):
    """PP 94/2021 Pasal 8."""

    TEGURAN_LISAN = "teguran_lisan", "Teguran lisan"
    TEGURAN_TERTULIS = "teguran_tertulis", "Teguran tertulis"
    PERNYATAAN_TIDAK_PUAS = "pernyataan_tidak_puas", "Pernyataan tidak puas secara tertulis"
    POTONG_TUKIN_6 = "potong_tukin_6", "Pemotongan tunjangan kinerja 25% selama 6 bulan"
    POTONG_TUKIN_9 = "potong_tukin_9", "Pemotongan tunjangan kinerja 25% selama 9 bulan"
    POTONG_TUKIN_12 = "potong_tukin_12", "Pemotongan tunjangan kinerja 25% selama 12 bulan"
    PENURUNAN_JABATAN = (
        "penurunan_jabatan",
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
    )
    PEMBEBASAN_JABATAN = (
        "pembebasan_jabatan",
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
    )
    PEMBERHENTIAN = "pemberhentian", "Pemberhentian dengan hormat tidak atas permintaan sendiri"


TINGKAT_OF_JENIS = {
    JenisHukuman.TEGURAN_LISAN: TingkatHukuman.RINGAN,
    JenisHukuman.TEGURAN_TERTULIS: TingkatHukuman.RINGAN,
    JenisHukuman.PERNYATAAN_TIDAK_PUAS: TingkatHukuman.RINGAN,
    JenisHukuman.POTONG_TUKIN_6: TingkatHukuman.SEDANG,
    JenisHukuman.POTONG_TUKIN_9: TingkatHukuman.SEDANG,
    JenisHukuman.POTONG_TUKIN_12: TingkatHukuman.SEDANG,
    JenisHukuman.PENURUNAN_JABATAN: TingkatHukuman.BERAT,
    JenisHukuman.PEMBEBASAN_JABATAN: TingkatHukuman.BERAT,
    JenisHukuman.PEMBERHENTIAN: TingkatHukuman.BERAT,
}


class JenisMutasi(models.TextChoices):
    """DOMAIN.md §2, plus the non-mutasi events a position history also records."""

    INTRA = "intra", _("Between agencies within the province")
    KABKOTA_PROV = "kabkota_prov", _("Regency/city ↔ province")
    ANTAR_KABKOTA = "antar_kabkota", _("Between regencies/cities")
    ANTAR_PROV = "antar_prov", _("Between provinces")
    PUSAT = "pusat", _("To/from a central agency")
    PENGANGKATAN = "pengangkatan", _("Appointment")
    PROMOSI = "promosi", _("Promotion")
    ROTASI = "rotasi", _("Rotation within the agency")
