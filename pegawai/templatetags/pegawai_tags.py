"""Template tags of the employee screens."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from pontianak_mutasi.templatetags.simutasi_ui import status_badge

register = template.Library()


@register.simple_tag(takes_context=True)
def pegawai_baris(context, p) -> SafeString:
    """One row of the employee list (templates/pegawai/pegawai_list.html).

    A tag, not template cells: a dozen template nodes per row were a large part of the list's
    rendering time (`make bench`).
    """
    inactive = not p.is_active
    return format_html(
        "<tr{}>\n"
        '        <td class="mono nowrap"><a href="{}">{}</a></td>\n'
        '        <td class="col-name">{}{}\n'
        "          {}</td>\n"
        '        <td class="nowrap">{}</td>\n'
        "        <td>{}</td>\n"
        "        <td>{}{}</td>\n"
        '        <td class="nowrap">{}</td>\n'
        "      </tr>",
        mark_safe(' class="is-inactive"') if inactive else "",
        reverse("pegawai:detail", args=[p.nip]),
        p.nip_display,
        p.nama_lengkap,
        format_html(" {}", status_badge(context, "nonaktif")) if inactive else "",
        format_html('<span class="sub">{}</span>', p.get_status_kepegawaian_display())
        if p.status_kepegawaian != "pns"
        else "",
        p.golongan_ruang or "—",
        (p.jabatan.nama if p.jabatan else "") or "—",
        p.instansi.label,
        format_html('<span class="sub">{}</span>', p.unit.nama) if p.unit else "",
        date_format(p.tmt_jabatan, "d-m-Y") if p.tmt_jabatan else "—",
    )
