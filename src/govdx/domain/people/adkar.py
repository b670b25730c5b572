"""Change readiness on the ADKAR model: each respondent's barrier point, a survey's report per
people group, and readiness gates that a programme milestone can wait on.

Method: Prosci's ADKAR model of individual change (Hiatt, *ADKAR: a model for change in
business, government and our community*, 2006). A respondent scores the five elements, in
their order, Awareness, Desire, Knowledge, Ability and Reinforcement, each from 1 (lowest) to 5
(highest). The barrier point is the first element, in that order, scored 3 or lower: the
element where the change stalls for that person, since each element builds on the ones before
it. A respondent with no barrier point (every element 4 or 5) is ready.

A group's report gives its respondents, the mean score of each element, how many respondents
have each barrier point (and "none" for the ready), and the share ready. Rounding, worked from
exact sums so that no rounding feeds another:

- a mean is rounded to 2 decimal places, half to even (3.125 gives 3.12, 3.135 gives 3.14);
- the share ready is a fraction from 0 to 1 rounded to 4 decimal places, half to even (2 of 3
  gives 0.6667), so the JSON shows 0.7 for 70%.

A readiness gate ("go-live needs 70% of Revenues staff ready") is met when the group's exact
share ready (ready / respondents, not the rounded share) is at least the threshold; exactly
70% meets a 70% gate. A group with no responses does not meet any gate.

    report = report_readiness("Before training", responses)
    report.as_dict()          # the `govdx people readiness report --json` object
    judge_gate(ReadinessGate("Revenues", Decimal("0.7")), report).met
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from govdx.domain.errors import Invalid

LOWEST_SCORE = 1
HIGHEST_SCORE = 5
BARRIER_HIGHEST_SCORE = 3
"""An element scored this or lower is a barrier; 4 and 5 are not."""

_MEAN_PLACES = 2
_SHARE_PLACES = 4


class Element(StrEnum):
    """The five ADKAR elements, in the order a change builds them."""

    AWARENESS = "awareness"
    DESIRE = "desire"
    KNOWLEDGE = "knowledge"
    ABILITY = "ability"
    REINFORCEMENT = "reinforcement"

    @property
    def label(self) -> str:
        return self.value.capitalize()


ELEMENTS: tuple[Element, ...] = tuple(Element)
"""The elements in ADKAR order, the order the barrier point is looked for in."""

NO_BARRIER = "none"
"""The key the report counts ready respondents under, beside the elements."""


@dataclass(frozen=True)
class Response:
    """One respondent's answers to a readiness survey: their group and a score from 1 to 5 for
    each element. Raises Invalid for a score that is not a whole number from 1 to 5, or a blank
    respondent or group."""

    respondent: str
    group: str
    awareness: int
    desire: int
    knowledge: int
    ability: int
    reinforcement: int

    def __post_init__(self) -> None:
        if not self.respondent.strip():
            raise Invalid("A response needs a respondent.", {"respondent": ["Give one."]})
        if not self.group.strip():
            raise Invalid(
                f"The response of {self.respondent} has no group.", {"group": ["Give one."]}
            )
        errors: dict[str, list[str]] = {}
        for element in ELEMENTS:
            score = getattr(self, element.value)
            if (
                isinstance(score, bool)
                or not isinstance(score, int)
                or not LOWEST_SCORE <= score <= HIGHEST_SCORE
            ):
                errors[element.value] = [
                    f"{score!r} is not a score; give a whole number from {LOWEST_SCORE} to "
                    f"{HIGHEST_SCORE}"
                ]
        if errors:
            raise Invalid(
                f"The response of {self.respondent} has scores outside {LOWEST_SCORE} to "
                f"{HIGHEST_SCORE}: " + ", ".join(errors) + ".",
                errors,
            )

    def score(self, element: Element) -> int:
        """The score given for `element`."""
        value: int = getattr(self, Element(element).value)
        return value

    @property
    def scores(self) -> tuple[int, ...]:
        """The five scores in ADKAR order."""
        return tuple(self.score(element) for element in ELEMENTS)

    @property
    def barrier_point(self) -> Element | None:
        """The first element, in ADKAR order, scored 3 or lower; None when ready."""
        return barrier_point(self.scores)

    @property
    def ready(self) -> bool:
        return self.barrier_point is None


def barrier_point(scores: Iterable[int]) -> Element | None:
    """The first element, in ADKAR order, whose score is 3 or lower; None when every element
    scores 4 or 5. `scores` are the five scores in ADKAR order."""
    given = tuple(scores)
    if len(given) != len(ELEMENTS):
        raise Invalid(f"Give {len(ELEMENTS)} scores, one per ADKAR element, not {len(given)}.")
    for element, score in zip(ELEMENTS, given, strict=True):
        if score <= BARRIER_HIGHEST_SCORE:
            return element
    return None


# --- the report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupReadiness:
    """One people group's readiness in one survey, with exact totals behind the rounded
    figures: `totals` is the sum of each element's scores, `barriers` counts respondents by
    barrier point (None for the ready)."""

    group: str
    respondents: int
    totals: dict[Element, int] = field(hash=False)
    barriers: dict[Element | None, int] = field(hash=False)

    @property
    def ready(self) -> int:
        """How many respondents have no barrier point."""
        return self.barriers.get(None, 0)

    @property
    def exact_share_ready(self) -> Fraction:
        """ready / respondents, exactly; gates are judged on this."""
        return Fraction(self.ready, self.respondents) if self.respondents else Fraction(0)

    @property
    def ready_share(self) -> Decimal:
        """The share ready, 0 to 1, to 4 decimal places (half to even)."""
        return _rounded(self.exact_share_ready, _SHARE_PLACES)

    def mean(self, element: Element) -> Decimal:
        """The mean score of `element`, to 2 decimal places (half to even)."""
        if not self.respondents:
            raise Invalid(f"The group {self.group} has no responses, so no mean.")
        return _rounded(Fraction(self.totals[element], self.respondents), _MEAN_PLACES)

    @property
    def means(self) -> dict[Element, Decimal]:
        """Each element's mean, in ADKAR order."""
        return {element: self.mean(element) for element in ELEMENTS}

    def as_dict(self) -> dict[str, object]:
        """The group's object in `govdx people readiness report --json`."""
        barriers: dict[str, int] = {
            element.value: self.barriers.get(element, 0) for element in ELEMENTS
        }
        barriers[NO_BARRIER] = self.ready
        return {
            "respondents": self.respondents,
            "means": {element.value: float(mean) for element, mean in self.means.items()},
            "barriers": barriers,
            "ready_share": float(self.ready_share),
        }


@dataclass(frozen=True)
class ReadinessReport:
    """A survey's readiness, group by group, the groups sorted by name ignoring case."""

    survey: str
    groups: tuple[GroupReadiness, ...]

    @property
    def respondents(self) -> int:
        return sum(group.respondents for group in self.groups)

    def group(self, name: str) -> GroupReadiness | None:
        """The group called `name` (exactly as the responses spell it), or None."""
        for group in self.groups:
            if group.group == name:
                return group
        return None

    def as_dict(self) -> dict[str, object]:
        """The `govdx people readiness report --json` object: `survey`, `respondents` and
        `groups`, each group with `respondents`, `means` (element -> mean, 2 places),
        `barriers` (each element and "none" -> count) and `ready_share` (0 to 1, 4 places)."""
        return {
            "survey": self.survey,
            "respondents": self.respondents,
            "groups": {group.group: group.as_dict() for group in self.groups},
        }


def report_readiness(survey: str, responses: Iterable[Response]) -> ReadinessReport:
    """Each group's readiness in `survey`. Groups are told apart by their exact name; a
    respondent answers a survey once, told apart ignoring case (Invalid otherwise)."""
    seen: set[str] = set()
    counts: dict[str, int] = {}
    totals: dict[str, dict[Element, int]] = {}
    barriers: dict[str, dict[Element | None, int]] = {}
    for response in responses:
        key = response.respondent.strip().casefold()
        if key in seen:
            raise Invalid(
                f"{response.respondent} answers the survey {survey} more than once; keep one "
                "response per respondent."
            )
        seen.add(key)
        group = response.group
        counts[group] = counts.get(group, 0) + 1
        sums = totals.setdefault(group, dict.fromkeys(ELEMENTS, 0))
        for element in ELEMENTS:
            sums[element] += response.score(element)
        tally = barriers.setdefault(group, {})
        point = response.barrier_point
        tally[point] = tally.get(point, 0) + 1
    names = sorted(counts, key=lambda name: (name.casefold(), name))
    return ReadinessReport(
        survey,
        tuple(
            GroupReadiness(
                name,
                counts[name],
                totals[name],
                {point: barriers[name].get(point, 0) for point in (*ELEMENTS, None)},
            )
            for name in names
        ),
    )


# --- gates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessGate:
    """A milestone's condition: at least `threshold` (a share from 0 to 1, such as
    Decimal("0.7")) of `group`'s respondents ready."""

    group: str
    threshold: Decimal

    def __post_init__(self) -> None:
        threshold = self.threshold
        if isinstance(threshold, bool) or not isinstance(threshold, Decimal | int):
            raise Invalid(
                f"A readiness threshold is a share written exactly, like Decimal('0.7'), not "
                f"{threshold!r}.",
                {"threshold": ["Give a share from 0 to 1."]},
            )
        if not 0 < threshold <= 1:
            raise Invalid(
                f"A readiness threshold is a share above 0 and at most 1 (0.7 for 70%), not "
                f"{threshold}.",
                {"threshold": ["Give a share above 0 and at most 1."]},
            )
        if not self.group.strip():
            raise Invalid("A readiness gate needs a group.", {"group": ["Give one."]})


@dataclass(frozen=True)
class GateJudgement:
    """A gate judged against a report, with the figures: `ready` of `respondents` are ready;
    `share` is None when the group has no responses."""

    gate: ReadinessGate
    survey: str
    respondents: int
    ready: int
    met: bool

    @property
    def share(self) -> Decimal | None:
        """The share ready, 0 to 1, to 4 decimal places; None with no responses."""
        if not self.respondents:
            return None
        return _rounded(Fraction(self.ready, self.respondents), _SHARE_PLACES)

    @property
    def message(self) -> str:
        """The judgement in a sentence, for the milestone's page."""
        needed = _percent(self.gate.threshold)
        if not self.respondents:
            return (
                f"No one in {self.gate.group} answered {self.survey}; the gate needs "
                f"{needed} ready: not met."
            )
        share = _rounded(Fraction(self.ready, self.respondents), _SHARE_PLACES)
        outcome = "met" if self.met else "not met"
        return (
            f"{self.ready} of {self.respondents} in {self.gate.group} are ready "
            f"({_percent(share)}) in {self.survey}; the gate needs {needed} ready: {outcome}."
        )


def judge_gate(gate: ReadinessGate, report: ReadinessReport) -> GateJudgement:
    """Whether `report` meets `gate`: the group's exact share ready is at least the threshold.
    A group absent from the report has no responses and does not meet the gate."""
    group = report.group(gate.group)
    if group is None or not group.respondents:
        return GateJudgement(gate, report.survey, 0, 0, met=False)
    met = group.exact_share_ready >= Fraction(gate.threshold)
    return GateJudgement(gate, report.survey, group.respondents, group.ready, met=met)


def _rounded(value: Fraction, places: int) -> Decimal:
    """`value` to `places` decimal places, half to even, worked from the exact fraction."""
    whole = round(value * 10**places)  # a Fraction rounds half to even
    return Decimal(whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def _percent(share: Decimal) -> str:
    """0.7 as "70%", 0.6667 as "66.67%"."""
    return f"{format((share * 100).normalize(), 'f')}%"


__all__ = [
    "BARRIER_HIGHEST_SCORE",
    "ELEMENTS",
    "HIGHEST_SCORE",
    "LOWEST_SCORE",
    "NO_BARRIER",
    "Element",
    "GateJudgement",
    "GroupReadiness",
    "ReadinessGate",
    "ReadinessReport",
    "Response",
    "barrier_point",
    "judge_gate",
    "report_readiness",
]
