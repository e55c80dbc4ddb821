"""Template tags for markup repeated many times on one page, built in Python.

Each produces exactly what the template it replaces produced; a loop of template nodes costs
tens of microseconds per item, which adds up in long selects and tables.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape as _escape
from urllib.parse import quote

from django import template
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

register = template.Library()


def e(value) -> str:
    """``conditional_escape`` for markup built cell by cell: the same text, without the lazy
    string checks that made it the largest cost of a fifty-row table."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def url_maker(context, viewname: str) -> Callable[[object], str]:
    """``reverse(viewname, args=[value])`` for many values (a link per row): the URL is
    reversed once per page and each value quoted into it as ``reverse`` quotes it. For URL
    patterns with a single ``str`` argument."""
    key = ("url_maker", viewname)
    make = context.render_context.get(key)
    if make is None:
        head, _marker, tail = reverse(viewname, args=["\x00"]).partition("%00")
        safe = RFC3986_SUBDELIMS + "/~:@"

        def make(value) -> str:
            return head + quote(str(value), safe=safe) + tail

        context.render_context[key] = make
    return make


@register.simple_tag(takes_context=True)
def select_options(context, widget: dict) -> SafeString:
    """The ``<optgroup>``/``<option>`` markup of a select widget's context, as Django's
    django/forms/widgets/select_option.html and attrs.html render it (one option a line)."""

    def text(value) -> str:
        return render_value_in_context(value, context)

    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            attrs = "".join(
                f" {text(name)}" if value is True else f' {text(name)}="{text(str(value))}"'
                for name, value in option["attrs"].items()
                if value is not False
            )
            value = text(str(option["value"]))
            parts.append(f'\n  <option value="{value}"{attrs}>{text(option["label"])}</option>')
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


#: Status value → (badge modifier class, label). The one place a status gets its label and
#: colour (templates/_status_badge.html shows it through ``status_badge``).
BADGES = {
    # Staffing (instansi), agencies, employees' discipline
    "kurang": ("badge--danger", _("Shortage")),
    "lebih": ("badge--info", _("Surplus")),
    "sesuai": ("badge--ok", _("Balanced")),
    "aktif": ("badge--ok", _("Active")),
    "nonaktif": ("", _("Inactive")),
    "internal": ("badge--info", _("Provincial")),
    "eksternal": ("", _("Outside the province")),
    "hukuman_aktif": ("badge--danger", _("Active")),
    "hukuman_selesai": ("", _("Ended")),
    # Transfer proposals (mutasi.models.Status)
    "draft": ("badge--draft", _("Draft")),
    "diajukan": ("badge--info", _("Submitted")),
    "verifikasi": ("badge--info", _("In verification")),
    "dikembalikan": ("badge--warn", _("Returned for revision")),
    "memenuhi_syarat": ("badge--accent", _("Eligible, awaiting decision")),
    "tidak_memenuhi_syarat": ("badge--danger", _("Not eligible")),
    "disetujui": ("badge--ok", _("Approved")),
    "ditolak": ("badge--danger", _("Rejected")),
    "dibatalkan": ("", _("Withdrawn")),
    "sk_terbit": ("badge--accent", _("Decree issued")),
    "selesai": ("badge--ok", _("Completed")),
    # Decrees (mutasi.models.StatusSK; "draft" above)
    "terbit": ("badge--ok", _("Issued")),
    "dicabut": ("badge--danger", _("Revoked")),
    # Eligibility rule results (mutasi.rules)
    "lulus": ("badge--ok", _("Passed")),
    "peringatan": ("badge--warn", _("Warning")),
    "gagal": ("badge--danger", _("Failed")),
    "tidak_berlaku": ("", _("Not applicable")),
    "dikecualikan": ("badge--accent", _("Overridden")),
    # Proposal documents (mutasi.models.StatusDokumen) and outcomes
    "belum_diunggah": ("badge--warn", _("Not uploaded")),
    "belum": ("badge--info", _("Not checked")),
    "valid": ("badge--ok", _("Valid")),
    "tidak_valid": ("badge--danger", _("Invalid")),
    "berhasil": ("badge--ok", _("Done")),
    "baru": ("badge--info", _("New")),
    # Background jobs (pontianak_mutasi.models.StatusTugas) and decree rendering
    "pending": ("badge--info", _("Waiting")),
    "running": ("badge--accent", _("Running")),
    "done": ("badge--ok", _("Done")),
    "failed": ("badge--danger", _("Failed")),
}


@register.simple_tag(takes_context=True)
def status_badge(context, status, label=None) -> SafeString:
    """A status as a badge: its colour and words (colour is never the only signal). An
    unknown value gets a neutral badge showing ``label``, or the value itself."""
    known = BADGES.get(status)
    if known is None:
        text = render_value_in_context(label or status, context)
        return mark_safe(f'<span class="badge">{text}</span>')
    modifier, text = known
    if modifier:
        return mark_safe(f'<span class="badge {modifier}">{e(text)}</span>')
    return mark_safe(f'<span class="badge">{e(text)}</span>')
