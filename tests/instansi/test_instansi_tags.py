"""The gap table's row tag: the markup of the template cells it replaced."""

import re

from django.template import Context, Template

from instansi.selectors import GapRow

ROW = """<tr>
  <td class="mono">{{ r.kode }}</td>
  <th scope="row">{% if by == "instansi" %}<a href="{% url 'instansi:detail' r.kode %}">{{ r.nama }}</a>{% else %}{{ r.nama }}{% endif %}</th>
  <td class="num">{{ r.jumlah }}</td>
  <td class="num">{{ r.kebutuhan }}</td>
  <td class="num">{{ r.bezetting }}</td>
  <td class="num">{% if r.gap > 0 %}+{% endif %}{{ r.gap }}</td>
  <td class="num">{{ r.kurang }}</td>
  <td class="num">{{ r.lebih }}</td>
</tr>"""


def squeeze(html: str) -> str:
    return re.sub(r"\s*(<|>)\s*", r"\1", html.strip())


def test_gap_row_is_the_cells_markup():
    rows = [
        GapRow(1, "D-01", "Dinas <Satu> & Dua", 3, 10, 7, 2, 1, "D1"),
        GapRow(2, "D 02", "Dinas Dua", 1, 2, 5, 0, 1),
        GapRow(3, "D03", "Dinas Tiga", 1, 4, 4, 0, 0),
    ]
    for by in ("instansi", "jabatan"):
        for r in rows:
            context = Context({"r": r, "by": by})
            ours = Template("{% load instansi_tags %}{% gap_baris r by %}").render(context)
            assert squeeze(ours) == squeeze(Template(ROW).render(context))
    html = Template("{% load instansi_tags %}{% gap_baris r 'instansi' %}").render(
        Context({"r": rows[0]})
    )
    assert '<a href="/instansi/D-01/">Dinas &lt;Satu&gt; &amp; Dua</a>' in html
    assert '<td class="num">+3</td>' in html
