"""Server-rendered SVG charts: the geometry is computed here, ``templates/_chart.html`` draws it.

No JavaScript and no library: a chart is a list of rectangles with their value written next to
them, a ``<title>`` and a ``<desc>`` naming every value for screen readers, and each page puts
the same numbers in a table beside it. Three shapes cover the dashboard and the gap table:

- ``bar_chart``: horizontal bars from zero, one row per item, one bar per series;
- ``diverging_chart``: bars to the left and right of a central axis (surplus | shortage,
  moves out | moves in);
- ``column_chart``: vertical columns along a time axis (proposals per month).

Coordinates are plain numbers rendered with ``{% localize off %}``; the value labels are
formatted here for the active language (``3,5`` in Indonesian), never inside the SVG maths.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format

# Geometry, in SVG user units (1 unit = 1 CSS pixel at full width; the SVG scales down).
ROW_HEIGHT = 22
SERIES_HEIGHT = 15  # per series when a row holds several bars: room for each value label
ROW_GAP = 8
LABEL_WIDTH = 230
VALUE_WIDTH = 56
PLOT_WIDTH = 360
TOP = 26  # room for the side headings of a diverging chart or the legend
LABEL_CHARS = 32  # longer labels are shortened on the chart (the table has them in full)

COLUMN_WIDTH = 34
COLUMN_GAP = 14
COLUMN_PLOT_HEIGHT = 180
COLUMN_LEFT = 8
COLUMN_BOTTOM = 36  # room for the month labels

# Fills (CSS classes in app.css), each at least 3:1 against white (WCAG 1.4.11).
TONES = ("primary", "secondary", "danger", "info", "muted")


@dataclass(frozen=True)
class Series:
    label: str
    tone: str = "primary"

    def __post_init__(self) -> None:
        if self.tone not in TONES:  # a typo would draw an unstyled (black) bar
            raise ValueError(f"unknown chart tone {self.tone!r}")


@dataclass(frozen=True)
class Item:
    """One row (or column) of data: a label and one value per series.

    ``short`` is drawn instead of a long label (the table shows it in full); ``texts``
    overrides the formatted value labels, e.g. a signed "+3". Nothing on a chart is a link:
    the links are in the table beside it.
    """

    label: str
    values: Sequence[float]
    short: str = ""
    texts: Sequence[str] = ()
    sublabel: str = ""  # a second line under a column (the year under January)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    tone: str
    value: float
    text: str  # the value, formatted
    spoken: str  # "series: value" (or the value alone), for <desc> and the tooltip
    text_x: float
    text_y: float
    anchor: str  # text-anchor of the value label


@dataclass(frozen=True)
class Row:
    label: str
    short: str
    label_y: float
    rects: list[Rect]


@dataclass(frozen=True)
class Column:
    label: str
    sublabel: str
    label_x: float
    label_y: float
    rect: Rect


@dataclass(frozen=True)
class Chart:
    kind: str  # "bar" | "diverging" | "column"
    slug: str  # unique on the page: the ids of <title> and <desc>
    title: str
    description: str
    width: int
    height: int
    series: list[Series]
    rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    axis_x: float = 0
    axis_top: float = 0
    axis_bottom: float = 0
    plot_left: float = 0
    plot_right: float = 0
    left_heading: str = ""
    right_heading: str = ""

    @property
    def empty(self) -> bool:
        """Nothing to draw: no item, or every value zero."""
        rects = [r for row in self.rows for r in row.rects] + [c.rect for c in self.columns]
        return not any(r.value for r in rects)

    @property
    def summary(self) -> str:
        """Every value in words, for the ``<desc>`` read by screen readers."""
        if self.kind == "column":
            parts = [f"{c.rect.spoken}" for c in self.columns]
        else:
            parts = [
                f"{row.label}: {', '.join(r.spoken for r in row.rects) or '0'}" for row in self.rows
            ]
        return "; ".join(parts) + "." if parts else ""


def fmt(value: float, decimals: int = 0) -> str:
    """A value label in the active language (thousands and decimal separators)."""
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _short(label: str, short: str) -> str:
    text = short or label
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _texts(item: Item, decimals: int) -> list[str]:
    if item.texts:
        return list(item.texts)
    return [fmt(v, decimals) for v in item.values]


def signed_item(label: str, value: int, short: str = "") -> Item:
    """A signed number for a diverging chart: negative to the left, positive to the right,
    written "-2" and "+3" as the tables write them."""
    return Item(
        label=label,
        short=short,
        values=[max(-value, 0), max(value, 0)],
        texts=[str(value) if value < 0 else "", f"+{value}" if value > 0 else ""],
    )


def bar_chart(
    *,
    slug: str,
    title: str,
    description: str,
    items: Sequence[Item],
    series: Sequence[Series] = (Series(""),),
    decimals: int = 0,
    maximum: float | None = None,
) -> Chart:
    """Horizontal bars from zero; with several series, each row holds one thin bar per series.

    ``maximum`` fixes the scale (100 for percentages) instead of the largest value.
    """
    series = list(series)
    largest = maximum or max((v for i in items for v in i.values), default=0) or 1
    plot_left = LABEL_WIDTH
    bar_h = SERIES_HEIGHT if len(series) > 1 else ROW_HEIGHT
    row_h = bar_h * len(series)
    top = TOP if len(series) > 1 else 6
    rows = []
    for n, item in enumerate(items):
        y = top + n * (row_h + ROW_GAP)
        rects = []
        for k, (value, text) in enumerate(zip(item.values, _texts(item, decimals), strict=True)):
            width = max(value, 0) / largest * PLOT_WIDTH
            bar_y = y + k * bar_h
            rects.append(
                Rect(
                    x=plot_left,
                    y=round(bar_y, 1),
                    width=round(width, 1),
                    height=round(bar_h - (1 if len(series) > 1 else 0), 1),
                    tone=series[k].tone,
                    value=value,
                    text=text,
                    spoken=f"{series[k].label}: {text}" if series[k].label else text,
                    text_x=round(plot_left + width + 4, 1),
                    text_y=round(bar_y + bar_h / 2 + 4, 1),
                    anchor="start",
                )
            )
        rows.append(
            Row(
                label=item.label,
                short=_short(item.label, item.short),
                label_y=round(y + row_h / 2 + 4, 1),
                rects=rects,
            )
        )
    height = top + len(items) * (row_h + ROW_GAP)
    return Chart(
        kind="bar",
        slug=slug,
        title=title,
        description=description,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=height,
        series=series,
        rows=rows,
        axis_x=plot_left,
        axis_top=top - 4,
        axis_bottom=height - ROW_GAP + 4,
        plot_left=plot_left,
        plot_right=plot_left + PLOT_WIDTH,
    )


def diverging_chart(
    *,
    slug: str,
    title: str,
    description: str,
    items: Sequence[Item],
    left: Series,
    right: Series,
) -> Chart:
    """Bars to both sides of a central axis: ``values`` is (left amount, right amount), both
    non-negative; one scale for both sides, so equal lengths mean equal numbers."""
    half = PLOT_WIDTH / 2
    plot_left = LABEL_WIDTH + VALUE_WIDTH
    axis_x = plot_left + half
    largest = max((v for i in items for v in i.values), default=0) or 1
    rows = []
    for n, item in enumerate(items):
        y = TOP + n * (ROW_HEIGHT + ROW_GAP)
        (lv, rv), (lt, rt) = item.values, _texts(item, 0)
        rects = []
        for value, text, side in ((lv, lt, left), (rv, rt, right)):
            if not value:
                continue
            width = value / largest * half
            on_left = side is left
            x = axis_x - width if on_left else axis_x
            rects.append(
                Rect(
                    x=round(x, 1),
                    y=y,
                    width=round(width, 1),
                    height=ROW_HEIGHT,
                    tone=side.tone,
                    value=value,
                    text=text,
                    spoken=f"{side.label}: {text}",
                    text_x=round(x - 4 if on_left else x + width + 4, 1),
                    text_y=round(y + ROW_HEIGHT * 0.7, 1),
                    anchor="end" if on_left else "start",
                )
            )
        rows.append(
            Row(
                label=item.label,
                short=_short(item.label, item.short),
                label_y=round(y + ROW_HEIGHT * 0.7, 1),
                rects=rects,
            )
        )
    height = TOP + len(items) * (ROW_HEIGHT + ROW_GAP)
    return Chart(
        kind="diverging",
        slug=slug,
        title=title,
        description=description,
        width=LABEL_WIDTH + 2 * VALUE_WIDTH + PLOT_WIDTH,
        height=height,
        series=[left, right],
        rows=rows,
        axis_x=axis_x,
        axis_top=TOP - 6,
        axis_bottom=height,
        plot_left=plot_left,
        plot_right=plot_left + PLOT_WIDTH,
        left_heading=left.label,
        right_heading=right.label,
    )


def column_chart(
    *,
    slug: str,
    title: str,
    description: str,
    items: Sequence[Item],
    series: Series = Series(""),
) -> Chart:
    """Vertical columns left to right (time), a value on top of each and its label below."""
    largest = max((i.values[0] for i in items), default=0) or 1
    top = 18  # room for the value over the tallest column
    baseline = top + COLUMN_PLOT_HEIGHT
    columns = []
    for n, item in enumerate(items):
        value, text = item.values[0], _texts(item, 0)[0]
        x = COLUMN_LEFT + n * (COLUMN_WIDTH + COLUMN_GAP)
        height = value / largest * COLUMN_PLOT_HEIGHT
        centre = x + COLUMN_WIDTH / 2
        columns.append(
            Column(
                label=item.short or item.label,
                sublabel=item.sublabel,
                label_x=round(centre, 1),
                label_y=baseline + 16,
                rect=Rect(
                    x=x,
                    y=round(baseline - height, 1),
                    width=COLUMN_WIDTH,
                    height=round(height, 1),
                    tone=series.tone,
                    value=value,
                    text=text,
                    spoken=f"{item.label}: {text}",
                    text_x=round(centre, 1),
                    text_y=round(baseline - height - 5, 1),
                    anchor="middle",
                ),
            )
        )
    width = COLUMN_LEFT * 2 + len(items) * (COLUMN_WIDTH + COLUMN_GAP)
    return Chart(
        kind="column",
        slug=slug,
        title=title,
        description=description,
        width=max(width, 200),
        height=baseline + COLUMN_BOTTOM,
        series=[series],
        columns=columns,
        axis_top=top,
        axis_bottom=baseline,
        plot_left=COLUMN_LEFT / 2,
        plot_right=width - COLUMN_LEFT / 2,
    )
