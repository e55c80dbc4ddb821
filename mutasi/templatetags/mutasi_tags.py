"""Template filters and tags of the proposal screens."""

from __future__ import annotations

from django import template
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutasi.models import JenisUsulan
from pontianak_mutasi.templatetags.simutasi_ui import e, status_badge, url_maker

register = template.Library()


@register.filter
def gap(value: int | None) -> str:
    """A staffing gap with its sign: "+2" (shortage), "-1" (surplus), "0", or "—" (none).

    A filter, not an included template: the approval queue shows four per row, fifty rows.
    """
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + localize(value)


def _or_dash(value) -> str:
    """``{{ value|default_if_none:"—" }}``."""
    return "—" if value is None else localize(value)


@register.simple_tag
def pindah(u) -> SafeString:
    """A proposal's move, origin → target: position, agency and unit on each side.

    A tag, not an included template: the proposal list and the queues show one per row.
    """
    return mark_safe(_pindah(u, e(_("From")), e(_("To"))))


def _pindah(u, dari: str, ke: str) -> str:
    """The move's markup; ``dari`` and ``ke`` come escaped already (the rows' ``_words``)."""
    asal = u.asal_jabatan.nama if u.asal_jabatan and u.asal_jabatan.nama else "—"
    asal_unit = f" · {e(u.asal_unit.nama)}" if u.asal_unit else ""
    tujuan = u.tujuan_jabatan.nama if u.tujuan_jabatan else ""
    tujuan_unit = f" · {e(u.tujuan_unit.nama)}" if u.tujuan_unit else ""
    return (
        '<div class="move">\n'
        f'  <div class="move__side"><span class="visually-hidden">{dari}: </span>{e(asal)}'
        f'<span class="sub">{e(u.asal_instansi.label)}{asal_unit}</span></div>\n'
        '  <div class="move__arrow" aria-hidden="true">→</div>\n'
        f'  <div class="move__side"><span class="visually-hidden">{ke}: </span>{e(tujuan)}'
        f'<span class="sub">{e(u.tujuan_instansi.label)}{tujuan_unit}</span></div>\n'
        "</div>"
    )


# The rows of the proposal list and the approval queue: built in Python, one tag per row, not
# a dozen template nodes per cell (each row's markup was most of these pages' rendering time,
# `make bench`). Cell labels and fixed words are translated once per page (``_words``), and
# the text escaped with ``e``.


def _words(context, key: str, make) -> dict:
    words = context.render_context.get(key)
    if words is None:
        words = context.render_context[key] = {k: e(v) for k, v in make().items()}
    return words


def _common_words() -> dict:
    return {"dari": _("From"), "ke": _("To"), "pindah": _("Origin → target")}


def _list_words() -> dict:
    return {
        **_common_words(),
        "simulasi": _("Simulate"),
        "nomor": _("Number"),
        "pegawai": _("Employee"),
        "tmt": _("Planned TMT"),
        "status": _("Status"),
        "skor": _("Fit score"),
    }


@register.simple_tag(takes_context=True)
def usulan_baris(context, u) -> SafeString:
    """One row of the proposal list (templates/mutasi/usulan_list.html)."""
    w = _words(context, "usulan_baris", _list_words)
    nomor = e(u.nomor)
    check = (
        '<input type="checkbox" form="simulasi-form" name="usulan" value="'
        f'{nomor}" aria-label="{e(_("Simulate %(nomor)s") % {"nomor": u.nomor})}">'
        if u.is_open
        else ""
    )
    tmt = date_format(u.tmt_rencana, "d-m-Y") if u.tmt_rencana else ""
    return mark_safe(
        "<tr>\n"
        f'        <td data-label="{w["simulasi"]}">{check}</td>\n'
        f'        <td class="nowrap" data-label="{w["nomor"]}">'
        f'<a href="{e(url_maker(context, "mutasi:detail")(u.nomor))}">{nomor}</a></td>\n'
        f'        <td class="col-name" data-label="{w["pegawai"]}">{e(u.pegawai.nama_lengkap)}'
        f'<span class="sub mono">{e(u.pegawai.nip_display)}</span></td>\n'
        f'        <td data-label="{w["pindah"]}">{_pindah(u, w["dari"], w["ke"])}</td>\n'
        f'        <td class="nowrap" data-label="{w["tmt"]}">{e(tmt)}</td>\n'
        f'        <td data-label="{w["status"]}">{status_badge(context, u.status)}</td>\n'
        f'        <td class="num" data-label="{w["skor"]}">{e(_or_dash(u.skor_kecocokan))}</td>\n'
        "      </tr>"
    )


def _queue_words() -> dict:
    return {
        **_common_words(),
        "usulan": _("Proposal"),
        "umur": _("Waiting (days)"),
        "skor": _("Fit"),
        "layak": _("Eligibility"),
        "gap_asal": _("Origin gap"),
        "gap_tujuan": _("Target gap"),
        "lulus": _("passed"),
        "peringatan": _("warnings"),
        "gagal": _("failed"),
        "sesudah": _("after the move:"),
        "tanpa_formasi": _("no formasi"),
    }


def _tally(r: dict, w: dict) -> str:
    if not r:
        return "—"
    overridden = r.get("dikecualikan")
    note = ""
    if overridden:
        text = ngettext("%(counter)s overridden", "%(counter)s overridden", overridden)
        note = f' <span class="muted">({e(text % {"counter": localize(overridden)})})</span>'
    return (
        '<ul class="tally">\n'
        '              <li><span class="badge badge--ok">'
        f"{e(localize(r.get('lulus') or 0))}</span> {w['lulus']}</li>\n"
        '              <li><span class="badge badge--warn">'
        f"{e(localize(r.get('peringatan') or 0))}</span> {w['peringatan']}</li>\n"
        '              <li><span class="badge badge--danger">'
        f"{e(localize(r.get('gagal') or 0))}</span> {w['gagal']}{note}</li>\n"
        "            </ul>"
    )


def _effect(before, after: int | None, w: dict) -> str:
    if not before:
        return f'<span class="muted">{w["tanpa_formasi"]}</span>'
    return (
        f'{e(gap(before.gap))} <span aria-hidden="true">→</span>'
        f'<span class="visually-hidden">{w["sesudah"]}</span> <strong>{e(gap(after))}</strong>'
    )


_JENIS = dict(JenisUsulan.choices)


@register.simple_tag(takes_context=True)
def antrian_baris(context, u, selected: set[int] | None = None) -> SafeString:
    """One row of the approval queue (templates/mutasi/antrian_persetujuan.html): ``u`` with
    ``dampak`` (queries.dampak_formasi) and ``umur_hari`` (queries.set_umur); ``selected``:
    the ids ticked before (a refused decision shows the page again)."""
    w = _words(context, "antrian_baris", _queue_words)
    d = u.dampak
    pk = e(u.pk)
    nama = u.pegawai.nama_lengkap
    pilih = e(_("Select %(nomor)s (%(nama)s)") % {"nomor": u.nomor, "nama": nama})
    checked = " checked" if selected and u.pk in selected else ""
    # get_jenis_mutasi_display() without rebuilding the choices per call.
    jenis = _JENIS.get(u.jenis_mutasi, u.jenis_mutasi)
    return mark_safe(
        "<tr>\n"
        '          <td class="check"><input type="checkbox" name="usulan" '
        f'value="{pk}" id="pilih-{pk}"{checked}>\n'
        f'            <label for="pilih-{pk}" class="visually-hidden">{pilih}</label></td>\n'
        f'          <td class="col-name" data-label="{w["usulan"]}">'
        f'<a href="{e(url_maker(context, "mutasi:detail")(u.nomor))}">{e(u.nomor)}</a>\n'
        f'            <span class="queue__name">{e(nama)}</span>'
        f'<span class="sub mono">{e(u.pegawai.nip_display)}</span>\n'
        f'            <span class="sub">{e(jenis)}</span></td>\n'
        f'          <td data-label="{w["pindah"]}">{_pindah(u, w["dari"], w["ke"])}</td>\n'
        f'          <td class="num" data-label="{w["umur"]}">{e(_or_dash(u.umur_hari))}</td>\n'
        f'          <td class="num" data-label="{w["skor"]}">{e(_or_dash(u.skor_kecocokan))}</td>\n'
        f'          <td data-label="{w["layak"]}">{_tally(u.ringkasan_angka, w)}</td>\n'
        f'          <td class="nowrap" data-label="{w["gap_asal"]}">'
        f"{_effect(d.asal, d.asal_sesudah, w)}</td>\n"
        f'          <td class="nowrap" data-label="{w["gap_tujuan"]}">'
        f"{_effect(d.tujuan, d.tujuan_sesudah, w)}</td>\n"
        "        </tr>"
    )
