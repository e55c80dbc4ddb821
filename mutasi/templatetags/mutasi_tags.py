"""Template filters of the proposal screens."""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def gap(value: int | None) -> str:
    """A staffing gap with its sign: "+2" (shortage), "-1" (surplus), "0", or "—" (none).

    A filter, not an included template: the approval queue shows four per row, fifty rows.
    """
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + localize(value)


@register.simple_tag
def pindah(u) -> SafeString:
    """A proposal's move, origin → target: position, agency and unit on each side.

    A tag, not an included template: the proposal list and the queues show one per row.
    """
    return format_html(
        '<div class="move">\n'
        '  <div class="move__side"><span class="visually-hidden">{}: </span>{}'
        '<span class="sub">{}{}</span></div>\n'
        '  <div class="move__arrow" aria-hidden="true">→</div>\n'
        '  <div class="move__side"><span class="visually-hidden">{}: </span>{}'
        '<span class="sub">{}{}</span></div>\n'
        "</div>",
        _("From"),
        u.asal_jabatan.nama if u.asal_jabatan and u.asal_jabatan.nama else "—",
        u.asal_instansi.label,
        f" · {u.asal_unit.nama}" if u.asal_unit else "",
        _("To"),
        u.tujuan_jabatan.nama if u.tujuan_jabatan else "",
        u.tujuan_instansi.label,
        f" · {u.tujuan_unit.nama}" if u.tujuan_unit else "",
    )
