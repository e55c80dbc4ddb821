"""Template filters of the proposal screens."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pontianak_mutasi.templatetags.simutasi_ui import status_badge

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


# The rows of the proposal list and the approval queue: built in Python, one tag per row, not
# a dozen template nodes per cell (each row's markup was most of these pages' rendering time,
# `make bench`). Cell labels and fixed words are translated once per page (``_words``).


def _words(context, key: str, make) -> dict:
    words = context.render_context.get(key)
    if words is None:
        words = context.render_context[key] = make()
    return words


def _list_words() -> dict:
    return {
        "simulasi": _("Simulate"),
        "nomor": _("Number"),
        "pegawai": _("Employee"),
        "pindah": _("Origin → target"),
        "tmt": _("Planned TMT"),
        "status": _("Status"),
        "skor": _("Fit score"),
    }


@register.simple_tag(takes_context=True)
def usulan_baris(context, u) -> SafeString:
    """One row of the proposal list (templates/mutasi/usulan_list.html)."""
    w = _words(context, "usulan_baris", _list_words)
    check = (
        format_html(
            '<input type="checkbox" form="simulasi-form" name="usulan" value="{}" aria-label="{}">',
            u.nomor,
            _("Simulate %(nomor)s") % {"nomor": u.nomor},
        )
        if u.is_open
        else ""
    )
    return format_html(
        "<tr>\n"
        '        <td data-label="{}">{}</td>\n'
        '        <td class="nowrap" data-label="{}"><a href="{}">{}</a></td>\n'
        '        <td class="col-name" data-label="{}">{}<span class="sub mono">{}</span></td>\n'
        '        <td data-label="{}">{}</td>\n'
        '        <td class="nowrap" data-label="{}">{}</td>\n'
        '        <td data-label="{}">{}</td>\n'
        '        <td class="num" data-label="{}">{}</td>\n'
        "      </tr>",
        w["simulasi"],
        check,
        w["nomor"],
        reverse("mutasi:detail", args=[u.nomor]),
        u.nomor,
        w["pegawai"],
        u.pegawai.nama_lengkap,
        u.pegawai.nip_display,
        w["pindah"],
        pindah(u),
        w["tmt"],
        date_format(u.tmt_rencana, "d-m-Y") if u.tmt_rencana else "",
        w["status"],
        status_badge(context, u.status),
        w["skor"],
        _or_dash(u.skor_kecocokan),
    )


def _queue_words() -> dict:
    return {
        "usulan": _("Proposal"),
        "pindah": _("Origin → target"),
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


def _tally(r: dict, w: dict) -> SafeString | str:
    if not r:
        return "—"
    overridden = r.get("dikecualikan")
    note = (
        format_html(
            ' <span class="muted">({})</span>',
            ngettext("%(counter)s overridden", "%(counter)s overridden", overridden)
            % {"counter": localize(overridden)},
        )
        if overridden
        else ""
    )
    return format_html(
        '<ul class="tally">\n'
        '              <li><span class="badge badge--ok">{}</span> {}</li>\n'
        '              <li><span class="badge badge--warn">{}</span> {}</li>\n'
        '              <li><span class="badge badge--danger">{}</span> {}{}</li>\n'
        "            </ul>",
        localize(r.get("lulus") or 0),
        w["lulus"],
        localize(r.get("peringatan") or 0),
        w["peringatan"],
        localize(r.get("gagal") or 0),
        w["gagal"],
        note,
    )


def _effect(before, after: int | None, w: dict) -> SafeString:
    if not before:
        return format_html('<span class="muted">{}</span>', w["tanpa_formasi"])
    return format_html(
        '{} <span aria-hidden="true">→</span><span class="visually-hidden">{}</span>'
        " <strong>{}</strong>",
        gap(before.gap),
        w["sesudah"],
        gap(after),
    )


@register.simple_tag(takes_context=True)
def antrian_baris(context, u, selected: set[int] | None = None) -> SafeString:
    """One row of the approval queue (templates/mutasi/antrian_persetujuan.html): ``u`` with
    ``dampak`` (queries.dampak_formasi) and ``umur_hari`` (queries.set_umur); ``selected``:
    the ids ticked before (a refused decision shows the page again)."""
    w = _words(context, "antrian_baris", _queue_words)
    d = u.dampak
    nama = u.pegawai.nama_lengkap
    return format_html(
        "<tr>\n"
        '          <td class="check"><input type="checkbox" name="usulan" value="{}" id="pilih-{}"{}>\n'
        '            <label for="pilih-{}" class="visually-hidden">{}</label></td>\n'
        '          <td class="col-name" data-label="{}"><a href="{}">{}</a>\n'
        '            <span class="queue__name">{}</span><span class="sub mono">{}</span>\n'
        '            <span class="sub">{}</span></td>\n'
        '          <td data-label="{}">{}</td>\n'
        '          <td class="num" data-label="{}">{}</td>\n'
        '          <td class="num" data-label="{}">{}</td>\n'
        '          <td data-label="{}">{}</td>\n'
        '          <td class="nowrap" data-label="{}">{}</td>\n'
        '          <td class="nowrap" data-label="{}">{}</td>\n'
        "        </tr>",
        u.pk,
        u.pk,
        mark_safe(" checked") if selected and u.pk in selected else "",
        u.pk,
        _("Select %(nomor)s (%(nama)s)") % {"nomor": u.nomor, "nama": nama},
        w["usulan"],
        reverse("mutasi:detail", args=[u.nomor]),
        u.nomor,
        nama,
        u.pegawai.nip_display,
        u.get_jenis_mutasi_display(),
        w["pindah"],
        pindah(u),
        w["umur"],
        _or_dash(u.umur_hari),
        w["skor"],
        _or_dash(u.skor_kecocokan),
        w["layak"],
        _tally(u.ringkasan_angka, w),
        w["gap_asal"],
        _effect(d.asal, d.asal_sesudah, w),
        w["gap_tujuan"],
        _effect(d.tujuan, d.tujuan_sesudah, w),
    )
