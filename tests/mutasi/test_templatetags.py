"""The proposal screens' template filters."""

from mutasi.templatetags.mutasi_tags import gap


def test_gap_has_its_sign():
    assert gap(None) == "—"
    assert gap(2) == "+2"
    assert gap(0) == "0"
    assert gap(-3) == "-3"


def test_pindah_shows_both_sides_escaped():
    from django.template import Context, Template

    from instansi.models import Instansi, Jabatan, UnitKerja
    from mutasi.models import UsulanMutasi

    u = UsulanMutasi(
        asal_instansi=Instansi(nama="Dinas <Asal>", singkatan=""),
        tujuan_instansi=Instansi(nama="Dinas Tujuan", singkatan="DT"),
        tujuan_jabatan=Jabatan(nama="Analis & Penata"),
        tujuan_unit=UnitKerja(nama="Bidang B"),
    )
    html = Template("{% load mutasi_tags %}{% pindah u %}").render(Context({"u": u}))
    assert html == (
        '<div class="move">\n'
        '  <div class="move__side"><span class="visually-hidden">From: </span>—'
        '<span class="sub">Dinas &lt;Asal&gt;</span></div>\n'
        '  <div class="move__arrow" aria-hidden="true">→</div>\n'
        '  <div class="move__side"><span class="visually-hidden">To: </span>Analis &amp; Penata'
        '<span class="sub">DT · Bidang B</span></div>\n'
        "</div>"
    )
    u.asal_jabatan = Jabatan(nama="Pengelola")
    u.asal_unit = UnitKerja(nama="Seksi A")
    included = Template('{% include "mutasi/_pindah.html" %}').render(Context({"u": u}))
    assert '</span>Pengelola<span class="sub">Dinas &lt;Asal&gt; · Seksi A</span>' in included
