"""Template tags of the employee screens."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from pontianak_mutasi.templatetags.simutasi_ui import e, status_badge, url_maker

register = template.Library()


@register.simple_tag(takes_context=True)
def pegawai_baris(context, p) -> SafeString:
    """One row of the employee list (templates/pegawai/pegawai_list.html).

    A tag, not template cells: a dozen template nodes per row were a large part of the list's
    rendering time (`make bench`).
    """
    inactive = not p.is_active
    status = (
        f'<span class="sub">{e(p.get_status_kepegawaian_display())}</span>'
        if p.status_kepegawaian != "pns"
        else ""
    )
    jabatan = (p.jabatan.nama if p.jabatan else "") or "—"
    unit = f'<span class="sub">{e(p.unit.nama)}</span>' if p.unit else ""
    tmt = date_format(p.tmt_jabatan, "d-m-Y") if p.tmt_jabatan else "—"
    return mark_safe(
        f"<tr{' class="is-inactive"' if inactive else ''}>\n"
        '        <td class="mono nowrap">'
        f'<a href="{e(url_maker(context, "pegawai:detail")(p.nip))}">{e(p.nip_display)}</a></td>\n'
        f'        <td class="col-name">{e(p.nama_lengkap)}'
        f"{' ' + status_badge(context, 'nonaktif') if inactive else ''}\n"
        f"          {status}</td>\n"
        f'        <td class="nowrap">{e(p.golongan_ruang or "—")}</td>\n'
        f"        <td>{e(jabatan)}</td>\n"
        f"        <td>{e(p.instansi.label)}{unit}</td>\n"
        f'        <td class="nowrap">{e(tmt)}</td>\n'
        "      </tr>"
    )
