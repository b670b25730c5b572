"""Charts laid out on the server: the scale, and where each bar, phase and mark falls in the
SVG's own units (640 wide), for inputs whose positions are worked out by hand."""

from __future__ import annotations

import datetime

import pytest

from govdx.core.charts import Bar, Milestone, Phase, bar_chart, round_scale, timeline


@pytest.mark.parametrize(
    ("most", "top", "ticks"),
    [
        (0, 1, [0, 1]),
        (5, 5, [0, 1, 2, 3, 4, 5]),
        (7, 10, [0, 2, 4, 6, 8, 10]),
        (17, 20, [0, 5, 10, 15, 20]),
        (100, 100, [0, 20, 40, 60, 80, 100]),
        (3999, 5000, [0, 1000, 2000, 3000, 4000, 5000]),
        (9001, 10000, [0, 2000, 4000, 6000, 8000, 10000]),
    ],
)
def test_round_scale_tops_the_axis_at_one_two_or_five_times_a_power_of_ten(
    most: int, top: int, ticks: list[int]
) -> None:
    assert round_scale(most) == (top, ticks)


def test_a_bar_chart_lays_each_bar_on_its_row_against_a_round_scale() -> None:
    chart = bar_chart(
        ident="counts",
        title="Counts",
        description="A 3, B 7",
        x_label="Installations",
        bars=[Bar("A", 3, "govdx-chart__bar--a"), Bar("B", 7)],
    )

    # Bars run from x 150 to 584 (434 wide) on a scale of 0 to 10, each in a row 36 high.
    assert (chart.left, chart.right, chart.plot_width) == ("150.0", "584.0", "434.0")
    assert (chart.top, chart.bottom, chart.height) == ("8.0", "80.0", 128)
    assert [(t.x, t.label) for t in chart.ticks] == [
        ("150.0", "0"), ("236.8", "2"), ("323.6", "4"),
        ("410.4", "6"), ("497.2", "8"), ("584.0", "10"),
    ]  # fmt: skip
    first, second = chart.bars
    assert (first.y, first.width, first.label_y, first.value_x) == (
        "14.0",
        "130.2",
        "31.0",
        "286.2",
    )
    assert (second.y, second.width, second.label_y) == ("50.0", "303.8", "67.0")
    assert (first.css_class, second.css_class) == ("govdx-chart__bar--a", "")


def test_a_bar_chart_labels_its_ticks_with_thousands_separated() -> None:
    chart = bar_chart(
        ident="counts", title="Counts", description="", x_label="", bars=[Bar("A", 3999)]
    )

    assert [t.label for t in chart.ticks] == ["0", "1,000", "2,000", "3,000", "4,000", "5,000"]


def test_an_empty_bar_chart_draws_an_axis_of_0_to_1_and_no_bars() -> None:
    chart = bar_chart(ident="empty", title="Nothing", description="", x_label="Count", bars=[])

    assert chart.bars == ()
    assert chart.plot_height == "0.0"
    assert chart.height == 56
    assert [(t.x, t.label) for t in chart.ticks] == [("150.0", "0"), ("584.0", "1")]


def test_a_timeline_runs_a_phase_with_no_end_date_on_to_the_chart_end() -> None:
    day = datetime.date
    chart = timeline(
        ident="cycle",
        title="Support",
        description="",
        phases=[
            Phase("Active", day(2020, 1, 1), day(2021, 1, 1), "govdx-chart__bar--supported"),
            Phase("Gone at once", day(2021, 1, 1), day(2021, 1, 1)),
            # extended support offered (a yes), but no end date published
            Phase("Extended", day(2021, 1, 1), None, "govdx-chart__bar--extended_support"),
        ],
        milestones=[
            Milestone("Released", day(2020, 1, 1)),
            Milestone("Security only", day(2020, 2, 1)),
            Milestone("Ended", day(2021, 1, 1)),
        ],
        today=day(2020, 7, 1),
        today_label="Today: supported",
    )

    # 366 days with 18 to spare at each end, 2019-12-14 to 2021-01-19, across x 16 to 624.
    assert [(t.x, t.label, t.anchor) for t in (chart.ticks[0], chart.ticks[-1])] == [
        ("16.0", "2019-12-14", "start"),
        ("624.0", "2021-01-19", "end"),
    ]
    active, extended = chart.phases  # the phase that ends as it starts is left out
    assert (active.x, active.width, active.end) == ("43.2", "553.6", "2021-01-01")
    assert (extended.x, extended.width, extended.end) == ("596.8", "27.2", "onwards")
    assert extended.css_class == "govdx-chart__bar--extended_support"
    # "Security only" would overlap "Released", so it takes a second row; "Ended" fits on the
    # first, its label ending at its mark on the right half.
    assert [(m.label, m.x, m.label_y, m.anchor) for m in chart.milestones] == [
        ("Released", "43.2", "16.0", "start"),
        ("Security only", "90.1", "32.0", "start"),
        ("Ended", "596.8", "16.0", "end"),
    ]
    assert (chart.marks_top, chart.bar_y, chart.bar_bottom, chart.height) == (
        "36.0", "40.0", "68.0", 128,
    )  # fmt: skip
    assert (chart.today_x, chart.today_anchor, chart.today_label) == (
        "318.5", "start", "Today: supported",
    )  # fmt: skip


def test_a_gantt_chart_places_bars_milestones_baselines_and_marks_the_critical_ones() -> None:
    from govdx.core.charts import GanttRow, gantt_chart

    chart = gantt_chart(
        ident="gantt",
        title="Plan",
        description="Three activities",
        rows=[
            GanttRow("A: Discovery", 0, 4, critical=True),
            GanttRow("B: Build a very long named thing indeed", 2, 5, baseline=(2, 6)),
            GanttRow("M: Go live", 10, 10, milestone=True, critical=True),
        ],
        ticks=[(0, "2026-01-05"), (10, "2026-01-19")],
        x_label="Working days",
    )

    # Bars run from x 190 to 576 (386 wide) on a scale of 0 to 10, each in a row 30 high.
    first, second, milestone = chart.rows
    assert (first.x, first.width, first.bar_y, first.critical) == ("190.0", "154.4", "14.0", True)
    assert first.css_class == "govdx-gantt__bar govdx-gantt--critical"
    assert (second.x, second.width, second.has_baseline) == ("267.2", "115.8", True)
    assert (second.baseline_x, second.baseline_width, second.baseline_y) == (
        "267.2", "154.4", "59.0"
    )  # fmt: skip
    assert second.label == "B: Build a very long name…"
    assert second.summary == "B: Build a very long named thing indeed"
    assert milestone.diamond == "576.0,73.0 584.0,81.0 576.0,89.0 568.0,81.0"
    assert milestone.css_class == "govdx-gantt__milestone govdx-gantt--critical"
    assert milestone.mark_x == "586.0"
    assert [(t.x, t.label, t.anchor) for t in chart.ticks] == [
        ("190.0", "2026-01-05", "start"), ("576.0", "2026-01-19", "end")
    ]  # fmt: skip
    assert (chart.height, chart.bottom) == (146, "98.0")
