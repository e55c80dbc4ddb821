"""The proposal list's and the approval queue's rows, built by template tags: the same markup
as the per-cell templates they replaced (whitespace between tags aside)."""

import datetime as dt
import re

from django.template import Context, Template
from django.utils import translation

from instansi.models import Instansi, Jabatan, UnitKerja
from mutasi.models import JenisUsulan, UsulanMutasi
from mutasi.queries import AngkaFormasi, DampakFormasi
from pegawai.models import Pegawai

LIST_ROW = """{% load i18n %}<tr>
  <td data-label="{% translate 'Simulate' %}">{% if u.is_open %}<input type="checkbox" form="simulasi-form" name="usulan" value="{{ u.nomor }}" aria-label="{% blocktranslate trimmed with nomor=u.nomor %}Simulate {{ nomor }}{% endblocktranslate %}">{% endif %}</td>
  <td class="nowrap" data-label="{% translate 'Number' %}"><a href="{% url 'mutasi:detail' u.nomor %}">{{ u.nomor }}</a></td>
  <td class="col-name" data-label="{% translate 'Employee' %}">{{ u.pegawai.nama_lengkap }}<span class="sub mono">{{ u.pegawai.nip_display }}</span></td>
  <td data-label="{% translate 'Origin → target' %}">{% include "mutasi/_pindah.html" %}</td>
  <td class="nowrap" data-label="{% translate 'Planned TMT' %}">{{ u.tmt_rencana|date:"d-m-Y" }}</td>
  <td data-label="{% translate 'Status' %}">{% include "_status_badge.html" with status=u.status %}</td>
  <td class="num" data-label="{% translate 'Fit score' %}">{{ u.skor_kecocokan|default_if_none:"—" }}</td>
</tr>"""

QUEUE_ROW = """{% load i18n mutasi_tags %}{% with r=u.ringkasan_angka d=u.dampak %}<tr>
  <td class="check"><input type="checkbox" name="usulan" value="{{ u.pk }}" id="pilih-{{ u.pk }}"{% if u.pk in selected %} checked{% endif %}>
    <label for="pilih-{{ u.pk }}" class="visually-hidden">{% blocktranslate trimmed with nomor=u.nomor nama=u.pegawai.nama_lengkap %}Select {{ nomor }} ({{ nama }}){% endblocktranslate %}</label></td>
  <td class="col-name" data-label="{% translate 'Proposal' %}"><a href="{% url 'mutasi:detail' u.nomor %}">{{ u.nomor }}</a>
    <span class="queue__name">{{ u.pegawai.nama_lengkap }}</span><span class="sub mono">{{ u.pegawai.nip_display }}</span>
    <span class="sub">{{ u.get_jenis_mutasi_display }}</span></td>
  <td data-label="{% translate 'Origin → target' %}">{% include "mutasi/_pindah.html" %}</td>
  <td class="num" data-label="{% translate 'Waiting (days)' %}">{{ u.umur_hari|default_if_none:"—" }}</td>
  <td class="num" data-label="{% translate 'Fit' %}">{{ u.skor_kecocokan|default_if_none:"—" }}</td>
  <td data-label="{% translate 'Eligibility' %}">{% if r %}<ul class="tally">
      <li><span class="badge badge--ok">{{ r.lulus|default:0 }}</span> {% translate "passed" %}</li>
      <li><span class="badge badge--warn">{{ r.peringatan|default:0 }}</span> {% translate "warnings" %}</li>
      <li><span class="badge badge--danger">{{ r.gagal|default:0 }}</span> {% translate "failed" %}{% if r.dikecualikan %} <span class="muted">({% blocktranslate trimmed count counter=r.dikecualikan %}{{ counter }} overridden{% plural %}{{ counter }} overridden{% endblocktranslate %})</span>{% endif %}</li>
    </ul>{% else %}—{% endif %}</td>
  <td class="nowrap" data-label="{% translate 'Origin gap' %}">{% if d.asal %}{{ d.asal.gap|gap }} <span aria-hidden="true">→</span><span class="visually-hidden">{% translate "after the move:" %}</span> <strong>{{ d.asal_sesudah|gap }}</strong>{% else %}<span class="muted">{% translate "no formasi" %}</span>{% endif %}</td>
  <td class="nowrap" data-label="{% translate 'Target gap' %}">{% if d.tujuan %}{{ d.tujuan.gap|gap }} <span aria-hidden="true">→</span><span class="visually-hidden">{% translate "after the move:" %}</span> <strong>{{ d.tujuan_sesudah|gap }}</strong>{% else %}<span class="muted">{% translate "no formasi" %}</span>{% endif %}</td>
</tr>{% endwith %}"""


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", html.strip())


def usulan(status: str, **extra) -> UsulanMutasi:
    u = UsulanMutasi(
        status=status,
        pk=41,
        nomor="UM-2026-000041",
        pegawai=Pegawai(nama="Siti <Aminah>", gelar_belakang="S.E.", nip="198001012005012001"),
        asal_instansi=Instansi(nama="Dinas Asal & Co", singkatan=""),
        asal_jabatan=Jabatan(nama="Pengelola"),
        tujuan_instansi=Instansi(nama="Dinas Tujuan", singkatan="DT"),
        tujuan_jabatan=Jabatan(nama="Analis"),
        tujuan_unit=UnitKerja(nama="Bidang B"),
        tmt_rencana=dt.date(2026, 3, 1),
        skor_kecocokan=87,
        jenis_mutasi=JenisUsulan.ANTAR_KABKOTA,
    )
    for name, value in extra.items():
        setattr(u, name, value)
    return u


def render(template: str, **context) -> str:
    return Template(template).render(Context(context))


def test_list_row_is_the_cells_markup():
    for lang in ("en", "id"):
        with translation.override(lang):
            for u in (
                usulan(status="draft"),
                usulan(status="selesai", skor_kecocokan=None, tmt_rencana=None),
            ):
                ours = render("{% load mutasi_tags %}{% usulan_baris u %}", u=u)
                assert squeeze(ours) == squeeze(render(LIST_ROW, u=u))
    assert 'aria-label="Simulate UM-2026-000041"' in render(
        "{% load mutasi_tags %}{% usulan_baris u %}", u=usulan(status="draft")
    )


def test_queue_row_is_the_cells_markup():
    full = {"lulus": 9, "peringatan": 1, "gagal": 1, "dikecualikan": 1, "blocking": 0}
    rows = [
        usulan(status="memenuhi_syarat", umur_hari=4, ringkasan_angka=full),
        usulan(status="memenuhi_syarat", umur_hari=None, ringkasan_angka={}),
        usulan(status="memenuhi_syarat", umur_hari=0, ringkasan_angka={"gagal": 0, "lulus": 3}),
    ]
    effects = [
        DampakFormasi(asal=AngkaFormasi(3, 1, 1), tujuan=AngkaFormasi(1, 2, 2)),
        DampakFormasi(asal=None, tujuan=AngkaFormasi(1, 1, 1)),
        DampakFormasi(asal=AngkaFormasi(0, 0, 1), tujuan=None),
    ]
    for lang in ("en", "id"):
        with translation.override(lang):
            for u, d in zip(rows, effects, strict=True):
                u.dampak = d
                for selected in (set(), {41}):
                    ours = render(
                        "{% load mutasi_tags %}{% antrian_baris u selected %}",
                        u=u,
                        selected=selected,
                    )
                    assert squeeze(ours) == squeeze(render(QUEUE_ROW, u=u, selected=selected))
    u = rows[0]
    html = render("{% load mutasi_tags %}{% antrian_baris u s %}", u=u, s={41})
    assert 'id="pilih-41" checked>' in html
    assert "Siti &lt;Aminah&gt;, S.E." in html
    assert "(1 overridden)" in html and "+2" in html and "<strong>+3</strong>" in html


def test_words_are_escaped_once(monkeypatch):
    """A translation with a character HTML escapes ("&") shows once escaped in the rows, as in
    the templates: the words are escaped when translated, not again in the move cell."""
    real = translation._trans.gettext

    def gettext(message):
        return {"From": "Asal & dari", "To": "Tujuan & ke"}.get(message) or real(message)

    monkeypatch.setattr(translation._trans, "gettext", gettext)
    u = usulan(status="draft")
    for tag in ("{% usulan_baris u %}", "{% pindah u %}"):
        html = render("{% load mutasi_tags %}" + tag, u=u)
        assert "Asal &amp; dari: " in html and "Tujuan &amp; ke: " in html, html
        assert "&amp;amp;" not in html
    assert squeeze(render("{% load mutasi_tags %}{% usulan_baris u %}", u=u)) == squeeze(
        render(LIST_ROW, u=u)
    )
