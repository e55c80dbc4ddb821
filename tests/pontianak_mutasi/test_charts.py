"""The SVG chart geometry (pontianak_mutasi.charts) and its template."""

from __future__ import annotations

import itertools

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from pontianak_mutasi import charts
from pontianak_mutasi.charts import Item, Series


def test_bar_lengths_are_proportional_and_start_at_the_axis():
    chart = charts.bar_chart(
        slug="c",
        title="T",
        description="D",
        items=[Item("a", [10]), Item("b", [5]), Item("c", [0])],
    )
    widths = [row.rects[0].width for row in chart.rows]
    assert widths == [charts.PLOT_WIDTH, charts.PLOT_WIDTH / 2, 0]
    assert {row.rects[0].x for row in chart.rows} == {chart.axis_x}
    # Rows never overlap, and the chart is tall enough for all of them.
    ys = [row.rects[0].y for row in chart.rows]
    assert all(b - a >= charts.ROW_HEIGHT for a, b in itertools.pairwise(ys))
    assert chart.height >= ys[-1] + charts.ROW_HEIGHT


def test_fixed_maximum_for_percentages():
    chart = charts.bar_chart(
        slug="c", title="T", description="D", items=[Item("a", [50])], maximum=100
    )
    assert chart.rows[0].rects[0].width == charts.PLOT_WIDTH / 2


def test_two_series_share_a_row_and_keep_their_values():
    chart = charts.bar_chart(
        slug="c",
        title="T",
        description="D",
        items=[Item("draft", [2.5, 1.0])],
        series=[Series("Average"), Series("Median", "secondary")],
        decimals=1,
    )
    avg, med = chart.rows[0].rects
    assert (avg.value, med.value, avg.tone, med.tone) == (2.5, 1.0, "primary", "secondary")
    assert med.y == avg.y + avg.height + 1
    assert chart.summary == "draft: Average: 2.5, Median: 1.0."


def test_diverging_puts_left_values_left_of_the_axis_on_one_scale():
    chart = charts.diverging_chart(
        slug="c",
        title="T",
        description="D",
        items=[
            charts.signed_item("short", 4),
            charts.signed_item("surplus", -2),
            Item("both", [1, 3]),
        ],
        left=Series("Out"),
        right=Series("In"),
    )
    short, surplus, both = chart.rows
    assert short.rects[0].x == chart.axis_x and short.rects[0].text == "+4"
    assert surplus.rects[0].x + surplus.rects[0].width == chart.axis_x
    assert surplus.rects[0].text == "-2"
    assert surplus.rects[0].width == short.rects[0].width / 2
    assert [r.value for r in both.rects] == [1, 3]


def test_columns_grow_up_from_the_baseline():
    chart = charts.column_chart(
        slug="c", title="T", description="D", items=[Item("Jan", [4]), Item("Feb", [1])]
    )
    jan, feb = (c.rect for c in chart.columns)
    assert jan.y + jan.height == feb.y + feb.height == chart.axis_bottom
    assert jan.height == 4 * feb.height
    assert jan.x < feb.x


def test_all_zero_is_empty_and_says_so():
    chart = charts.bar_chart(slug="c", title="T", description="D", items=[Item("a", [0])])
    assert chart.empty
    html = render_to_string("_chart.html", {"chart": chart, "empty_text": "Nothing here."})
    assert "<svg" not in html and "Nothing here." in html


def test_template_is_labelled_and_numbers_stay_plain_in_coordinates():
    with translation.override("id"):
        chart = charts.bar_chart(
            slug="chart-x",
            title="Days",
            description="Average days.",
            items=[Item("Verifikasi", [1234.5])],
            decimals=1,
        )
        html = render_to_string("_chart.html", {"chart": chart})
    assert 'role="img" aria-labelledby="chart-x-title chart-x-desc"' in html
    assert '<title id="chart-x-title">Days</title>' in html
    assert "Average days. Verifikasi: 1.234,5." in html  # the label in Indonesian
    assert ">1.234,5<" in html
    assert f'width="{charts.PLOT_WIDTH}' in html and "," not in html.split("viewBox=")[1][:20]


def test_unknown_tone_is_refused():
    with pytest.raises(ValueError, match="unknown chart tone"):
        Series("x", "purple")
