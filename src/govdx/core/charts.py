"""Charts drawn on the server as SVG, so the same chart serves the page, the PDF and the printout.

A chart is laid out here (scales, ticks, the points in the SVG's own coordinates) and drawn by
`core/partials/line_chart.html`, with a title and a description for assistive technology. A
page that shows a chart also shows its figures as a table: the chart is never the only way in.
Presentation only: the figures come from selectors, already computed.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 320
MARGIN_LEFT = 72
MARGIN_RIGHT = 24
MARGIN_TOP = 16
MARGIN_BOTTOM = 56
MOST_LOG_TICKS = 6


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
) -> LineChart:
    """Lay out `series` on the axes, with `guides` across them."""
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
