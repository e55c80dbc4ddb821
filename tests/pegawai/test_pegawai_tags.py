"""The employee list's row tag: the markup of the template cells it replaced."""

import datetime as dt
import re

from django.template import Context, Template
from django.utils import translation

from instansi.models import Instansi, Jabatan, UnitKerja
from pegawai.models import Pegawai

ROW = """{% load i18n %}<tr{% if not p.is_active %} class="is-inactive"{% endif %}>
  <td class="mono nowrap"><a href="{% url 'pegawai:detail' p.nip %}">{{ p.nip_display }}</a></td>
  <td class="col-name">{{ p.nama_lengkap }}{% if not p.is_active %} {% include "_status_badge.html" with status="nonaktif" %}{% endif %}
    {% if p.status_kepegawaian != "pns" %}<span class="sub">{{ p.get_status_kepegawaian_display }}</span>{% endif %}</td>
  <td class="nowrap">{{ p.golongan_ruang|default:"—" }}</td>
  <td>{{ p.jabatan.nama|default:"—" }}</td>
  <td>{{ p.instansi.label }}{% if p.unit %}<span class="sub">{{ p.unit.nama }}</span>{% endif %}</td>
  <td class="nowrap">{{ p.tmt_jabatan|date:"d-m-Y"|default:"—" }}</td>
</tr>"""


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", html.strip())


def test_employee_row_is_the_cells_markup():
    people = [
        Pegawai(
            nip="198001012005012001",
            nama="Siti <Aminah>",
            gelar_depan="Dr.",
            golongan="33",
            status_kepegawaian="pns",
            instansi=Instansi(nama="Dinas & Co", singkatan=""),
            jabatan=Jabatan(nama="Analis"),
            unit=UnitKerja(nama="Bidang B"),
            tmt_jabatan=dt.date(2020, 5, 1),
            is_active=True,
        ),
        Pegawai(
            nip="199001012023212001",
            nama="Budi",
            golongan="",
            status_kepegawaian="pppk",
            instansi=Instansi(nama="Dinas Dua", singkatan="DD"),
            is_active=False,
        ),
    ]
    for lang in ("en", "id"):
        with translation.override(lang):
            for p in people:
                context = Context({"p": p})
                ours = Template("{% load pegawai_tags %}{% pegawai_baris p %}").render(context)
                assert squeeze(ours) == squeeze(Template(ROW).render(context))
    html = Template("{% load pegawai_tags %}{% pegawai_baris p %}").render(
        Context({"p": people[1]})
    )
    assert '<tr class="is-inactive">' in html and "badge" in html
