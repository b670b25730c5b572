"""Cell parsers: each takes one spreadsheet cell and returns a value or raises `ParseError`.

A blank cell (None, or text that is only whitespace) gives None from every parser; the reader
decides whether a blank is allowed. Messages quote the cell and say what to write instead.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TypeVar

Cell = (
    str
    | int
    | float
    | bool
    | datetime.date
    | datetime.datetime
    | datetime.time
    | datetime.timedelta
    | None
)
"""A cell as the readers give it: text from CSV; typed values from a workbook (via calamine)."""

Parser = Callable[[Cell], object]
T = TypeVar("T")


class ParseError(ValueError):
    """A cell could not be read; the message is written for the person who filled it in."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# Any run of Unicode whitespace, including the no-break and thin spaces copy-paste leaves.
_SPACES = re.compile(r"\s+")
_EXCEL_SIGNIFICANT_DIGITS = 15


def is_blank(cell: Cell) -> bool:
    """True for None and for text that is empty or only whitespace."""
    return cell is None or (isinstance(cell, str) and (not cell or cell.isspace()))


def cell_to_text(cell: Cell) -> str:
    """The cell as a spreadsheet shows it: whole floats without ".0", dates in ISO form."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        if cell.isprintable() and "  " not in cell:  # the common case, without the regex
            return cell.strip()
        return _SPACES.sub(" ", cell).strip()
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return _float_text(cell)
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else str(cell)
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell)


def _float_text(value: float) -> str:
    """Excel's 15 significant digits, so formula noise (0.30000000000000004) disappears."""
    if not math.isfinite(value):
        return str(value)
    text = format(value, f".{_EXCEL_SIGNIFICANT_DIGITS}g")
    if "e" in text:
        text = format(Decimal(text), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _quoted(cell: Cell) -> str:
    return f"\u201c{cell_to_text(cell)}\u201d"


# --- text, email ---------------------------------------------------------------------------


def parse_text(cell: Cell) -> str | None:
    """Text with outer whitespace stripped and inner runs collapsed to one space."""
    text = cell_to_text(cell)
    return text or None


_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")
_NAMED_EMAIL = re.compile(r".*<([^<>]+)>")


def parse_email(cell: Cell) -> str | None:
    """An email address, lightly checked (one @, a dotted domain); the domain is lower-cased.

    Accepts "mailto:" links and the "Name <address>" form that mail programs copy.
    """
    text = cell_to_text(cell)
    if not text:
        return None
    named = _NAMED_EMAIL.fullmatch(text)
    address = named.group(1).strip() if named else text
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    if not _EMAIL.fullmatch(address):
        raise ParseError(f"{_quoted(cell)} is not an email address, like name@example.gov.uk")
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


# --- yes/no, choices -----------------------------------------------------------------------

_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0"})


def parse_boolean(cell: Cell) -> bool | None:
    """Yes or no: yes/no, y/n, true/false, 1/0 in any case, or a TRUE/FALSE cell."""
    if isinstance(cell, bool):
        return cell
    text = cell_to_text(cell).casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ParseError(f"{_quoted(cell)} is not yes or no; write yes or no")


def normalise_label(text: str) -> str:
    """Letters and digits only, case-folded: "Very-High" and "very high" give "veryhigh"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(character for character in folded if character.isalnum())


def choice(mapping: Mapping[str, T]) -> Callable[[Cell], T | None]:
    """A parser mapping labels to values, ignoring case, spaces and punctuation.

    Give synonyms as further labels for the same value: {"rare": 1, "very unlikely": 1}.
    """
    lookup: dict[str, T] = {}
    for label, value in mapping.items():
        key = normalise_label(label)
        if key in lookup and lookup[key] != value:
            raise ValueError(f"choice labels clash after normalising: {label!r}")
        lookup[key] = value
    accepted = ", ".join(mapping)

    def parse_choice(cell: Cell) -> T | None:
        text = cell_to_text(cell)
        if not text:
            return None
        try:
            return lookup[normalise_label(text)]
        except KeyError:
            raise ParseError(f"{_quoted(cell)} is not one of: {accepted}") from None

    return parse_choice


# --- numbers, money ------------------------------------------------------------------------

_CURRENCY = "\u00a3$\u20ac"  # pound, dollar, euro
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (Word's "smart" minus)
_NUMBER_BODY = re.compile(
    r"\d+(?:\.\d*)?|\.\d+"  # 1234, 1234.5, .5
    r"|\d{1,3}(?:,\d{3})+(?:\.\d*)?"  # 1,234.5
    r"|\d{1,3}(?: \d{3})+(?:\.\d*)?"  # 1 234.5
    r"|\d+(?:\.\d+)?[eE][+-]?\d{1,2}"  # 1.5E+03, as some exports write large numbers
)
_NUMBER_HELP = "write a number like 1234.50 or 1,234.50"


def parse_number(cell: Cell) -> Decimal | None:
    """A decimal number: "1,234.50", "1 234", "£1,200", "-5", "(1,200)" (negative) and
    numeric cells; commas and spaces only as thousands separators.
    """
    if isinstance(cell, bool):
        raise ParseError(f"{_quoted(cell)} is not a number; {_NUMBER_HELP}")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise ParseError(f"{_quoted(cell)} is not a number; {_NUMBER_HELP}")
        return Decimal(_float_text(cell))
    if not isinstance(cell, str):
        raise ParseError(f"{_quoted(cell)} is not a number; {_NUMBER_HELP}")
    text = cell_to_text(cell)
    if not text:
        return None
    number = _number_from_text(text)
    if number is None:
        raise ParseError(f"{_quoted(cell)} is not a number; {_NUMBER_HELP}")
    return number


def _number_from_text(text: str) -> Decimal | None:
    """Brackets, sign and currency symbol peeled off ("-\u00a35" and "\u00a3-5" both seen),
    then the digits checked.
    """
    negative = False
    rest = text
    if rest.startswith("(") and rest.endswith(")"):
        negative, rest = True, rest[1:-1].strip()
    rest = _without_currency(rest)
    if rest and rest[0] in _MINUS + "+":
        if negative:
            return None  # "(-5)" is not a sane way to write anything
        negative, rest = rest[0] != "+", _without_currency(rest[1:].strip())
    if not _NUMBER_BODY.fullmatch(rest):
        return None
    number = Decimal(rest.replace(",", "").replace(" ", ""))
    return -number if negative else number


def _without_currency(text: str) -> str:
    if text and text[0] in _CURRENCY:
        text = text[1:].strip()
    if text and text[-1] in _CURRENCY:
        text = text[:-1].strip()
    return text


def parse_integer(cell: Cell) -> int | None:
    """A whole number, written as for `parse_number` ("1,234", "12.0" and 12.0 cells too)."""
    try:
        number = parse_number(cell)
    except ParseError:
        raise ParseError(f"{_quoted(cell)} is not a whole number; write one like 1234") from None
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ParseError(f"{_quoted(cell)} is not a whole number; write one like 1234")
    return int(number)


def parse_money(cell: Cell) -> int | None:
    """An amount of money in integer minor units (pence): "£1,234.56" gives 123456."""
    try:
        number = parse_number(cell)
    except ParseError:
        raise ParseError(
            f"{_quoted(cell)} is not an amount of money; write one like \u00a31,234.56"
        ) from None
    if number is None:
        return None
    pence = number * 100
    if pence != pence.to_integral_value():
        raise ParseError(f"{_quoted(cell)} has more than two decimal places; round it to pence")
    return int(pence)


# --- dates ---------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME)
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})" + _TIME)
_NAMED_MONTH_DATE = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)\.?,?[ -](\d{4}|\d{2})" + _TIME, re.IGNORECASE
)
_SERIAL = re.compile(r"\d{5,7}(?:\.\d+)?")
# Excel's day 0 for serials after February 1900 (Excel keeps Lotus 1-2-3's phantom
# 29 February 1900, so day 60 is that and the count from 61 on runs from here).
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
# From 10000 (18 May 1927): a year such as 2024 must not be read as a serial day in 1905.
_SERIAL_RANGE = (10_000, 2_958_465)
_DATE_HELP = "write it day first, like 31/12/2024 or 31 Dec 2024"


def parse_date(cell: Cell) -> datetime.date | None:
    """A day-first date: "31/12/2024", "31-12-2024", "31.12.24", "2024-12-31" (ISO),
    "31 Dec 2024", "31 December 2024", date cells, and Excel serial day numbers.

    Two-digit years follow POSIX: 69-99 are 1969-1999 and 00-68 are 2000-2068. A time after
    the date is dropped.
    """
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, bool) or not isinstance(cell, int | float | str):
        raise ParseError(f"{_quoted(cell)} is not a date; {_DATE_HELP}")
    if isinstance(cell, int | float):
        return _date_from_serial(cell)
    text = cell_to_text(cell)
    if not text:
        return None
    return _date_from_text(text, cell)


@functools.lru_cache(maxsize=4096)
def _date_from_text(text: str, cell: Cell) -> datetime.date:
    """The date a text means (cached: a column of a large file repeats a few hundred days)."""
    if _SERIAL.fullmatch(text):
        return _date_from_serial(float(text))
    year, month, day = _date_parts(text)
    if not 1 <= month <= 12:
        raise ParseError(f"{_quoted(cell)} is not a date: there is no month {month}; {_DATE_HELP}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ParseError(f"{_quoted(cell)} is not a date on the calendar; {_DATE_HELP}") from None


def _date_parts(text: str) -> tuple[int, int, int]:
    """(year, month, day) from the text, or ParseError naming what to write."""
    if match := _ISO_DATE.fullmatch(text):
        return int(match[1]), int(match[2]), int(match[3])
    if match := _NUMERIC_DATE.fullmatch(text):
        return _full_year(match[4]), int(match[3]), int(match[1])
    if (match := _NAMED_MONTH_DATE.fullmatch(text)) and match[2].casefold() in _MONTHS:
        return _full_year(match[3]), _MONTHS[match[2].casefold()], int(match[1])
    raise ParseError(f"\u201c{text}\u201d is not a date; {_DATE_HELP}")


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return year + (1900 if year >= 69 else 2000)
    return year


def _date_from_serial(serial: float) -> datetime.date:
    """Excel's serial day number (the 1900 date system); any time of day is dropped."""
    low, high = _SERIAL_RANGE
    if not (math.isfinite(serial) and low <= serial < high + 1):
        raise ParseError(f"\u201c{_float_text(float(serial))}\u201d is not a date; {_DATE_HELP}")
    return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))
