"""The proposal screens' template filters."""

from mutasi.templatetags.mutasi_tags import gap


def test_gap_has_its_sign():
    assert gap(None) == "—"
    assert gap(2) == "+2"
    assert gap(0) == "0"
    assert gap(-3) == "-3"
