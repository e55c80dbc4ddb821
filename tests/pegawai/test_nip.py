import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pegawai import nip

VALID = "198503122010011003"


def test_valid_pns_nip_decodes_every_part():
    info = nip.parse(VALID)
    assert info.is_valid
    assert info.kind == "pns"
    assert info.tanggal_lahir == dt.date(1985, 3, 12)
    assert info.tmt_cpns == dt.date(2010, 1, 1)
    assert info.jenis_kelamin == "L"
    assert nip.format_nip(VALID) == "19850312 201001 1 003"


def test_female_gender_digit():
    assert nip.parse("199001012015032001").jenis_kelamin == "P"


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("19850312201001100", "18 digits"),  # 17 digits
        ("1985031220100110031", "18 digits"),  # 19 digits
        ("19850312201001100X", "18 digits"),
        ("198513122010011003", "birth date"),  # month 13
        ("198502302010011003", "birth date"),  # 30 February
        ("198503122010131003", "TMT CPNS"),  # TMT month 13
        ("198503122010001003", "TMT CPNS"),  # TMT month 00
        ("198503122010013003", "Digit 15"),  # gender 3
        ("198503122010010003", "Digit 15"),  # gender 0
        ("198503122010011000", "serial"),
        ("198503121980011003", "before the birth date"),
    ],
)
def test_invalid_nip_is_an_error(value, fragment):
    info = nip.parse(value)
    assert not info.is_valid
    assert any(fragment in e for e in info.errors), info.errors
    with pytest.raises(ValidationError):
        nip.validate_nip(value)


def test_mismatch_with_record_is_only_a_warning():
    info = nip.parse(VALID)
    warnings = nip.cross_check(
        info,
        tanggal_lahir=dt.date(1985, 3, 13),
        tmt_cpns=dt.date(2011, 1, 1),
        jenis_kelamin="P",
    )
    assert info.is_valid
    assert len(warnings) == 3
    assert "12-03-1985" in warnings[0] and "13-03-1985" in warnings[0]
    nip.validate_nip(VALID)  # no exception: warnings never block


def test_matching_record_has_no_warning():
    info = nip.parse(VALID)
    assert (
        nip.cross_check(
            info,
            tanggal_lahir=dt.date(1985, 3, 12),
            tmt_cpns=dt.date(2010, 1, 15),  # same month counts as matching
            jenis_kelamin="L",
        )
        == []
    )


def test_ni_pppk_is_recognised_not_rejected():
    # birth 1990-05-20 · appointed 2022 · '2' · 1st contract · serial 015
    value = "199005202022210015"
    info = nip.parse(value)
    assert info.is_valid, info.errors
    assert info.is_pppk
    assert info.tahun_pengangkatan == 2022
    assert info.tanggal_lahir == dt.date(1990, 5, 20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("19850312 201001 1 003", VALID),
        ("19850312.201001.1.003", VALID),
        (" 198503122010011003 ", VALID),
        ("'198503122010011003", VALID),
        ("19850312-201001-1-003", VALID),
    ],
)
def test_normalize_strips_separators(raw, expected):
    assert nip.normalize(raw) == expected


@pytest.mark.parametrize("raw", ["1.98503E+17", "1,98503E+17", "1.98503122010011E+17", 1.98503e17])
def test_excel_mangled_nip_is_refused_with_a_clear_message(raw):
    with pytest.raises(nip.NipError) as exc:
        nip.normalize(raw)
    assert "text" in str(exc.value)
