"""The risk matrix: likelihood and impact scales, their labels, and the bands of the score.

Method: the consequence/likelihood matrix (IEC 31010:2019, B.10.3), as UK public bodies use it
beside HM Treasury's Orange Book: each scale runs 1 to `size`, the score is likelihood x impact
(1 to size squared), and every score falls in exactly one band.

Defaults, for a 5 x 5 matrix:

- likelihood 1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain;
- impact 1 insignificant (also minimal, negligible), 2 minor, 3 moderate, 4 major,
  5 critical (also severe, catastrophic);
- bands low 1-4, medium 5-9, high 10-14, very high 15-25. The edges line up with the
  default appetite tolerances (averse 4, cautious 10, open 15) and review cadence (15 and
  over monthly), so a risk turns "very high" where the monthly review starts.

An organisation may set its own size, labels, synonyms and bands; a `Matrix` checks itself
when built and raises `Invalid` saying what to fix.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from govdx.domain.errors import Invalid
from govdx.domain.tabular.parsers import normalise_label

SMALLEST_SIZE = 2
LARGEST_SIZE = 10

DEFAULT_LIKELIHOOD_LABELS: tuple[str, ...] = (
    "rare",
    "unlikely",
    "possible",
    "likely",
    "almost certain",
)
DEFAULT_IMPACT_LABELS: tuple[str, ...] = (
    "insignificant",
    "minor",
    "moderate",
    "major",
    "critical",
)
DEFAULT_IMPACT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("minimal", "negligible"),
    (),
    (),
    (),
    ("severe", "catastrophic"),
)

# GOV.UK Frontend's tag colours (`govuk-tag--<name>`) and their hex values, for the heat map.
TAG_COLOURS: dict[str, str] = {
    "grey": "#505a5f",
    "green": "#00703c",
    "turquoise": "#28a197",
    "blue": "#1d70b8",
    "light-blue": "#5694ca",
    "purple": "#4c2c92",
    "pink": "#d53880",
    "red": "#d4351c",
    "orange": "#f47738",
    "yellow": "#ffdd00",
}
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

_Refuse = Callable[[str], Invalid]
"""Builds the `Invalid` to raise for a level that cannot be read, from the reason."""


@dataclass(frozen=True)
class Band:
    """A range of scores, lowest to highest inclusive, with its name, colour and meaning.

    `colour` is a GOV.UK tag colour name ("red") or a hex colour ("#d4351c").
    """

    name: str
    lowest: int
    highest: int
    colour: str
    meaning: str

    @property
    def hex(self) -> str:
        """The colour as hex, for the heat map's SVG."""
        return TAG_COLOURS.get(self.colour, self.colour)

    @property
    def tag_colour(self) -> str | None:
        """The GOV.UK tag colour name, or None when the colour is a custom hex value."""
        return self.colour if self.colour in TAG_COLOURS else None

    def holds(self, score: int) -> bool:
        return self.lowest <= score <= self.highest


DEFAULT_BANDS: tuple[Band, ...] = (
    Band("Low", 1, 4, "green", "Within normal tolerance: manage by routine procedures."),
    Band("Medium", 5, 9, "yellow", "Manage within the owner's controls and keep under review."),
    Band("High", 10, 14, "orange", "Needs active treatment and senior management attention."),
    Band(
        "Very high",
        15,
        25,
        "red",
        "Not acceptable without urgent treatment; report to the board.",
    ),
)


@dataclass(frozen=True)
class Matrix:
    """An organisation's risk matrix; building one with broken settings raises `Invalid`.

    `impact_synonyms[n - 1]` (and `likelihood_synonyms[n - 1]`) are further names accepted for
    level n; an empty tuple means no synonyms at all. Bands may be given in any order; they are
    kept lowest first.
    """

    size: int = 5
    likelihood_labels: tuple[str, ...] = DEFAULT_LIKELIHOOD_LABELS
    impact_labels: tuple[str, ...] = DEFAULT_IMPACT_LABELS
    likelihood_synonyms: tuple[tuple[str, ...], ...] = ()
    impact_synonyms: tuple[tuple[str, ...], ...] = DEFAULT_IMPACT_SYNONYMS
    bands: tuple[Band, ...] = DEFAULT_BANDS
    _likelihood_lookup: dict[str, int] = field(init=False, repr=False, compare=False)
    _impact_lookup: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lists from a form or a file are accepted and kept as tuples, so a Matrix stays hashable.
        object.__setattr__(self, "likelihood_labels", tuple(self.likelihood_labels))
        object.__setattr__(self, "impact_labels", tuple(self.impact_labels))
        object.__setattr__(
            self, "likelihood_synonyms", tuple(tuple(s) for s in self.likelihood_synonyms)
        )
        object.__setattr__(self, "impact_synonyms", tuple(tuple(s) for s in self.impact_synonyms))
        object.__setattr__(self, "bands", tuple(sorted(self.bands, key=lambda b: b.lowest)))
        _check_size(self.size)
        object.__setattr__(
            self,
            "_likelihood_lookup",
            _scale_lookup(
                "likelihood", self.size, self.likelihood_labels, self.likelihood_synonyms
            ),
        )
        object.__setattr__(
            self,
            "_impact_lookup",
            _scale_lookup("impact", self.size, self.impact_labels, self.impact_synonyms),
        )
        _check_bands(self.bands, self.size * self.size)

    @property
    def highest_score(self) -> int:
        return self.size * self.size

    def likelihood_label(self, level: int) -> str:
        """The label of likelihood `level` (1-based), as the organisation writes it."""
        return self.likelihood_labels[_level_index("Likelihood", level, self.size)]

    def impact_label(self, level: int) -> str:
        """The label of impact `level` (1-based), as the organisation writes it."""
        return self.impact_labels[_level_index("Impact", level, self.size)]


def default_matrix() -> Matrix:
    """The 5 x 5 matrix with the default labels, synonyms and bands (see the module)."""
    return Matrix()


def _check_size(size: int) -> None:
    if isinstance(size, bool) or not isinstance(size, int):
        raise Invalid("The matrix size must be a whole number.", {"size": ["Enter a number."]})
    if not SMALLEST_SIZE <= size <= LARGEST_SIZE:
        message = (
            f"The matrix size must be from {SMALLEST_SIZE} to {LARGEST_SIZE}; {size} was given."
        )
        raise Invalid(message, {"size": [message]})


def _scale_lookup(
    scale: str,
    size: int,
    labels: tuple[str, ...],
    synonyms: tuple[tuple[str, ...], ...],
) -> dict[str, int]:
    """Normalised label or synonym -> level, checking counts, blanks and clashes."""
    key = f"{scale}_labels"
    if len(labels) != size:
        message = (
            f"The matrix needs {size} {scale} labels, one for each level; {len(labels)} were given."
        )
        raise Invalid(message, {key: [message]})
    if not synonyms:
        synonyms = ((),) * size
    if len(synonyms) != size:
        message = (
            f"The matrix needs {size} lists of {scale} synonyms, one for each level "
            f"(an empty list where a level has none), or none at all; {len(synonyms)} were given."
        )
        raise Invalid(message, {f"{scale}_synonyms": [message]})
    lookup: dict[str, int] = {}
    for level, names in enumerate(zip(labels, synonyms, strict=True), start=1):
        label, others = names
        for name in (label, *others):
            normal = normalise_label(name) if isinstance(name, str) else ""
            if not normal:
                message = f"Every {scale} label needs letters: level {level} has {name!r}."
                raise Invalid(message, {key: [message]})
            if normal.isdigit():
                message = f"A {scale} label cannot be a number: level {level} has {name!r}."
                raise Invalid(message, {key: [message]})
            if normal in lookup and lookup[normal] != level:
                message = (
                    f"The {scale} label {name!r} is used for both level {lookup[normal]} and "
                    f"level {level}; give each level its own names."
                )
                raise Invalid(message, {key: [message]})
            lookup[normal] = level
    return lookup


def _check_bands(bands: tuple[Band, ...], highest_score: int) -> None:
    """Bands (sorted lowest first) must cover 1..highest_score with no gap and no overlap."""
    if not bands:
        raise Invalid("The matrix needs at least one band.", {"bands": ["Add a band."]})
    names: set[str] = set()
    expected_lowest = 1
    for band in bands:
        problem = _band_problem(band)
        if problem is None and normalise_label(band.name) in names:
            problem = f"Two bands are called \u201c{band.name}\u201d; give each band its own name."
        if problem is None and band.lowest > expected_lowest:
            problem = (
                f"No band holds scores {expected_lowest} to {band.lowest - 1}; bands must "
                f"cover every score from 1 to {highest_score}."
            )
        if problem is None and band.lowest < expected_lowest:
            problem = (
                f"The band \u201c{band.name}\u201d starts at {band.lowest}, inside the band "
                f"below it; bands must not overlap."
            )
        if problem is not None:
            raise Invalid(problem, {"bands": [problem]})
        names.add(normalise_label(band.name))
        expected_lowest = band.highest + 1
    if expected_lowest - 1 != highest_score:
        message = (
            f"The bands end at {expected_lowest - 1}, but scores run from 1 to "
            f"{highest_score}; the top band must end at {highest_score}."
        )
        raise Invalid(message, {"bands": [message]})


def _band_problem(band: Band) -> str | None:
    if not band.name or not band.name.strip():
        return "Every band needs a name."
    if not all(
        isinstance(edge, int) and not isinstance(edge, bool) for edge in (band.lowest, band.highest)
    ):
        return f"The band \u201c{band.name}\u201d needs whole-number lowest and highest scores."
    if band.lowest > band.highest:
        return (
            f"The band \u201c{band.name}\u201d runs from {band.lowest} down to {band.highest}; "
            "its lowest score must not be above its highest."
        )
    if band.colour not in TAG_COLOURS and not _HEX_COLOUR.fullmatch(band.colour):
        return (
            f"The band \u201c{band.name}\u201d has colour \u201c{band.colour}\u201d; use a hex "
            f"colour like #d4351c or one of {', '.join(TAG_COLOURS)}."
        )
    return None


# --- parsing likelihood and impact ---------------------------------------------------------

# "4 - Likely", "4. Likely", "4: Likely", "4 Likely" and "Likely (4)", as registers write them.
_NUMBER_THEN_LABEL = re.compile(r"(\d+)\s*(?:[-\u2013\u2014:.)=]\s*)?([^\d\s].*)")
_LABEL_THEN_NUMBER = re.compile(r"([^\d\s].*?)\s*[(\[]\s*(\d+)\s*[)\]]")


def parse_likelihood(value: int | float | str, matrix: Matrix) -> int:
    """The likelihood level (1 to `matrix.size`) from a number or a label.

    Accepts whole numbers (3, 3.0), numeric text ("3", "3.0"), the matrix's labels and
    synonyms in any case and spacing ("Almost certain", "almost-certain"), and the two
    together when they agree ("4 - Likely", "Likely (4)"). Anything else raises `Invalid`
    naming what is accepted.
    """
    return _parse_level(value, "likelihood", matrix)


def parse_impact(value: int | float | str, matrix: Matrix) -> int:
    """The impact level (1 to `matrix.size`) from a number, a label or a synonym.

    Accepts what `parse_likelihood` accepts, with the impact labels and synonyms
    ("negligible" is 1 and "catastrophic" 5 on the default matrix).
    """
    return _parse_level(value, "impact", matrix)


def _parse_level(value: int | float | str, scale: str, matrix: Matrix) -> int:
    if scale == "likelihood":
        labels, synonyms = matrix.likelihood_labels, matrix.likelihood_synonyms
        lookup = matrix._likelihood_lookup
    else:
        labels, synonyms = matrix.impact_labels, matrix.impact_synonyms
        lookup = matrix._impact_lookup
    size = matrix.size
    accepted = _accepted(size, labels, synonyms)
    name = scale.capitalize()

    def refuse(reason: str) -> Invalid:
        message = f"{name} {reason}; write {accepted}."
        return Invalid(message, {scale: [message]})

    if isinstance(value, bool):
        raise refuse(f"\u201c{value}\u201d is not a level")
    if isinstance(value, int | float):
        return _level_from_number(value, size, refuse)
    if not isinstance(value, str):
        raise refuse(f"\u201c{value}\u201d is not a level")
    text = " ".join(value.split())
    if not text:
        raise refuse("is blank")
    number = _number(text)
    if number is not None:
        return _level_from_number(number, size, refuse)
    level = lookup.get(normalise_label(text))
    if level is not None:
        return level
    both = _NUMBER_THEN_LABEL.fullmatch(text) or _LABEL_THEN_NUMBER.fullmatch(text)
    if both is not None:
        digits, label = (both[1], both[2]) if both.re is _NUMBER_THEN_LABEL else (both[2], both[1])
        by_label = lookup.get(normalise_label(label))
        if by_label is not None:
            if by_label != int(digits):
                message = (
                    f"{name} \u201c{text}\u201d says {int(digits)}, but \u201c{label}\u201d "
                    f"is {by_label}; make the number and the label agree."
                )
                raise Invalid(message, {scale: [message]})
            return by_label
    raise refuse(f"\u201c{text}\u201d is not on the matrix")


def _number(text: str) -> float | None:
    """The number in "3" or "3.0" (not "3e0" or "inf"), else None."""
    if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", text):
        return None
    return float(text)


def _level_from_number(number: float, size: int, refuse: _Refuse) -> int:
    shown = _shown(number)
    if not math.isfinite(number) or number != int(number):
        raise refuse(f"\u201c{shown}\u201d is not a whole number")
    if not 1 <= number <= size:
        raise refuse(f"\u201c{shown}\u201d is outside 1 to {size}")
    return int(number)


def _shown(number: float) -> str:
    if isinstance(number, float) and math.isfinite(number) and number == int(number):
        return str(int(number))
    return str(number)


def _accepted(size: int, labels: tuple[str, ...], synonyms: tuple[tuple[str, ...], ...]) -> str:
    """ "a whole number from 1 to 5, or one of rare, unlikely, ... (or ...)"."""
    names = []
    for label, others in zip(labels, synonyms or ((),) * size, strict=True):
        names.append(f"{label} (or {', '.join(others)})" if others else label)
    return f"a whole number from 1 to {size}, or one of: {', '.join(names)}"


def _level_index(name: str, level: int, size: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= size:
        message = f"{name} must be a whole number from 1 to {size}; {level!r} was given."
        raise Invalid(message, {name.lower(): [message]})
    return level - 1


# --- scores and bands ----------------------------------------------------------------------


def score_risk(likelihood: int, impact: int, matrix: Matrix | None = None) -> int:
    """The risk score: likelihood x impact (Orange Book matrix scoring).

    Both must be whole numbers of 1 or more; given a matrix, both must also be on it.
    """
    size = matrix.size if matrix is not None else None
    for name, level in (("Likelihood", likelihood), ("Impact", impact)):
        if isinstance(level, bool) or not isinstance(level, int) or level < 1:
            message = f"{name} must be a whole number of 1 or more; {level!r} was given."
            raise Invalid(message, {name.lower(): [message]})
        if size is not None and level > size:
            message = f"{name} must be from 1 to {size} on this matrix; {level} was given."
            raise Invalid(message, {name.lower(): [message]})
    return likelihood * impact


def band_for(score: int, matrix: Matrix) -> Band:
    """The band that holds `score`; a score off the matrix raises `Invalid`."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise Invalid(f"A score must be a whole number; {score!r} was given.")
    for band in matrix.bands:
        if band.holds(score):
            return band
    raise Invalid(
        f"A score of {score} is not on the matrix: scores run from 1 to {matrix.highest_score}."
    )
