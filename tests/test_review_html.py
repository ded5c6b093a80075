"""The review page's chart geometry and colours, as pure functions (the browser tests in
tests/browser/ check the rendered page)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hypothesis_examples import examples
from mentee.export import review_chart as chart
from mentee.export.review_style import DARK, LIGHT, TEXT_COLOURS, TONES, contrast_ratio
from mentee.timeline import TimelineStatus

# -- colours --------------------------------------------------------------------------------


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_text_colour_meets_wcag_aa_on_the_page(palette):
    """Each colour used for text has at least 4.5:1 contrast with the page, and the page's
    colour on each status colour (the status pills) too."""
    for name in TEXT_COLOURS:
        assert contrast_ratio(palette[name], palette["bg"]) >= 4.5, name


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_chart_graphics_stand_out_from_the_page(palette):
    """Today's line, the bars' outline and fills and the markers have at least 3:1 contrast
    with the page (WCAG's rule for graphics), and the filled part with the empty track."""
    for name in ("today", "track-edge", "muted", "ok", "behind", "overdue", "noplan", "neutral"):
        assert contrast_ratio(palette[name], palette["bg"]) >= 3.0, name
    for tone in ("ok", "behind", "overdue", "noplan", "neutral"):
        assert contrast_ratio(palette[tone], palette["track"]) >= 3.0, tone


def test_dark_palette_is_dark_and_light_palette_light():
    """The dark scheme is light text on a dark page, the light one the reverse."""
    assert contrast_ratio(DARK["bg"], "#000000") < 1.5
    assert contrast_ratio(LIGHT["bg"], "#ffffff") < 1.1


def test_every_status_has_a_tone_and_a_paused_goal_is_not_coloured_at_risk():
    """Each timeline status has a colour family; a paused goal is never at risk, so it is
    grey, not in the colours of behind or overdue."""
    for status in TimelineStatus:
        assert status.value in TONES
    assert TONES["paused"] == "neutral"
    assert TONES["behind"] != TONES["overdue"] != "neutral"


# -- markers set side by side ---------------------------------------------------------------


@given(
    st.lists(st.floats(min_value=0, max_value=300), min_size=1, max_size=12),
    st.floats(min_value=4, max_value=20),
)
def test_dodge_keeps_markers_apart_inside_the_plot_and_near_their_day(wanted, slot):
    """Markers come out at least a slot apart, in order, inside the plot, and no further
    from their day than the cluster they belong to is wide."""
    wanted = sorted(wanted)
    low, high = 0.0, max(300.0, slot * len(wanted))
    placed = chart.dodge(wanted, slot, low, high)
    assert len(placed) == len(wanted)
    for a, b in itertools.pairwise(placed):
        assert b - a >= slot - 1e-6
    assert all(low - 1e-6 <= p <= high + 1e-6 for p in placed)
    assert all(abs(p - w) <= slot * len(wanted) + 1e-6 for p, w in zip(placed, wanted, strict=True))


def test_dodge_leaves_markers_that_are_apart_where_they_are():
    """Markers already a slot apart are not moved."""
    assert chart.dodge([10.0, 40.0, 80.0], 18, 0, 300) == [10.0, 40.0, 80.0]


def test_dodge_centres_markers_of_one_day_on_that_day():
    """Three markers on one day are set side by side around it."""
    assert chart.dodge([100.0, 100.0, 100.0], 18, 0, 300) == [82.0, 100.0, 118.0]


def test_the_printed_chart_is_no_narrower_than_the_layout_its_axis_was_made_for():
    """Printed on A4 the chart uses the medium layout's axis labels: its plot is at least
    as wide as the narrowest the labels were placed for."""
    assert chart.PRINT_PLOT >= chart.MEDIUM_MIN_PLOT
    assert chart.A4_CONTENT < chart.WIDE_BREAKPOINT


# -- the time axis --------------------------------------------------------------------------


@settings(max_examples=examples(300))
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    st.integers(min_value=0, max_value=365 * 9),
)
def test_axis_labels_never_collide_and_label_every_tick(first, span):
    """At the narrowest plot of each layout, the axis labels of one row keep apart and stay
    inside the plot; every month (or quarter, or half year) tick has its label."""
    scale = chart.scale_between(first, first + timedelta(days=span))
    marks = chart.ticks(scale)
    for layout, width in chart.LAYOUTS.items():
        size = chart.AXIS_FONT[layout]
        labels = chart.axis_labels(scale, width, size)
        rows: dict[int, list[tuple[float, float]]] = {}
        for label in labels:
            left = label.at * width + 3
            right = left + chart.text_width(label.text, size)
            assert right <= width, (layout, label)
            rows.setdefault(label.row, []).append((left, right))
        for spans in rows.values():
            spans.sort()
            for (_, right), (left, _) in itertools.pairwise(spans):
                assert left >= right + chart.LABEL_GAP - 1e-9, layout
        if chart.tick_step(scale) < 12:
            at_ticks = {round(label.at, 9) for label in labels if label.row > 0}
            assert {round(scale.at(m), 9) for m in marks} <= at_ticks, layout
        assert any(label.row == 0 for label in labels), "no year"


@pytest.mark.parametrize(
    ("days", "step"),
    [(20, 1), (365, 1), (540, 1), (600, 3), (365 * 3, 3), (365 * 6, 6), (365 * 10, 12)],
)
def test_tick_step_is_monthly_up_to_a_year_and_a_half_then_quarters(days, step):
    """Monthly ticks up to about 18 months, then quarters, half years, years."""
    assert (
        chart.tick_step(
            chart.scale_between(date(2026, 1, 10), date(2026, 1, 10) + timedelta(days=days))
        )
        == step
    )


def test_quarters_start_in_january_april_july_and_october():
    """Quarter ticks fall on the first day of a calendar quarter."""
    scale = chart.scale_between(date(2025, 2, 10), date(2028, 5, 1))
    marks = chart.ticks(scale)
    assert chart.tick_step(scale) == 3
    assert {m.month for m in marks} == {1, 4, 7, 10}
    assert all(m.day == 1 for m in marks)


def test_a_short_timeline_still_names_its_month_and_year():
    """Three weeks inside one month: the axis still says which month and year."""
    scale = chart.scale_between(date(2026, 11, 3), date(2026, 11, 24))
    texts = {label.text for label in chart.axis_labels(scale, chart.NARROW_MIN_PLOT, 11)}
    assert "2026" in texts
    assert {"Oct", "Nov", "Dec"} & texts
