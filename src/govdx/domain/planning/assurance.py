"""Delivery confidence and gate reviews: how sure a project's leaders and its assurers are that
it will deliver, how that moves month to month, and the recommendations reviews leave behind.

Method: the delivery confidence assessment (DCA) UK central government uses for major
projects. Until 2023 the Infrastructure and Projects Authority (IPA) rated on a five-point
scale, green, amber/green, amber, amber/red and red; major-project returns now use a
three-point scale, green, amber and red. govdx keeps both: a rating is a level on a scale, and
its definition, shown to users, depends on the scale (a three-point amber covers ground the
five-point scale splits three ways). The definitions here are govdx's own wording, written in
the spirit of the IPA's published ones; they do not quote them. A rating also records who gave
it: the senior responsible owner's own assessment, or an independent assurance review.

One severity order puts both scales on a line of five positions, 0 (green) to 4 (red): a
five-point rating takes its own position, and a three-point rating the position of its
five-point namesake (green 0, amber 2, red 4). That order sorts, and finds the most severe.

The trend between two consecutive ratings on one scale follows that order. Across a change of
scale it is judged on the coarser, three-point scale, each five-point rating counting as its
band (amber/green, amber and amber/red are all amber): a project rated amber/green one month
and amber on the three-point scale the next has not declined, it has been re-rated on a scale
with no amber/green, so the trend is stable. A first rating has the trend "new".

The programme roll-up takes each project's latest rating on a date and compares it with the
project's latest rating at the end of the previous calendar month.

Gate reviews follow the OGC Gateway numbering, 0 to 5, each gate a point in the project's life
where an independent team reviews it; their outcome is that team's delivery confidence
rating. Recommendations are tracked to closure: open until closed, overdue from the day after
their due date while open.

    rating = Rating(Scale.FIVE_POINT, Level.AMBER_GREEN)
    rating.label, rating.severity                      # ("Amber/green", 1)
    trend(rating, Rating(Scale.THREE_POINT, Level.AMBER))   # Trend.STABLE
    roll_up_confidence(assessments, on=date(2025, 6, 30)).declined
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal
from enum import IntEnum, StrEnum

from govdx.domain.errors import Invalid
from govdx.domain.risk.dates import format_day
from govdx.domain.tabular.parsers import normalise_label

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class Scale(StrEnum):
    """The two delivery confidence scales."""

    FIVE_POINT = "five_point"
    THREE_POINT = "three_point"

    @property
    def label(self) -> str:
        return SCALE_LABELS[self]


SCALE_LABELS: dict[Scale, str] = {
    Scale.FIVE_POINT: "Five-point (green to red)",
    Scale.THREE_POINT: "Three-point (red, amber, green)",
}


class Level(StrEnum):
    """A level of delivery confidence, best first. The three-point scale uses only green,
    amber and red."""

    GREEN = "green"
    AMBER_GREEN = "amber_green"
    AMBER = "amber"
    AMBER_RED = "amber_red"
    RED = "red"


LEVEL_LABELS: dict[Level, str] = {
    Level.GREEN: "Green",
    Level.AMBER_GREEN: "Amber/green",
    Level.AMBER: "Amber",
    Level.AMBER_RED: "Amber/red",
    Level.RED: "Red",
}

SCALE_LEVELS: dict[Scale, tuple[Level, ...]] = {
    Scale.FIVE_POINT: (Level.GREEN, Level.AMBER_GREEN, Level.AMBER, Level.AMBER_RED, Level.RED),
    Scale.THREE_POINT: (Level.GREEN, Level.AMBER, Level.RED),
}
"""The levels of each scale, best first."""

SEVERITY: dict[Level, int] = {
    Level.GREEN: 0,
    Level.AMBER_GREEN: 1,
    Level.AMBER: 2,
    Level.AMBER_RED: 3,
    Level.RED: 4,
}
"""Position on the one severity order, 0 (green) to 4 (red), for a level on either scale."""

THREE_POINT_BAND: dict[Level, Level] = {
    Level.GREEN: Level.GREEN,
    Level.AMBER_GREEN: Level.AMBER,
    Level.AMBER: Level.AMBER,
    Level.AMBER_RED: Level.AMBER,
    Level.RED: Level.RED,
}
"""The three-point level a five-point level falls in."""

# govdx's own wording, in the spirit of the IPA's published definitions; not a quotation.
DEFINITIONS: dict[tuple[Scale, Level], str] = {
    (Scale.FIVE_POINT, Level.GREEN): (
        "Delivery on time, within budget and to the quality required looks highly likely. "
        "No major issue is outstanding that, as things stand, threatens delivery."
    ),
    (Scale.FIVE_POINT, Level.AMBER_GREEN): (
        "Delivery looks probable, but needs constant attention so that known risks do not "
        "turn into major issues that threaten it."
    ),
    (Scale.FIVE_POINT, Level.AMBER): (
        "Delivery looks feasible, but significant issues already exist and need management "
        "attention. They look resolvable now and, dealt with promptly, should not make the "
        "project overrun its cost or schedule."
    ),
    (Scale.FIVE_POINT, Level.AMBER_RED): (
        "Delivery is in doubt: major risks or issues are apparent in several key areas. "
        "Urgent action is needed to resolve them, or to find out whether they can be resolved."
    ),
    (Scale.FIVE_POINT, Level.RED): (
        "Delivery looks unachievable. Major issues with the project's definition, schedule, "
        "budget, quality or benefits do not, as things stand, look manageable or resolvable. "
        "The project may need re-scoping, or its overall viability reassessing."
    ),
    (Scale.THREE_POINT, Level.GREEN): (
        "Delivery to time, cost and quality looks likely. Risks and issues are understood and "
        "in hand, and none, as things stand, threatens delivery."
    ),
    (Scale.THREE_POINT, Level.AMBER): (
        "Delivery is feasible but not assured: significant risks or issues exist in one or "
        "more areas. They need prompt action by the project's leadership, and look resolvable "
        "if that action is taken."
    ),
    (Scale.THREE_POINT, Level.RED): (
        "Delivery looks unachievable without change. Major issues with the project's "
        "definition, schedule, budget, quality or benefits do not look resolvable as things "
        "stand; the project may need re-scoping, or its viability reassessing."
    ),
}

_ABBREVIATIONS: dict[str, Level] = {
    "g": Level.GREEN,
    "ag": Level.AMBER_GREEN,
    "a": Level.AMBER,
    "ar": Level.AMBER_RED,
    "r": Level.RED,
}


@dataclass(frozen=True)
class Rating:
    """A delivery confidence rating: a level on a scale. Strings are accepted for both
    ("five_point", "amber_green"); a level the scale does not have raises `Invalid`."""

    scale: Scale
    level: Level

    def __post_init__(self) -> None:
        try:
            scale = Scale(self.scale)
        except ValueError:
            message = (
                f"\u201c{self.scale}\u201d is not a delivery confidence scale; use one of "
                f"{', '.join(scale.value for scale in Scale)}."
            )
            raise Invalid(message, {"scale": [message]}) from None
        try:
            level = Level(self.level)
        except ValueError:
            level = None
        if level is None or level not in SCALE_LEVELS[scale]:
            message = (
                f"\u201c{self.level}\u201d is not a rating on the {scale.label.lower()} scale; "
                f"use one of {', '.join(LEVEL_LABELS[level] for level in SCALE_LEVELS[scale])}."
            )
            raise Invalid(message, {"level": [message]})
        object.__setattr__(self, "scale", scale)
        object.__setattr__(self, "level", level)

    @property
    def label(self) -> str:
        """The level as users read it: "Amber/green"."""
        return LEVEL_LABELS[self.level]

    @property
    def definition(self) -> str:
        """What the rating means on its scale, to show beside it."""
        return DEFINITIONS[(self.scale, self.level)]

    @property
    def severity(self) -> int:
        """Position on the one severity order of both scales, 0 (green) to 4 (red)."""
        return SEVERITY[self.level]

    @property
    def band(self) -> Level:
        """The three-point level this rating falls in (itself on the three-point scale)."""
        return THREE_POINT_BAND[self.level]


FIVE_POINT_RATINGS: tuple[Rating, ...] = tuple(
    Rating(Scale.FIVE_POINT, level) for level in SCALE_LEVELS[Scale.FIVE_POINT]
)
THREE_POINT_RATINGS: tuple[Rating, ...] = tuple(
    Rating(Scale.THREE_POINT, level) for level in SCALE_LEVELS[Scale.THREE_POINT]
)
ALL_RATINGS: tuple[Rating, ...] = FIVE_POINT_RATINGS + THREE_POINT_RATINGS
"""Every rating, the five-point scale first, each scale best first."""


def parse_rating(value: str, scale: Scale) -> Rating:
    """The rating on `scale` that `value` names, ignoring case, spaces and punctuation:
    "Amber/Green", "amber-green", "amber_green" and the initials "A/G" and "AG" all name
    amber/green."""
    text = normalise_label(value) if isinstance(value, str) else ""
    level = {normalise_label(level.value): level for level in Level}.get(text)
    level = level or _ABBREVIATIONS.get(text)
    if level is None:
        message = f"\u201c{value}\u201d is not a delivery confidence rating."
        raise Invalid(message, {"level": [message]})
    return Rating(scale, level)


def most_severe(ratings: Iterable[Rating]) -> Rating | None:
    """The most severe of `ratings` on the one severity order (the first given of equally
    severe ones); None when there are none."""
    worst: Rating | None = None
    for rating in ratings:
        if worst is None or rating.severity > worst.severity:
            worst = rating
    return worst


class Trend(StrEnum):
    """How a rating moved from the one before it."""

    IMPROVING = "improving"
    STABLE = "stable"
    DECLINING = "declining"
    NEW = "new"


TREND_LABELS: dict[Trend, str] = {
    Trend.IMPROVING: "Improving",
    Trend.STABLE: "Stable",
    Trend.DECLINING: "Declining",
    Trend.NEW: "New",
}


def trend(previous: Rating | None, current: Rating) -> Trend:
    """The trend from `previous` to `current`: by severity on one scale, by three-point band
    across a change of scale (see the module docstring); NEW when there is no previous."""
    if previous is None:
        return Trend.NEW
    if previous.scale is current.scale:
        before, after = previous.severity, current.severity
    else:
        before, after = SEVERITY[previous.band], SEVERITY[current.band]
    if after < before:
        return Trend.IMPROVING
    if after > before:
        return Trend.DECLINING
    return Trend.STABLE


class RatingSource(StrEnum):
    """Who gave a rating."""

    SENIOR_RESPONSIBLE_OWNER = "senior_responsible_owner"
    INDEPENDENT_ASSURANCE = "independent_assurance"


SOURCE_LABELS: dict[RatingSource, str] = {
    RatingSource.SENIOR_RESPONSIBLE_OWNER: "Senior responsible owner's assessment",
    RatingSource.INDEPENDENT_ASSURANCE: "Independent assurance review",
}


@dataclass(frozen=True)
class Assessment:
    """A project's delivery confidence rating on a date, and who gave it."""

    project: str
    rating: Rating
    assessed_on: datetime.date
    source: RatingSource = RatingSource.SENIOR_RESPONSIBLE_OWNER

    def __post_init__(self) -> None:
        if not isinstance(self.project, str) or not self.project.strip():
            message = "A delivery confidence assessment must name its project."
            raise Invalid(message, {"project": [message]})
        try:
            object.__setattr__(self, "source", RatingSource(self.source))
        except ValueError:
            message = (
                f"\u201c{self.source}\u201d is not a source of a rating; use one of "
                f"{', '.join(source.value for source in RatingSource)}."
            )
            raise Invalid(message, {"source": [message]}) from None


@dataclass(frozen=True)
class ProjectConfidence:
    """One project in a programme roll-up: its latest assessment on the date, its latest at
    the end of the previous month (None when it had none), and the trend between them."""

    project: str
    latest: Assessment
    previous: Assessment | None
    trend: Trend


@dataclass(frozen=True)
class ConfidenceRollUp:
    """A programme's delivery confidence on a date: its projects, most severe first (then by
    name), the number of projects at each rating (every rating of both scales, in the order of
    `ALL_RATINGS`, zeros included), the most severe rating, and how many projects improved,
    stayed stable, declined, or were rated for the first time since the previous month."""

    on: datetime.date
    projects: tuple[ProjectConfidence, ...]
    counts: dict[Rating, int]
    most_severe: Rating | None
    improved: int
    stable: int
    declined: int
    new: int


def roll_up_confidence(
    assessments: Iterable[Assessment],
    on: datetime.date,
    source: RatingSource | None = None,
) -> ConfidenceRollUp:
    """Roll a programme's projects up from their assessments, as they stood on `on`.

    Each project's latest assessment on or before `on` is compared with its latest on or
    before the last day of the previous calendar month; a project first rated this month is
    new, and one not re-rated this month is compared with itself (stable). Assessments after
    `on` are ignored, so the roll-up as it stood on a past date is the same whenever it is
    asked for. `source` keeps only ratings from that source; without it, where a project has
    ratings from both sources on the same day, the independent assurance review's counts.
    Two ratings of one project from one source on one day are refused as ambiguous.
    """
    end_of_previous_month = on.replace(day=1) - datetime.timedelta(days=1)
    by_project: dict[str, list[Assessment]] = {}
    seen: set[tuple[str, datetime.date, RatingSource]] = set()
    for assessment in assessments:
        key = (assessment.project, assessment.assessed_on, assessment.source)
        if key in seen:
            message = (
                f"{assessment.project} has two {SOURCE_LABELS[assessment.source].lower()} "
                f"ratings on {format_day(assessment.assessed_on)}; keep one."
            )
            raise Invalid(message, {"assessed_on": [message]})
        seen.add(key)
        if assessment.assessed_on > on or (source is not None and assessment.source != source):
            continue
        by_project.setdefault(assessment.project, []).append(assessment)

    def order(assessment: Assessment) -> tuple[datetime.date, bool]:
        return (
            assessment.assessed_on,
            assessment.source is RatingSource.INDEPENDENT_ASSURANCE,
        )

    projects: list[ProjectConfidence] = []
    for project, history in by_project.items():
        latest = max(history, key=order)
        earlier = [a for a in history if a.assessed_on <= end_of_previous_month]
        previous = max(earlier, key=order) if earlier else None
        change = trend(None if previous is None else previous.rating, latest.rating)
        projects.append(ProjectConfidence(project, latest, previous, change))
    projects.sort(key=lambda p: (-p.latest.rating.severity, p.project))

    counts = dict.fromkeys(ALL_RATINGS, 0)
    for project_confidence in projects:
        counts[project_confidence.latest.rating] += 1
    trends = [p.trend for p in projects]
    return ConfidenceRollUp(
        on=on,
        projects=tuple(projects),
        counts=counts,
        most_severe=most_severe(p.latest.rating for p in projects),
        improved=trends.count(Trend.IMPROVING),
        stable=trends.count(Trend.STABLE),
        declined=trends.count(Trend.DECLINING),
        new=trends.count(Trend.NEW),
    )


class Gate(IntEnum):
    """The six gate reviews of a project's life (OGC Gateway numbering)."""

    STRATEGIC_ASSESSMENT = 0
    BUSINESS_JUSTIFICATION = 1
    DELIVERY_STRATEGY = 2
    INVESTMENT_DECISION = 3
    READINESS_FOR_SERVICE = 4
    OPERATIONS_REVIEW_AND_BENEFITS_REALISATION = 5

    @property
    def title(self) -> str:
        """The gate's name: "Strategic assessment"."""
        return GATE_NAMES[self]

    @property
    def label(self) -> str:
        """The gate's number and name: "Gate 0: strategic assessment"."""
        return f"Gate {self.value}: {GATE_NAMES[self][0].lower()}{GATE_NAMES[self][1:]}"


GATE_NAMES: dict[Gate, str] = {
    Gate.STRATEGIC_ASSESSMENT: "Strategic assessment",
    Gate.BUSINESS_JUSTIFICATION: "Business justification",
    Gate.DELIVERY_STRATEGY: "Delivery strategy",
    Gate.INVESTMENT_DECISION: "Investment decision",
    Gate.READINESS_FOR_SERVICE: "Readiness for service",
    Gate.OPERATIONS_REVIEW_AND_BENEFITS_REALISATION: "Operations review and benefits realisation",
}


class RecommendationStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Recommendation:
    """A review's recommendation: what to do, by when (`due`, if set), and the day it was
    closed (None while open)."""

    id: str
    text: str
    due: datetime.date | None = None
    closed_on: datetime.date | None = None

    def status(self, on: datetime.date) -> RecommendationStatus:
        """Open or closed as it stood on `on`: one closed after `on` was still open then."""
        if self.closed_on is not None and self.closed_on <= on:
            return RecommendationStatus.CLOSED
        return RecommendationStatus.OPEN

    def is_overdue(self, on: datetime.date) -> bool:
        """Open on `on` and past its due date: overdue only from the day after it is due."""
        return (
            self.due is not None and on > self.due and self.status(on) is RecommendationStatus.OPEN
        )


@dataclass(frozen=True)
class RecommendationSummary:
    """Recommendations on a date: how many in all, open, closed and overdue (overdue ones
    are also open), and the share closed (None when there are none)."""

    total: int
    open: int
    closed: int
    overdue: int

    @property
    def share_closed(self) -> Decimal | None:
        if self.total == 0:
            return None
        return _CONTEXT.divide(Decimal(self.closed), Decimal(self.total))


def summarise_recommendations(
    recommendations: Iterable[Recommendation], on: datetime.date
) -> RecommendationSummary:
    """Count `recommendations` by their status on `on` (the caller passes the date)."""
    listed = list(recommendations)
    closed = sum(r.status(on) is RecommendationStatus.CLOSED for r in listed)
    return RecommendationSummary(
        total=len(listed),
        open=len(listed) - closed,
        closed=closed,
        overdue=sum(r.is_overdue(on) for r in listed),
    )


@dataclass(frozen=True)
class GateReview:
    """A gate review of `project`: the gate, the day it was held, its outcome (the review
    team's delivery confidence rating) and its recommendations.

    A gate must be 0 to 5; recommendation ids must be unique within the review; none may be
    due, or closed, before the review was held. Each breach raises `Invalid` naming it.
    """

    project: str
    gate: Gate
    held_on: datetime.date
    outcome: Rating
    recommendations: tuple[Recommendation, ...] = ()

    def __post_init__(self) -> None:
        if isinstance(self.gate, bool) or self.gate not in set(Gate):
            message = f"A gate must be a number from 0 to 5; {self.gate!r} was given."
            raise Invalid(message, {"gate": [message]})
        object.__setattr__(self, "gate", Gate(self.gate))
        object.__setattr__(self, "recommendations", tuple(self.recommendations))
        where = f"{self.project}, gate {self.gate.value} ({self.gate.title.lower()}) review"
        seen: set[str] = set()
        for recommendation in self.recommendations:
            problem = None
            if recommendation.id in seen:
                problem = "is listed twice; give each recommendation its own id"
            elif recommendation.due is not None and recommendation.due < self.held_on:
                problem = f"is due {format_day(recommendation.due)}, before the review was held"
            elif recommendation.closed_on is not None and recommendation.closed_on < self.held_on:
                problem = (
                    f"was closed {format_day(recommendation.closed_on)}, before the review was held"
                )
            if problem:
                message = f"{where}: recommendation {recommendation.id} {problem}."
                raise Invalid(message, {"recommendations": [message]})
            seen.add(recommendation.id)

    @property
    def assessment(self) -> Assessment:
        """The outcome as an independent assurance rating of the project on the review day."""
        return Assessment(
            self.project, self.outcome, self.held_on, RatingSource.INDEPENDENT_ASSURANCE
        )

    def summary(self, on: datetime.date) -> RecommendationSummary:
        """This review's recommendations as they stood on `on`."""
        return summarise_recommendations(self.recommendations, on)
