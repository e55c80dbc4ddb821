"""Template tags of the staffing screens."""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

from pontianak_mutasi.templatetags.simutasi_ui import e, url_maker

register = template.Library()


@register.simple_tag(takes_context=True)
def gap_baris(context, r, by: str) -> SafeString:
    """One row of the province-wide gap table (templates/instansi/gap_table.html): a
    selectors.GapRow, by agency (the name links to the agency) or by position.

    A tag, not template cells: the table shows every agency or position on one page, and a
    dozen template nodes per row were a third of its rendering time (`make bench`).
    """
    make = url_maker(context, "instansi:detail") if by == "instansi" else None
    nama = f'<a href="{e(make(r.kode))}">{e(r.nama)}</a>' if make else e(r.nama)
    plus = "+" if r.gap > 0 else ""
    return mark_safe(
        "<tr>\n"
        f'          <td class="mono">{e(r.kode)}</td>\n'
        f'          <th scope="row">{nama}</th>\n'
        f'          <td class="num">{e(localize(r.jumlah))}</td>\n'
        f'          <td class="num">{e(localize(r.kebutuhan))}</td>\n'
        f'          <td class="num">{e(localize(r.bezetting))}</td>\n'
        f'          <td class="num">{plus}{e(localize(r.gap))}</td>\n'
        f'          <td class="num">{e(localize(r.kurang))}</td>\n'
        f'          <td class="num">{e(localize(r.lebih))}</td>\n'
        "        </tr>"
    )
