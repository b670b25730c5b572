"""Charts drawn on the server as SVG, so the same chart serves the page, the PDF and the printout.

A chart is laid out here (scales, ticks, the points in the SVG's own coordinates) and drawn by
its partial in `core/partials/` (`line_chart.html`, `bar_chart.html`, `timeline.html`), with a
title and a description for assistive technology. A page that shows a chart also shows its
figures as a table or a list: the chart is never the only way in. Presentation only: the
figures, labels and classes come from the page, already decided.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

WIDTH = 640
HEIGHT = 320
MARGIN_LEFT = 72
MARGIN_RIGHT = 24
MARGIN_TOP = 16
MARGIN_BOTTOM = 56
MOST_LOG_TICKS = 6

BAR_ROW = 36  # the height of each bar's row
BAR_LABEL_WIDTH = 150  # room left of the bars for their labels
BAR_VALUE_WIDTH = 56  # room right of the longest bar for its value
BAR_TOP = 8

TIMELINE_LEAST_DAYS = 365  # a shorter span is drawn over a year, so that it is not stretched
TIMELINE_MARGIN = 16
TIMELINE_BAR_HEIGHT = 28
TIMELINE_LABEL_ROW = 16  # the height of each row of milestone labels
CHARACTER_WIDTH = 7  # roughly, at the 12px of a tick label, in the chart's units


@dataclass(frozen=True)
class Axis:
    """A scale from `low` to `high` (logarithmic when `log`), with its ticks as (value, label)."""

    label: str
    low: float
    high: float
    ticks: Sequence[tuple[float, str]] = ()
    log: bool = False

    def fraction(self, value: float) -> float:
        """Where `value` falls between low (0) and high (1)."""
        if self.log:
            low, high, value = math.log10(self.low), math.log10(self.high), math.log10(value)
        else:
            low, high = self.low, self.high
        if high == low:
            return 0.5
        return (value - low) / (high - low)


@dataclass(frozen=True)
class Series:
    """A line through (x, y) values; `step` holds each value until the next point."""

    label: str
    points: Sequence[tuple[float, float]]
    css_class: str = ""
    step: bool = False
    markers: Sequence[str] = ()  # a label for each point that gets a marker, in order


@dataclass(frozen=True)
class Guide:
    """A reference line across the plot at `value` on the "x" or "y" axis."""

    label: str
    value: float
    axis: str = "y"
    css_class: str = ""


@dataclass(frozen=True)
class Tick:
    x: str
    y: str
    label: str
    anchor: str = "middle"


@dataclass(frozen=True)
class Marker:
    x: str
    y: str
    label: str


@dataclass(frozen=True)
class DrawnLine:
    label: str
    points: str
    css_class: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class DrawnGuide:
    label: str
    x1: str
    y1: str
    x2: str
    y2: str
    label_x: str
    label_y: str
    anchor: str
    css_class: str


@dataclass(frozen=True)
class LineChart:
    """A laid-out chart: every coordinate already a string in the SVG's units."""

    ident: str
    title: str
    description: str
    width: int
    height: int
    left: str
    top: str
    right: str
    bottom: str
    plot_width: str
    plot_height: str
    x_label: str
    y_label: str
    x_label_x: str
    x_label_y: str
    y_label_x: str
    y_label_y: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[DrawnLine, ...]
    guides: tuple[DrawnGuide, ...] = field(default=())
    legend: tuple[LegendEntry, ...] = field(default=())


@dataclass(frozen=True)
class LegendEntry:
    """A key to one line: a short stretch of it in its class, then its label, top left in
    the plot (where cumulative curves, rising to the right, leave room)."""

    label: str
    css_class: str
    x1: str
    x2: str
    y: str
    text_x: str


@dataclass(frozen=True)
class Bar:
    """A horizontal bar of `value` (a count, from 0), labelled on its left."""

    label: str
    value: int
    css_class: str = ""


@dataclass(frozen=True)
class DrawnBar:
    label: str
    value: int
    y: str
    width: str
    height: str
    label_y: str
    value_x: str
    css_class: str


@dataclass(frozen=True)
class Frame:
    """What a chart of rows on a horizontal scale draws around them: its size, the plot
    area, the row labels' edge, the scale's label and its ticks along the bottom."""

    ident: str
    title: str
    description: str
    width: int
    height: int
    left: str
    top: str
    right: str
    bottom: str
    plot_width: str
    plot_height: str
    label_x: str
    x_label: str
    x_label_x: str
    x_label_y: str
    ticks: tuple[Tick, ...]


def _frame(
    *,
    ident: str,
    title: str,
    description: str,
    width: int,
    left: float,
    top: float,
    right: float,
    bottom: float,
    x_label: str,
    x_label_gap: int,
    ticks: tuple[Tick, ...],
) -> dict[str, Any]:
    """The Frame fields of a chart laid out between `left` and `right`, `top` and `bottom`."""
    return {
        "ident": ident,
        "title": title,
        "description": description,
        "width": width,
        "height": int(bottom) + 48,
        "left": _n(left),
        "top": _n(top),
        "right": _n(right),
        "bottom": _n(bottom),
        "plot_width": _n(right - left),
        "plot_height": _n(bottom - top),
        "label_x": _n(left - 8),
        "x_label": x_label,
        "x_label_x": _n((left + right) / 2),
        "x_label_y": _n(bottom + x_label_gap),
        "ticks": ticks,
    }


@dataclass(frozen=True)
class BarChart(Frame):
    """Laid-out horizontal bars, one a row, on a scale from 0 along the bottom."""

    bars: tuple[DrawnBar, ...]


@dataclass(frozen=True)
class Phase:
    """A span of time from `start` to `end`, or onwards to the chart's end when `end` is None."""

    label: str
    start: datetime.date
    end: datetime.date | None
    css_class: str = ""


@dataclass(frozen=True)
class Milestone:
    """A day marked on a timeline and labelled with its name and date."""

    label: str
    day: datetime.date


@dataclass(frozen=True)
class DrawnPhase:
    label: str
    x: str
    width: str
    css_class: str
    start: str
    end: str  # an ISO date, or "onwards"


@dataclass(frozen=True)
class DrawnMilestone:
    label: str
    x: str
    day: str
    label_y: str
    anchor: str


@dataclass(frozen=True)
class Timeline:
    """Laid-out phases as bars along a time axis, milestones labelled above them in as few
    rows as keep the labels apart, and today marked across them."""

    ident: str
    title: str
    description: str
    width: int
    height: int
    left: str
    right: str
    marks_top: str
    bar_y: str
    bar_height: str
    bar_bottom: str
    phases: tuple[DrawnPhase, ...]
    milestones: tuple[DrawnMilestone, ...]
    ticks: tuple[Tick, ...]
    today_x: str
    today_label: str
    today_label_y: str
    today_anchor: str


def _n(value: float) -> str:
    return f"{value:.1f}"


def line_chart(
    *,
    ident: str,
    title: str,
    description: str,
    x: Axis,
    y: Axis,
    series: Sequence[Series],
    guides: Sequence[Guide] = (),
    width: int = WIDTH,
    height: int = HEIGHT,
    legend: bool = False,
) -> LineChart:
    """Lay out `series` on the axes, with `guides` across them; with `legend`, a key to the
    series (each by its label and class) top left in the plot."""
    left, top = MARGIN_LEFT, MARGIN_TOP
    right, bottom = width - MARGIN_RIGHT, height - MARGIN_BOTTOM

    def px(value: float) -> float:
        return left + x.fraction(value) * (right - left)

    def py(value: float) -> float:
        return bottom - y.fraction(value) * (bottom - top)

    lines = []
    for line in series:
        coordinates: list[tuple[float, float]] = []
        for index, (vx, vy) in enumerate(line.points):
            if line.step and index > 0:
                coordinates.append((px(vx), py(line.points[index - 1][1])))
            coordinates.append((px(vx), py(vy)))
        markers = tuple(
            Marker(_n(px(vx)), _n(py(vy)), label)
            for (vx, vy), label in zip(line.points, line.markers, strict=False)
        )
        lines.append(
            DrawnLine(
                line.label,
                " ".join(f"{_n(cx)},{_n(cy)}" for cx, cy in coordinates),
                line.css_class,
                markers,
            )
        )
    drawn_guides = []
    for guide in guides:
        if guide.axis == "x":
            gx = px(guide.value)
            # The label sits on the side of the line with more room.
            right_half = gx > (left + right) / 2
            drawn_guides.append(
                DrawnGuide(guide.label, _n(gx), _n(top), _n(gx), _n(bottom),
                           _n(gx - 4 if right_half else gx + 4), _n(top + 12),
                           "end" if right_half else "start", guide.css_class)
            )  # fmt: skip
        else:
            gy = py(guide.value)
            drawn_guides.append(
                DrawnGuide(guide.label, _n(left), _n(gy), _n(right), _n(gy), _n(right - 4),
                           _n(gy - 6), "end", guide.css_class)
            )  # fmt: skip
    return LineChart(
        ident=ident,
        title=title,
        description=description,
        width=width,
        height=height,
        left=_n(left),
        top=_n(top),
        right=_n(right),
        bottom=_n(bottom),
        plot_width=_n(right - left),
        plot_height=_n(bottom - top),
        x_label=x.label,
        y_label=y.label,
        x_label_x=_n((left + right) / 2),
        x_label_y=_n(height - 12),
        y_label_x=_n(16),
        y_label_y=_n((top + bottom) / 2),
        x_ticks=tuple(
            Tick(_n(px(value)), _n(bottom), label, _anchor(index, len(x.ticks)))
            for index, (value, label) in enumerate(x.ticks)
        ),
        y_ticks=tuple(Tick(_n(left), _n(py(value)), label) for value, label in y.ticks),
        lines=tuple(lines),
        guides=tuple(drawn_guides),
        legend=tuple(
            LegendEntry(line.label, line.css_class, _n(left + 8), _n(left + 36),
                        _n(top + 14 + 16 * index), _n(left + 42))
            for index, line in enumerate(series)
        )
        if legend
        else (),
    )  # fmt: skip


def bar_chart(
    *,
    ident: str,
    title: str,
    description: str,
    x_label: str,
    bars: Sequence[Bar],
    width: int = WIDTH,
) -> BarChart:
    """Lay out `bars`, one a row from the top, on a round scale from 0 (`round_scale`)."""
    left, top = BAR_LABEL_WIDTH, BAR_TOP
    right = width - BAR_VALUE_WIDTH
    plot_width, plot_height = right - left, BAR_ROW * len(bars)
    bottom = top + plot_height
    highest, ticks = round_scale(max((bar.value for bar in bars), default=0))

    def px(value: float) -> float:
        return left + plot_width * value / highest

    frame = _frame(
        ident=ident, title=title, description=description, width=width, left=left, top=top,
        right=right, bottom=bottom, x_label=x_label, x_label_gap=40,
        ticks=tuple(Tick(_n(px(tick)), _n(bottom), f"{tick:,}") for tick in ticks),
    )  # fmt: skip
    return BarChart(
        **frame,
        bars=tuple(
            DrawnBar(
                label=bar.label,
                value=bar.value,
                y=_n(top + index * BAR_ROW + 6),
                width=_n(px(bar.value) - left),
                height=_n(BAR_ROW - 12),
                label_y=_n(top + index * BAR_ROW + BAR_ROW / 2 + 5),
                value_x=_n(px(bar.value) + 6),
                css_class=bar.css_class,
            )
            for index, bar in enumerate(bars)
        ),
    )


def timeline(
    *,
    ident: str,
    title: str,
    description: str,
    phases: Sequence[Phase],
    milestones: Sequence[Milestone],
    today: datetime.date,
    today_label: str,
    width: int = WIDTH,
) -> Timeline:
    """Lay out `phases` as bars between their dates, `milestones` labelled above them and
    `today` marked, over the span of them all (at least `TIMELINE_LEAST_DAYS`) with a
    twentieth of it to spare at each end. A phase that would not start before it ends, or
    before the chart ends when it runs on, is left out."""
    days_shown = [
        today,
        *(m.day for m in milestones),
        *(p.start for p in phases),
        *(p.end for p in phases if p.end is not None),
    ]
    first, last = min(days_shown), max(days_shown)
    spare = datetime.timedelta(days=max((last - first).days, TIMELINE_LEAST_DAYS) // 20)
    first, last = first - spare, last + spare
    days = max((last - first).days, 1)
    left, right = TIMELINE_MARGIN, width - TIMELINE_MARGIN
    middle = (left + right) / 2

    def px(day: datetime.date) -> float:
        return left + (right - left) * (day - first).days / days

    rows_end: list[float] = []  # where each row of labels is taken up to
    placed = []
    for milestone in milestones:
        x = px(milestone.day)
        anchor = "end" if x > middle else "start"
        room = CHARACTER_WIDTH * (len(milestone.label) + 12)  # the label, a space and the date
        start, end = (x - room, x) if anchor == "end" else (x, x + room)
        row = next((i for i, taken in enumerate(rows_end) if start > taken), len(rows_end))
        if row == len(rows_end):
            rows_end.append(end)
        else:
            rows_end[row] = end
        label_y = _n(TIMELINE_LABEL_ROW * (row + 1))
        placed.append(
            DrawnMilestone(milestone.label, _n(x), milestone.day.isoformat(), label_y, anchor)
        )
    marks_top = TIMELINE_LABEL_ROW * len(rows_end) + 4
    bar_y = marks_top + 4
    bar_bottom = bar_y + TIMELINE_BAR_HEIGHT
    drawn_phases = tuple(
        DrawnPhase(
            label=phase.label,
            x=_n(px(phase.start)),
            width=_n(px(stop) - px(phase.start)),
            css_class=phase.css_class,
            start=phase.start.isoformat(),
            end=phase.end.isoformat() if phase.end else "onwards",
        )
        for phase in phases
        if (stop := phase.end or last) > phase.start
    )
    dated = date_ticks(first, last, 5)
    ticks = tuple(
        Tick(
            _n(left + (right - left) * (value - day_number(first)) / days),
            _n(bar_bottom + 18),
            label,
            _anchor(index, len(dated)),
        )
        for index, (value, label) in enumerate(dated)
    )
    today_x = px(today)
    return Timeline(
        ident=ident,
        title=title,
        description=description,
        width=width,
        height=bar_bottom + 60,
        left=_n(left),
        right=_n(right),
        marks_top=_n(marks_top),
        bar_y=_n(bar_y),
        bar_height=_n(TIMELINE_BAR_HEIGHT),
        bar_bottom=_n(bar_bottom),
        phases=drawn_phases,
        milestones=tuple(placed),
        ticks=ticks,
        today_x=_n(today_x),
        today_label=today_label,
        today_label_y=_n(bar_bottom + 40),
        today_anchor="end" if today_x > middle else "start",
    )


def _anchor(index: int, count: int) -> str:
    """The first tick label starts at its tick and the last ends at it, so neither leaves the
    chart; the others are centred."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def day_number(day: datetime.date) -> float:
    """A date as a number for an axis (its proleptic ordinal)."""
    return float(day.toordinal())


def round_scale(most: int) -> tuple[int, list[int]]:
    """A round top for an axis holding counts up to `most` (1, 2 or 5 times a power of ten),
    with its whole-number ticks from 0: every one up to 5, else four or five between."""
    if most <= 5:
        top = max(most, 1)
        return top, list(range(top + 1))
    magnitude = 10 ** math.floor(math.log10(most))
    top, parts = next(
        (m * magnitude, p) for m, p in ((1, 5), (2, 4), (5, 5), (10, 5)) if m * magnitude >= most
    )
    return top, [top * i // parts for i in range(parts + 1)]


def date_ticks(first: datetime.date, last: datetime.date, most: int = 6) -> list[tuple[float, str]]:
    """Up to `most` evenly spaced dates from `first` to `last`, labelled as ISO dates."""
    span = (last - first).days
    if span <= 0:
        return [(day_number(first), first.isoformat())]
    count = max(2, min(most, span + 1))
    days = sorted(
        {first + datetime.timedelta(days=round(span * i / (count - 1))) for i in range(count)}
    )
    return [(day_number(day), day.isoformat()) for day in days]


def log_ticks(low: float, high: float, label: Callable[[float], str]) -> list[tuple[float, str]]:
    """Ticks at 1, 2 and 5 times each power of ten from `low` to `high` (both above 0); over a
    wider range 1 and 3 times, then powers of ten alone, so that at most `MOST_LOG_TICKS` show."""
    if low <= 0 or high <= 0 or high < low:
        return []
    powers = range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1)
    ticks: list[float] = []
    for steps in ((1, 2, 5), (1, 3), (1,)):
        ticks = [
            value
            for power in powers
            for step in steps
            if low <= (value := step * 10.0**power) <= high
        ]
        if len(ticks) <= MOST_LOG_TICKS:
            break
    while len(ticks) > MOST_LOG_TICKS:
        ticks = ticks[::2]
    return [(value, label(value)) for value in ticks]


def short_amount(value: float) -> str:
    """An amount for an axis: 50k, 2.5m, 1bn."""
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


GANTT_ROW = 30  # the height of each activity's row
GANTT_LABEL_WIDTH = 190  # room left of the bars for the activities' ids and names
GANTT_MARK_WIDTH = 64  # room right of the plot for the word marking a critical activity
GANTT_TOP = 8
GANTT_LABEL_CHARACTERS = 26  # a longer label is cut with an ellipsis; its title keeps it whole


@dataclass(frozen=True)
class GanttRow:
    """An activity on a time scale (any units, such as working days from the start): a bar
    from `start` to `finish`, or a diamond at `start` for a milestone. `critical` marks it
    with a word as well as a class; `baseline` draws a thin bar of the saved (start, finish)
    under it. `summary` is what its SVG title says in full (dates, float)."""

    label: str
    start: float
    finish: float
    milestone: bool = False
    critical: bool = False
    baseline: tuple[float, float] | None = None
    summary: str = ""


@dataclass(frozen=True)
class DrawnGanttRow:
    label: str
    summary: str
    label_y: str
    x: str
    width: str
    bar_y: str
    bar_height: str
    diamond: str  # the milestone's polygon points, or ""
    baseline_x: str
    baseline_width: str
    baseline_y: str
    has_baseline: bool
    mark_x: str
    critical: bool
    css_class: str


@dataclass(frozen=True)
class GanttChart(Frame):
    """Laid-out activities, one a row, on a horizontal time scale with its ticks."""

    rows: tuple[DrawnGanttRow, ...]


def gantt_chart(
    *,
    ident: str,
    title: str,
    description: str,
    rows: Sequence[GanttRow],
    ticks: Sequence[tuple[float, str]],
    x_label: str,
    width: int = WIDTH,
) -> GanttChart:
    """Lay out `rows` from the top on a scale from 0 to the latest finish (a baseline's
    included), with `ticks` (value, label) placed on it, such as dates of working days."""
    left, top = GANTT_LABEL_WIDTH, GANTT_TOP
    right = width - GANTT_MARK_WIDTH
    plot_width, plot_height = right - left, GANTT_ROW * len(rows)
    bottom = top + plot_height
    ends = [row.finish for row in rows] + [row.baseline[1] for row in rows if row.baseline]
    highest = max([*ends, *(value for value, _ in ticks), 1.0])

    def px(value: float) -> float:
        return left + plot_width * max(value, 0.0) / highest

    drawn = []
    for index, row in enumerate(rows):
        row_top = top + index * GANTT_ROW
        bar_y, bar_height = row_top + 6, GANTT_ROW - 16
        x, end = px(row.start), px(row.finish)
        middle = bar_y + bar_height / 2
        diamond = ""
        if row.milestone:
            half = bar_height / 2 + 1
            diamond = " ".join(
                f"{_n(dx)},{_n(dy)}"
                for dx, dy in ((x, middle - half), (x + half, middle), (x, middle + half),
                               (x - half, middle))
            )  # fmt: skip
        base_start, base_end = row.baseline or (0.0, 0.0)
        label = row.label
        if len(label) > GANTT_LABEL_CHARACTERS:
            label = label[: GANTT_LABEL_CHARACTERS - 1] + "…"
        classes = ["govdx-gantt__milestone" if row.milestone else "govdx-gantt__bar"]
        if row.critical:
            classes.append("govdx-gantt--critical")
        drawn.append(
            DrawnGanttRow(
                label=label,
                summary=row.summary or row.label,
                label_y=_n(row_top + GANTT_ROW / 2 + 1),
                x=_n(x),
                width=_n(max(end - x, 2.0)),
                bar_y=_n(bar_y),
                bar_height=_n(bar_height),
                diamond=diamond,
                baseline_x=_n(px(base_start)),
                baseline_width=_n(max(px(base_end) - px(base_start), 2.0)),
                baseline_y=_n(bar_y + bar_height + 1),
                has_baseline=row.baseline is not None,
                mark_x=_n(max(end, x) + (10 if row.milestone else 6)),
                critical=row.critical,
                css_class=" ".join(classes),
            )
        )
    frame = _frame(
        ident=ident, title=title, description=description, width=width, left=left, top=top,
        right=right, bottom=bottom, x_label=x_label, x_label_gap=42,
        ticks=tuple(
            Tick(_n(px(value)), _n(bottom), label, _anchor(index, len(ticks)))
            for index, (value, label) in enumerate(ticks)
        ),
    )  # fmt: skip
    return GanttChart(**frame, rows=tuple(drawn))


# --- radar charts ------------------------------------------------------------------------------

RADAR_SIZE = 480
RADAR_RADIUS = 150
RADAR_LABEL_GAP = 18


@dataclass(frozen=True)
class RadarSeries:
    """A shape through one value on each axis, in the axes' order."""

    label: str
    values: Sequence[float]
    css_class: str = ""


@dataclass(frozen=True)
class RadarReference:
    """A ring at `value` on every axis, such as a published average."""

    label: str
    value: float


@dataclass(frozen=True)
class DrawnSpoke:
    label: str
    x: str
    y: str
    label_x: str
    label_y: str
    anchor: str


@dataclass(frozen=True)
class DrawnShape:
    label: str
    points: str
    css_class: str
    markers: tuple[Marker, ...]


@dataclass(frozen=True)
class RadarChart:
    """A laid-out radar: spokes from the centre, rings at each tick, a shape per series."""

    ident: str
    title: str
    description: str
    width: int
    height: int
    centre_x: str
    centre_y: str
    spokes: tuple[DrawnSpoke, ...]
    rings: tuple[tuple[str, Tick], ...]
    shapes: tuple[DrawnShape, ...]
    reference: DrawnShape | None
    legend: tuple[tuple[str, str], ...]


def radar_chart(
    *,
    ident: str,
    title: str,
    description: str,
    axes: Sequence[str],
    low: float,
    high: float,
    series: Sequence[RadarSeries],
    reference: RadarReference | None = None,
    width: int = RADAR_SIZE,
) -> RadarChart:
    """Lay out `series` on spokes, one per axis, the first straight up and the rest clockwise,
    on a scale from `low` at the centre to `high` at the rim, with a ring at every whole value
    and an optional `reference` ring."""
    count = len(axes)
    centre_x, centre_y = width / 2, RADAR_RADIUS + 40

    def point(index: int, value: float) -> tuple[float, float]:
        share = 0.0 if high == low else (value - low) / (high - low)
        angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
        return (
            centre_x + RADAR_RADIUS * share * math.cos(angle),
            centre_y + RADAR_RADIUS * share * math.sin(angle),
        )

    def polygon(values: Sequence[float]) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, v) for i, v in enumerate(values)))

    spokes = []
    for index, label in enumerate(axes):
        x, y = point(index, high)
        share = 1 + RADAR_LABEL_GAP / RADAR_RADIUS
        label_x = centre_x + (x - centre_x) * share
        label_y = centre_y + (y - centre_y) * share + 4
        anchor = "middle" if abs(x - centre_x) < 1 else ("start" if x > centre_x else "end")
        spokes.append(DrawnSpoke(label, _n(x), _n(y), _n(label_x), _n(label_y), anchor))
    rings = []
    steps = int(high - low)
    for step in range(1, steps + 1):
        value = low + step
        rings.append(
            (
                polygon([value] * count),
                Tick(_n(centre_x + 4), _n(point(0, value)[1] + 4), f"{value:g}", "start"),
            )
        )
    shapes = tuple(
        DrawnShape(
            line.label,
            polygon(line.values),
            line.css_class,
            tuple(
                Marker(_n(point(i, v)[0]), _n(point(i, v)[1]), f"{line.label}, {axes[i]}: {v:g}")
                for i, v in enumerate(line.values)
            ),
        )
        for line in series
    )
    drawn_reference = (
        DrawnShape(reference.label, polygon([reference.value] * count), "", ())
        if reference is not None
        else None
    )
    legend = tuple((line.label, line.css_class) for line in series)
    return RadarChart(
        ident=ident,
        title=title,
        description=description,
        width=width,
        height=int(centre_y + RADAR_RADIUS + 40),
        centre_x=_n(centre_x),
        centre_y=_n(centre_y),
        spokes=tuple(spokes),
        rings=tuple(rings),
        shapes=shapes,
        reference=drawn_reference,
        legend=legend,
    )
