"""The public tracking form: NIP and proposal number, normalised. Format errors are reported
per field (they say nothing about anyone's data); whether a proposal matches is the
selector's business, answered with one generic message."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from pegawai import nip as nip_lib

_SPACES = re.compile(r"\s+")


class LacakForm(forms.Form):
    nip = forms.CharField(
        label="NIP",
        max_length=40,
        help_text=_("18 digits, with or without spaces, e.g. 19850312 201001 1 003."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    nomor = forms.CharField(
        label=_("Proposal number"),
        max_length=40,
        help_text=_("As given by your agency's staffing officer, e.g. UM-2026-000123."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_nip(self) -> str:
        try:
            nip = nip_lib.normalize(self.cleaned_data["nip"])
        except nip_lib.NipError:
            nip = ""
        if len(nip) != 18 or not nip.isdigit():
            raise forms.ValidationError(_("NIP must be exactly 18 digits."), code="nip_format")
        return nip

    def clean_nomor(self) -> str:
        # "um-2026-000123 " → "UM-2026-000123"; stray spaces are dropped.
        return _SPACES.sub("", self.cleaned_data["nomor"]).upper()
