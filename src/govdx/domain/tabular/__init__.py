"""Reading messy spreadsheets: find the heading row, map headings to declared columns, parse
each cell and collect every problem as (row, column, message), placed as the spreadsheet shows.

    columns = [Column("title", "Title", synonyms=("Risk title",), required=True),
               Column("raised", "Date raised", parser=parse_date)]
    result = read_table(upload, columns, filename="risks.xlsx")
    if result.problems:
        raise ImportProblems(result.problems)
"""

from .headings import Column
from .parsers import (
    Cell,
    ParseError,
    Parser,
    choice,
    parse_boolean,
    parse_date,
    parse_email,
    parse_integer,
    parse_money,
    parse_number,
    parse_text,
)
from .problems import ImportProblems, Problem, in_file_order
from .reader import (
    GroupedRow,
    ParsedGroup,
    ParsedRow,
    Source,
    TableResult,
    iter_grouped_rows,
    iter_rows,
    read_table,
)

__all__ = [
    "Cell",
    "Column",
    "GroupedRow",
    "ImportProblems",
    "ParseError",
    "ParsedGroup",
    "ParsedRow",
    "Parser",
    "Problem",
    "Source",
    "TableResult",
    "choice",
    "in_file_order",
    "iter_grouped_rows",
    "iter_rows",
    "parse_boolean",
    "parse_date",
    "parse_email",
    "parse_integer",
    "parse_money",
    "parse_number",
    "parse_text",
    "read_table",
]
