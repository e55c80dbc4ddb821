"""Template tags of the staffing screens."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def gap_baris(r, by: str) -> SafeString:
    """One row of the province-wide gap table (templates/instansi/gap_table.html): a
    selectors.GapRow, by agency (the name links to the agency) or by position.

    A tag, not template cells: the table shows every agency or position on one page, and a
    dozen template nodes per row were a third of its rendering time (`make bench`).
    """
    if by == "instansi":
        nama = format_html('<a href="{}">{}</a>', reverse("instansi:detail", args=[r.kode]), r.nama)
    else:
        nama = r.nama
    return format_html(
        "<tr>\n"
        '          <td class="mono">{}</td>\n'
        '          <th scope="row">{}</th>\n'
        '          <td class="num">{}</td>\n'
        '          <td class="num">{}</td>\n'
        '          <td class="num">{}</td>\n'
        '          <td class="num">{}{}</td>\n'
        '          <td class="num">{}</td>\n'
        '          <td class="num">{}</td>\n'
        "        </tr>",
        r.kode,
        nama,
        localize(r.jumlah),
        localize(r.kebutuhan),
        localize(r.bezetting),
        "+" if r.gap > 0 else "",
        localize(r.gap),
        localize(r.kurang),
        localize(r.lebih),
    )
