"""The culture pulse: short surveys repeated over time, each question scored from 1 (strongly
disagree) to 5 (strongly agree), with an optional free-text comment; results per people group
and their trend from one pulse to the next.

Method, as staff engagement surveys report them (the favourable share is the "percent
favourable" of the UK Civil Service People Survey):

- a question's **mean** is the mean score of the group's respondents, rounded to 2 decimal
  places, half to even, from the exact sum;
- its **favourable share** is the share of respondents scoring it 4 or 5, from 0 to 1, rounded
  to 4 decimal places, half to even;
- **anonymity**: a group with fewer than `MINIMUM_RESPONDENTS` (5) respondents in a pulse is not
  shown separately: no figures and no comments, only "too few responses". Exactly 5 are shown.
  The organisation-wide figures still count its responses;
- the **trend** of a group's question is its change in mean since the previous pulse, in date
  order, in which the group was shown and the question asked (matched by its wording ignoring
  case and spacing). It is "up" when the mean rose by at least `TREND_THRESHOLD` (0.2 of a
  point on the 1 to 5 scale, a twentieth of its range), "down" when it fell by at least that,
  else "steady"; worked from the exact means, not the rounded ones. With no previous pulse it
  is "new".

    report = report_pulse("Spring pulse", questions, responses)
    trends = trend_pulses([autumn, spring])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from govdx.domain.errors import Invalid
from govdx.domain.people.adkar import HIGHEST_SCORE, LOWEST_SCORE
from govdx.domain.people.adkar import _rounded as _rounded_half_even

FAVOURABLE_LOWEST = 4
"""A score of this or higher is favourable."""
MINIMUM_RESPONDENTS = 5
"""A group with fewer respondents in a pulse is not shown separately, to protect anonymity."""
TREND_THRESHOLD = Fraction(1, 5)
"""A change in mean of at least this (0.2 of a point) is up or down; less is steady."""
MOST_QUESTIONS = 12
"""A pulse is short: at most this many questions."""

UP, DOWN, STEADY, NEW = "up", "down", "steady", "new"

_MEAN_PLACES = 2
_SHARE_PLACES = 4


def question_key(question: str) -> str:
    """A question's wording folded for matching across pulses: case and spacing ignored."""
    return " ".join(question.split()).casefold()


@dataclass(frozen=True)
class PulseResponse:
    """One respondent's answers to a pulse: their group, a score from 1 to 5 per question (in
    the pulse's order) and a comment, empty when they left none."""

    respondent: str
    group: str
    scores: tuple[int, ...]
    comment: str = ""

    def __post_init__(self) -> None:
        if not self.respondent.strip():
            raise Invalid("A response needs a respondent.", {"respondent": ["Give one."]})
        if not self.group.strip():
            raise Invalid(f"The response of {self.respondent} has no group.")
        for score in self.scores:
            if (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not LOWEST_SCORE <= score <= HIGHEST_SCORE
            ):
                raise Invalid(
                    f"The response of {self.respondent} has {score!r} for a score; give whole "
                    f"numbers from {LOWEST_SCORE} to {HIGHEST_SCORE}."
                )


@dataclass(frozen=True)
class QuestionResult:
    """A question's figures in one group: exact `total` of scores and `favourable` count."""

    question: str
    respondents: int
    total: int
    favourable: int

    @property
    def exact_mean(self) -> Fraction:
        return Fraction(self.total, self.respondents)

    @property
    def mean(self) -> Decimal:
        """The mean score, to 2 decimal places (half to even)."""
        return _rounded_half_even(self.exact_mean, _MEAN_PLACES)

    @property
    def favourable_share(self) -> Decimal:
        """The share scoring 4 or 5, from 0 to 1, to 4 decimal places (half to even)."""
        return _rounded_half_even(Fraction(self.favourable, self.respondents), _SHARE_PLACES)

    def as_dict(self) -> dict[str, object]:
        return {"mean": float(self.mean), "favourable_share": float(self.favourable_share)}


@dataclass(frozen=True)
class GroupPulse:
    """A group's results in a pulse. `shown` is False when it has fewer respondents than the
    minimum: then `results` and `comments` are empty."""

    group: str
    respondents: int
    shown: bool
    results: tuple[QuestionResult, ...] = ()
    comments: tuple[str, ...] = field(default=(), hash=False)

    def as_dict(self) -> dict[str, object]:
        if not self.shown:
            return {"respondents": self.respondents, "shown": False}
        return {
            "respondents": self.respondents,
            "shown": True,
            "questions": {result.question: result.as_dict() for result in self.results},
            "comments": list(self.comments),
        }


@dataclass(frozen=True)
class PulseReport:
    """A pulse's results: every group (sorted by name ignoring case) and the whole."""

    pulse: str
    questions: tuple[str, ...]
    groups: tuple[GroupPulse, ...]
    overall: tuple[QuestionResult, ...]
    minimum: int = MINIMUM_RESPONDENTS

    @property
    def respondents(self) -> int:
        return sum(group.respondents for group in self.groups)

    def group(self, name: str) -> GroupPulse | None:
        return next((group for group in self.groups if group.group == name), None)

    def as_dict(self) -> dict[str, object]:
        """The API's pulse report: `pulse`, `questions`, `respondents`, `minimum_respondents`,
        `overall` (question -> mean and favourable share) and `groups`."""
        return {
            "pulse": self.pulse,
            "questions": list(self.questions),
            "respondents": self.respondents,
            "minimum_respondents": self.minimum,
            "overall": {result.question: result.as_dict() for result in self.overall},
            "groups": {group.group: group.as_dict() for group in self.groups},
        }


def _results(
    questions: Sequence[str], responses: Sequence[PulseResponse]
) -> tuple[QuestionResult, ...]:
    count = len(responses)
    if not count:
        return ()
    return tuple(
        QuestionResult(
            question,
            count,
            sum(response.scores[index] for response in responses),
            sum(response.scores[index] >= FAVOURABLE_LOWEST for response in responses),
        )
        for index, question in enumerate(questions)
    )


def report_pulse(
    pulse: str,
    questions: Sequence[str],
    responses: Iterable[PulseResponse],
    *,
    minimum: int = MINIMUM_RESPONDENTS,
) -> PulseReport:
    """Each group's results in `pulse`; a group under `minimum` respondents is not shown.
    Raises Invalid for a response whose scores do not match the questions, or a respondent
    answering twice (told apart ignoring case)."""
    questions = tuple(questions)
    by_group: dict[str, list[PulseResponse]] = {}
    seen: set[str] = set()
    everyone: list[PulseResponse] = []
    for response in responses:
        if len(response.scores) != len(questions):
            raise Invalid(
                f"The response of {response.respondent} has {len(response.scores)} scores; "
                f"the pulse {pulse} asks {len(questions)} questions."
            )
        key = response.respondent.strip().casefold()
        if key in seen:
            raise Invalid(f"{response.respondent} answers the pulse {pulse} more than once.")
        seen.add(key)
        by_group.setdefault(response.group, []).append(response)
        everyone.append(response)
    groups = []
    for name in sorted(by_group, key=lambda name: (name.casefold(), name)):
        answered = by_group[name]
        if len(answered) < minimum:
            groups.append(GroupPulse(name, len(answered), shown=False))
            continue
        comments = tuple(r.comment.strip() for r in answered if r.comment.strip())
        groups.append(
            GroupPulse(name, len(answered), True, _results(questions, answered), comments)
        )
    return PulseReport(pulse, questions, tuple(groups), _results(questions, everyone), minimum)


# --- trends ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """A group's question in one pulse: its mean (None when the group was not shown or the
    question not asked), the change since the previous pulse that had one, and the direction."""

    pulse: str
    mean: Decimal | None
    favourable_share: Decimal | None
    change: Decimal | None
    direction: str | None

    def as_dict(self) -> dict[str, object]:
        def number(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "pulse": self.pulse,
            "mean": number(self.mean),
            "favourable_share": number(self.favourable_share),
            "change": number(self.change),
            "direction": self.direction,
        }


@dataclass(frozen=True)
class QuestionTrend:
    """One question's points for one group, a point per pulse in order."""

    question: str
    points: tuple[TrendPoint, ...]

    @property
    def latest(self) -> TrendPoint | None:
        """The latest point with a mean."""
        return next((p for p in reversed(self.points) if p.mean is not None), None)


@dataclass(frozen=True)
class GroupTrend:
    group: str
    questions: tuple[QuestionTrend, ...]


def direction(change: Fraction, threshold: Fraction = TREND_THRESHOLD) -> str:
    """ "up" for a change of at least `threshold`, "down" for at most minus it, else "steady"."""
    if change >= threshold:
        return UP
    if change <= -threshold:
        return DOWN
    return STEADY


def trend_pulses(
    reports: Sequence[PulseReport], threshold: Fraction = TREND_THRESHOLD
) -> tuple[GroupTrend, ...]:
    """Each group's trend per question across `reports`, which are in date order (oldest
    first). Questions are listed in the order they were first asked; groups by name."""
    questions: dict[str, str] = {}  # key -> wording as first asked
    for report in reports:
        for question in report.questions:
            questions.setdefault(question_key(question), question)
    names = sorted(
        {group.group for report in reports for group in report.groups},
        key=lambda name: (name.casefold(), name),
    )
    trends = []
    for name in names:
        rows = []
        for key, wording in questions.items():
            points: list[TrendPoint] = []
            previous: Fraction | None = None
            for report in reports:
                found = _result(report, name, key)
                if found is None:
                    points.append(TrendPoint(report.pulse, None, None, None, None))
                    continue
                mean = found.exact_mean
                if previous is None:
                    points.append(TrendPoint(report.pulse, found.mean, found.favourable_share,
                                             None, NEW))  # fmt: skip
                else:
                    change = mean - previous
                    rounded = _rounded_half_even(change, _MEAN_PLACES)
                    points.append(
                        TrendPoint(report.pulse, found.mean, found.favourable_share, rounded,
                                   direction(change, threshold))
                    )  # fmt: skip
                previous = mean
            rows.append(QuestionTrend(wording, tuple(points)))
        trends.append(GroupTrend(name, tuple(rows)))
    return tuple(trends)


def _result(report: PulseReport, group: str, key: str) -> QuestionResult | None:
    shown = report.group(group)
    if shown is None or not shown.shown:
        return None
    return next((r for r in shown.results if question_key(r.question) == key), None)


__all__ = [
    "DOWN",
    "FAVOURABLE_LOWEST",
    "MINIMUM_RESPONDENTS",
    "MOST_QUESTIONS",
    "NEW",
    "STEADY",
    "TREND_THRESHOLD",
    "UP",
    "GroupPulse",
    "GroupTrend",
    "PulseReport",
    "PulseResponse",
    "QuestionResult",
    "QuestionTrend",
    "TrendPoint",
    "direction",
    "question_key",
    "report_pulse",
    "trend_pulses",
]
