"""The risk matrix: labels and synonyms, scores, bands, and an organisation's own settings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    Band,
    Matrix,
    band_for,
    default_matrix,
    parse_impact,
    parse_likelihood,
    score_risk,
)

MATRIX = default_matrix()


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (1, 1),
        (5, 5),
        (3.0, 3),
        ("3", 3),
        ("3.0", 3),
        (" 4 ", 4),
        ("rare", 1),
        ("Unlikely", 2),
        ("POSSIBLE", 3),
        ("likely", 4),
        ("Almost certain", 5),
        ("almost  certain", 5),
        ("almost-certain", 5),
        ("4 - Likely", 4),
        ("4. likely", 4),
        ("Likely (4)", 4),
    ],
)
def test_likelihood_is_read_from_numbers_numeric_text_and_labels(value, level):
    assert parse_likelihood(value, MATRIX) == level


@pytest.mark.parametrize(
    ("value", "level"),
    [
        ("insignificant", 1),
        ("Minimal", 1),
        ("negligible", 1),
        ("minor", 2),
        ("Moderate", 3),
        ("major", 4),
        ("Critical", 5),
        ("SEVERE", 5),
        ("catastrophic", 5),
        ("1 - Negligible", 1),
        (2, 2),
        ("2.0", 2),
    ],
)
def test_impact_is_read_from_labels_and_their_synonyms(value, level):
    assert parse_impact(value, MATRIX) == level


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("6", "\u201c6\u201d is outside 1 to 5"),
        (0, "\u201c0\u201d is outside 1 to 5"),
        (-1, "\u201c-1\u201d is outside 1 to 5"),
        ("3.5", "\u201c3.5\u201d is not a whole number"),
        (2.5, "\u201c2.5\u201d is not a whole number"),
        ("probable", "\u201cprobable\u201d is not on the matrix"),
        ("", "is blank"),
        ("   ", "is blank"),
        (True, "\u201cTrue\u201d is not a level"),
    ],
)
def test_a_likelihood_off_the_matrix_is_refused_naming_what_is_accepted(value, says):
    with pytest.raises(Invalid) as refused:
        parse_likelihood(value, MATRIX)
    message = refused.value.message
    assert message.startswith(f"Likelihood {says}")
    assert "a whole number from 1 to 5" in message
    assert "rare, unlikely, possible, likely, almost certain" in message
    assert refused.value.field_errors == {"likelihood": [message]}


def test_a_bad_impact_message_lists_the_synonyms_too():
    with pytest.raises(Invalid) as refused:
        parse_impact("huge", MATRIX)
    assert refused.value.message == (
        "Impact \u201chuge\u201d is not on the matrix; write a whole number from 1 to 5, or one "
        "of: insignificant (or minimal, negligible), minor, moderate, major, critical (or "
        "severe, catastrophic)."
    )


def test_a_number_and_a_label_that_disagree_are_refused():
    with pytest.raises(Invalid, match="says 5, but \u201cRare\u201d is 1"):
        parse_likelihood("5 - Rare", MATRIX)


def test_score_is_likelihood_times_impact():
    assert score_risk(4, 5) == 20
    assert score_risk(1, 1) == 1
    assert score_risk(5, 5, MATRIX) == 25


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (3, 0), (True, 2), (6, 1)])
def test_a_score_needs_levels_on_the_matrix(likelihood, impact):
    with pytest.raises(Invalid):
        score_risk(likelihood, impact, MATRIX)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (1, "Low"),
        (4, "Low"),
        (5, "Medium"),
        (9, "Medium"),
        (10, "High"),
        (14, "High"),
        (15, "Very high"),
        (25, "Very high"),
    ],
)
def test_default_bands_hold_their_edges(score, band):
    assert band_for(score, MATRIX).name == band


@pytest.mark.parametrize("score", [0, 26])
def test_a_score_off_the_matrix_has_no_band(score):
    with pytest.raises(Invalid, match="scores run from 1 to 25"):
        band_for(score, MATRIX)


def test_bands_carry_a_govuk_tag_colour_and_its_hex():
    very_high = band_for(20, MATRIX)
    assert very_high.tag_colour == "red"
    assert very_high.hex == "#d4351c"
    custom = Band("Severe", 1, 25, "#123456", "Everything is severe.")
    assert custom.tag_colour is None
    assert custom.hex == "#123456"


@given(st.integers(1, 5), st.integers(1, 5))
def test_every_cell_of_the_default_matrix_is_in_exactly_one_band(likelihood, impact):
    score = score_risk(likelihood, impact)
    assert sum(band.holds(score) for band in MATRIX.bands) == 1
    assert band_for(score, MATRIX).holds(score)


@given(st.sampled_from(MATRIX.likelihood_labels), st.data())
def test_labels_are_read_in_any_case_and_spacing(label, data):
    written = "".join(
        character.upper() if data.draw(st.booleans()) else character for character in label
    )
    level = MATRIX.likelihood_labels.index(label) + 1
    assert parse_likelihood(f"  {written} ", MATRIX) == level
    assert MATRIX.likelihood_label(level) == label


# --- an organisation's own matrix ----------------------------------------------------------

FOUR_BY_FOUR = Matrix(
    size=4,
    likelihood_labels=("low", "medium", "high", "very high"),
    impact_labels=("minor", "moderate", "serious", "critical"),
    impact_synonyms=(),
    bands=(
        Band("Red", 9, 16, "red", "Act now."),  # any order: kept lowest first
        Band("Green", 1, 3, "green", "Routine."),
        Band("Amber", 4, 8, "#f47738", "Manage."),
    ),
)


def test_an_organisation_sets_its_own_size_labels_and_bands():
    assert [band.name for band in FOUR_BY_FOUR.bands] == ["Green", "Amber", "Red"]
    assert parse_likelihood("Very High", FOUR_BY_FOUR) == 4
    assert parse_impact("serious", FOUR_BY_FOUR) == 3
    assert band_for(16, FOUR_BY_FOUR).name == "Red"
    with pytest.raises(Invalid, match="outside 1 to 4"):
        parse_likelihood(5, FOUR_BY_FOUR)
    with pytest.raises(Invalid, match="not on the matrix"):
        parse_impact("catastrophic", FOUR_BY_FOUR)


def test_matrices_given_as_lists_are_kept_as_tuples_and_compare_equal():
    listed = Matrix(likelihood_labels=list(MATRIX.likelihood_labels))  # type: ignore[arg-type]
    assert listed == MATRIX
    assert hash(listed) == hash(MATRIX)


def _bands(*edges: tuple[int, int]) -> tuple[Band, ...]:
    return tuple(
        Band(f"Band {n}", lowest, highest, "grey", "") for n, (lowest, highest) in enumerate(edges)
    )


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"size": 1}, "size must be from 2 to 10; 1 was given"),
        ({"size": 11}, "size must be from 2 to 10"),
        ({"size": 4}, "needs 4 likelihood labels, one for each level; 5 were given"),
        ({"impact_labels": ("a", "b", "c", "d")}, "needs 5 impact labels"),
        ({"impact_synonyms": (("x",),)}, "needs 5 lists of impact synonyms"),
        ({"likelihood_labels": ("rare", "rare", "c", "d", "e")}, "used for both level 1"),
        ({"impact_synonyms": (("minor",), (), (), (), ())}, "used for both level 1 and level 2"),
        ({"likelihood_labels": ("a", "b", "3", "d", "e")}, "cannot be a number"),
        ({"likelihood_labels": ("a", "b", " ", "d", "e")}, "needs letters"),
        ({"bands": ()}, "at least one band"),
        ({"bands": _bands((1, 4), (6, 25))}, "No band holds scores 5 to 5"),
        ({"bands": _bands((2, 25))}, "No band holds scores 1 to 1"),
        ({"bands": _bands((1, 10), (10, 25))}, "starts at 10, inside the band below"),
        ({"bands": _bands((1, 4), (5, 24))}, "top band must end at 25"),
        ({"bands": _bands((1, 4), (5, 30))}, "top band must end at 25"),
        ({"bands": _bands((1, 4), (9, 5), (10, 25))}, "lowest score must not be above"),
        ({"bands": (Band("A", 1, 25, "mauve", ""),)}, "hex colour like #d4351c"),
        ({"bands": (Band("", 1, 25, "red", ""),)}, "Every band needs a name"),
        (
            {"bands": (Band("A", 1, 4, "red", ""), Band("a", 5, 25, "red", ""))},
            "Two bands are called",
        ),
    ],
)
def test_a_broken_matrix_is_refused_saying_what_to_fix(settings, says):
    with pytest.raises(Invalid, match=says):
        Matrix(**settings)
