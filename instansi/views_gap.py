"""The province-wide staffing gap table: by agency or by position, sortable, exportable,
with a server-rendered SVG bar chart of shortage (+) and surplus (−) per agency."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from instansi import selectors
from pontianak_mutasi import charts
from pontianak_mutasi.cache_halaman import cache_halaman
from pontianak_mutasi.db_router import baca_replika
from pontianak_mutasi.importing import escape_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gap_chart(rows: list[selectors.GapRow]) -> charts.Chart:
    """One bar per agency around a zero axis: right for a shortage, left for a surplus."""
    return charts.diverging_chart(
        slug="gap-chart",
        title=_("Staffing gap per agency"),
        description=_(
            "Horizontal bars: to the right of the axis a shortage (kebutuhan above "
            "bezetting), to the left a surplus."
        ),
        items=[charts.signed_item(r.nama, r.gap, short=r.singkatan) for r in rows],
        left=charts.Series(_("Surplus"), "info"),
        right=charts.Series(_("Shortage"), "danger"),
    )


def _header(by: str) -> list[str]:
    return [
        _("Code"),
        _("Agency") if by == "instansi" else _("Position"),
        _("Formasi"),
        _("Kebutuhan"),
        _("Bezetting"),
        _("Gap"),
        _("Positions short"),
        _("Positions in surplus"),
    ]


def _table(rows: list[selectors.GapRow]) -> list[list]:
    # Codes and names come from imports; escape anything a spreadsheet would evaluate.
    return [
        [
            escape_formula(r.kode),
            escape_formula(r.nama),
            r.jumlah,
            r.kebutuhan,
            r.bezetting,
            r.gap,
            r.kurang,
            r.lebih,
        ]
        for r in rows
    ]


def _export(by: str, rows: list[selectors.GapRow], fmt: str) -> HttpResponse:
    filename = f"kesenjangan-{by}"
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = _("Staffing gaps")[:31]
        ws.append(_header(by))
        for line in _table(rows):
            ws.append(line)
        buffer = io.BytesIO()
        wb.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads the file as UTF-8 only with a BOM.
    writer = csv.writer(out)
    writer.writerow(_header(by))
    writer.writerows(_table(rows))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _columns(by: str, sort: str) -> list[dict]:
    """Header cells: a click sorts by the column, a second click reverses; aria-sort says which."""
    labels = [
        ("kode", _("Code")),
        ("nama", _("Agency") if by == "instansi" else _("Position")),
        ("jumlah", _("Formasi")),
        ("kebutuhan", _("Kebutuhan")),
        ("bezetting", _("Bezetting")),
        ("gap", _("Gap")),
        ("kurang", _("Short")),
        ("lebih", _("Surplus")),
    ]
    columns = []
    for key, label in labels:
        numeric = key not in ("kode", "nama")
        if sort == key:
            aria, next_sort = "ascending", f"-{key}"
        elif sort == f"-{key}":
            aria, next_sort = "descending", key
        else:
            # Numbers first show the largest, text first shows A–Z.
            aria, next_sort = "", f"-{key}" if numeric else key
        columns.append(
            {"key": key, "label": label, "numeric": numeric, "aria": aria, "next": next_sort}
        )
    return columns


@login_required
@cache_halaman
@baca_replika
def gap_table(request: HttpRequest) -> HttpResponse:
    # The figures are public inside the provincial government (as on the agency pages).
    by = request.GET.get("by", "instansi")
    by = by if by in selectors.GAP_GROUPS else "instansi"
    sort = request.GET.get("sort", "-gap")
    internal_only = request.GET.get("scope", "internal") != "all"
    rows = selectors.gap_rows(by=by, internal_only=internal_only, sort=sort)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        return _export(by, rows, fmt)
    agencies = rows if by == "instansi" else None
    if agencies is None:
        agencies = selectors.gap_rows(by="instansi", internal_only=internal_only, sort="-gap")
    context = {
        "by": by,
        "sort": sort if sort.lstrip("-") in selectors.GAP_SORTS else "-gap",
        "scope": "internal" if internal_only else "all",
        "rows": rows,
        "chart": gap_chart(agencies),
        "chart_rows": agencies,
        "totals": {
            "kebutuhan": sum(r.kebutuhan for r in rows),
            "bezetting": sum(r.bezetting for r in rows),
            "gap": sum(r.gap for r in rows),
            "kurang": sum(r.kurang for r in rows),
            "lebih": sum(r.lebih for r in rows),
        },
        "columns": _columns(by, sort),
    }
    return render(request, "instansi/gap_table.html", context)
