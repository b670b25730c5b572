"""Risk appetite: the Orange Book levels, tolerances, and statements versioned by date."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.risk import (
    DEFAULT_TOLERANCES,
    LEVEL_DEFINITIONS,
    LEVEL_LABELS,
    AppetiteLevel,
    AppetiteStatement,
    appetite_lookup,
    parse_appetite_level,
    statement_in_force,
    tolerance_on,
)

APRIL_2024 = datetime.date(2024, 4, 1)
APRIL_2025 = datetime.date(2025, 4, 1)


def statement(
    level: AppetiteLevel,
    effective_from: datetime.date,
    *,
    category: str = "technology",
    approved: bool = True,
    tolerance: int | None = None,
    identifier: int | None = None,
) -> AppetiteStatement:
    return AppetiteStatement(category, level, effective_from, approved, tolerance, identifier)


def test_the_orange_book_scale_runs_averse_to_eager_with_a_definition_for_each_level():
    assert [level.value for level in AppetiteLevel] == [
        "averse",
        "minimal",
        "cautious",
        "open",
        "eager",
    ]
    assert set(LEVEL_LABELS) == set(LEVEL_DEFINITIONS) == set(AppetiteLevel)
    assert all(len(definition) > 40 for definition in LEVEL_DEFINITIONS.values())


def test_default_tolerances_are_those_the_issue_sets():
    assert DEFAULT_TOLERANCES == {
        AppetiteLevel.AVERSE: 4,
        AppetiteLevel.MINIMAL: 6,
        AppetiteLevel.CAUTIOUS: 10,
        AppetiteLevel.OPEN: 15,
        AppetiteLevel.EAGER: 20,
    }


def test_a_category_with_no_statement_is_judged_cautious():
    tolerance = tolerance_on("people", [statement(AppetiteLevel.OPEN, APRIL_2024)], APRIL_2025)
    assert tolerance.level is AppetiteLevel.CAUTIOUS
    assert tolerance.highest_score == 10
    assert tolerance.statement is None
    assert "no approved statement for people was in force on 1 April 2025" in (tolerance.describe())


def test_the_level_of_the_statement_in_force_gives_the_tolerance():
    open_statement = statement(AppetiteLevel.OPEN, APRIL_2024, identifier=7)
    tolerance = tolerance_on("technology", [open_statement], APRIL_2025)
    assert tolerance.highest_score == 15
    assert tolerance.statement == open_statement
    assert tolerance.statement is not None and tolerance.statement.identifier == 7
    assert not tolerance.from_statement_tolerance
    assert tolerance.describe() == (
        "Tolerance 15 for technology: open appetite, from the statement effective 1 April 2024."
    )


def test_a_statement_may_set_its_own_tolerance():
    tolerance = tolerance_on(
        "technology", [statement(AppetiteLevel.CAUTIOUS, APRIL_2024, tolerance=12)], APRIL_2025
    )
    assert tolerance.highest_score == 12
    assert tolerance.level is AppetiteLevel.CAUTIOUS
    assert tolerance.from_statement_tolerance
    assert "set by the statement effective 1 April 2024" in tolerance.describe()


def test_a_past_day_is_judged_by_the_appetite_then_in_force():
    statements = [
        statement(AppetiteLevel.AVERSE, APRIL_2024),
        statement(AppetiteLevel.OPEN, APRIL_2025),
    ]
    day_before = APRIL_2025 - datetime.timedelta(days=1)
    assert tolerance_on("technology", statements, day_before).level is AppetiteLevel.AVERSE
    assert tolerance_on("technology", statements, APRIL_2025).level is AppetiteLevel.OPEN
    assert tolerance_on("technology", statements, datetime.date(2030, 1, 1)).highest_score == 15
    before_any = APRIL_2024 - datetime.timedelta(days=1)
    assert tolerance_on("technology", statements, before_any).level is AppetiteLevel.CAUTIOUS


def test_statements_not_yet_approved_do_not_count():
    statements = [
        statement(AppetiteLevel.MINIMAL, APRIL_2024),
        statement(AppetiteLevel.EAGER, APRIL_2025, approved=False),
    ]
    assert tolerance_on("technology", statements, APRIL_2025).level is AppetiteLevel.MINIMAL


def test_of_two_statements_effective_the_same_day_the_later_given_wins():
    first = statement(AppetiteLevel.OPEN, APRIL_2025)
    second = statement(AppetiteLevel.AVERSE, APRIL_2025)
    assert statement_in_force("technology", [first, second], APRIL_2025) == second
    assert statement_in_force("technology", [second, first], APRIL_2025) == first


def test_an_organisation_may_set_its_own_level_tolerances():
    own = {**DEFAULT_TOLERANCES, AppetiteLevel.CAUTIOUS: 8}
    assert tolerance_on("people", [], APRIL_2025, level_tolerances=own).highest_score == 8


@pytest.mark.parametrize(
    ("own", "says"),
    [
        ({AppetiteLevel.AVERSE: 4}, "missing: minimal, cautious, open, eager"),
        ({**DEFAULT_TOLERANCES, AppetiteLevel.OPEN: -1}, "whole number of 0 or more"),
        ({**DEFAULT_TOLERANCES, AppetiteLevel.OPEN: 9}, "open level tolerates 9, less than"),
    ],
)
def test_level_tolerances_must_be_complete_and_rise_with_the_appetite(own, says):
    with pytest.raises(Invalid, match=says):
        tolerance_on("people", [], APRIL_2025, level_tolerances=own)


def test_a_statement_tolerance_must_be_a_whole_number_of_zero_or_more():
    with pytest.raises(Invalid, match="tolerance for technology must be a whole number"):
        statement(AppetiteLevel.OPEN, APRIL_2025, tolerance=-1)
    assert statement(AppetiteLevel.AVERSE, APRIL_2025, tolerance=0).tolerance == 0


def test_levels_are_read_in_any_case_and_a_statement_accepts_the_level_as_text():
    assert parse_appetite_level(" Cautious ") is AppetiteLevel.CAUTIOUS
    assert parse_appetite_level("EAGER") is AppetiteLevel.EAGER
    assert statement("open", APRIL_2025).level is AppetiteLevel.OPEN  # type: ignore[arg-type]
    with pytest.raises(Invalid) as refused:
        parse_appetite_level("hungry")
    assert refused.value.message == (
        "\u201chungry\u201d is not an appetite level; write one of averse, minimal, cautious, "
        "open, eager."
    )


def test_the_lookup_gives_each_category_its_own_tolerance_on_the_day():
    statements = [
        statement(AppetiteLevel.AVERSE, APRIL_2024, category="security"),
        statement(AppetiteLevel.EAGER, APRIL_2024, category="commercial"),
    ]
    lookup = appetite_lookup(statements, APRIL_2025)
    assert lookup("security").highest_score == 4
    assert lookup("commercial").highest_score == 20
    assert lookup("people").highest_score == 10
    assert lookup("security") is lookup("security")


days = st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))


@given(
    st.lists(
        st.tuples(st.sampled_from(list(AppetiteLevel)), days, st.booleans()),
        max_size=8,
    ),
    days,
)
def test_the_statement_in_force_is_the_latest_approved_one_not_after_the_day(history, day):
    statements = [statement(level, start, approved=ok) for level, start, ok in history]
    chosen = statement_in_force("technology", statements, day)
    eligible = [s for s in statements if s.approved and s.effective_from <= day]
    if not eligible:
        assert chosen is None
    else:
        assert chosen is not None
        assert chosen.effective_from == max(s.effective_from for s in eligible)
