"""The major-project return: financial years, variance and the 5% narrative rule, and each
row's cells in the order of the column headings."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.errors import Invalid
from govdx.domain.planning.assurance import Level, Rating, Scale
from govdx.domain.planning.returns import (
    COLUMNS,
    FinancialYear,
    MajorProjectReturnRow,
    financial_year,
    format_pounds,
    major_project_return,
    narrative_required,
    pounds,
    return_cells,
    variance,
    variance_percent,
)

date = datetime.date
POUND = 100  # pence
MILLION = 1_000_000 * POUND
YEAR = FinancialYear(2025)


def row(**changes: object) -> MajorProjectReturnRow:
    fields: dict[str, object] = {
        "project": "Data centre exit",
        "department": "Digital and technology",
        "description": "Move every application out of the council's data centre",
        "start": date(2024, 4, 1),
        "end": date(2027, 3, 31),
        "financial_year": YEAR,
        "baseline": 1 * MILLION,
        "forecast": 1 * MILLION,
        "whole_life_cost": 4 * MILLION + 50_000 * POUND,
        "total_benefits": 6 * MILLION,
    }
    fields.update(changes)
    return MajorProjectReturnRow(**fields)  # type: ignore[arg-type]  # checked by the row itself


def test_the_financial_year_turns_between_31_march_and_1_april():
    assert financial_year(date(2026, 3, 31)) == FinancialYear(2025)
    assert financial_year(date(2026, 4, 1)) == FinancialYear(2026)
    assert financial_year(date(2025, 4, 1)) == FinancialYear(2025)
    assert financial_year(date(2026, 1, 1)) == FinancialYear(2025)
    assert financial_year(date(2025, 12, 31)) == FinancialYear(2025)


def test_a_financial_year_runs_from_1_april_to_31_march_with_its_labels():
    assert (YEAR.start, YEAR.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert (YEAR.label, YEAR.short_label) == ("2025 to 2026", "2025-26")
    assert FinancialYear(1999).short_label == "1999-00"
    assert date(2026, 3, 31) in YEAR
    assert date(2026, 4, 1) not in YEAR
    assert date(2025, 3, 31) not in YEAR
    assert date(2024, 2, 29) in FinancialYear(2023)  # a leap day
    assert FinancialYear(2023).end == date(2024, 3, 31)
    assert FinancialYear(2024) < YEAR


def test_variance_is_forecast_less_baseline_with_its_percentage_of_the_baseline():
    assert variance(100_000_000, 104_000_000) == 4_000_000
    assert variance_percent(100_000_000, 104_000_000) == Decimal(4)
    assert variance_percent(100_000_000, 96_500_000) == Decimal("-3.5")
    assert variance_percent(300, 400) == Decimal("33.33333333333333333333333333")
    assert variance_percent(0, 400) is None


@pytest.mark.parametrize(
    ("forecast", "required"),
    [
        (105_000_000, False),  # exactly 5% over
        (105_000_001, True),  # a penny more
        (95_000_000, False),  # exactly 5% under
        (94_999_999, True),
        (100_000_000, False),
    ],
)
def test_a_narrative_is_required_only_beyond_five_percent_either_way(forecast, required):
    assert narrative_required(100_000_000, forecast) is required
    assert row(forecast=forecast, narrative="Explained.").narrative_required is required


def test_a_nil_baseline_needs_a_narrative_for_any_forecast():
    assert not narrative_required(0, 0)
    assert narrative_required(0, 1)
    assert row(baseline=0, forecast=0).variance_percent is None


def test_a_row_over_five_percent_without_a_narrative_is_refused_naming_the_project():
    with pytest.raises(Invalid) as refused:
        row(forecast=105_000_001)
    assert refused.value.message == (
        "Data centre exit: the 2025 to 2026 forecast, £1,050,000.01, is 5.00% over the "
        "baseline, £1,000,000.00; a variance of more than 5% needs a narrative explaining it."
    )
    assert "narrative" in refused.value.field_errors
    with pytest.raises(Invalid, match=r"Data centre exit: .* is 12\.50% under the baseline"):
        row(forecast=87_500_000, narrative="   ")  # blank is no narrative
    with pytest.raises(Invalid, match=r"£2\.00, is against a nil baseline"):
        row(baseline=0, forecast=200)
    assert row(forecast=105_000_000).narrative == ""  # exactly 5%: none needed


def test_a_row_gives_its_cells_in_the_order_of_the_column_headings():
    cells = return_cells(
        row(
            forecast=112_345_678,
            narrative=" Extra licences for the migration waves. ",
            independent_rating=Rating(Scale.THREE_POINT, Level.AMBER),
            senior_responsible_owner_rating=Rating(Scale.FIVE_POINT, Level.AMBER_GREEN),
        )
    )
    assert dict(zip(COLUMNS, cells, strict=True)) == {
        "Project": "Data centre exit",
        "Department": "Digital and technology",
        "Description": "Move every application out of the council's data centre",
        "Delivery confidence: independent assurance": "Amber",
        "Delivery confidence: senior responsible owner": "Amber/green",
        "Start date": date(2024, 4, 1),
        "End date": date(2027, 3, 31),
        "Financial year": "2025 to 2026",
        "Financial year baseline (£)": Decimal("1000000.00"),
        "Financial year forecast (£)": Decimal("1123456.78"),
        "Variance (£)": Decimal("123456.78"),
        "Variance (%)": Decimal("12.35"),  # 12.345678
        "Variance narrative": "Extra licences for the migration waves.",
        "Whole-life cost (£)": Decimal("4050000.00"),
        "Total benefits (£)": Decimal("6000000.00"),
    }


def test_empty_cells_are_none():
    cells = dict(zip(COLUMNS, return_cells(row(baseline=0, forecast=0)), strict=True))
    assert cells["Delivery confidence: independent assurance"] is None
    assert cells["Delivery confidence: senior responsible owner"] is None
    assert cells["Variance (%)"] is None
    assert cells["Variance narrative"] is None
    assert cells["Variance (£)"] == Decimal("0.00")


def test_the_variance_percentage_cell_rounds_half_to_even():
    # 0.125% and 0.135% of £1,000,000: 1,250 and 1,350 pounds over.
    assert return_cells(row(forecast=100_125_000))[11] == Decimal("0.12")
    assert return_cells(row(forecast=100_135_000))[11] == Decimal("0.14")


def test_pounds_and_pound_text_are_exact():
    assert pounds(123_456) == Decimal("1234.56")
    assert pounds(-5) == Decimal("-0.05")
    assert format_pounds(123_456) == "£1,234.56"
    assert format_pounds(-5_000) == "-£50.00"
    assert format_pounds(7) == "£0.07"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"project": " "}, "must name its project"),
        ({"department": ""}, "Data centre exit: the row must name the project's department"),
        ({"end": date(2024, 3, 31)}, "end date, 31 March 2024, is before the start date"),
        ({"forecast": -1}, "this year's forecast must be a whole number of pence, 0 or more"),
        ({"whole_life_cost": 1.5}, "the whole-life cost must be a whole number of pence"),
        ({"total_benefits": Decimal(5)}, "the total benefits must be a whole number of pence"),
    ],
)
def test_a_row_that_breaks_a_rule_is_refused(changes, message):
    with pytest.raises(Invalid, match=message):
        row(**changes)


def test_the_return_lists_rows_by_department_then_project_for_one_year():
    rows = [
        row(project="Online revenues and benefits", department="Finance"),
        row(project="Data centre exit"),
        row(project="Case management replacement", department="Adult social care"),
        row(project="Cloud contact centre"),
    ]
    assert [r.project for r in major_project_return(rows)] == [
        "Case management replacement",
        "Cloud contact centre",
        "Data centre exit",
        "Online revenues and benefits",
    ]
    with pytest.raises(Invalid, match="Data centre exit appears twice"):
        major_project_return([row(), row()])
    with pytest.raises(Invalid, match="Cloud: the row is for 2026 to 2027, but the return is"):
        major_project_return([row(), row(project="Cloud", financial_year=FinancialYear(2026))])
    assert major_project_return([]) == ()


@given(st.integers(0, 10**12), st.integers(0, 10**12))
def test_the_narrative_rule_agrees_with_exact_fractions(baseline, forecast):
    if baseline == 0:
        expected = forecast != 0
    else:
        expected = abs(Fraction(forecast - baseline, baseline)) > Fraction(5, 100)
    assert narrative_required(baseline, forecast) is expected


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_every_date_lies_in_the_financial_year_found_for_it(day):
    year = financial_year(day)
    assert day in year
    assert day not in FinancialYear(year.start_year + 1)
    assert day not in FinancialYear(year.start_year - 1)


def test_the_year_forecast_adds_the_spend_to_the_rest_of_the_year_at_the_cost_efficiency() -> None:
    from govdx.domain.planning.returns import year_forecast

    # CPI 0.8: BAC £100,000, EAC £125,000; £40,000 of work left this year costs £50,000.
    assert year_forecast(spent=30_000 * POUND, remaining_planned=40_000 * POUND,
                         budget_at_completion=100_000 * POUND,
                         estimate_at_completion=125_000 * POUND) == 80_000 * POUND  # fmt: skip
    # No EAC yet (nothing earned): the rest at its planned value.
    assert year_forecast(spent=0, remaining_planned=7, budget_at_completion=10,
                         estimate_at_completion=None) == 7  # fmt: skip
    # Half a penny rounds to even: 5 x 3 / 2 = 7.5 -> 8; 3 x 3 / 2 = 4.5 -> 4.
    assert year_forecast(spent=0, remaining_planned=5, budget_at_completion=2,
                         estimate_at_completion=3) == 8  # fmt: skip
    assert year_forecast(spent=0, remaining_planned=3, budget_at_completion=2,
                         estimate_at_completion=3) == 4  # fmt: skip
    with pytest.raises(Invalid, match="spent must be a whole number of pence"):
        year_forecast(spent=-1, remaining_planned=0, budget_at_completion=0,
                      estimate_at_completion=None)  # fmt: skip
