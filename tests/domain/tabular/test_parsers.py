import datetime
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.tabular import (
    ParseError,
    choice,
    parse_boolean,
    parse_date,
    parse_email,
    parse_integer,
    parse_money,
    parse_number,
    parse_text,
)

NBSP = "\u00a0"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# --- text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  Flood  risk ", "Flood risk"),
        (f"Flood{NBSP}\n risk", "Flood risk"),
        ("", None),
        ("   ", None),
        (None, None),
        (1234.0, "1234"),
        (12.5, "12.5"),
        (0.1 + 0.2, "0.3"),
        (True, "TRUE"),
        (datetime.date(2024, 12, 31), "2024-12-31"),
    ],
)
def test_text_strips_collapses_spaces_and_shows_numbers_as_the_spreadsheet_does(cell, expected):
    assert parse_text(cell) == expected


@given(st.text())
def test_text_parsing_is_idempotent(text):
    once = parse_text(text)
    assert parse_text(once) == once


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1234", Decimal("1234")),
        ("1,234.50", Decimal("1234.50")),
        ("1 234", Decimal("1234")),
        (f"1{NBSP}234.5", Decimal("1234.5")),
        ("\u00a31,200", Decimal("1200")),
        ("-\u00a35", Decimal("-5")),
        ("\u00a3-5", Decimal("-5")),
        ("(1,200)", Decimal("-1200")),
        ("\u22125", Decimal("-5")),
        ("+7", Decimal("7")),
        ("1,200 \u20ac", Decimal("1200")),
        (".5", Decimal("0.5")),
        ("1.5E+03", Decimal("1500")),
        (42, Decimal("42")),
        (12.25, Decimal("12.25")),
        ("", None),
    ],
)
def test_number_accepts_thousands_separators_currency_and_brackets(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["abc", "1,2", "12,34.5", "1.2.3", "(-5)", "--5", "5%", "1e999", True, float("nan")],
)
def test_number_refuses_what_is_not_plainly_a_number(cell):
    with pytest.raises(ParseError, match=re.escape("is not a number; write a number like 1234.50")):
        parse_number(cell)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False))
def test_number_reads_back_a_number_written_with_thousands_commas(number):
    assert parse_number(f"{number:,}") == number


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1,234", 1234), ("12.0", 12), (12.0, 12), ("-3", -3), ("(3)", -3), (7, 7), (" ", None)],
)
def test_integer_accepts_whole_numbers_however_written(cell, expected):
    assert parse_integer(cell) == expected


@pytest.mark.parametrize("cell", ["12.5", 12.5, "twelve", True])
def test_integer_refuses_fractions_and_words(cell):
    with pytest.raises(ParseError, match="is not a whole number; write one like 1234"):
        parse_integer(cell)


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("\u00a31,234.56", 123456),
        ("1234.5", 123450),
        ("\u00a30.07", 7),
        ("(\u00a312.00)", -1200),
        ("-\u00a312", -1200),
        (1234.56, 123456),
        (0.1 + 0.2, 30),  # formula noise is below Excel's 15 significant digits
        (15, 1500),
        ("", None),
    ],
)
def test_money_is_read_into_pence(cell, expected):
    assert parse_money(cell) == expected


def test_money_refuses_fractions_of_a_penny():
    with pytest.raises(ParseError, match="has more than two decimal places; round it to pence"):
        parse_money("\u00a31.234")


def test_money_refuses_words_and_says_how_to_write_an_amount():
    with pytest.raises(
        ParseError, match=re.escape("is not an amount of money; write one like \u00a31,234.56")
    ):
        parse_money("a lot")


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_money_round_trips_pence_written_as_pounds(pence):
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), 100)
    assert parse_money(f"{sign}\u00a3{pounds:,}.{remainder:02d}") == pence


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_money_round_trips_pence_stored_as_a_float_cell(pence):
    assert parse_money(pence / 100) == pence


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "31/12/2024",
        "31-12-2024",
        "31.12.24",
        "31/12/24",
        "2024-12-31",
        "2024-12-31 00:00:00",
        "2024-12-31T09:30",
        "31/12/2024 09:30",
        "31 Dec 2024",
        "31 dec 2024",
        "31-Dec-2024",
        "31 December 2024",
        "31st December 2024",
        " 31 Dec 2024 ",
        45657,
        45657.75,
        "45657",
        datetime.date(2024, 12, 31),
        datetime.datetime.combine(datetime.date(2024, 12, 31), datetime.time(9, 30)),
    ],
)
def test_date_reads_day_first_iso_named_month_serial_and_date_cells(cell):
    assert parse_date(cell) == datetime.date(2024, 12, 31)


def test_date_reads_two_digit_years_with_the_posix_pivot():
    assert parse_date("01/01/69") == datetime.date(1969, 1, 1)
    assert parse_date("01/01/68") == datetime.date(2068, 1, 1)


def test_date_counts_excel_serials_from_the_1900_system():
    # published answer: Excel's =DATE(2000,1,1) is 36526
    assert parse_date(36526) == datetime.date(2000, 1, 1)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12/31/2024", "there is no month 31"),
        ("31/02/2024", "is not a date on the calendar"),
        ("tomorrow", "is not a date; write it day first"),
        ("2024", "is not a date; write it day first"),
        (2024, "is not a date; write it day first"),
        ("31 Decembr 2024", "is not a date; write it day first"),
        (True, "is not a date; write it day first"),
        (datetime.time(9, 30), "is not a date; write it day first"),
    ],
)
def test_date_refuses_month_first_impossible_and_unrecognised_dates(cell, message):
    with pytest.raises(ParseError, match=message):
        parse_date(cell)


def test_date_of_a_blank_cell_is_none():
    assert parse_date("  ") is None


@given(
    st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31)),
    st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{d}.{m}.{y}", "{y}-{m:02d}-{d:02d}"]),
)
def test_date_reads_back_any_date_written_day_first_or_iso(date, pattern):
    text = pattern.format(d=date.day, m=date.month, y=date.year)
    assert parse_date(text) == date


@given(st.dates(min_value=datetime.date(1969, 1, 1), max_value=datetime.date(2068, 12, 31)))
def test_date_reads_back_two_digit_years_and_month_names(date):
    assert parse_date(f"{date.day:02d}.{date.month:02d}.{date.year % 100:02d}") == date
    assert parse_date(f"{date.day} {MONTHS[date.month - 1]} {date.year}") == date
    assert parse_date(f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}") == date


@given(st.dates(min_value=datetime.date(1927, 5, 18), max_value=datetime.date(9999, 12, 31)))
def test_date_reads_back_excel_serial_numbers(date):
    serial = (date - datetime.date(1899, 12, 30)).days
    assert parse_date(float(serial)) == date
    assert parse_date(str(serial)) == date


# --- email, yes/no, choices ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jo.Bloggs@Example.GOV.UK", "Jo.Bloggs@example.gov.uk"),
        ("  jo@example.org ", "jo@example.org"),
        ("mailto:jo@example.org", "jo@example.org"),
        ("Jo Bloggs <jo@example.org>", "jo@example.org"),
        ("", None),
    ],
)
def test_email_accepts_addresses_and_lower_cases_the_domain(cell, expected):
    assert parse_email(cell) == expected


@pytest.mark.parametrize("cell", ["jo", "jo@", "jo@example", "jo@@example.org", "jo bloggs@x.org"])
def test_email_refuses_what_is_not_an_address(cell):
    with pytest.raises(
        ParseError, match=re.escape("is not an email address, like name@example.gov.uk")
    ):
        parse_email(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        (1.0, True),
        (True, True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        (False, False),
        ("", None),
    ],
)
def test_boolean_accepts_yes_no_true_false_and_one_zero(cell, expected):
    assert parse_boolean(cell) is expected


def test_boolean_refuses_maybe():
    with pytest.raises(ParseError, match="\u201cmaybe\u201d is not yes or no; write yes or no"):
        parse_boolean("maybe")


LIKELIHOOD = choice({"Rare": 1, "Unlikely": 2, "Very unlikely": 1, "Almost certain": 5, "5": 5})


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("rare", 1),
        ("RARE ", 1),
        ("very-unlikely", 1),
        ("Almost  certain", 5),
        (5.0, 5),
        ("", None),
    ],
)
def test_choice_maps_labels_and_synonyms_ignoring_case_and_punctuation(cell, expected):
    assert LIKELIHOOD(cell) == expected


def test_choice_error_lists_every_accepted_label():
    with pytest.raises(ParseError) as raised:
        LIKELIHOOD("frequent")
    assert str(raised.value) == (
        "\u201cfrequent\u201d is not one of: Rare, Unlikely, Very unlikely, Almost certain, 5"
    )


def test_choice_refuses_labels_that_clash_once_normalised():
    with pytest.raises(ValueError, match="clash"):
        choice({"Very high": 5, "very-high": 4})
