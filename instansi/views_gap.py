"""The province-wide staffing gap table: by agency or by position, sortable, exportable,
with a server-rendered SVG bar chart of shortage (+) and surplus (−) per agency."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from instansi import selectors
from pontianak_mutasi.importing import escape_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Chart geometry, in SVG user units.
BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 220
PLOT_WIDTH = 420
VALUE_WIDTH = 60
TOP = 24


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    text_y: float
    value_x: float
    value_anchor: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    axis_x: float
    plot_left: int
    plot_right: int


def gap_chart(rows: list[selectors.GapRow]) -> Chart:
    """One horizontal bar per agency around a zero axis: right for a shortage, left for a surplus."""
    half = PLOT_WIDTH / 2
    axis_x = LABEL_WIDTH + VALUE_WIDTH + half
    largest = max((abs(r.gap) for r in rows), default=0) or 1
    bars = []
    for i, r in enumerate(rows):
        y = TOP + i * (BAR_HEIGHT + BAR_GAP)
        width = abs(r.gap) / largest * half
        x = axis_x if r.gap >= 0 else axis_x - width
        bars.append(
            Bar(
                label=r.nama,
                value=r.gap,
                x=round(x, 1),
                y=y,
                width=round(width, 1),
                text_y=y + BAR_HEIGHT * 0.7,
                value_x=round(x + width + 4 if r.gap >= 0 else x - 4, 1),
                value_anchor="start" if r.gap >= 0 else "end",
            )
        )
    height = TOP + len(rows) * (BAR_HEIGHT + BAR_GAP) + 8
    return Chart(
        bars=bars,
        width=LABEL_WIDTH + 2 * VALUE_WIDTH + PLOT_WIDTH,
        height=height,
        axis_x=axis_x,
        plot_left=LABEL_WIDTH + VALUE_WIDTH,
        plot_right=LABEL_WIDTH + VALUE_WIDTH + PLOT_WIDTH,
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
