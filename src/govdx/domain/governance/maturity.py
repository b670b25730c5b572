"""Digital maturity: a maturity model read from a reference data file, a department's
assessment against it rolled up to an index, the organisation's spread across departments and
the trend between two assessments.

The model shipped with govdx is the OECD Digital Government Policy Framework (OECD Public
Governance Policy Papers No. 02, 2020): six dimensions, digital by design, data-driven public
sector, government as a platform, open by default, user-driven and proactiveness, each scored
0 to 5. Its level descriptions are govdx's own paraphrase, for self-assessment; they do not
quote the OECD. The file (`data/oecd_dgpf.json`) is data, not code, so another model (a
national digital assessment framework, say) loads beside it through `parse_maturity_model`,
which checks it and names every problem by its place in the file (`dimensions[2].levels[4]`).

Roll-up, after the OECD Digital Government Index (DGI): the dimensions are equally weighted;
the index is (mean score - scale minimum) / (scale maximum - scale minimum), from 0 to 1, which
on a 0 to 5 scale is the mean score / 5. It is shown beside the file's reference line, for the
OECD model the OECD average of 0.61 in the 2023 DGI (OECD Public Governance Policy Papers
No. 44, 2024). Rounding, worked from exact sums: an index to 2 decimal places, the precision
the DGI publishes, and a mean score to 2 decimal places, both half to even; a difference or a
change is worked from the exact figures, then rounded the same way.

    model = load_maturity_model(OECD_DGPF_FILE)
    result = score_maturity(model, assessment)
    result.index, result.reference.index               # Decimal("0.53"), Decimal("0.61")
    maturity_spread(model, latest_assessments).dimensions[0].minimum
    maturity_trend(model, last_year, this_year).index_change
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from govdx.domain.errors import Invalid

FORMAT = "govdx-maturity-model/1"
"""The `format` a maturity model file declares."""

OECD_DGPF_FILE = Path(__file__).parent / "data" / "oecd_dgpf.json"
"""The OECD Digital Government Policy Framework as a maturity model file."""

_PLACES = 2
_QUANTUM = Decimal(1).scaleb(-_PLACES)


# --- the model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MaturityLevel:
    score: int
    name: str
    description: str


@dataclass(frozen=True)
class MaturityDimension:
    """A dimension with a level for every score of the scale, lowest first."""

    key: str
    name: str
    description: str
    levels: tuple[MaturityLevel, ...]

    def level(self, score: int) -> MaturityLevel:
        """The level of `score`; KeyError when the scale has no such score."""
        for level in self.levels:
            if level.score == score:
                return level
        raise KeyError(score)


@dataclass(frozen=True)
class ReferenceLine:
    """A published index to show beside the organisation's, such as the OECD average."""

    label: str
    index: Decimal


@dataclass(frozen=True)
class MaturityModel:
    """A maturity model as its file gives it; `key` and `version` tell models apart."""

    key: str
    name: str
    version: str
    source: str
    minimum: int
    maximum: int
    dimensions: tuple[MaturityDimension, ...]
    reference: ReferenceLine | None = None
    notes: str = ""

    def dimension(self, key: str) -> MaturityDimension:
        """The dimension with `key`; KeyError when the model has none."""
        for dimension in self.dimensions:
            if dimension.key == key:
                return dimension
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(dimension.key for dimension in self.dimensions)


def load_maturity_model(path: str | os.PathLike[str]) -> MaturityModel:
    """Read and check a maturity model file (see `parse_maturity_model`)."""
    location = Path(path)
    try:
        text = location.read_bytes()
    except OSError as error:
        raise Invalid(
            f"The maturity model file {location.name} cannot be read ({error})."
        ) from error
    return parse_maturity_model(text, name=location.name)


def parse_maturity_model(
    text: str | bytes, *, name: str = "the maturity model file"
) -> MaturityModel:
    """A maturity model from the JSON text of its file, checked whole.

    The file is an object: `format` ("govdx-maturity-model/1"), `key` (letters, digits and
    underscores), `name`, `version`, `source` (where the model comes from), optional `notes`,
    `scale` ({"minimum", "maximum"}, whole numbers, minimum below maximum), optional
    `reference` ({"label", "index"}, the index from 0 to 1), and `dimensions`: a non-empty list
    of {"key", "name", "description", "levels"}, keys unique, each with exactly one level
    {"score", "name", "description"} for every whole score of the scale. Raises Invalid naming
    every problem by its place in the file, also in `field_errors`.
    """
    try:
        data = json.loads(text, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:
        raise Invalid(f"{name} is not valid JSON ({error}).") from error
    checker = _ModelChecker()
    model = checker.model(data)
    if checker.problems or model is None:
        lines = "\n".join(f"{place}: {message}" for place, message in checker.problems)
        errors: dict[str, list[str]] = {}
        for place, message in checker.problems:
            errors.setdefault(place, []).append(message)
        raise Invalid(f"{name} is not a maturity model:\n{lines}", errors)
    return model


_TOP_KEYS = frozenset(
    {"format", "key", "name", "version", "source", "notes", "scale", "reference", "dimensions"}
)


class _ModelChecker:
    """Reads a parsed file, collecting (place, message) for everything wrong."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def add(self, place: str, message: str) -> None:
        self.problems.append((place, message))

    def model(self, data: object) -> MaturityModel | None:
        if not isinstance(data, dict):
            self.add("(file)", "the file must hold one JSON object")
            return None
        for unknown in sorted(set(data) - _TOP_KEYS):
            self.add(unknown, "is not a field of a maturity model; remove it or fix its name")
        if data.get("format") != FORMAT:
            self.add("format", f"must be \u201c{FORMAT}\u201d, not {_shown(data.get('format'))}")
        key = self.text(data, "key", "")
        if key and not key.replace("_", "").isalnum():
            self.add("key", "use only letters, digits and underscores")
        name = self.text(data, "name", "")
        version = self.text(data, "version", "")
        source = self.text(data, "source", "")
        notes = self.text(data, "notes", "", required=False)
        scale = self.scale(data.get("scale"))
        reference = self.reference(data.get("reference"))
        dimensions = self.dimensions(data.get("dimensions"), scale)
        if scale is None or dimensions is None or self.problems:
            return None
        return MaturityModel(
            key, name, version, source, scale[0], scale[1], dimensions, reference, notes
        )

    def text(
        self, data: Mapping[str, object], field: str, place: str, *, required: bool = True
    ) -> str:
        where = f"{place}.{field}" if place else field
        value = data.get(field)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"give some text, not {_shown(value)}")
            return ""
        return value.strip()

    def whole(self, value: object, where: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"give a whole number, not {_shown(value)}")
            return None
        return value

    def scale(self, value: object) -> tuple[int, int] | None:
        if not isinstance(value, dict):
            self.add("scale", 'give {"minimum": 0, "maximum": 5}')
            return None
        low = self.whole(value.get("minimum"), "scale.minimum")
        high = self.whole(value.get("maximum"), "scale.maximum")
        if low is None or high is None:
            return None
        if low >= high:
            self.add("scale", f"the minimum {low} must be below the maximum {high}")
            return None
        return low, high

    def reference(self, value: object) -> ReferenceLine | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.add("reference", 'give {"label": ..., "index": ...} or leave it out')
            return None
        label = self.text(value, "label", "reference")
        index = value.get("index")
        if isinstance(index, bool) or not isinstance(index, Decimal | int) or not 0 <= index <= 1:
            self.add("reference.index", f"give an index from 0 to 1, not {_shown(index)}")
            return None
        return ReferenceLine(label, Decimal(index))

    def dimensions(
        self, value: object, scale: tuple[int, int] | None
    ) -> tuple[MaturityDimension, ...] | None:
        if not isinstance(value, list) or not value:
            self.add("dimensions", "give a list of at least one dimension")
            return None
        found: list[MaturityDimension] = []
        keys: dict[str, int] = {}
        for position, item in enumerate(value):
            place = f"dimensions[{position}]"
            if not isinstance(item, dict):
                self.add(place, "give an object with key, name, description and levels")
                continue
            key = self.text(item, "key", place)
            if key:
                if key in keys:
                    self.add(f"{place}.key", f"\u201c{key}\u201d is also dimensions[{keys[key]}]")
                keys.setdefault(key, position)
            dimension_name = self.text(item, "name", place)
            description = self.text(item, "description", place)
            levels = self.levels(item.get("levels"), f"{place}.levels", scale)
            if levels is not None:
                found.append(MaturityDimension(key, dimension_name, description, levels))
        return tuple(found)

    def levels(
        self, value: object, place: str, scale: tuple[int, int] | None
    ) -> tuple[MaturityLevel, ...] | None:
        if not isinstance(value, list) or not value:
            self.add(place, "give a list of levels, one for each score of the scale")
            return None
        levels: dict[int, MaturityLevel] = {}
        for position, item in enumerate(value):
            where = f"{place}[{position}]"
            if not isinstance(item, dict):
                self.add(where, "give an object with score, name and description")
                continue
            score = self.whole(item.get("score"), f"{where}.score")
            level_name = self.text(item, "name", where)
            description = self.text(item, "description", where)
            if score is None:
                continue
            if scale is not None and not scale[0] <= score <= scale[1]:
                self.add(f"{where}.score", f"{score} is outside the scale {scale[0]} to {scale[1]}")
            elif score in levels:
                self.add(f"{where}.score", f"there is already a level for {score}")
            else:
                levels[score] = MaturityLevel(score, level_name, description)
        if scale is None:
            return None
        missing = [score for score in range(scale[0], scale[1] + 1) if score not in levels]
        if missing:
            self.add(place, "there is no level for " + ", ".join(map(str, missing)))
            return None
        return tuple(levels[score] for score in sorted(levels))


def _shown(value: object) -> str:
    return "nothing" if value is None else json.dumps(value, default=str)


# --- assessments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score, with the evidence for it and the score aimed for (optional)."""

    dimension: str
    score: int
    target: int | None = None
    evidence: str = ""


@dataclass(frozen=True)
class Assessment:
    """A department's assessment on a day: a score for every dimension of the model."""

    department: str
    assessed_on: datetime.date
    scores: tuple[DimensionScore, ...]


@dataclass(frozen=True)
class ScoredDimension:
    """A dimension's score read against the model: its level, and the gap to its target."""

    dimension: MaturityDimension
    score: int
    level: MaturityLevel
    target: int | None
    evidence: str

    @property
    def gap(self) -> int | None:
        """target - score; None without a target; 0 or less when the target is reached."""
        return None if self.target is None else self.target - self.score


@dataclass(frozen=True)
class MaturityResult:
    """An assessment rolled up: scores in the model's order, the mean and the index."""

    model: MaturityModel
    department: str
    assessed_on: datetime.date
    dimensions: tuple[ScoredDimension, ...]

    @property
    def exact_index(self) -> Fraction:
        return _index(self.model, [scored.score for scored in self.dimensions])

    @property
    def index(self) -> Decimal:
        """From 0 to 1, to 2 decimal places (half to even)."""
        return _rounded(self.exact_index)

    @property
    def mean_score(self) -> Decimal:
        """The mean score, to 2 decimal places (half to even)."""
        scores = [scored.score for scored in self.dimensions]
        return _rounded(Fraction(sum(scores), len(scores)))

    @property
    def reference(self) -> ReferenceLine | None:
        return self.model.reference

    @property
    def difference_from_reference(self) -> Decimal | None:
        """index - the reference line's, worked exactly then to 2 places; None without one."""
        if self.model.reference is None:
            return None
        return _rounded(self.exact_index - Fraction(self.model.reference.index))

    def score(self, key: str) -> ScoredDimension:
        """The scored dimension with `key`; KeyError when the model has none."""
        for scored in self.dimensions:
            if scored.dimension.key == key:
                return scored
        raise KeyError(key)


def score_maturity(model: MaturityModel, assessment: Assessment) -> MaturityResult:
    """Read `assessment` against `model`. Raises Invalid, naming each, for a dimension not in
    the model, scored twice or not scored, and a score or target off the model's scale."""
    errors: dict[str, list[str]] = {}
    given: dict[str, DimensionScore] = {}
    scale = f"a whole number from {model.minimum} to {model.maximum}"
    for entry in assessment.scores:
        if entry.dimension not in model.keys:
            errors.setdefault(entry.dimension, []).append(f"{model.name} has no such dimension")
            continue
        if entry.dimension in given:
            errors.setdefault(entry.dimension, []).append("scored more than once")
            continue
        given[entry.dimension] = entry
        if not _on_scale(entry.score, model):
            errors.setdefault(entry.dimension, []).append(
                f"the score {entry.score!r} is not {scale}"
            )
        if entry.target is not None and not _on_scale(entry.target, model):
            errors.setdefault(entry.dimension, []).append(
                f"the target {entry.target!r} is not {scale}"
            )
    for key in model.keys:
        if key not in given:
            errors.setdefault(key, []).append("not scored; score every dimension")
    if errors:
        details = "; ".join(f"{key}: {', '.join(messages)}" for key, messages in errors.items())
        raise Invalid(
            f"The assessment of {assessment.department} on {assessment.assessed_on.isoformat()} "
            f"cannot be scored: {details}.",
            errors,
        )
    return MaturityResult(
        model,
        assessment.department,
        assessment.assessed_on,
        tuple(
            ScoredDimension(
                dimension,
                given[dimension.key].score,
                dimension.level(given[dimension.key].score),
                given[dimension.key].target,
                given[dimension.key].evidence,
            )
            for dimension in model.dimensions
        ),
    )


# --- spread and trend ------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionSpread:
    """One dimension across departments: the lowest and highest scores, with the departments
    that gave them (sorted), and the mean to 2 places."""

    dimension: MaturityDimension
    minimum: int
    maximum: int
    mean: Decimal
    lowest: tuple[str, ...]
    highest: tuple[str, ...]


@dataclass(frozen=True)
class MaturitySpread:
    """The organisation's spread: each dimension's, then the index's, over `departments`."""

    departments: tuple[str, ...]
    dimensions: tuple[DimensionSpread, ...]
    index_minimum: Decimal
    index_maximum: Decimal
    index_mean: Decimal

    def dimension(self, key: str) -> DimensionSpread:
        for spread in self.dimensions:
            if spread.dimension.key == key:
                return spread
        raise KeyError(key)


def maturity_spread(model: MaturityModel, assessments: Iterable[Assessment]) -> MaturitySpread:
    """Min, max and mean per dimension, and of the index, across departments: one assessment
    per department (the latest, as the caller chooses). Invalid for none, or a department given
    twice."""
    results: list[MaturityResult] = []
    seen: set[str] = set()
    for assessment in assessments:
        if assessment.department in seen:
            raise Invalid(
                f"{assessment.department} is given twice; give one assessment per department."
            )
        seen.add(assessment.department)
        results.append(score_maturity(model, assessment))
    if not results:
        raise Invalid("There are no assessments to compare.")
    spreads = []
    for dimension in model.dimensions:
        scores = [(result.score(dimension.key).score, result.department) for result in results]
        low = min(score for score, _ in scores)
        high = max(score for score, _ in scores)
        spreads.append(
            DimensionSpread(
                dimension,
                low,
                high,
                _rounded(Fraction(sum(score for score, _ in scores), len(scores))),
                tuple(sorted(department for score, department in scores if score == low)),
                tuple(sorted(department for score, department in scores if score == high)),
            )
        )
    indices = [result.exact_index for result in results]
    return MaturitySpread(
        tuple(sorted(seen)),
        tuple(spreads),
        _rounded(min(indices)),
        _rounded(max(indices)),
        _rounded(sum(indices, Fraction(0)) / len(indices)),
    )


@dataclass(frozen=True)
class DimensionChange:
    dimension: MaturityDimension
    earlier: int
    later: int

    @property
    def change(self) -> int:
        return self.later - self.earlier

    @property
    def direction(self) -> str:
        """ "up", "down" or "same"."""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


@dataclass(frozen=True)
class MaturityTrend:
    """Two assessments of one department compared, dimension by dimension and as an index."""

    department: str
    earlier_on: datetime.date
    later_on: datetime.date
    dimensions: tuple[DimensionChange, ...]
    index_earlier: Decimal
    index_later: Decimal
    index_change: Decimal


def maturity_trend(model: MaturityModel, earlier: Assessment, later: Assessment) -> MaturityTrend:
    """How `department` moved from `earlier` to `later`; the index change is worked from the
    exact indices. Invalid for two departments or an `earlier` not before `later`."""
    if earlier.department != later.department:
        raise Invalid(
            f"A trend compares one department's assessments, not {earlier.department} with "
            f"{later.department}."
        )
    if earlier.assessed_on >= later.assessed_on:
        raise Invalid(
            f"The earlier assessment ({earlier.assessed_on.isoformat()}) must come before the "
            f"later one ({later.assessed_on.isoformat()})."
        )
    before, after = score_maturity(model, earlier), score_maturity(model, later)
    return MaturityTrend(
        earlier.department,
        earlier.assessed_on,
        later.assessed_on,
        tuple(
            DimensionChange(
                dimension, before.score(dimension.key).score, after.score(dimension.key).score
            )
            for dimension in model.dimensions
        ),
        before.index,
        after.index,
        _rounded(after.exact_index - before.exact_index),
    )


def _on_scale(score: object, model: MaturityModel) -> bool:
    return (
        isinstance(score, int)
        and not isinstance(score, bool)
        and model.minimum <= score <= model.maximum
    )


def _index(model: MaturityModel, scores: Sequence[int]) -> Fraction:
    mean = Fraction(sum(scores), len(scores))
    return (mean - model.minimum) / (model.maximum - model.minimum)


def _rounded(value: Fraction) -> Decimal:
    """`value` to 2 decimal places, half to even, worked from the exact fraction."""
    return Decimal(round(value * 10**_PLACES)).scaleb(-_PLACES).quantize(_QUANTUM)


__all__ = [
    "FORMAT",
    "OECD_DGPF_FILE",
    "Assessment",
    "DimensionChange",
    "DimensionScore",
    "DimensionSpread",
    "MaturityDimension",
    "MaturityLevel",
    "MaturityModel",
    "MaturityResult",
    "MaturitySpread",
    "MaturityTrend",
    "ReferenceLine",
    "ScoredDimension",
    "load_maturity_model",
    "maturity_spread",
    "maturity_trend",
    "parse_maturity_model",
    "score_maturity",
]
